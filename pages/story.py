"""方案简报: a shared scenario on one screen — its figure, the change against its baseline, the counties
that gain and lose (ui/story.py)."""

from ui import story

story.page()

"""AppTest cannot show a page after st.rerun(<fragment keys>): its element tree then holds only the rerun
fragments. Every AppTest run is a full run anyway, so ui.reruns.rerun_parts becomes a no-op here (see
ui/reruns.py); the browser tests run the real servers, where it is not replaced."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _full_reruns_under_apptest(monkeypatch):
    from ui import reruns

    monkeypatch.setattr(reruns, "rerun_parts", lambda *keys: None)

"""Shared AppTest steps: open a page through app.py (so navigation and language apply) and find a metric."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_app_page(page: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label.startswith(label)]
    assert found, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return found[0]


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Choose one of a page's views (ui/page.view_switch, a segmented control keyed ``key``) as a click would."""
    at.session_state[key] = label
    at.run()
    assert not at.exception
    return at

"""Shared AppTest steps: open a page through app.py (so navigation and language apply) and find a metric."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def open_app_page(page: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What Streamlit shows of a Markdown string built with ui/safe_text.md: backslash escapes resolved,
    word joiners dropped (a visitor sees neither)."""
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")


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


class _TableParser(HTMLParser):
    """Rows of a ui/result_table.py HTML table: [(data-col, text, is a figure)] per row."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows and "data-col" in a:
            self._cell = [a["data-col"], "", "num" in (a.get("class") or "").split()]
            self.rows[-1].append(self._cell)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None


def shown_table(at: AppTest, key: str) -> pd.DataFrame:
    """The result table drawn as HTML under ``key`` (ui/result_table.py), read back from what the page sends:
    one row per county plus 合计, columns by key, figures parsed from their 千分位 text (blank or —: NaN)."""
    shown = [json.loads(e.proto.json)["markup"] for e in at.get("bidi_component")
             if e.proto.component_name == "fundcalc_view"]
    found = [markup for markup in shown if f'data-table="{key}"' in markup]
    assert len(found) == 1, f"{len(found)} tables {key!r} on the page"
    parser = _TableParser()
    parser.feed(found[0])
    header, *body = parser.rows
    cols = [c for c, _, _ in header]
    data = [[(float(text.replace(",", "")) if text not in ("", "—") else float("nan")) if num else text
             for _, text, num in row] for row in body]
    return pd.DataFrame(data, columns=cols).set_index(cols[1] if cols[0] == "changed" else cols[0])

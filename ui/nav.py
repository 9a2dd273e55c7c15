"""The dashboard's navigation: which pages exist, in which sidebar section, under which URL.

dashboard/app.py calls ``build()`` on every run; pages that link to another page ask ``link(url_path)`` for it
(``st.page_link`` / ``st.switch_page`` accept the page object, so no page spells another page's file path).
Page files are given relative to the entrypoint (dashboard/app.py), so ``pages/`` is not next to it and
Streamlit never starts in its legacy ``pages/`` mode (where /allocation would run the page without the frame).
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ui.i18n import tr

# (section zh, section en) → pages as (file, title zh, title en, icon, url path). The first page is the default.
SECTIONS: list[tuple[tuple[str, str], list[tuple[str, str, str, str, str]]]] = [
    (("", ""), [
        ("../pages/overview.py", "总览", "Overview", ":material/dashboard:", "overview"),
    ]),
    (("测算", "Calculations"), [
        ("../pages/allocation.py", "资助参保分配", "Contribution subsidy allocation", ":material/groups:",
         "allocation"),
        ("../pages/settlement.py", "补助资金结算", "Subsidy settlement", ":material/receipt_long:", "settlement"),
        ("../pages/pooling.py", "基金缺口分担", "Fund gap sharing", ":material/balance:", "pooling"),
    ]),
    (("分析", "Analysis"), [
        ("../pages/scenarios.py", "方案", "Scenarios", ":material/bookmarks:", "scenarios"),
        ("../pages/compare.py", "方案对比", "Compare scenarios", ":material/compare_arrows:", "compare"),
        ("../pages/analysis.py", "目标测算与敏感性", "Goal-seek and sensitivity", ":material/query_stats:", "analysis"),
    ]),
    (("表格", "Forms"), [
        ("../pages/forms.py", "正式表格", "Official forms", ":material/description:", "forms"),
    ]),
]

_FILES = {url: file for _, pages in SECTIONS for file, _, _, _, url in pages}


def _page(url_path: str, title: str | None = None, icon: str | None = None, default: bool = False) -> StreamlitPage:
    return st.Page(_FILES[url_path], title=title, icon=icon, url_path=url_path, default=default)


def build() -> StreamlitPage:
    """The sidebar navigation in the current language; returns the page this run opens."""
    nav = {}
    for s, ((zh, en), pages) in enumerate(SECTIONS):
        nav[tr(zh, en)] = [_page(url, tr(t_zh, t_en), icon, default=s == 0 and i == 0)
                           for i, (_, t_zh, t_en, icon, url) in enumerate(pages)]
    return st.navigation(nav)


def link(url_path: str) -> StreamlitPage:
    """The page registered under ``url_path``, for ``st.page_link`` and ``st.switch_page``."""
    return _page(url_path)

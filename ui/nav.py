"""The dashboard's navigation: which pages exist, in which sidebar section, under which URL.

dashboard/app.py calls ``build()`` on every run; pages that link to another page ask ``link(url_path)`` for it
(``st.page_link`` / ``st.switch_page`` accept the page object, so no page spells another page's file path).
The calculation pages are the registered mechanisms (fundcalc.mechanisms), each under its name.
Page files are given relative to the entrypoint (dashboard/app.py), so ``pages/`` is not next to it and
Streamlit never starts in its legacy ``pages/`` mode (where /allocation would run the page without the frame).
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from fundcalc import mechanisms
from ui.i18n import tr

# (section zh, section en) → pages as (file, title zh, title en, icon, url path). The first page is the default.
# The calculations section is made from the registered mechanisms (``MECHANISMS`` marks where it goes).
MECHANISMS = ("测算", "Calculations")
SECTIONS: list[tuple[tuple[str, str], list[tuple[str, str, str, str, str]]]] = [
    (("", ""), [
        ("../pages/overview.py", "总览", "Overview", ":material/dashboard:", "overview"),
        ("../pages/new_baseline.py", "新建测算", "New calculation", ":material/add_circle:", "new"),
    ]),
    (MECHANISMS, []),
    (("分析", "Analysis"), [
        ("../pages/scenarios.py", "方案", "Scenarios", ":material/bookmarks:", "scenarios"),
        ("../pages/story.py", "方案简报", "Scenario brief", ":material/slideshow:", "story"),
        ("../pages/compare.py", "方案对比", "Compare scenarios", ":material/compare_arrows:", "compare"),
        ("../pages/analysis.py", "目标测算与敏感性", "Goal-seek and sensitivity", ":material/query_stats:", "analysis"),
    ]),
    (("表格", "Forms"), [
        ("../pages/forms.py", "正式表格", "Official forms", ":material/description:", "forms"),
    ]),
]
GENERIC_PAGE = "../pages/mechanism.py"   # a mechanism without a page of its own (spec.page_file unset)
CURRENT = "nav:page"


def _mechanism_pages() -> list[tuple[str, str, str, str, str]]:
    return [(f"../pages/{spec.page_file}" if spec.page_file else GENERIC_PAGE, spec.zh, spec.en, spec.icon,
             spec.name) for spec in mechanisms.specs()]


def _sections() -> list[tuple[tuple[str, str], list[tuple[str, str, str, str, str]]]]:
    return [(names, _mechanism_pages() if names == MECHANISMS else pages) for names, pages in SECTIONS]


def _file(url_path: str) -> str:
    for _, pages in _sections():
        for file, _, _, _, url in pages:
            if url == url_path:
                return file
    raise KeyError(url_path)


def url_paths() -> list[str]:
    """Every page's url path (a link's root is the URL without one of these)."""
    return [url for _, pages in _sections() for _, _, _, _, url in pages]


def _page(url_path: str, title: str | None = None, icon: str | None = None, default: bool = False) -> StreamlitPage:
    return st.Page(_file(url_path), title=title, icon=icon, url_path=url_path, default=default)


def build() -> StreamlitPage:
    """The sidebar navigation in the current language; returns the page this run opens."""
    nav = {}
    for s, ((zh, en), pages) in enumerate(_sections()):
        nav[tr(zh, en)] = [_page(url, tr(t_zh, t_en), icon, default=s == 0 and i == 0)
                           for i, (_, t_zh, t_en, icon, url) in enumerate(pages)]
    page = st.navigation(nav)
    st.session_state[CURRENT] = page.url_path
    return page


def current() -> str:
    """The url path of the page this run opens (a mechanism page's mechanism name)."""
    return st.session_state[CURRENT]


def link(url_path: str) -> StreamlitPage:
    """The page registered under ``url_path``, for ``st.page_link`` and ``st.switch_page``."""
    return _page(url_path)

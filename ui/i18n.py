"""Chinese by default, English on request (the sidebar switch or ?lang=en)."""

from __future__ import annotations

import streamlit as st

LANGS = ("zh", "en")
LANG_KEY = "lang"


def lang() -> str:
    """The current language: the sidebar switch, else ?lang= in the URL, else Chinese.

    Only reads: the switch owns the state once it exists.
    """
    chosen = st.session_state.get(LANG_KEY)
    if chosen in LANGS:
        return chosen
    q = st.query_params.get(LANG_KEY, "zh")
    return q if q in LANGS else "zh"


def tr(zh: str, en: str) -> str:
    """The text in the current language."""
    return zh if lang() == "zh" else en


def _sync_url() -> None:
    """Keep ?lang= in the address so that a copied link opens in the same language."""
    if st.session_state.get(LANG_KEY) == "en":
        st.query_params[LANG_KEY] = "en"
    else:
        st.query_params.pop(LANG_KEY, None)


def lang_switch() -> None:
    """The sidebar's 中文 / English switch, seeded from ?lang= on the first visit.

    Not a query-bound widget: a bound segmented control writes its label ("English")
    to the URL, while links and the brief promise ?lang=en.
    """
    if st.session_state.get(LANG_KEY) not in LANGS:
        q = st.query_params.get(LANG_KEY, "zh")
        st.session_state[LANG_KEY] = q if q in LANGS else "zh"
    st.sidebar.segmented_control(
        "语言 / Language", LANGS, key=LANG_KEY, required=True, on_change=_sync_url,
        format_func=lambda code: {"zh": "中文", "en": "English"}[code], width="stretch")

"""Chinese by default, English on request (the sidebar switch or ?lang=en)."""

from __future__ import annotations

import streamlit as st

LANGS = ("zh", "en")


def lang() -> str:
    """The current language: session choice, else ?lang= in the URL, else Chinese."""
    if "lang" not in st.session_state:
        q = st.query_params.get("lang", "zh")
        st.session_state["lang"] = q if q in LANGS else "zh"
    return st.session_state["lang"]


def tr(zh: str, en: str) -> str:
    """The text in the current language."""
    return zh if lang() == "zh" else en

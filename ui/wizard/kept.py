"""What the user entered in 新建测算, kept in st.session_state under keys of its own.

Streamlit forgets a widget's value once a run does not draw it (another page was opened), so each widget of the
wizard is seeded from a kept value when it is (re)created and its value is kept again after every run: leaving
the page and coming back, or a rerun, loses nothing. Kept values: ``nb:s:<name>``; widgets: ``nb:w:<name>``."""

from __future__ import annotations

import streamlit as st

KEPT = "nb:s:"
WIDGET = "nb:w:"


def get(name: str, default=None):
    return st.session_state.get(KEPT + name, default)


def put(name: str, value) -> None:
    st.session_state[KEPT + name] = value


def drop(name: str) -> None:
    st.session_state.pop(KEPT + name, None)


def widget(name: str, default=None) -> str:
    """The widget key of ``name``, seeded from the kept value (else ``default``) when the widget is new."""
    key = WIDGET + name
    if key not in st.session_state:
        st.session_state[key] = get(name, default)
    return key


def forget_widgets(prefix: str = "") -> None:
    """Widgets under ``prefix`` start again from their kept values on their next run (after a new start)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET + prefix)]:
        del st.session_state[key]


def bump(name: str) -> int:
    """A counter for a widget that must start clean (an editor's key, a file uploader's)."""
    value = get(name, 0) + 1
    put(name, value)
    return value

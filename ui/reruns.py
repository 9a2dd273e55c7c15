"""Which part of a mechanism page reruns after an input (issue 6).

A mechanism page has two fragments: the parameter panel (``params:<mechanism>``) and the part the
parameters drive (``results:<mechanism>``: status, metrics, chart, tables, downloads). A parameter's
callback reruns the results and only those parts of the panel whose text changes with the value
(a share sum, a complement), so the panel's thirty-odd widgets are not redrawn on each keystroke.
The status bar (``status:<mechanism>``) lists which inputs differ from the document; it reruns with
the panel, and on every table edit.
The whole panel reruns as well when it shows something new: a ✎ mark that appears or goes, a
refusal message, a switch that enables another widget.

``rerun_parts`` is the one place st.rerun(<fragment keys>) is called. Streamlit's AppTest keeps only
the rerun fragments' elements in its tree, so tests/conftest.py replaces this function with a no-op
there, and AppTest makes the full run it always makes; the browser tests exercise the real thing.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.errors import StreamlitAPIException

_LOG = logging.getLogger(__name__)

def params_key(mechanism: str) -> str:
    return f"params:{mechanism}"


def results_key(mechanism: str) -> str:
    return f"results:{mechanism}"


def status_key(mechanism: str) -> str:
    return f"status:{mechanism}"


def panel_keys(mechanism: str) -> list[str]:
    """What shows which inputs differ from the document: the parameter panel (its ✎ marks) and the status bar."""
    return [params_key(mechanism), status_key(mechanism)]


def after_param(mechanism: str, key: str) -> list[str]:
    """The fragments a parameter's new value changes: the results (every view under the chart is drawn there)."""
    return [results_key(mechanism)]


def after_table(mechanism: str) -> list[str]:
    """The fragments an edit of a table changes: the results and the status bar (its list of edits)."""
    return [results_key(mechanism), status_key(mechanism)]


def note_key(mechanism: str, name: str) -> str:
    """A caption in the panel that changes with a value, run as its own small fragment."""
    return f"note:{mechanism}:{name}"


def rerun_parts(*keys: str) -> None:
    """From a widget callback: rerun these fragments only, instead of the widget's own fragment.

    A key this session has not drawn (none should reach here) costs a whole-page rerun, not an error."""
    try:
        st.rerun(list(keys))
    except StreamlitAPIException:
        _LOG.warning("fragment keys %s not found; rerunning the page", keys)
        st.rerun()


def rerun_page() -> None:
    """From a widget callback: rerun the whole page (the dataset bar and the import panel too)."""
    st.rerun()

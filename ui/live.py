"""What a mechanism page reruns after an input: one table, and the only caller of ``st.rerun``.

A mechanism page has three fragments, keyed ``<fragment>:<mechanism>``: the status bar (which inputs differ
from the document, which table cells were edited), the parameter panel, and the results (metrics, chart,
the chosen view). Small captions in the panel whose text follows one value (a share sum, a complement) are
note fragments, keyed ``note:<mechanism>:<name>``. An input's callback names an event; ``RERUNS`` says which
fragments that event reruns, so the panel's thirty-odd widgets are not redrawn on each keystroke.

``fragment`` / ``note`` draw a fragment and record its key as drawn in this full run; ``rerun`` refuses a
key that was not drawn (Streamlit would raise, or worse, rerun nothing visible). With
``FUNDCALC_STRICT_RERUNS=1`` (the tests) that is a RuntimeError; otherwise it is logged and the whole page
reruns. AppTest keeps only the rerun fragments' elements in its tree, so tests/conftest.py replaces
``_st_rerun`` (not ``rerun``): the keys are still checked there, and AppTest makes its usual full run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable

import streamlit as st
from streamlit.errors import StreamlitAPIException

_LOG = logging.getLogger(__name__)

FRAGMENTS = ("status", "params", "results")

# event → fragments it reruns (besides any note fragments the caller names); None: the whole page.
RERUNS: dict[str, tuple[str, ...] | None] = {
    "param_changed": ("results",),                       # + the notes that read the parameter
    "param_marked": ("results", "params", "status"),     # ✎ appears/goes, message cleared, switch or choice
    "param_refused": ("params",),                        # the message and the restored value
    "table_edited": ("results", "status"),
    "category_changed": ("results", "params", "status"),
    "category_added": None,   # submitted in the script's flow inside the panel: a full run draws the new widgets
    "dataset_changed": None,
    "reset": None,            # the dataset may change back from an upload: the dataset bar redraws too
}

_DRAWN = "live:drawn"


def key(fragment: str, mechanism: str) -> str:
    return f"{fragment}:{mechanism}"


def note_key(mechanism: str, name: str) -> str:
    return f"note:{mechanism}:{name}"


def new_run() -> None:
    """Called by the entrypoint at the top of every full run: no fragment is drawn yet."""
    st.session_state[_DRAWN] = set()


def _drawn() -> set[str]:
    return st.session_state.setdefault(_DRAWN, set())


def _draw(fragment_key: str, body: Callable[[], None]) -> Callable[[], None]:
    run = st.fragment(key=fragment_key)(body)

    def draw() -> None:
        _drawn().add(fragment_key)
        run()

    return draw


def fragment(name: str, mechanism: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Decorator: ``body`` becomes the fragment ``name`` (one of FRAGMENTS) of ``mechanism``'s page."""
    if name not in FRAGMENTS:
        raise ValueError(f"unknown fragment {name!r}; one of {FRAGMENTS}")
    return lambda body: _draw(key(name, mechanism), body)


def note(mechanism: str, name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Decorator: ``body`` becomes a note fragment of the panel, rerun when a caller names ``name``."""
    return lambda body: _draw(note_key(mechanism, name), body)


def keys(event: str, mechanism: str, notes: Iterable[str] = ()) -> list[str] | None:
    """The fragment keys ``event`` reruns on ``mechanism``'s page; None for the whole page."""
    parts = RERUNS[event]
    if parts is None:
        return None
    return [key(p, mechanism) for p in parts] + [note_key(mechanism, n) for n in notes]


def rerun(event: str, mechanism: str, notes: Iterable[str] = ()) -> None:
    """From a callback (or the script's flow for whole-page events): rerun what ``event`` changes."""
    wanted = keys(event, mechanism, notes)
    if wanted is not None:
        missing = [k for k in wanted if k not in _drawn()]
        if missing:
            if os.environ.get("FUNDCALC_STRICT_RERUNS") == "1":
                raise RuntimeError(f"fragment keys {missing} were not drawn in this run ({event})")
            _LOG.warning("fragment keys %s not drawn (%s); rerunning the page", missing, event)
            wanted = None
    _st_rerun(wanted)


def _st_rerun(fragment_keys: list[str] | None) -> None:
    if fragment_keys is None:
        st.rerun()
        return
    try:
        st.rerun(fragment_keys)
    except StreamlitAPIException:
        _LOG.warning("fragment keys %s not found; rerunning the page", fragment_keys)
        st.rerun()

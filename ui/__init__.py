"""Shared pieces of the dashboard's pages (streamlit allowed here, never in fundcalc)."""


def _leave_legacy_pages_mode() -> None:
    """Hand a first visit straight to /allocation (etc.) over to app.py.

    Streamlit starts a server in its legacy ``pages/`` mode and leaves it only once the entry
    script has called st.navigation. Until then, a link to a sub-page runs that page alone:
    no navigation, no language switch. Leaving the mode here (this package is imported by
    every page) and rerunning makes the run go through app.py, which opens the same page.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:  # a Streamlit without these internals: nothing to fix
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        import streamlit as st

        st.rerun()


_leave_legacy_pages_mode()

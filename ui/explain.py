"""「这个数怎么来的」: pick a county and read fundcalc's trace of its figures, with the clause of each step."""

from __future__ import annotations

import streamlit as st

from fundcalc.errors import InputError
from fundcalc.result import Result

from .i18n import lang, tr
from .safe_text import md


def render_explain(key: str, result: Result, explain, title: str | None = None, county: str | None = None) -> None:
    """``explain(result, county) -> [TraceStep]``; the county choice is kept under ``key`` unless one is given."""
    counties = [str(c) for c in result.table["county"]]
    if not counties:
        return
    if county is None:
        if st.session_state.get(key) not in counties:
            st.session_state[key] = counties[0]
        county = st.selectbox(tr("选择县(市、区)", "Choose a county"), counties, key=key)
    try:
        steps = explain(result, county)
    except InputError as exc:
        st.error(md(exc.message(lang())))
        return
    with st.container(border=True):
        if title:
            st.markdown(f"**{md(title)}**")
        for i, step in enumerate(steps, 1):
            st.markdown(f"**{i}.** {md(step.text(lang()))}")
            if step.clause:
                st.caption(tr("依据：", "Source: ") + md(step.clause))

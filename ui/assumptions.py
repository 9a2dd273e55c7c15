"""The values a result rests on that the document does not give (示例值 / 假设), said where the figures are."""

from __future__ import annotations

import streamlit as st

from fundcalc.result import Result
from fundcalc.sources import assumption_lines

from .format import md
from .i18n import lang, tr


def caption(result: Result) -> None:
    """One caption listing them, or nothing when every value used is the document's."""
    lines = assumption_lines(result, lang())
    if not lines:
        return
    st.caption(":orange-badge[" + tr("文件未规定", "Not in the document") + "] "
               + tr("以下数字依据文件未规定的值：", "These figures rest on values the document does not give: ")
               + "；".join(md(x) for x in lines))

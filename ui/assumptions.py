"""The values a result rests on that the document does not give (示例值 / 假设), said where the figures are."""

from __future__ import annotations

import streamlit as st

from fundcalc.result import Result
from fundcalc.sources import assumption_lines

from .i18n import lang, tr
from .safe_text import md


def caption(result: Result) -> None:
    """One caption listing them, or nothing when every value used is the document's."""
    lines = assumption_lines(result, lang(), short=True)
    if not lines:
        return
    # Short on the page (the why of each is in the tooltip), in full in the CSV, the forms and the explanation.
    st.caption(":orange-badge[" + tr("文件未规定", "Not in the document") + "] "
               + tr("以上数字依据：", "These figures rest on: ") + "；".join(md(x) for x in lines),
               help="\n\n".join(md(x) for x in assumption_lines(result, lang())))

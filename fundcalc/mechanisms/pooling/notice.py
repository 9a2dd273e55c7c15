"""The 下达通知 of the gap sharing: the document issues rules, not amounts, so every such notice is ours and
labelled 示例 (sample=True), as its county data are."""

from __future__ import annotations

from pathlib import Path

from ...forms.model import wan_text
from ..spec import NoticeKind


def figures(result, pick) -> dict:
    ctx = {key.removesuffix("_fen"): wan_text(result, pick(key))
           for key in ("county_burden_fen", "surplus_to_reserve_fen", "surplus_retained_fen")}
    ctx["total"] = ctx["amount"] = ctx["county_burden"]
    ctx["total_fen"] = pick("county_burden_fen")
    return ctx


NOTICE = NoticeKind(template=Path(__file__).with_name("notice.txt.j2"), figures=figures, sample=True)

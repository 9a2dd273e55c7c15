"""The 下达通知 of a settlement: the amounts and the clawback its template prints (from the result's own
figures, never recomputed)."""

from __future__ import annotations

from pathlib import Path

from ...forms.model import wan_places
from ...money import format_wan
from ..spec import NoticeKind


def figures(result, pick) -> dict:
    wan = lambda fen: format_wan(int(fen), wan_places(result))  # noqa: E731
    negative = result.table["settlement_fen"][result.table["settlement_fen"] < 0]
    doc = result.policy.values.get("clawback_doc")
    return {"total": wan(result.totals["settlement_fen"]), "amount": wan(pick("settlement_fen")),
            "amount_fen": pick("settlement_fen"), "total_fen": pick("settlement_fen"),
            "clawback_count": len(negative), "clawback_total": wan(int(negative.sum())),
            "clawback_doc": str(doc) if doc else "【待填写：扣回所依据的文件】"}


NOTICE = NoticeKind(template=Path(__file__).with_name("notice.txt.j2"), figures=figures)

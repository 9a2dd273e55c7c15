"""The 下达通知 of a settlement: the amounts and the clawback its template prints (from the result's own
figures, never recomputed)."""

from __future__ import annotations

from pathlib import Path

from ...forms.model import wan_text
from ..spec import NoticeKind


def figures(result, pick) -> dict:
    negative = result.table["settlement_fen"][result.table["settlement_fen"] < 0]
    doc = result.policy.values.get("clawback_doc")
    return {"total": wan_text(result, result.totals["settlement_fen"]),
            "amount": wan_text(result, pick("settlement_fen")),
            "amount_fen": pick("settlement_fen"), "total_fen": pick("settlement_fen"),
            "clawback_count": len(negative), "clawback_total": wan_text(result, int(negative.sum())),
            "clawback_doc": str(doc) if doc else "【待填写：扣回所依据的文件】"}


NOTICE = NoticeKind(template=Path(__file__).with_name("notice.txt.j2"), figures=figures)

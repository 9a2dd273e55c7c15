"""The 下达通知 of an allocation: the amounts its template prints (from the result's own 合计, never recomputed)."""

from __future__ import annotations

from pathlib import Path

from ...forms.model import wan_text
from ..spec import NoticeKind


def figures(result, pick) -> dict:
    by_key = {c.key: c for c in result.columns}
    return {"total": wan_text(result, result.totals["total_fen"]), "amount": wan_text(result, pick("total_fen")),
            "total_fen": pick("total_fen"),
            # the levels as the policy names them (省级/市级, or its own [level_names])
            "levels": [{"name": result.policy.level_name(lv, "zh"),
                        "amount": wan_text(result, pick(f"{lv}_total_fen"))}
                       for lv in result.levels if f"{lv}_total_fen" in by_key]}


NOTICE = NoticeKind(template=Path(__file__).with_name("notice.txt.j2"), figures=figures)

"""补助资金结算分配表 — the layout of 附件1 of 塔地财社〔2021〕87号; its words from [forms.settlement_table].

序号 | 县(市)名称 | 应补助资金 | 已预拨资金 | 此次结算补助资金 | 备注; 单位：万元. As in the
document, 合计 comes first as 序号 1 and the counties follow; a negative
settlement carries the clawback source in 备注 (二：从年初提前下达资金中扣回).
"""

from __future__ import annotations

import re

from ..money import format_yuan, yuan_to_fen
from ..result import Result
from ..sources import assumption_lines
from . import facts
from .model import Cell, Form, Grid, header, merge_texts, text, wan, wan_places

KEY = "settlement_table"


def default_texts(result: Result) -> dict[str, str]:
    return {"settlement.attachment": facts.fact(result, "settlement_table.attachment")}


def _attachment_en(zh: str) -> str:
    """附件1 → Attachment 1; a policy's other wording as it is."""
    if zh == facts.TO_FILL:
        return facts.TO_FILL_EN
    return re.sub(r"^附件\s*", "Attachment ", zh)


def build(result: Result, texts: dict | None = None, lang: str = "zh", label: str = "") -> Form:
    zh = lang == "zh"
    t = merge_texts(default_texts(result), texts)
    table, totals = result.table, result.totals
    places = wan_places(result)
    heads = ("序号", "县(市)名称", "应补助资金", "已预拨资金", "此次结算补助资金", "备注") if zh else \
        ("No.", "County", "Due", "Pre-allocated", "Settlement", "Note")
    g = Grid(len(heads))
    for j, h in enumerate(heads):
        g.put(0, j, header(h))
    g.put(1, 0, Cell(1, "num0", True, "center"))
    g.put(1, 1, text("合计" if zh else "Total", True))
    for j, k in enumerate(("due_fen", "preallocated_fen", "settlement_fen"), 2):
        g.put(1, j, wan(totals[k], places, True))
    g.put(1, 5, text(""))
    for i in range(len(table)):
        r = i + 2
        g.put(r, 0, Cell(i + 2, "num0", False, "center"))
        g.put(r, 1, text(table["county"].iat[i]))
        for j, k in enumerate(("due_fen", "preallocated_fen", "settlement_fen"), 2):
            g.put(r, j, wan(table[k].iat[i], places))
        g.put(r, 5, text(table["note"].iat[i], align="left"))
    notes = []
    if result.detail.mode == "headcount":
        std = format_yuan(yuan_to_fen(result.policy.values["standard_yuan"]))
        own = facts.optional(result, "settlement_table.headcount_note", facts.base_context(result) | {"standard": std})
        notes.append(
            (own or f"注：应补助资金 = 结算补助人数（参保人数扣除重复参保人数）× 补助标准，统一标准 {std} 元/人。")
            if zh else
            f"Note: due = headcount (insured at end of June minus duplicates) × standard "
            f"({std} yuan/person).")
    notes += assumption_lines(result, "zh" if zh else "en")
    return Form(KEY, "结算分配表" if zh else "Settlement", result.policy.title_zh if zh else result.policy.title_en,
                [7, 16, 14, 14, 16, 34], g.rows, g.merges, header_rows=1,
                above=[(t["settlement.attachment"] if zh else _attachment_en(t["settlement.attachment"]), "left")],
                below_title=[("单位：万元" if zh else "Unit: 10k yuan", "right")], notes=notes, label=label)

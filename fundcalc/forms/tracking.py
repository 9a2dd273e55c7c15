"""资金使用跟踪反馈表 — the layout of 附件3 of 塔地财社〔2021〕87号 (新财预〔2016〕113号); its words from the
policy's [forms.tracking].

One form per recipient (县市（单位）): the funds it received (资金金额 from the
scenario), what it spent (entered by the user), 未支出金额 = 资金金额 − 实际支出金额
and 实际支出进度 = 实际支出金额 ÷ 资金金额, in exact 分 with the progress rounded
half-up to 0.01%. 合计 first, as in the document, and the form's three 说明.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..errors import InputError
from ..money import div_half_up
from ..result import Result
from . import facts
from .model import Cell, Form, Grid, header, merge_texts, percent, sheet_name, text, wan

KEY = "tracking"
AMOUNT_BASES = ("due", "net")   # 应补助资金 (the year's whole subsidy) or 此次结算 alone
HEADS = ("序号", "收到的财政专项资金名称", "文号", "资金金额", "实际支出金额", "资金支出方向", "未支出金额",
         "实际支出进度", "未按计划或预算执行要求支出的", "整改措施及整改时间")
HEADS_EN = ("No.", "Fund received", "Document", "Amount", "Spent", "Spending purpose", "Unspent", "Progress",
            "Spending off plan or budget", "Corrective measures and dates")
@dataclass(frozen=True)
class TrackingLine:
    """One received fund. ``spent_fen`` None: not reported yet (the cells stay blank)."""

    name: str
    doc_no: str
    amount_fen: int
    spent_fen: int | None = None
    direction: str = ""
    reason: str = ""
    measures: str = ""
    made_up_zh: str = ""   # how 资金金额 is made up, printed under the form
    made_up_en: str = ""

    @property
    def unspent_fen(self) -> int | None:
        """未支出金额 = 资金金额 − 实际支出金额."""
        return None if self.spent_fen is None else self.amount_fen - self.spent_fen

    @property
    def progress_bp(self) -> int | None:
        return progress_bp(self.spent_fen, self.amount_fen)


def progress_bp(spent_fen: int | None, amount_fen: int) -> int | None:
    """实际支出进度 in units of 0.01% (9,523 = 95.23%), half-up; none without spending or a positive amount."""
    if spent_fen is None or amount_fen <= 0:
        return None
    return div_half_up(int(spent_fen) * 10_000, int(amount_fen))


N_NOTES = 3      # 说明 lines the page offers; a policy may give fewer


def default_texts(result: Result) -> dict[str, str]:
    """The form's wording from the policy's [forms.tracking] (attachment, title, fund_name, direction,
    notes); （待填写） where it has none, no 说明 lines."""
    notes = facts.lines(result, "tracking.notes")
    out = {f"tracking.{k}": facts.fact(result, f"tracking.{k}", name="资金使用跟踪反馈表" if k == "title" else "")
           for k in ("attachment", "title", "fund_name", "direction")}
    for i in range(max(N_NOTES, len(notes))):
        out[f"tracking.note{i + 1}"] = notes[i] if i < len(notes) else ""
    return out


def recipients(result: Result) -> list[str]:
    return [str(c) for c in result.table["county"]]


def default_lines(result: Result, county: str, texts: dict | None = None, amount: str = "due") -> list[TrackingLine]:
    """The fund this document gives ``county``: 应补助资金 (the year's whole subsidy, default) or the
    此次结算 amount alone."""
    if amount not in AMOUNT_BASES:
        raise InputError("资金金额口径应为 due 或 net", "the amount basis must be due or net",
                         column="amount", value=amount)
    t = merge_texts(default_texts(result), texts)
    rows = result.table.index[result.table["county"] == county]
    if len(rows) == 0:
        raise InputError("没有这个县（市）", "no such county", column="县市（单位）名称", value=county)
    row = result.table.loc[rows[0]]
    fen = int(row["due_fen" if amount == "due" else "settlement_fen"])
    made_zh = made_en = ""
    if amount == "due":
        # 应补助 is the year's whole subsidy, received under two documents: the pre-allocation (the
        # document the clawback names) and this settlement.
        pre, settle, doc = int(row["preallocated_fen"]), int(row["settlement_fen"]), result.policy.doc_no
        early = result.policy.values.get("clawback_doc", "")
        made_zh = (f"资金金额 {_wan(fen)} 万元 = 提前下达 {_wan(pre)} 万元（{early}）+ 此次结算 {_wan(settle)} 万元"
                   f"（{doc}），即{result.policy.year}年应补助资金全额。")
        made_en = (f"Amount {_wan(fen)} = pre-allocated {_wan(pre)} ({early})"
                   f" + this settlement {_wan(settle)} ({doc}): "
                   f"the year's whole subsidy.")
    return [TrackingLine(t["tracking.fund_name"], result.policy.doc_no, fen, None, t["tracking.direction"],
                         made_up_zh=made_zh, made_up_en=made_en)]


def _wan(fen: int) -> str:
    d = Decimal(int(fen)) / 1_000_000
    return f"{d.normalize():,f}"


def with_spent(lines: list[TrackingLine], spent_fen: int | None) -> list[TrackingLine]:
    """The first line with its 实际支出金额 set (the command line's --spent COUNTY=万元)."""
    check_spent(spent_fen, 1)
    return [replace(lines[0], spent_fen=spent_fen)] + list(lines[1:])


def check_spent(spent_fen: int | None, row: int) -> None:
    if spent_fen is not None and spent_fen < 0:
        raise InputError("实际支出金额不能为负数", "the amount spent cannot be negative", row=row,
                         column="实际支出金额", value=spent_fen / 1_000_000)


def build(lines: list[TrackingLine], unit_name: str, result: Result, texts: dict | None = None, lang: str = "zh",
          label: str = "", sheet: str | None = None) -> Form:
    zh = lang == "zh"
    t = merge_texts(default_texts(result), texts)
    for i, line in enumerate(lines, 1):
        check_spent(line.spent_fen, i)
    g = Grid(len(HEADS))
    for j, h in enumerate(HEADS if zh else HEADS_EN):
        g.put(0, j, header(h))
    reported = bool(lines) and all(x.spent_fen is not None for x in lines)
    amount = sum(x.amount_fen for x in lines)
    spent = sum(x.spent_fen for x in lines) if reported else None
    total = [text("合计" if zh else "Total", True), text(""), text(""), wan(amount, 2, True),
             wan(spent, 2, True) if reported else text(""), text(""),
             wan(amount - spent, 2, True) if reported else text(""),
             percent(progress_bp(spent, amount), True) if reported else text(""), text(""), text("")]
    for j, c in enumerate(total):
        g.put(1, j, c)
    for i, x in enumerate(lines):
        r = i + 2
        cells = [Cell(i + 1, "num0", False, "center"), text(x.name, align="left"), text(x.doc_no),
                 wan(x.amount_fen, 2),
                 wan(x.spent_fen, 2) if x.spent_fen is not None else text(""),
                 text(x.direction, align="left"),
                 wan(x.unspent_fen, 2) if x.spent_fen is not None else text(""),
                 percent(x.progress_bp) if x.spent_fen is not None else text(""),
                 text(x.reason, align="left"), text(x.measures, align="left")]
        for j, c in enumerate(cells):
            g.put(r, j, c)
    notes = [t[k] for k in t if k.startswith("tracking.note") and t[k]]
    made = [(x.made_up_zh if zh else x.made_up_en) for x in lines if x.made_up_zh]
    made = [f"注：{m}" if zh else f"Note: {m}" for m in made]
    return Form(KEY, sheet or sheet_name(f"跟踪反馈表-{unit_name}"), t["tracking.title"],
                [6, 28, 18, 11, 11, 22, 11, 10, 18, 18], g.rows, g.merges, header_rows=1,
                above=[(t["tracking.attachment"], "left")] if t["tracking.attachment"] else [],
                below_title=[(f"县市（单位）名称：{unit_name}" if zh else f"Recipient: {unit_name}", "left"),
                             ("单位：万元" if zh else "Unit: 10k yuan", "right")],
                notes=(notes if zh else facts.lines(result, "tracking.notes_en")) + made,
                label=label)

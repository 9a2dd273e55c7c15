"""住院医保费用全面总额预算测算表 — 运政办发〔2019〕30号 三、四.

年度总额预算指标 = 基年住院医保费用 × 90% (城乡居民) or 105% (城镇职工); 按月预拨 at
most the monthly index; 年终清算 by the chosen reading (fundcalc.global_budget).
单位：万元, 合计 last.
"""

from __future__ import annotations

from ..result import Result
from . import facts
from .model import Cell, Form, Grid, header, merge_texts, text, wan

KEY = "budget_table"
CLEARING_ZH = {"cap_annual": "年终按全年实际发生与年度指标孰低清算", "monthly_only": "按月拨付即为全年拨付，不另清算",
               "actual": "年终按全年实际发生费用清算"}
CLEARING_EN = {"cap_annual": "year-end: the lower of the year's actual cost and the annual index",
               "monthly_only": "no year-end clearing", "actual": "year-end: the year's actual cost"}


def default_texts(result: Result) -> dict[str, str]:
    return {}


def build(result: Result, texts: dict | None = None, lang: str = "zh", label: str = "") -> Form:
    zh = lang == "zh"
    merge_texts(default_texts(result), texts)
    policy, v = result.policy, result.policy.values
    rate = f"{float(result.detail.rate * 100):g}"
    scheme = ("城乡居民" if v["scheme"] == "resident" else "城镇职工") if zh else v["scheme"]
    base_year = policy.year - 1
    g = Grid(11)
    for j, (z, e) in enumerate((("序号", "No."), ("县(市、区)", "County"),
                                (f"{base_year}年度住院医保费用", f"{base_year} inpatient cost"))):
        g.put(0, j, header(z if zh else e), rows=2)
    g.put(0, 3, header("总额预算指标" if zh else "Global budget index"), cols=2)
    g.put(1, 3, header(f"年度指标({scheme}{rate}%)" if zh else f"Annual ({rate}%)"))
    g.put(1, 4, header("月度预拨指标" if zh else "Monthly"))
    g.put(0, 5, header("执行情况" if zh else "Outturn"), cols=5)
    for j, (z, e) in enumerate((("实际发生费用", "Actual cost"), ("按月拨付合计", "Paid monthly"),
                                ("年终清算", "Year-end clearing"), ("全年拨付", "Paid for the year"),
                                ("超指标未拨付", "Above index, unpaid")), 5):
        g.put(1, j, header(z if zh else e))
    g.put(0, 10, header("备注" if zh else "Note"), rows=2)
    keys = ["base_fen", "annual_index_fen", "monthly_index_fen", "actual_fen", "paid_monthly_fen", "clearing_fen",
            "paid_total_fen", "over_index_fen"]
    table = result.table
    for i in range(len(table)):
        row = [Cell(i + 1, "num0", False, "center"), text(table["county"].iat[i])]
        row += [wan(table[k].iat[i]) for k in keys] + [text("")]
        for j, c in enumerate(row):
            g.put(2 + i, j, c)
    monthly_total = int(table["monthly_index_fen"].sum())
    total = [text(""), text("合计" if zh else "Total", True)]
    total += [wan(monthly_total if k == "monthly_index_fen" else result.totals[k], 2, True) for k in keys]
    total.append(text(""))
    for j, c in enumerate(total):
        g.put(2 + len(table), j, c)
    mode = v["clearing_mode"]
    # The clauses the notes cite are the policy's ([forms.budget] index_clause, clearing_clause).
    index_clause = facts.optional(result, "budget.index_clause")
    cite = f" {index_clause}" if index_clause else ""
    clearing_clause = facts.optional(result, "budget.clearing_clause")
    notes = [
        (f"注：1. 依据{policy.doc_no}{cite}：城乡居民按{base_year}年度住院医保费用的{_pct(v['resident_budget_pct'])}、"
         f"城镇职工按{_pct(v['employee_budget_pct'])}核定总额预算指标；“总额预算、按月预拨、年终结算”。") if zh else
        f"Notes: 1. {policy.doc_no}{cite}: residents {_pct(v['resident_budget_pct'])}, employees "
        f"{_pct(v['employee_budget_pct'])} of the {base_year} inpatient cost.",
        ("　　2. 月度预拨指标 = 年度指标 ÷ 12，尾差计入12月；"
         "低于按月拨付指标数的据实结算，高于的按指标数拨付。" if zh else
         "   2. Monthly index = annual ÷ 12, remainder in December; each month pays the lower of actual and index."),
        (f"　　3. 年终清算口径：{CLEARING_ZH.get(mode, mode)}（文件{clearing_clause}未给出公式）。" if zh else
         f"   3. Year-end clearing: {CLEARING_EN.get(mode, mode)} (the document gives no formula)."),
    ]
    region = policy.meta.get("region_zh" if zh else "region_en", "")
    title = (f"{region}{policy.year}年住院医保费用全面总额预算管理测算表" if zh else
             f"{region} {policy.year}: inpatient global budget")
    return Form(KEY, "总额预算表" if zh else "Global budget", title, [5, 10, 13, 13, 12, 12, 12, 11, 11, 11, 14],
                g.rows, g.merges, header_rows=2,
                below_title=[("单位：万元" if zh else "Unit: 10k yuan", "right")], notes=notes, label=label)


def _pct(value) -> str:
    return f"{float(value):g}%"

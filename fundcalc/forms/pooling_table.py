"""基金缺口分担测算表 — 运政办发〔2019〕30号 二, one row per county.

征缴收入 less what the rule (运政办发〔2019〕30号 二(二)) leaves out of the calculation (the 3% 调剂金 and 75 元/人
门诊统筹), against spending less 门诊统筹 spending; the gap is covered by the
county's retained surplus and then its government, a surplus goes 10% to the
调剂金 and 90% stays with the county. 单位：万元, 合计 last, the city's 调剂金 below.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ..mechanisms.pooling.rules import months_available
from ..money import format_wan
from ..result import Result
from ..sources import assumption_lines
from . import facts
from .model import Cell, Form, Grid, header, merge_texts, people, text, wan

KEY = "pooling_table"


def _cite(clause: str) -> str:
    return f" {clause}" if clause else ""


def _num(v) -> str:
    return f"{Decimal(str(v)).normalize():f}"


def default_texts(result: Result) -> dict[str, str]:
    return {}


def _months_cell(m: float, bold: bool = False) -> Cell:
    return Cell(Decimal(str(m)), "months", bold) if np.isfinite(m) else text("—", bold)


def build(result: Result, texts: dict | None = None, lang: str = "zh", label: str = "") -> Form:
    zh = lang == "zh"
    merge_texts(default_texts(result), texts)
    policy, v = result.policy, result.policy.values
    reserve, outpatient, to_reserve = _num(v["reserve_pct"]), _num(v["outpatient_yuan"]), _num(v["surplus_reserve_pct"])
    kept = _num(100 - Decimal(str(v["surplus_reserve_pct"])))
    table, totals, city = result.table, result.totals, result.figures
    single = [("序号", "No."), ("县(市、区)", "County"), ("征缴收入", "Revenue"), ("参保人数(人)", "Insured")]
    g = Grid(18)
    for j, (z, e) in enumerate(single):
        g.put(0, j, header(z if zh else e), rows=2)
    g.put(0, 4, header("不计入测算" if zh else "Left out"), cols=2)
    g.put(1, 4, header(f"预留调剂金({reserve}%)" if zh else f"Reserve ({reserve}%)"))
    g.put(1, 5, header(f"门诊统筹资金({outpatient}元/人)" if zh else f"Outpatient ({outpatient} yuan/person)"))
    for j, (z, e) in enumerate((("测算收入", "Revenue counted"), ("基金支出", "Expenditure"),
                                ("门诊统筹支出", "Outpatient spending"), ("测算支出", "Expenditure counted"),
                                ("当年结余(+)/缺口(−)", "Surplus (+) / gap (−)")), 6):
        g.put(0, j, header(z if zh else e), rows=2)
    g.put(0, 11, header("缺口分担" if zh else "Gap covered by"), cols=3)
    for j, (z, e) in enumerate((("留存结余弥补", "Retained surplus"), ("县级政府负担", "County government"),
                                ("调剂金弥补", "Reserve")), 11):
        g.put(1, j, header(z if zh else e))
    g.put(0, 14, header("结余分配" if zh else "Surplus to"), cols=2)
    g.put(1, 14, header(f"提取调剂金({to_reserve}%)" if zh else f"Reserve ({to_reserve}%)"))
    g.put(1, 15, header(f"留作缺口补充({kept}%)" if zh else f"Kept by county ({kept}%)"))
    g.put(0, 16, header("期末留存结余" if zh else "Retained at year end"), rows=2)
    g.put(0, 17, header("可支配月数(月)" if zh else "Months covered"), rows=2)
    money = ["revenue_fen", "reserve_fen", "outpatient_fund_fen", "calc_revenue_fen", "expenditure_fen",
             "outpatient_spending_fen", "calc_expenditure_fen", "balance_fen", "covered_by_retained_fen",
             "county_burden_fen", "gap_from_reserve_fen", "surplus_to_reserve_fen", "surplus_retained_fen",
             "carried_end_fen"]
    sums = dict(totals)
    sums["outpatient_spending_fen"] = int(table["outpatient_spending_fen"].sum())

    def cells(no, name, get, months, bold):
        out = [Cell(no, "num0", bold, "center") if no != "" else text("", bold), text(name, bold)]
        for k in money[:1]:
            out.append(wan(get(k), 2, bold))
        out.append(people(get("insured"), bold))
        out += [wan(get(k), 2, bold) for k in money[1:]]
        out.append(_months_cell(months, bold))
        return out

    for i in range(len(table)):
        for j, c in enumerate(cells(i + 1, table["county"].iat[i], lambda k, i=i: table[k].iat[i],
                                    float(table["months_available"].iat[i]), False)):
            g.put(2 + i, j, c)
    total_months = float(months_available(totals["carried_end_fen"], totals["expenditure_fen"]))
    for j, c in enumerate(cells("", "合计" if zh else "Total", lambda k: sums[k], total_months, True)):
        g.put(2 + len(table), j, c)
    lo, hi = city["band_low"], city["band_high"]
    # The clauses the notes cite are the policy's ([forms.pooling] rule_clause, budget_clause): none, none cited.
    rule = facts.optional(result, "pooling.rule_clause")
    budget = facts.optional(result, "pooling.budget_clause")
    budget_en = facts.optional(result, "pooling.budget_clause_en") or budget
    opening, band = policy.source("city_reserve_opening_wan"), policy.source("months_band_low")
    same = v.get("excess_reserve_mode", "same") != "on_top"
    notes = [
        (f"注：1. 依据{policy.doc_no}{_cite(rule)}：征缴收入预留{reserve}%调剂金、"
         f"每人每年{outpatient}元门诊统筹资金不计入测算；"
         f"县级当年基金缺口先以留存结余弥补，其余由县（市、区）人民政府负担；结余按{to_reserve}%提取调剂金，{kept}%留作当年"
         f"或以后年度基金支出缺口的补充。") if zh else
        (f"Notes: 1. {policy.doc_no}{_cite(rule)}: {reserve}% reserve and {outpatient} yuan/person outpatient "
         f"allowance left "
         f"out; a gap is covered by retained surplus, then the county government; a surplus goes {to_reserve}% to the "
         f"reserve."),
        (f"　　2. {budget + '：' if budget else ''}市级预算基金收入 {format_wan(city['budget_fen'])} 万元，"
         f"超收 {format_wan(city['excess_fen'])} "
         f"万元，其中留出调剂金 {format_wan(city['excess_to_reserve_fen'])} 万元（"
         + ("与预留调剂金为同一笔，不另计入" if same else "另计入调剂金")
         + f"，{policy.source('excess_reserve_mode').label('zh')}），"
           f"其余 {format_wan(city['excess_for_shortfalls_fen'])} "
         f"万元可弥补当年或以后年度预算执行不足。") if zh else
        (f"   2. {budget_en + ': ' if budget_en else ''}budgeted revenue {format_wan(city['budget_fen'])}, "
         f"excess {format_wan(city['excess_fen'])}, of "
         f"which reserve {format_wan(city['excess_to_reserve_fen'])} ("
         + ("the same money as the 3% kept" if same else "added to the reserve")
         + f", assumption); the other {format_wan(city['excess_for_shortfalls_fen'])} may cover budget shortfalls."),
        (f"　　3. 市级调剂金：期初 {format_wan(city['reserve_opening_fen'])} 万元（{opening.label('zh')}），本年提取 "
         f"{format_wan(city['reserve_in_fen'])} 万元，弥补缺口 {format_wan(city['reserve_out_fen'])} 万元，期末 "
         f"{format_wan(city['reserve_closing_fen'])} 万元；全市可支配月数（含调剂金）：滚存结余 "
         f"{format_wan(city['pooled_balance_fen'])} 万元，"
         f"可支配 {city['months_available']:.2f} 个月（目标 {lo:g}-{hi:g} "
         f"个月，{band.label('zh')}），此数以期初余额为基础。") if zh else
        (f"   3. City reserve: opening {format_wan(city['reserve_opening_fen'])} ({opening.label('en').lower()}), in "
         f"{format_wan(city['reserve_in_fen'])}, out {format_wan(city['reserve_out_fen'])}, closing "
         f"{format_wan(city['reserve_closing_fen'])}; city months with the reserve: pooled balance "
         f"{format_wan(city['pooled_balance_fen'])}, {city['months_available']:.2f} months (target {lo:g}-{hi:g}, "
         f"{band.label('en').lower()}); it rests on the opening balance."),
        ("　　4. 可支配月数 = 期末留存结余 ÷（基金支出 ÷ 12）；合计行为各县留存结余合计的月数，不含调剂金。" if zh else
         "   4. Months covered = retained at year end ÷ (expenditure ÷ 12); the total row is the counties' own, "
         "without the reserve."),
        *(f"　　{i}. {line}" for i, line in enumerate(assumption_lines(result, "zh" if zh else "en"), 5)),
    ]
    region = policy.meta.get("region_zh" if zh else "region_en", "")
    title = f"{region}{policy.year}年{policy.title_zh}" if zh else f"{region} {policy.year}: {policy.title_en}"
    return Form(KEY, "缺口分担测算表" if zh else "Gap sharing", title,
                [5, 10, 11, 11, 11, 12, 11, 11, 11, 11, 12, 11, 11, 11, 11, 11, 11, 9], g.rows, g.merges,
                header_rows=2, below_title=[("单位：万元（人数除外）" if zh else "Unit: 10k yuan (people excepted)",
                                             "right")], notes=notes, label=label)

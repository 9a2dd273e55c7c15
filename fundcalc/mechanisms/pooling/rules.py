"""基金缺口分担 — 运政办发〔2019〕30号 (运城 2019).

二(二): 基金缺口 = 当年征缴收入 − 基金支出 < 0, with the 3% 调剂金 kept from revenue and
the 75 元/人/年 门诊统筹 left out of the calculation. 全市统筹、分级核算、分别负担:
a county's gap is borne by its government (after its own retained surplus); a
county's surplus goes 10% to the 调剂金 and 90% is kept for its later gaps.
二(一): at the final accounts, revenue above the budgeted revenue keeps up to 3% of the
year's total revenue as 调剂金; the rest may cover shortfalls in executing the budget this
year or later (预算执行不足). Applied at city level (``city_level``).

Whether 二(一)'s 调剂金 is on top of 二(二)'s 3% or the same money the document does not
say; ``excess_reserve_mode`` (假设) chooses. The default, "same", is the closer reading:
二(二) speaks of "征缴收入预留的3%调剂金" — *the* 3% reserve already set aside, with a
definite 预留的 — and the whole text names one 3%, never 6%. So under "same" the part of the
excess that is 调剂金 is already in the reserve (nothing is added) and only the rest is
free for shortfalls; "on_top" adds it to the reserve as well.

The document names no rounding point: every line
item is rounded half-up to ``rounding_unit_yuan`` (default 100 元 = 0.01 万元, as
the other documents' tables) and totals are sums of the rounded items.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from ...money import FEN_PER_WAN, format_wan, mul_fraction_half_up, pct, round_fen, wan_to_fen, yuan_to_fen
from ...params import Param, ParamSchema, Policy, plain
from ...result import OutCol, Result, TraceStep
from ...rows import frame_row
from ...validate import validate_table, wan_to_fen_array
from .table import pooling_schema

SCHEMA = ParamSchema.from_toml(Path(__file__).with_name("schema.toml"))


def cite(policy: Policy, name: str, text: str = "") -> str:
    """The policy's reference ``name`` ([clauses] gap = "…二(二)"), with what the step takes from it; a policy that
    names no such clause cites nothing (never another document)."""
    ref = policy.clause(name)
    return f"{ref}：{text}" if ref and text else ref


def param_specs(policy: Policy | None = None) -> dict[str, Param]:
    return SCHEMA.specs(policy)


def schema(policy: Policy):
    return pooling_schema()


def _unit_fen(policy: Policy) -> int:
    return yuan_to_fen(policy.values["rounding_unit_yuan"])


def year_step(revenue, insured, expenditure, outpatient, carried, policy: Policy) -> dict[str, np.ndarray]:
    """One year of 二(二) for every county at once; all arrays in 分.

    Each line item derived by a rate (3% reserve, 75 元/人, the county's share of a gap, 10% of a
    surplus) is rounded once, half-up, to ``rounding_unit_yuan``; the other part of a split is the
    remainder, so gap = covered + county burden + reserve's part and surplus = to reserve + retained
    exactly: no money is made or lost by rounding.
    """
    unit = _unit_fen(policy)
    v = policy.values
    reserve = mul_fraction_half_up(revenue, pct(v["reserve_pct"]), unit)
    outpatient_fund = round_fen(insured * yuan_to_fen(v["outpatient_yuan"]), unit)
    calc_revenue = revenue - reserve - outpatient_fund
    calc_expenditure = expenditure - outpatient
    balance = calc_revenue - calc_expenditure
    gap = np.maximum(-balance, 0)
    surplus = np.maximum(balance, 0)
    covered_by_retained = np.minimum(carried, gap)
    rest = gap - covered_by_retained
    # The reserve's part is the rounded one, so at the document's 100% it is exactly 0 even when
    # growth has left amounts off the rounding grid; the county bears the rest to the 分.
    from_reserve = mul_fraction_half_up(rest, 1 - pct(v["county_gap_pct"]), unit)
    county_burden = rest - from_reserve
    surplus_to_reserve = mul_fraction_half_up(surplus, pct(v["surplus_reserve_pct"]), unit)
    surplus_retained = surplus - surplus_to_reserve
    carried_end = carried - covered_by_retained + surplus_retained
    return {
        "reserve_fen": reserve, "outpatient_fund_fen": outpatient_fund, "calc_revenue_fen": calc_revenue,
        "calc_expenditure_fen": calc_expenditure, "balance_fen": balance, "gap_fen": gap,
        "covered_by_retained_fen": covered_by_retained, "county_burden_fen": county_burden,
        "gap_from_reserve_fen": from_reserve, "surplus_fen": surplus, "surplus_to_reserve_fen": surplus_to_reserve,
        "surplus_retained_fen": surplus_retained, "carried_end_fen": carried_end,
    }


OUT_COLS = [
    OutCol("county", "县(市、区)", "County", "text"),
    OutCol("revenue_fen", "征缴收入", "Revenue", "fen"),
    OutCol("insured", "参保人数", "Insured", "people"),
    OutCol("reserve_fen", "预留调剂金({reserve_pct}%)", "Reserve ({reserve_pct}%)", "fen"),
    OutCol("outpatient_fund_fen", "门诊统筹资金({outpatient_yuan}元/人)", "Outpatient allowance", "fen"),
    OutCol("calc_revenue_fen", "测算收入", "Revenue counted", "fen"),
    OutCol("expenditure_fen", "基金支出", "Expenditure", "fen"),
    OutCol("calc_expenditure_fen", "测算支出", "Expenditure counted", "fen"),
    OutCol("balance_fen", "当年结余(+)/缺口(−)", "Surplus (+) / gap (−)", "fen"),
    OutCol("covered_by_retained_fen", "留存结余弥补", "Covered by retained surplus", "fen"),
    OutCol("county_burden_fen", "县级政府负担", "Borne by county government", "fen"),
    OutCol("gap_from_reserve_fen", "调剂金弥补", "Covered by the reserve", "fen"),
    OutCol("surplus_to_reserve_fen", "结余提取调剂金({surplus_reserve_pct}%)",
           "Surplus to reserve ({surplus_reserve_pct}%)", "fen"),
    OutCol("surplus_retained_fen", "结余留县({retained_pct}%)", "Surplus kept by county ({retained_pct}%)", "fen"),
    OutCol("carried_end_fen", "期末留存结余", "Retained surplus, year end", "fen"),
    OutCol("months_available", "滚存结余可支配月数", "Months of spending covered", "months"),
    OutCol("status", "状态", "Status", "text"),
]


def out_cols(policy: Policy) -> list[OutCol]:
    """The result's columns, labels that embed a rate built from the current values (预留调剂金(3%) at 3%)."""
    v = policy.values
    names = {k: plain(v[k]) for k in ("reserve_pct", "outpatient_yuan", "surplus_reserve_pct")}
    names["retained_pct"] = plain(100 - Decimal(str(v["surplus_reserve_pct"])))
    return [replace(c, zh=c.zh.format_map(names), en=c.en.format_map(names)) if "{" in c.zh + c.en else c
            for c in OUT_COLS]


def months_available(balance_fen, expenditure_fen) -> np.ndarray:
    """基金滚存结余可支配月数 = 滚存结余 ÷ (年度支出 ÷ 12), to 2 decimals; 0 spending gives ∞."""
    bal = np.asarray(balance_fen, dtype=float)
    exp = np.asarray(expenditure_fen, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        months = np.where(exp > 0, bal * 12 / exp, np.inf)
    return np.round(months, 2)


def _wan_text(fen) -> str:
    """分 as 万元 text with the decimals it has: 11000, 42622.08."""
    return format((Decimal(int(fen)) / FEN_PER_WAN).normalize(), "f")


def accounts(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """A validated county table as arrays of 分 (people as counts).

    门诊统筹支出 is part of 基金支出 (二(二) takes it out of the expenditure counted), so a
    county whose outpatient spending is above its expenditure is refused, naming it.
    """
    acc = {"revenue": wan_to_fen_array(table["revenue_wan"]), "insured": table["insured"].to_numpy(np.int64),
           "expenditure": wan_to_fen_array(table["expenditure_wan"]),
           "outpatient": wan_to_fen_array(table["outpatient_spending_wan"]),
           "carried": wan_to_fen_array(table["carried_balance_wan"])}
    bad = np.flatnonzero(acc["outpatient"] > acc["expenditure"])
    if len(bad):
        i = int(bad[0])
        county, spent = table["county"].iloc[i], _wan_text(acc["expenditure"][i])
        raise InputError(f"门诊统筹支出大于基金支出 {spent} 万元（{county}）",
                         f"outpatient spending exceeds the fund expenditure of {spent} (10k yuan) ({county})",
                         row=frame_row(i), column="门诊统筹支出", value=_wan_text(acc["outpatient"][i]))
    return acc


def check_band(policy: Policy) -> None:
    """The 可支配月数 target band must run from low to high: an inverted band would mark every county."""
    low, high = policy.values["months_band_low"], policy.values["months_band_high"]
    if Decimal(str(low)) > Decimal(str(high)):
        raise InputError(f"可支配月数下限（{low}）大于上限（{high}）", f"the months band's low end ({low}) is above "
                         f"its high end ({high})", column="可支配月数上限 months_band_high", value=high)


def compute(counties: pd.DataFrame, policy: Policy, validated: bool = False) -> Result:
    check_band(policy)
    table = counties if validated else validate_table(counties, pooling_schema())
    acc = accounts(table)
    step = year_step(acc["revenue"], acc["insured"], acc["expenditure"], acc["outpatient"], acc["carried"], policy)
    step["months_available"] = months_available(step["carried_end_fen"], acc["expenditure"])
    step["status"] = np.where(step["balance_fen"] < 0, "gap", np.where(step["balance_fen"] > 0, "surplus", "even"))
    cols = {"county": table["county"].to_numpy(), "revenue_fen": acc["revenue"], "insured": acc["insured"],
            "expenditure_fen": acc["expenditure"], "outpatient_spending_fen": acc["outpatient"],
            "carried_start_fen": acc["carried"]} | step
    frame = pd.DataFrame(cols)
    totals = {c.key: int(cols[c.key].sum()) for c in OUT_COLS if c.kind in ("fen", "people")}
    city = city_level(cols, policy)
    return Result("pooling", policy, frame, out_cols(policy), totals, unit_fen=_unit_fen(policy), figures=city)


def city_level(frame, policy: Policy) -> dict[str, int | float]:
    """二(一) and the city's 调剂金: reserve kept this year, revenue above budget, months covered.

    Revenue above the budget keeps up to ``reserve_pct`` of total revenue as 调剂金 (the cap
    rounded down to ``rounding_unit_yuan``); the rest is for shortfalls. No budget (0) means no excess.
    Under ``excess_reserve_mode`` "on_top" that 调剂金 is added to the reserve; under "same" it is the
    3% 二(二) already kept (``excess_added_fen`` 0).

    Two months figures, kept apart: ``counties_months_available`` is the counties' own (their retained
    surplus ÷ monthly spending, the 合计 of the county column); ``months_available`` is the city's, with
    the 调剂金, and so rests on the opening balance, which the document does not give.

    ``frame`` is the county table of a result (or the dict of its columns).
    """
    v = policy.values
    col = lambda k: int(np.sum(frame[k]))  # noqa: E731
    total_revenue = col("revenue_fen")
    budget = wan_to_fen(v["city_budget_revenue_wan"])
    excess = max(total_revenue - budget, 0) if budget > 0 else 0
    # 不超过当年基金总收入3%: the cap is rounded down to the rounding unit, never up past 3%.
    share, unit = pct(v["reserve_pct"]), _unit_fen(policy)
    cap = total_revenue * share.numerator // (share.denominator * unit) * unit
    excess_to_reserve = min(excess, cap)
    added = excess_to_reserve if v.get("excess_reserve_mode", "same") == "on_top" else 0
    reserve_in = col("reserve_fen") + col("surplus_to_reserve_fen") + added
    reserve_out = col("gap_from_reserve_fen")
    opening = wan_to_fen(v["city_reserve_opening_wan"])
    closing = opening + reserve_in - reserve_out
    pooled = closing + col("carried_end_fen")
    expenditure = col("expenditure_fen")
    return {
        "budget_fen": budget, "excess_fen": excess, "excess_to_reserve_fen": excess_to_reserve,
        "excess_for_shortfalls_fen": excess - excess_to_reserve, "excess_added_fen": added,
        "reserve_opening_fen": opening, "reserve_in_fen": reserve_in, "reserve_out_fen": reserve_out,
        "reserve_closing_fen": closing, "pooled_balance_fen": pooled,
        "months_available": float(months_available(pooled, expenditure)),
        "counties_months_available": float(months_available(col("carried_end_fen"), expenditure)),
        "band_low": float(v["months_band_low"]), "band_high": float(v["months_band_high"]),
    }


def project(counties: pd.DataFrame, policy: Policy, years: int, revenue_growth_pct=0,
            expenditure_growth_pct=0) -> pd.DataFrame:
    """Several years of 二(二) with carry-forward: each county's retained surplus and the city's
    调剂金 roll into the next year; revenue and spending (门诊统筹 included) grow at the given
    rates, rounded half-up to the 分 each year; headcounts stay.

    Returns one row per year with city totals (分): the money counted in and out (``calc_revenue_fen``,
    ``calc_expenditure_fen``) and where the balance went (retained, to the reserve, covered by retained
    surplus, borne by counties, paid by the reserve), the reserve's opening and closing balance and a
    flag when it runs out (the reserve only pays when ``county_gap_pct`` < 100).
    """
    if not 1 <= int(years) <= 50:
        raise InputError("年数应在 1 到 50 之间", "years must be between 1 and 50", column="years", value=years)
    grow = []
    for name, g in (("revenue_growth_pct", revenue_growth_pct), ("expenditure_growth_pct", expenditure_growth_pct)):
        rate = Param(name, "年增长率", "yearly growth", "pct", "%", "%", min=-99, max=1000).coerce(g)
        grow.append(1 + pct(rate))
    grow_r, grow_e = grow
    table = validate_table(counties, pooling_schema())
    acc = accounts(table)
    revenue, insured, expenditure, outpatient, carried = (acc[k] for k in ("revenue", "insured", "expenditure",
                                                                           "outpatient", "carried"))
    reserve = wan_to_fen(policy.values["city_reserve_opening_wan"])
    # 二(一) is about the budgeted year: its 调剂金, when on top of the 3%, enters the first year only.
    first_year_added = city_level({"revenue_fen": revenue, "reserve_fen": np.zeros(1, np.int64),
                                   "surplus_to_reserve_fen": np.zeros(1, np.int64),
                                   "gap_from_reserve_fen": np.zeros(1, np.int64), "carried_end_fen": carried,
                                   "expenditure_fen": expenditure}, policy)["excess_added_fen"]
    rows = []
    for k in range(int(years)):  # years, not counties: each year is one vectorised step over all counties
        step = year_step(revenue, insured, expenditure, outpatient, carried, policy)
        total = {key: int(step[key].sum()) for key in (
            "reserve_fen", "outpatient_fund_fen", "calc_revenue_fen", "calc_expenditure_fen", "gap_fen",
            "surplus_fen", "covered_by_retained_fen", "county_burden_fen", "gap_from_reserve_fen",
            "surplus_to_reserve_fen", "surplus_retained_fen")}
        reserve_start = reserve
        reserve += total["reserve_fen"] + total["surplus_to_reserve_fen"] - total["gap_from_reserve_fen"]
        reserve += first_year_added if k == 0 else 0
        rows.append({
            "year": policy.year + k, "revenue_fen": int(revenue.sum()), "expenditure_fen": int(expenditure.sum()),
            **total,
            "retained_start_fen": int(carried.sum()), "retained_end_fen": int(step["carried_end_fen"].sum()),
            "reserve_start_fen": reserve_start, "reserve_end_fen": reserve,
            "gap_counties": int((step["gap_fen"] > 0).sum()), "reserve_exhausted": reserve < 0,
        })
        carried = step["carried_end_fen"]
        revenue = mul_fraction_half_up(revenue, grow_r)
        expenditure = mul_fraction_half_up(expenditure, grow_e)
        outpatient = mul_fraction_half_up(outpatient, grow_e)
    return pd.DataFrame(rows)


def official_table(result: Result) -> pd.DataFrame:
    frame = result.table[[c.key for c in result.columns]].copy()
    # The county column's 合计 is the counties' own figure; the city's (with the 调剂金) is a separate one.
    frame.loc[len(frame)] = result.total_row() | {
        "months_available": result.figures["counties_months_available"], "status": ""}
    return result.keyed_wan(frame)


def explain(result: Result, county: str) -> list[TraceStep]:
    rows = result.table.index[result.table["county"] == county]
    if len(rows) == 0:
        raise InputError("没有这个县", "no such county", column="县(市、区)", value=county)
    r = result.table.loc[rows[0]]
    v = result.policy.values
    w = lambda k: format_wan(int(r[k]))  # noqa: E731
    gap = cite(result.policy, "gap")
    retained = plain(100 - Decimal(str(v["surplus_reserve_pct"])))
    steps = [
        TraceStep(f"预留调剂金 = {w('revenue_fen')} × {v['reserve_pct']}% = {w('reserve_fen')} 万元",
                  f"Reserve = {w('revenue_fen')} × {v['reserve_pct']}% = {w('reserve_fen')}", gap),
        TraceStep(f"门诊统筹资金 = {int(r['insured']):,} 人 × {v['outpatient_yuan']} 元"
                  f" = {w('outpatient_fund_fen')} 万元",
                  f"Outpatient allowance = {int(r['insured']):,} × {v['outpatient_yuan']} yuan = "
                  f"{w('outpatient_fund_fen')}", gap),
        TraceStep(f"测算收入 = {w('revenue_fen')} − {w('reserve_fen')} − {w('outpatient_fund_fen')} = "
                  f"{w('calc_revenue_fen')} 万元",
                  f"Revenue counted = {w('revenue_fen')} − {w('reserve_fen')} − {w('outpatient_fund_fen')} = "
                  f"{w('calc_revenue_fen')}", gap),
        TraceStep(f"测算支出 = {w('expenditure_fen')} − 门诊统筹支出 {w('outpatient_spending_fen')} = "
                  f"{w('calc_expenditure_fen')} 万元",
                  f"Expenditure counted = {w('expenditure_fen')} − outpatient {w('outpatient_spending_fen')} = "
                  f"{w('calc_expenditure_fen')}", gap),
        TraceStep(f"当年结余/缺口 = {w('calc_revenue_fen')} − {w('calc_expenditure_fen')} = {w('balance_fen')} 万元",
                  f"Balance = {w('calc_revenue_fen')} − {w('calc_expenditure_fen')} = {w('balance_fen')}",
                  gap),
    ]
    if r["balance_fen"] < 0:
        steps.append(TraceStep(
            f"缺口 {w('gap_fen')} 万元：先以留存结余弥补 {w('covered_by_retained_fen')}，县级政府负担 "
            f"{w('county_burden_fen')}"
            + (f"，调剂金弥补 {w('gap_from_reserve_fen')}" if r["gap_from_reserve_fen"] else ""),
            f"Gap {w('gap_fen')}: retained surplus covers {w('covered_by_retained_fen')}, the county government bears "
            f"{w('county_burden_fen')}", cite(result.policy, "gap", "由各县（市、区）人民政府分别负担")))
    elif r["balance_fen"] > 0:
        steps.append(TraceStep(
            f"结余 {w('surplus_fen')} 万元：{v['surplus_reserve_pct']}% 提取调剂金 {w('surplus_to_reserve_fen')}，"
            f"其余留县 {w('surplus_retained_fen')}",
            f"Surplus {w('surplus_fen')}: {v['surplus_reserve_pct']}% to the reserve {w('surplus_to_reserve_fen')}, "
            f"kept {w('surplus_retained_fen')}",
            cite(result.policy, "gap", f"按{plain(v['surplus_reserve_pct'])}%提取调剂金，{retained}%留作缺口补充")))
    steps.append(TraceStep(
        f"期末留存结余 = {w('carried_start_fen')} − {w('covered_by_retained_fen')} + {w('surplus_retained_fen')} = "
        f"{w('carried_end_fen')} 万元；可支配月数 = {w('carried_end_fen')} ÷ ({w('expenditure_fen')} ÷ 12) = "
        f"{r['months_available']:.2f} 月",
        f"Retained at year end = {w('carried_end_fen')}; months covered = {r['months_available']:.2f}",
        "基金滚存结余可支配月数（县级留存结余，不含调剂金）"))
    return steps + explain_city(result)


def explain_city(result: Result) -> list[TraceStep]:
    """二(一) and the city's months with the 调剂金, each step saying which values the document does not give."""
    city, v, policy = result.figures, result.policy.values, result.policy
    w = format_wan
    mode = policy.source("excess_reserve_mode")
    if city["budget_fen"] > 0:
        added_zh = (f"，计入调剂金 {w(city['excess_added_fen'])}" if v["excess_reserve_mode"] == "on_top"
                    else f"，即二(二)已预留的{plain(v['reserve_pct'])}%调剂金，不另计入")
        added_en = (f", added to the reserve {w(city['excess_added_fen'])}" if v["excess_reserve_mode"] == "on_top"
                    else f", the {plain(v['reserve_pct'])}% already kept under II.2, not added again")
        zh = (f"二(一) 全市：征缴收入 {w(result.totals['revenue_fen'])} − 市级预算基金收入 {w(city['budget_fen'])}"
              f" = 超收 "
              f"{w(city['excess_fen'])} 万元；留出调剂金 {w(city['excess_to_reserve_fen'])}（不超过总收入的 "
              f"{v['reserve_pct']}%）{added_zh}"
              f"；其余 {w(city['excess_for_shortfalls_fen'])} 万元可弥补当年或以后年度预算执行不足")
        en = (f"II.1 city: revenue {w(result.totals['revenue_fen'])} − budget {w(city['budget_fen'])} = excess "
              f"{w(city['excess_fen'])}; reserve part {w(city['excess_to_reserve_fen'])} (at most {v['reserve_pct']}% "
              f"of revenue){added_en}; the other {w(city['excess_for_shortfalls_fen'])} may cover budget shortfalls")
    else:
        zh = "二(一) 全市：未设定市级预算基金收入（0），无超收部分"
        en = "II.1 city: no budgeted revenue set (0), so no excess"
    opening = policy.source("city_reserve_opening_wan")
    return [
        TraceStep(zh, en, "；".join(x for x in (cite(policy, "revenue"), mode.note("zh")) if x)),
        TraceStep(
            f"全市可支配月数（含调剂金）= (调剂金期末 {w(city['reserve_closing_fen'])} + 各县留存结余 "
            f"{w(int(result.totals['carried_end_fen']))}) ÷ ({w(int(result.totals['expenditure_fen']))} ÷ 12) = "
            f"{city['months_available']:.2f} 月（目标 {city['band_low']:g}–{city['band_high']:g} 个月，"
            f"{policy.source('months_band_low').label('zh')}）；调剂金期初 {w(city['reserve_opening_fen'])} 万元为"
            f"{opening.label('zh')}",
            f"City months with the reserve = (reserve {w(city['reserve_closing_fen'])} + retained "
            f"{w(int(result.totals['carried_end_fen']))}) ÷ (spending ÷ 12) = {city['months_available']:.2f}; the "
            f"opening balance {w(city['reserve_opening_fen'])} is a {opening.label('en').lower()}",
            opening.note("zh")),
    ]

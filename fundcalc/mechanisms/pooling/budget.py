"""住院医保费用全面总额预算 — 运政办发〔2019〕30号 三、四.

三: annual index = 2018 inpatient cost × 90% (城乡居民) or × 105% (城镇职工);
按月预拨: each month pays the actual cost when below the monthly index, and the
monthly index when above it; 年终结算 / 四 年终清算.

The document names the year-end clearing without a formula, and 按月预拨 without a
monthly split; both readings are 假设 in the policy file's [sources] (``clearing_mode``,
``monthly_split``) and every view says so. ``clearing_mode`` chooses the reading:

- ``cap_annual`` (default): at year end the county is paid min(actual for the
  year, annual index); the clearing is that minus what the months paid, so
  room left in cheap months pays for dear months, never above the index.
- ``monthly_only``: no clearing; the monthly payments are final.
- ``actual``: the whole actual cost is paid at year end (the index only paces cash).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ...columns import COUNTY, TableSchema
from ...errors import InputError
from ...money import format_wan, mul_fraction_half_up, pct, yuan_to_fen
from ...params import Policy
from ...result import OutCol, Result, TraceStep
from ...rows import frame_row
from ...validate import validate_table, wan_to_fen_array
from .table import MONTH_KEYS, monthly_schema, pooling_schema

CLEARING_LABELS = {
    "cap_annual": ("全年不超过年度指标", "capped at the annual index"),
    "monthly_only": ("不清算，按月拨付为准", "no clearing, monthly payments final"),
    "actual": ("据实清算", "actual cost paid in full"),
}

OUT_COLS = [
    OutCol("county", "县(市、区)", "County", "text"),
    OutCol("base_fen", "基年住院医保费用", "Base-year inpatient cost", "fen"),
    OutCol("annual_index_fen", "年度总额预算指标", "Annual index", "fen"),
    OutCol("monthly_index_fen", "月度预拨指标", "Monthly index", "fen"),
    OutCol("actual_fen", "实际发生费用", "Actual cost", "fen"),
    OutCol("paid_monthly_fen", "按月拨付合计", "Paid monthly", "fen"),
    OutCol("clearing_fen", "年终清算", "Year-end clearing", "fen"),
    OutCol("paid_total_fen", "全年拨付", "Paid for the year", "fen"),
    OutCol("over_index_fen", "超指标未拨付", "Above index, unpaid", "fen"),
]


@dataclass(frozen=True)
class BudgetDetail:
    monthly_index: np.ndarray    # county × 12, 分
    monthly_actual: np.ndarray
    monthly_paid: np.ndarray
    rate: object                 # the budget share applied (a Fraction)


def monthly_indices(annual_fen: np.ndarray, unit_fen: int = 1) -> np.ndarray:
    """annual ÷ 12 per month, down to a multiple of ``unit_fen``, the remainder in December,
    so the 12 months always sum to the annual index."""
    base = annual_fen // (12 * unit_fen) * unit_fen
    months = np.repeat(base[:, None], 12, axis=1)
    months[:, 11] += annual_fen - base * 12
    return months


# The policy values compute() reads: a change of any other pooling parameter leaves the budget as it was.
PARAMS = ("scheme", "resident_budget_pct", "employee_budget_pct", "rounding_unit_yuan", "clearing_mode")


def base_schema() -> TableSchema:
    """County and 2018 inpatient cost, which the global budget needs (optional in the pooling table)."""
    base = replace(pooling_schema().column("inpatient_base_wan"), required=True)
    return TableSchema("global_budget_base", "住院医保费用基数表", "Base-year inpatient cost", (COUNTY, base))


def compute(counties: pd.DataFrame, monthly: pd.DataFrame, policy: Policy, validated: bool = False) -> Result:
    """``counties`` needs county and inpatient_base_wan; ``monthly`` county and m01..m12 (万元).

    With ``validated`` both tables come from ``validate_table`` (the pooling table and
    ``monthly_schema()``); otherwise they are validated here. Every county of ``counties``
    needs a base-year cost and a monthly row; extra monthly rows are ignored.
    """
    if not validated:
        counties = validate_table(counties, base_schema())
        monthly = validate_table(monthly, monthly_schema())
    elif "inpatient_base_wan" not in counties.columns:
        raise InputError("缺少「上年住院医保费用」列", "the base-year inpatient cost column is missing",
                         column="上年住院医保费用")
    names = counties["county"].to_numpy(object)
    base_wan = counties["inpatient_base_wan"].to_numpy(float)
    blank = np.flatnonzero(np.isnan(base_wan))
    if len(blank):
        i = int(blank[0])
        raise InputError(f"缺少上年住院医保费用，无法核定总额预算指标（{names[i]}）",
                         f"no base-year inpatient cost, so no budget index ({names[i]})",
                         row=frame_row(i), column="上年住院医保费用", value="")
    pos = pd.Index(monthly["county"].to_numpy(object)).get_indexer(names)
    missing = np.flatnonzero(pos < 0)
    if len(missing):
        i = int(missing[0])
        raise InputError("月度费用表缺少此县", "the monthly table has no row for this county",
                         row=frame_row(i), column="县(市、区)", value=names[i])
    v = policy.values
    rate = pct(v["resident_budget_pct"] if v["scheme"] == "resident" else v["employee_budget_pct"])
    base = wan_to_fen_array(base_wan)
    unit = yuan_to_fen(v["rounding_unit_yuan"])
    annual = mul_fraction_half_up(base, rate, unit)
    idx = monthly_indices(annual, unit)
    actual = wan_to_fen_array(monthly[list(MONTH_KEYS)].to_numpy(float))[pos]
    paid = np.minimum(actual, idx)
    paid_monthly = paid.sum(axis=1)
    actual_total = actual.sum(axis=1)
    mode = v["clearing_mode"]
    if mode == "cap_annual":
        clearing = np.minimum(actual_total, annual) - paid_monthly
    elif mode == "actual":
        clearing = actual_total - paid_monthly
    else:
        clearing = np.zeros_like(paid_monthly)
    paid_total = paid_monthly + clearing
    cols = {"county": names, "base_fen": base, "annual_index_fen": annual, "monthly_index_fen": idx[:, 0],
            "actual_fen": actual_total, "paid_monthly_fen": paid_monthly, "clearing_fen": clearing,
            "paid_total_fen": paid_total, "over_index_fen": actual_total - paid_total}
    totals = {c.key: int(cols[c.key].sum()) for c in OUT_COLS if c.kind == "fen"}
    return Result("global_budget", policy, pd.DataFrame(cols), list(OUT_COLS), totals, unit_fen=unit,
                  detail=BudgetDetail(idx, actual, paid, rate))


def monthly_long(result: Result, county: str) -> pd.DataFrame:
    """Month by month for one county: index, actual cost and amount paid (分)."""
    i = int(np.flatnonzero(result.table["county"].to_numpy() == county)[0])
    return pd.DataFrame({"month": np.arange(1, 13), "index_fen": result.detail.monthly_index[i],
                         "actual_fen": result.detail.monthly_actual[i], "paid_fen": result.detail.monthly_paid[i]})


def explain(result: Result, county: str) -> list[TraceStep]:
    rows = np.flatnonzero(result.table["county"].to_numpy() == county)
    if len(rows) == 0:
        raise InputError("没有这个县", "no such county", column="县(市、区)", value=county)
    r = result.table.iloc[int(rows[0])]
    rate = float(result.detail.rate * 100)
    w = lambda k: format_wan(int(r[k]))  # noqa: E731
    mode = result.policy.values["clearing_mode"]
    mode_zh, mode_en = CLEARING_LABELS[mode]
    split, clearing = (result.policy.source(k).note("zh") for k in ("monthly_split", "clearing_mode"))
    ref = result.policy.clause("budget")

    def cite(text: str) -> str:
        # The document's words only under its own reference; a policy without one keeps only the source notes.
        return "；".join(x for x in (f"{ref}：{text}" if ref else "", split if text == "按月预拨" else "",
                                     clearing if text == "年终进行清算" else "") if x)
    return [
        TraceStep(f"年度指标 = {w('base_fen')} × {rate:g}% = {w('annual_index_fen')} 万元",
                  f"Annual index = {w('base_fen')} × {rate:g}% = {w('annual_index_fen')}", ref),
        TraceStep(f"月度指标 = {w('annual_index_fen')} ÷ 12 ≈ {w('monthly_index_fen')} 万元（尾差计入12月）",
                  f"Monthly index = annual ÷ 12 ≈ {w('monthly_index_fen')} (remainder in December)",
                  cite("按月预拨")),
        TraceStep(f"按月拨付：每月 min(实际, 指标)，合计 {w('paid_monthly_fen')} 万元；实际发生 {w('actual_fen')} 万元",
                  f"Monthly: min(actual, index) each month, {w('paid_monthly_fen')} in all; actual {w('actual_fen')}",
                  cite("低于按月拨付指标数的，据实结算；高于的，按指标数拨付")),
        TraceStep(f"年终清算（{mode_zh}）= {w('clearing_fen')} 万元；全年拨付 {w('paid_total_fen')} 万元",
                  f"Year-end clearing ({mode_en}) = {w('clearing_fen')}; paid for the year {w('paid_total_fen')}",
                  cite("年终进行清算")),
    ]

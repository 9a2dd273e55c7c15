"""Property tests (hypothesis): what must hold for every input, checked against independent arithmetic.

The oracle in each test is plain Decimal/Fraction arithmetic written here, not fundcalc's own helpers.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundcalc.apportion import largest_remainder
from fundcalc.datasets import DATASETS
from fundcalc.mechanisms import allocation, pooling, settlement
from fundcalc.mechanisms.pooling import budget as global_budget
from fundcalc.money import div_half_up, mul_fraction_half_up, wan_to_fen
from fundcalc.validate import wan_to_fen_array

FAST = settings(max_examples=200, deadline=None)
FRAMES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def half_up(x: Fraction) -> int:
    """Round an exact rational half-up, away from zero: floor(|x| + 1/2) with x's sign."""
    mag = math.floor(abs(x) + Fraction(1, 2))
    return mag if x >= 0 else -mag


# --- money -----------------------------------------------------------------------------------

@FAST
@given(st.integers(-10**15, 10**15), st.integers(1, 10**7))
def test_div_half_up_matches_decimal(numer, denom):
    # |numer| ≤ 10^15 and denom ≤ 10^7: Decimal's 28 digits hold the quotient exactly enough to round.
    want = int((Decimal(numer) / Decimal(denom)).to_integral_value(rounding=ROUND_HALF_UP))
    assert div_half_up(numer, denom) == want
    assert div_half_up(np.array([numer], dtype=np.int64), denom).tolist() == [want]


@FAST
@given(st.lists(st.integers(-10**14, 10**14), min_size=1, max_size=20),
       st.integers(0, 2_000_000), st.sampled_from([1, 100, 10_000, 1_000_000]))
def test_mul_fraction_half_up_is_one_exact_rounding(values, numer_millionths, unit):
    frac = Fraction(numer_millionths, 1_000_000)  # any rate with 4 decimals of a percent, up to 200%
    got = mul_fraction_half_up(np.array(values, dtype=np.int64), frac, unit).tolist()
    assert got == [half_up(Fraction(v) * frac / unit) * unit for v in values]


@FAST
@given(st.integers(0, 10**8 * 100), st.integers(0, 10**6 * 10**6))
def test_wan_float_path_is_exact(hundredths, millionths):
    # Validated 万元 figures (≤ 2 decimals up to 1 万亿元, ≤ 6 decimals up to 100 亿元) reach 分 exactly.
    texts = [str(Decimal(hundredths) / 100), str(Decimal(millionths) / 10**6)]
    assert wan_to_fen_array([float(t) for t in texts]).tolist() == [wan_to_fen(t) for t in texts]


# --- largest remainder -----------------------------------------------------------------------

@FAST
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=40).filter(lambda w: sum(w) > 0), st.data())
def test_largest_remainder_preserves_total_and_rounds_each_quota(weights, data):
    total = data.draw(st.integers(0, sum(weights)))
    parts = largest_remainder(weights, total)
    assert int(parts.sum()) == total
    s = sum(weights)
    for w, p in zip(weights, parts.tolist(), strict=False):
        q = Fraction(w * total, s)
        assert p in (q.numerator // q.denominator, -(-q.numerator // q.denominator))
        assert 0 <= p <= w


# --- allocation ------------------------------------------------------------------------------

@st.composite
def shares(draw, levels=("province", "city", "county")):
    """Integer percentages over the levels that add up to 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(levels) - 1, max_size=len(levels) - 1)))
    bounds = [0, *cuts, 100]
    return {lv: bounds[i + 1] - bounds[i] for i, lv in enumerate(levels)}


@st.composite
def allocation_case(draw):
    n = draw(st.integers(1, 12))
    base = DATASETS["qujing_2018"].policy()
    overrides = {"rounding_unit_yuan": draw(st.sampled_from(["1", "100", "10000"]))}
    for k in ("not_lifted", "lifted"):
        overrides[f"{k}.standard_yuan"] = str(Decimal(draw(st.integers(0, 100_000))) / 100)
        overrides[f"{k}.subsidised_pct"] = str(draw(st.integers(0, 100)))
        for lv, v in draw(shares(("province", "city"))).items():
            overrides[f"{k}.{lv}_pct"] = str(v)
    policy = base.with_overrides(overrides, allocation.param_specs(base))
    table = {"county": [f"县{i}" for i in range(n)],
             "not_lifted_people": draw(st.lists(st.integers(0, 500_000), min_size=n, max_size=n)),
             "lifted_people": draw(st.lists(st.integers(0, 500_000), min_size=n, max_size=n))}
    if draw(st.booleans()):
        policy = allocation.with_category(policy, "tekun", "特困", "Destitute",
                                          str(Decimal(draw(st.integers(0, 100_000))) / 100), draw(shares()))
        table["tekun_people"] = draw(st.lists(st.integers(0, 500_000), min_size=n, max_size=n))
    return policy, pd.DataFrame(table)


@FRAMES
@given(allocation_case())
def test_allocation_rounds_each_part_and_sums_the_rounded_parts(case):
    policy, table = case
    result = allocation.compute(table, policy)
    t = result.table
    unit = int(policy.values["rounding_unit_yuan"]) * 100
    cats = result.detail.categories
    levels = result.levels
    for c in cats:
        # Level per-person shares add up to the (subsidised) standard, each within 1 分 of its exact share.
        per = c.per_person_fen()
        effective = half_up(Fraction(c.standard_fen) * c.subsidised)
        assert sum(per.values()) == effective
        for lv in per:
            assert abs(Fraction(per[lv]) - effective * c.shares[lv]) <= 1
        for lv in levels:
            want = [half_up(Fraction(int(p) * per[lv], unit)) * unit for p in t[f"{c.key}_people"]]
            assert t[f"{c.key}_{lv}_fen"].tolist() == want
    for lv in levels:
        assert t[f"{lv}_total_fen"].tolist() == sum(t[f"{c.key}_{lv}_fen"] for c in cats).tolist()
    assert t["total_fen"].tolist() == sum(t[f"{lv}_total_fen"] for lv in levels).tolist()
    # Totals are sums of the rounded county figures, and the official 合计 row shows them.
    for col in result.columns:
        if col.kind in ("fen", "people"):
            assert result.totals[col.key] == sum(int(x) for x in t[col.key])
    official = allocation.official_table(result)
    last = official.iloc[-1]
    assert last["county"] == "合计"
    for col in result.columns:
        if col.kind == "fen":
            assert round(last[col.key[:-4] + "_wan"] * 1_000_000) == result.totals[col.key]


# --- settlement ------------------------------------------------------------------------------

@FRAMES
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=15))
def test_settlement_identity_given_mode(pairs):
    # 万元 with 2 decimals: due and pre-allocated as hundredths.
    policy = DATASETS["tacheng_2020"].policy()
    table = pd.DataFrame({"county": [f"县{i}" for i in range(len(pairs))],
                          "due_wan": [str(Decimal(d) / 100) for d, _ in pairs],
                          "preallocated_wan": [str(Decimal(p) / 100) for _, p in pairs]})
    result = settlement.compute(table, policy)
    t = result.table
    assert t["due_fen"].tolist() == [d * 10_000 for d, _ in pairs]
    assert t["settlement_fen"].tolist() == [(d - p) * 10_000 for d, p in pairs]
    assert t["clawback"].tolist() == [d < p for d, p in pairs]
    assert [n != "" for n in t["note"]] == [d < p for d, p in pairs]
    assert result.totals["settlement_fen"] == result.totals["due_fen"] - result.totals["preallocated_fen"]


@st.composite
def headcount_rows(draw):
    insured = draw(st.integers(0, 2_000_000))
    dups = [draw(st.integers(0, insured // 4)) for _ in range(4)]
    own = draw(st.one_of(st.none(), st.integers(0, 50_000)))
    return insured, dups, own, draw(st.integers(0, 100_000))


@FRAMES
@given(st.lists(headcount_rows(), min_size=1, max_size=10), st.sampled_from(["1", "100", "10000"]),
       st.integers(0, 50_000))
def test_settlement_identity_headcount_mode(rows, unit_yuan, standard_hundredths):
    base = DATASETS["tacheng_2020"].policy()
    policy = base.with_overrides({"mode": "headcount", "rounding_unit_yuan": unit_yuan,
                                  "standard_yuan": str(Decimal(standard_hundredths) / 100)},
                                 settlement.param_specs(base))
    table = pd.DataFrame({
        "county": [f"县{i}" for i in range(len(rows))],
        "insured": [r[0] for r in rows],
        **{k: [r[1][j] for r in rows] for j, k in enumerate(settlement.DUP_KEYS)},
        "standard_yuan": [None if r[2] is None else str(Decimal(r[2]) / 100) for r in rows],
        "preallocated_wan": [str(Decimal(r[3]) / 100) for r in rows],
    })
    t = settlement.compute(table, policy).table
    unit = int(unit_yuan) * 100
    for i, (insured, dups, own, pre) in enumerate(rows):
        head = insured - sum(dups)
        std = standard_hundredths if own is None else own  # 分/人
        due = half_up(Fraction(head * std, unit)) * unit
        assert int(t["headcount"].iloc[i]) == head
        assert int(t["due_fen"].iloc[i]) == due
        assert int(t["settlement_fen"].iloc[i]) == due - pre * 10_000
        assert bool(t["clawback"].iloc[i]) == (due - pre * 10_000 < 0)


# --- pooling: carry-forward never creates money ------------------------------------------------

@st.composite
def pooling_case(draw):
    n = draw(st.integers(1, 6))
    base = DATASETS["yuncheng_2019_sample"].policy()
    policy = base.with_overrides({
        "reserve_pct": str(Decimal(draw(st.integers(0, 1000))) / 100),
        "county_gap_pct": str(draw(st.integers(0, 100))),
        "surplus_reserve_pct": str(draw(st.integers(0, 100))),
        "outpatient_yuan": str(draw(st.integers(0, 150))),
        "rounding_unit_yuan": draw(st.sampled_from(["0.01", "1", "100"])),
        "city_reserve_opening_wan": str(draw(st.integers(0, 10_000))),
    }, pooling.param_specs(base))
    rows = []
    for i in range(n):
        revenue = draw(st.integers(0, 10**8))          # 0.01 万元 units, up to 100 万元 × 10^4
        expenditure = draw(st.integers(0, 10**8))
        outpatient = draw(st.integers(0, expenditure))
        rows.append({"county": f"县{i}", "revenue_wan": str(Decimal(revenue) / 100),
                     "insured": draw(st.integers(0, 1_000_000)),
                     "expenditure_wan": str(Decimal(expenditure) / 100),
                     "outpatient_spending_wan": str(Decimal(outpatient) / 100),
                     "carried_balance_wan": str(Decimal(draw(st.integers(0, 10**7))) / 100)})
    years = draw(st.integers(1, 5))
    growth = (draw(st.integers(-20, 30)), draw(st.integers(-20, 30)))
    return policy, pd.DataFrame(rows), years, growth


@FRAMES
@given(pooling_case())
def test_carry_forward_never_creates_money(case):
    policy, table, years, (g_rev, g_exp) = case
    proj = pooling.project(table, policy, years, revenue_growth_pct=g_rev, expenditure_growth_pct=g_exp)
    assert len(proj) == years
    prev_retained_end = None
    for _, y in proj.iterrows():
        # Money in = money out, year by year: what was counted in minus what was counted out is exactly
        # what was kept, sent to the reserve, or paid to cover a gap (by retained surplus, county, reserve).
        assert y["calc_revenue_fen"] - y["calc_expenditure_fen"] == (
            y["surplus_retained_fen"] + y["surplus_to_reserve_fen"] - y["covered_by_retained_fen"]
            - y["county_burden_fen"] - y["gap_from_reserve_fen"])
        assert (y["retained_end_fen"] - y["retained_start_fen"]
                == y["surplus_retained_fen"] - y["covered_by_retained_fen"])
        assert y["reserve_end_fen"] - y["reserve_start_fen"] == (
            y["reserve_fen"] + y["surplus_to_reserve_fen"] - y["gap_from_reserve_fen"])
        assert y["retained_end_fen"] >= 0 and y["covered_by_retained_fen"] <= y["gap_fen"]
        if prev_retained_end is not None:
            assert y["retained_start_fen"] == prev_retained_end
        prev_retained_end = y["retained_end_fen"]


@FRAMES
@given(pooling_case())
def test_pooling_year_splits_add_up_per_county(case):
    policy, table, _, _ = case
    t = pooling.compute(table, policy).table
    assert (t["balance_fen"] == t["calc_revenue_fen"] - t["calc_expenditure_fen"]).all()
    assert (t["gap_fen"] == t["covered_by_retained_fen"] + t["county_burden_fen"] + t["gap_from_reserve_fen"]).all()
    assert (t["surplus_fen"] == t["surplus_to_reserve_fen"] + t["surplus_retained_fen"]).all()
    assert ((t["gap_fen"] == 0) | (t["surplus_fen"] == 0)).all()
    assert (t["carried_end_fen"] == t["carried_start_fen"] - t["covered_by_retained_fen"]
            + t["surplus_retained_fen"]).all()


# --- global budget ---------------------------------------------------------------------------

@FRAMES
@given(st.lists(st.tuples(st.integers(0, 10**7), st.lists(st.integers(0, 10**6), min_size=12, max_size=12)),
                min_size=1, max_size=6),
       st.sampled_from(["cap_annual", "monthly_only", "actual"]), st.sampled_from(["resident", "employee"]))
def test_global_budget_pays_within_the_rules(rows, mode, scheme):
    policy = DATASETS["yuncheng_2019_sample"].policy()
    policy = replace(policy, values=policy.values | {"clearing_mode": mode, "scheme": scheme})
    names = [f"县{i}" for i in range(len(rows))]
    counties = pd.DataFrame({"county": names, "inpatient_base_wan": [str(Decimal(b) / 100) for b, _ in rows]})
    monthly = pd.DataFrame({"county": names} | {f"m{m + 1:02d}": [str(Decimal(ms[m]) / 100) for _, ms in rows]
                                                for m in range(12)})
    result = global_budget.compute(counties, monthly, policy)
    t = result.table
    rate = Fraction(90 if scheme == "resident" else 105, 100)
    for i, (base, months) in enumerate(rows):
        annual = half_up(Fraction(base) * rate) * 10_000     # base in 0.01 万元 = 10,000 分
        actual = sum(months) * 10_000
        assert int(t["annual_index_fen"].iloc[i]) == annual
        assert int(result.detail.monthly_index[i].sum()) == annual
        paid_monthly = int(t["paid_monthly_fen"].iloc[i])
        assert paid_monthly <= min(actual, annual)
        want_total = {"cap_annual": min(actual, annual), "monthly_only": paid_monthly, "actual": actual}[mode]
        assert int(t["paid_total_fen"].iloc[i]) == want_total
        assert int(t["paid_total_fen"].iloc[i]) + int(t["over_index_fen"].iloc[i]) == actual

"""基金缺口分担 (运政办发〔2019〕30号 二): rules worked by hand.

3% 调剂金 and 75 元/人 门诊统筹 left out; a gap borne by the county after its retained surplus;
a surplus 10% to the 调剂金, 90% kept; every line item half-up to 0.01 万元.
The single-year gap and surplus cases are also data files under tests/cases/.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.mechanisms import pooling

W = 1_000_000  # 分 per 万元


def wan(x: str) -> int:
    """'1,166.50' 万元 as 分, for hand-written figures."""
    from decimal import Decimal
    return int(Decimal(x.replace(",", "")) * W)


@pytest.fixture(scope="module")
def policy():
    p = DATASETS["yuncheng_2019_sample"].policy()
    return replace(p, values=p.values | {"city_reserve_opening_wan": 0})


def specs(policy):
    return pooling.param_specs(policy)


THREE = pd.DataFrame({
    "county": ["甲县", "乙县", "丙县"],
    "revenue_wan": ["10000.00", "8000.00", "1234.57"],
    "insured": [100_000, 50_000, 12_345],
    "expenditure_wan": ["11000.00", "6500.00", "1100.00"],
    "outpatient_spending_wan": ["700.00", "300.00", "90.00"],
    "carried_balance_wan": ["200.00", "100.00", "0"],
})


def test_three_counties_by_hand(policy):
    t = pooling.compute(THREE, policy).table.set_index("county")
    # 甲: 10,000 − 300 (3%) − 750 (100,000 × 75 元) = 8,950 counted; 11,000 − 700 = 10,300 spent: gap 1,350;
    #     200 retained covers first, 1,150 borne by the county.
    assert [int(t.at["甲县", k]) for k in ("reserve_fen", "outpatient_fund_fen", "calc_revenue_fen",
                                           "calc_expenditure_fen", "balance_fen", "covered_by_retained_fen",
                                           "county_burden_fen", "gap_from_reserve_fen", "carried_end_fen")] == [
        wan(x) for x in ("300", "750", "8950", "10300", "-1350", "200", "1150", "0", "0")]
    # 乙: 8,000 − 240 − 375 = 7,385 counted; 6,500 − 300 = 6,200 spent: surplus 1,185; 10% = 118.50 to the
    #     reserve, 1,066.50 kept; retained 100 + 1,066.50 = 1,166.50.
    assert [int(t.at["乙县", k]) for k in ("surplus_fen", "surplus_to_reserve_fen", "surplus_retained_fen",
                                           "carried_end_fen")] == [wan(x) for x in ("1185", "118.50", "1066.50",
                                                                                    "1166.50")]
    # 丙: 3% × 1,234.57 = 37.0371 -> 37.04; 12,345 × 75 = 925,875 元 -> 92.59; 1,234.57 − 37.04 − 92.59
    #     = 1,104.94; − 1,010 = 94.94 surplus; 9.494 -> 9.49 to the reserve; 85.45 kept.
    assert [int(t.at["丙县", k]) for k in ("reserve_fen", "outpatient_fund_fen", "calc_revenue_fen", "balance_fen",
                                           "surplus_to_reserve_fen", "surplus_retained_fen")] == [
        wan(x) for x in ("37.04", "92.59", "1104.94", "94.94", "9.49", "85.45")]
    # 可支配月数 = retained ÷ (expenditure ÷ 12): 1,166.50 × 12 ÷ 6,500 = 2.15; 85.45 × 12 ÷ 1,100 = 0.93.
    assert t["months_available"].tolist() == [0.0, 2.15, 0.93]
    assert t["status"].tolist() == ["gap", "surplus", "surplus"]


def test_city_level_by_hand(policy):
    p = policy.with_overrides({"city_budget_revenue_wan": "18000", "city_reserve_opening_wan": "1000"},
                              specs(policy))
    city = pooling.compute(THREE, p).figures
    # Revenue 19,234.57 against a budget of 18,000: 1,234.57 above it; 3% of revenue = 577.0371, so at most
    # 577.03 (rounded down: 不超过3%) goes to the 调剂金 and 657.54 is left for shortfalls.
    assert city["excess_fen"] == wan("1234.57")
    assert city["excess_to_reserve_fen"] == wan("577.03")
    assert city["excess_for_shortfalls_fen"] == wan("657.54")
    # Reserve in: 300 + 240 + 37.04 kept from revenue, 118.50 + 9.49 from surpluses = 705.03.
    assert city["reserve_in_fen"] == wan("705.03")
    assert city["reserve_out_fen"] == 0
    assert city["reserve_closing_fen"] == wan("1705.03")
    # Pooled = 1,705.03 + retained 0 + 1,166.50 + 85.45 = 2,956.98; × 12 ÷ 18,600 = 1.91 months.
    assert city["pooled_balance_fen"] == wan("2956.98")
    assert city["months_available"] == 1.91
    assert (city["band_low"], city["band_high"]) == (6.0, 9.0)


def test_part_of_a_gap_from_the_reserve(policy):
    p = policy.with_overrides({"county_gap_pct": "80"}, specs(policy))
    table = pd.DataFrame({"county": ["丁县"], "revenue_wan": [1000], "insured": [10_000],
                          "expenditure_wan": ["1200.01"], "outpatient_spending_wan": [0]})
    row = pooling.compute(table, p).table.iloc[0]
    # 1,000 − 30 − 75 = 895 counted; gap 305.01; 80% = 244.008 -> 244.01 by the county; 61.00 from the reserve.
    assert int(row["gap_fen"]) == wan("305.01")
    assert int(row["county_burden_fen"]) == wan("244.01")
    assert int(row["gap_from_reserve_fen"]) == wan("61.00")


def test_project_carry_forward_by_hand(policy):
    table = pd.DataFrame({"county": ["戊县"], "revenue_wan": [1000], "insured": [10_000],
                          "expenditure_wan": [800], "outpatient_spending_wan": [50], "carried_balance_wan": [0]})
    proj = pooling.project(table, policy, years=3, expenditure_growth_pct=20).set_index("year")
    # 2019: 1,000 − 30 − 75 = 895 counted, 800 − 50 = 750 spent: surplus 145, 14.50 to the reserve, 130.50 kept.
    # 2020: spending × 1.2 = 960 (outpatient 60): 900 spent, gap 5, covered by the 130.50 kept -> 125.50.
    # 2021: 1,152 (outpatient 72): 1,080 spent, gap 185: 125.50 from what is kept, 59.50 by the county.
    assert proj.index.tolist() == [2019, 2020, 2021]
    assert proj["expenditure_fen"].tolist() == [wan(x) for x in ("800", "960", "1152")]
    assert proj["surplus_fen"].tolist() == [wan(x) for x in ("145", "0", "0")]
    assert proj["gap_fen"].tolist() == [wan(x) for x in ("0", "5", "185")]
    assert proj["covered_by_retained_fen"].tolist() == [wan(x) for x in ("0", "5", "125.50")]
    assert proj["county_burden_fen"].tolist() == [wan(x) for x in ("0", "0", "59.50")]
    assert proj["retained_end_fen"].tolist() == [wan(x) for x in ("130.50", "125.50", "0")]
    # Reserve from 0: + 30 + 14.50 = 44.50; + 30 = 74.50; + 30 = 104.50.
    assert proj["reserve_end_fen"].tolist() == [wan(x) for x in ("44.50", "74.50", "104.50")]
    assert proj["gap_counties"].tolist() == [0, 1, 1]
    assert not proj["reserve_exhausted"].any()


def test_project_flags_an_exhausted_reserve(policy):
    p = policy.with_overrides({"county_gap_pct": "0"}, specs(policy))
    proj = pooling.project(THREE.iloc[:1], p, years=1)
    # 甲's gap 1,350: 200 from its retained surplus, the other 1,150 from a reserve of 0 + 300 -> −850.
    assert proj["reserve_end_fen"].tolist() == [wan("-850")]
    assert proj["reserve_exhausted"].tolist() == [True]


def test_official_table(policy):
    result = pooling.compute(THREE, policy)
    official = pooling.official_table(result)
    assert official["county"].tolist() == ["甲县", "乙县", "丙县", "合计"]
    total = official.iloc[-1]
    # 合计 of counted revenue: 8,950 + 7,385 + 1,104.94 = 17,439.94.
    assert round(total["calc_revenue_wan"] * W) == wan("17439.94")
    assert round(total["county_burden_wan"] * W) == wan("1150")
    assert "revenue_wan" in official.columns and "revenue_fen" not in official.columns


def test_explain(policy):
    result = pooling.compute(THREE, policy)
    text = "\n".join(s.zh for s in pooling.explain(result, "甲县"))
    assert "缺口 1,350.00 万元：先以留存结余弥补 200.00，县级政府负担 1,150.00" in text
    assert all(s.clause for s in pooling.explain(result, "乙县"))


def test_shipped_sample_runs(policy):
    ds = DATASETS["yuncheng_2019_sample"]
    result = pooling.compute(ds.load(ds.policy()), ds.policy(), validated=True)
    t = result.table
    assert len(t) == 13
    assert ((t["balance_fen"] < 0) == (t["status"] == "gap")).all()


class TestRefusals:
    def test_outpatient_above_expenditure_names_county(self, policy):
        table = THREE.copy()
        table.loc[1, "outpatient_spending_wan"] = "6500.01"
        with pytest.raises(InputError) as exc:
            pooling.compute(table, policy)
        e = exc.value
        assert (e.row, e.column, e.value) == (2, "门诊统筹支出", "6500.01")
        assert "乙县" in e.one_line() and "6500" in e.zh

    def test_project_checks_it_too(self, policy):
        table = THREE.copy()
        table.loc[0, "outpatient_spending_wan"] = "20000"
        with pytest.raises(InputError) as exc:
            pooling.project(table, policy, years=2)
        assert "甲县" in exc.value.one_line()

    def test_negative_revenue(self, policy):
        table = THREE.copy()
        table.loc[2, "revenue_wan"] = "-1"
        with pytest.raises(InputError) as exc:
            pooling.compute(table, policy)
        assert (exc.value.row, exc.value.column) == (3, "征缴收入") and "丙县" in exc.value.one_line()

    @pytest.mark.parametrize("kw", [{"years": 0}, {"years": 51}, {"years": 2, "revenue_growth_pct": -100},
                                    {"years": 2, "expenditure_growth_pct": "abc"}])
    def test_project_arguments(self, policy, kw):
        with pytest.raises(InputError):
            pooling.project(THREE, policy, **kw)

    @pytest.mark.parametrize("key, raw", [("reserve_pct", "101"), ("outpatient_yuan", "-75"),
                                          ("clearing_mode", "whatever"), ("rounding_unit_yuan", "7")])
    def test_bad_parameters(self, policy, key, raw):
        with pytest.raises(InputError) as exc:
            policy.with_overrides({key: raw}, specs(policy))
        assert key in exc.value.column

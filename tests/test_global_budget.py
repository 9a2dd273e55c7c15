"""住院总额预算 (运政办发〔2019〕30号 三、四): annual index, monthly prepayment capped at the index, year-end clearing.

Worked by hand; the three clearing readings are also data files under tests/cases/.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.mechanisms import pooling
from fundcalc.mechanisms.pooling import budget as global_budget
from fundcalc.mechanisms.pooling.table import monthly_schema
from fundcalc.validate import validate_table

W = 1_000_000

COUNTIES = pd.DataFrame({"county": ["甲县", "乙县", "丙县"], "inpatient_base_wan": ["1200", "100", "1000.01"]})
MONTHLY = pd.DataFrame({"county": ["丙县", "甲县", "乙县"]}  # another order than COUNTIES on purpose
                       | {f"m{m:02d}": [70, 130 if m >= 11 else 80, 10] for m in range(1, 13)})


@pytest.fixture(scope="module")
def policy():
    return DATASETS["yuncheng_2019_sample"].policy()


def run(policy, mode="cap_annual", **values):
    p = replace(policy, values=policy.values | {"clearing_mode": mode} | values)
    return global_budget.compute(COUNTIES, MONTHLY, p)


def test_indices_by_hand(policy):
    t = run(policy).table
    # 90% of 1,200 = 1,080 (monthly 90); of 100 = 90 (monthly 7.50); of 1,000.01 = 900.009 -> 900.01
    # (half-up to 0.01 万元), monthly 75.00 with the 0.01 left over in December.
    assert t["annual_index_fen"].tolist() == [1_080 * W, 90 * W, 900_010_000]
    assert t["monthly_index_fen"].tolist() == [90 * W, 7_500_000, 75 * W]
    months = run(policy).detail.monthly_index
    assert months[2].tolist() == [75 * W] * 11 + [75_010_000]
    assert (months.sum(axis=1) == t["annual_index_fen"].to_numpy()).all()


@pytest.mark.parametrize("mode, clearing, paid, over", [
    # 甲: actual 10 × 80 + 2 × 130 = 1,060; months pay 10 × 80 + 2 × 90 = 980.
    # 乙: actual 12 × 10 = 120; months pay 12 × 7.50 = 90.  丙: 12 × 70 = 840, all paid monthly.
    ("cap_annual", ["80", "0", "0"], ["1060", "90", "840"], ["0", "30", "0"]),     # min(actual, 1,080 / 90)
    ("monthly_only", ["0", "0", "0"], ["980", "90", "840"], ["80", "30", "0"]),
    ("actual", ["80", "30", "0"], ["1060", "120", "840"], ["0", "0", "0"]),
])
def test_clearing_modes_by_hand(policy, mode, clearing, paid, over):
    result = run(policy, mode)
    t = result.table
    assert t["county"].tolist() == ["甲县", "乙县", "丙县"]
    assert t["actual_fen"].tolist() == [1_060 * W, 120 * W, 840 * W]
    assert t["paid_monthly_fen"].tolist() == [980 * W, 90 * W, 840 * W]
    assert t["clearing_fen"].tolist() == [int(x) * W for x in clearing]
    assert t["paid_total_fen"].tolist() == [int(x) * W for x in paid]
    assert t["over_index_fen"].tolist() == [int(x) * W for x in over]
    assert result.totals["paid_total_fen"] == sum(int(x) for x in paid) * W


def test_employee_scheme(policy):
    t = run(policy, scheme="employee").table
    # 105% of 1,200 = 1,260 -> 105 a month, so 甲's dear months (130) are paid 105.
    assert int(t["annual_index_fen"].iloc[0]) == 1_260 * W
    assert int(t["paid_monthly_fen"].iloc[0]) == (10 * 80 + 2 * 105) * W


def test_validated_path_gives_the_same(policy):
    counties = validate_table(COUNTIES, global_budget.base_schema())
    monthly = validate_table(MONTHLY, monthly_schema())
    a = global_budget.compute(counties, monthly, policy, validated=True).table
    b = global_budget.compute(COUNTIES, MONTHLY, policy).table
    pd.testing.assert_frame_equal(a, b)


def test_reads_only_the_params_it_declares(policy):
    """The dashboard reuses the budget while only other pooling parameters change (ui/results.budget):
    compute must read nothing but global_budget.PARAMS."""
    only = replace(policy, values={k: policy.values[k] for k in global_budget.PARAMS})
    pd.testing.assert_frame_equal(global_budget.compute(COUNTIES, MONTHLY, only).table,
                                  global_budget.compute(COUNTIES, MONTHLY, policy).table)


def test_monthly_long_and_explain(policy):
    result = run(policy)
    long = global_budget.monthly_long(result, "甲县")
    assert long["paid_fen"].tolist() == [80 * W] * 10 + [90 * W] * 2
    text = "\n".join(s.zh for s in global_budget.explain(result, "甲县"))
    assert "1,200.00 × 90% = 1,080.00 万元" in text
    assert "年终清算（全年不超过年度指标）= 80.00 万元" in text


def test_shipped_sample(policy):
    ds = DATASETS["yuncheng_2019_sample"]
    counties = ds.load(policy)
    monthly = validate_table(pd.read_csv(ds.data_path.parent / ds.monthly_file, comment="#"), monthly_schema())
    result = global_budget.compute(counties, monthly, policy, validated=True)
    t = result.table
    assert len(t) == 13
    assert (t["paid_monthly_fen"] <= t["annual_index_fen"]).all()
    assert (t["paid_total_fen"] <= np.minimum(t["actual_fen"], t["annual_index_fen"])).all()


class TestRefusals:
    def test_county_missing_from_monthly(self, policy):
        with pytest.raises(InputError) as exc:
            global_budget.compute(COUNTIES, MONTHLY.iloc[:2], policy)
        assert (exc.value.row, exc.value.value) == (2, "乙县")  # 乙 is COUNTIES row 2

    def test_blank_base(self, policy):
        counties = COUNTIES.copy()
        counties.loc[1, "inpatient_base_wan"] = ""
        with pytest.raises(InputError) as exc:
            global_budget.compute(counties, MONTHLY, policy)
        assert (exc.value.row, exc.value.column) == (2, "上年住院医保费用") and "乙县" in exc.value.one_line()

    def test_blank_base_in_a_validated_pooling_table(self, policy):
        table = validate_table(pd.DataFrame({"county": ["甲县"], "revenue_wan": [1], "insured": [1],
                                             "expenditure_wan": [1], "outpatient_spending_wan": [0]}),
                               pooling.schema(policy))
        monthly = validate_table(MONTHLY, monthly_schema())
        with pytest.raises(InputError) as exc:
            global_budget.compute(table, monthly, policy, validated=True)
        assert exc.value.column == "上年住院医保费用" and "甲县" in exc.value.one_line()

    def test_negative_month(self, policy):
        monthly = MONTHLY.copy()
        monthly.loc[0, "m03"] = -1
        with pytest.raises(InputError) as exc:
            global_budget.compute(COUNTIES, monthly, policy)
        assert (exc.value.row, exc.value.column) == (1, "3月住院费用") and "丙县" in exc.value.one_line()

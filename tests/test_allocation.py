"""资助参保补助分配 (曲财社〔2018〕106号): golden table and hand-worked rules.

Golden figures come from tests/reference/qujing_2018_poverty_insurance_subsidy.csv, never from the code.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.mechanisms import allocation

REFERENCE = Path(__file__).parent / "reference" / "qujing_2018_poverty_insurance_subsidy.csv"


def reference():
    with open(REFERENCE, encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def wan_fen(text: str) -> int:
    """A reference 万元 figure as exact 分."""
    return int(Decimal(text) * 1_000_000)


@pytest.fixture(scope="module")
def policy():
    return DATASETS["qujing_2018"].policy()


def inline_table(rows):
    return pd.DataFrame({"county": [r["county"] for r in rows],
                         "not_lifted_people": [int(r["not_lifted_people"]) for r in rows],
                         "lifted_people": [int(r["lifted_people"]) for r in rows]})


class TestGolden:
    """Every figure of the 附表, 合计 row included, to the cent."""

    def test_every_county_figure(self, policy):
        header, rows = reference()
        counties = [r for r in rows if r["county"] != "合计"]
        result = allocation.compute(inline_table(counties), policy)
        table = result.table.set_index("county")
        assert list(table.index) == [r["county"] for r in counties]
        checked = 0
        for r in counties:
            for col in header[1:]:
                if col.endswith("_wan"):
                    got, want = int(table.at[r["county"], col[:-4] + "_fen"]), wan_fen(r[col])
                else:
                    got, want = int(table.at[r["county"], col]), int(r[col])
                assert got == want, (r["county"], col)
                checked += 1
        assert checked == 9 * 10

    def test_total_row(self, policy):
        header, rows = reference()
        total = next(r for r in rows if r["county"] == "合计")
        result = allocation.compute(inline_table([r for r in rows if r["county"] != "合计"]), policy)
        for col in header[1:]:
            key = col[:-4] + "_fen" if col.endswith("_wan") else col
            want = wan_fen(total[col]) if col.endswith("_wan") else int(total[col])
            assert result.totals[key] == want, col
        # The two figures the reference README singles out: sums of rounded parts, not rounded sums.
        assert result.totals["not_lifted_city_fen"] == 3_110_190_000   # not 3,110.18
        assert result.totals["lifted_province_fen"] == 3_286_380_000   # not 3,286.36
        assert result.totals["city_total_fen"] == 8_039_730_000        # the 绩效目标表's 8,039.73

    def test_official_table_layout(self, policy):
        header, rows = reference()
        result = allocation.compute(DATASETS["qujing_2018"].load(policy), policy, validated=True)
        official = allocation.official_table(result)
        assert list(official.columns) == header
        assert official["county"].tolist() == [r["county"] for r in rows]
        for col in header[1:]:
            for got, r in zip(official[col].tolist(), rows, strict=False):
                if col.endswith("_wan"):
                    assert round(got * 1_000_000) == wan_fen(r[col]), (r["county"], col)
                else:
                    assert got == int(r[col]), (r["county"], col)


def test_per_person_split(policy):
    # 180 元 paid in full: 未脱贫 6:4 -> 108/72, 已脱贫 4:6 -> 72/108 (曲政办发〔2017〕160号).
    rates = {c.key: c.per_person_fen() for c in allocation.categories(policy)}
    assert rates["not_lifted"] == {"province": 10_800, "city": 7_200, "county": 0}
    assert rates["lifted"] == {"province": 7_200, "city": 10_800, "county": 0}


def test_subsidised_share_and_third_level(policy):
    # 特困 180 元, 50% subsidised = 90 元, split 50/30/20 -> 45 / 27 / 18 元.
    p = allocation.with_category(policy, "tekun", "特困", "Destitute", 180, {"province": 50, "city": 30, "county": 20},
                                 subsidised_pct=50)
    cat = allocation.categories(p)[-1]
    assert cat.per_person_fen() == {"province": 4_500, "city": 2_700, "county": 1_800}
    table = pd.DataFrame({"county": ["甲县"], "not_lifted_people": [0], "lifted_people": [0], "tekun_people": [1_001]})
    result = allocation.compute(table, p)
    assert allocation.active_levels(result.detail.categories) == ["province", "city", "county"]
    row = result.table.iloc[0]
    # 1,001 × 45 = 45,045 元 -> 4.50 万元; × 27 = 27,027 -> 2.70; × 18 = 18,018 -> 1.80.
    assert (int(row["tekun_province_fen"]), int(row["tekun_city_fen"]), int(row["tekun_county_fen"])) == (
        4_500_000, 2_700_000, 1_800_000)
    assert int(row["county_total_fen"]) == 1_800_000
    assert int(row["total_fen"]) == 9_000_000


def test_odd_standard_keeps_parts_adding_up(policy):
    # 100.01 元 split 1/3 each way: 33.34 + 33.34 + 33.33 = 100.01 (the last level takes the remainder).
    p = allocation.with_category(policy, "x", "其他", "Other", "100.01",
                                 {"province": "33.3333", "city": "33.3333", "county": "33.3334"})
    per = allocation.categories(p)[-1].per_person_fen()
    assert sum(per.values()) == 10_001
    assert per == {"province": 3_334, "city": 3_334, "county": 3_333}


def test_whole_wan_rounding_unit(policy):
    p = policy.with_overrides({"rounding_unit_yuan": "10000"}, allocation.param_specs(policy))
    table = pd.DataFrame({"county": ["麒麟区"], "not_lifted_people": [4773], "lifted_people": [7423]})
    row = allocation.compute(table, p).table.iloc[0]
    # 4773 × 108 = 515,484 元 = 51.5484 万元 -> 52; 4773 × 72 = 343,656 -> 34; 7423 × 72 = 534,456 -> 53;
    # 7423 × 108 = 801,684 -> 80.
    assert [int(row[k]) // 1_000_000 for k in ("not_lifted_province_fen", "not_lifted_city_fen",
                                               "lifted_province_fen", "lifted_city_fen")] == [52, 34, 53, 80]


def test_deduction_by_largest_remainder(policy):
    # 7 people deducted over cells 300, 200 | 150, 250 | 100, 0 (see test_apportion): 2, 1 | 1, 2 | 1, 0.
    p = policy.with_overrides({"table_stage": "before_deduction", "deduction_people": "7"},
                              allocation.param_specs(policy))
    table = pd.DataFrame({"county": ["甲县", "乙县", "丙县"], "not_lifted_people": [300, 150, 100],
                          "lifted_people": [200, 250, 0]})
    result = allocation.compute(table, p)
    assert result.table["not_lifted_people"].tolist() == [298, 149, 99]
    assert result.table["lifted_people"].tolist() == [199, 248, 0]
    assert result.totals["total_people"] == 993
    steps = allocation.explain(result, "乙县")
    assert "调减 1" in steps[0].zh and "150" in steps[0].zh


def test_deduction_on_qujing_keeps_the_total(policy):
    p = policy.with_overrides({"table_stage": "before_deduction"}, allocation.param_specs(policy))
    result = allocation.compute(DATASETS["qujing_2018"].load(p), p, validated=True)
    # 888,409 − 4,463 (the college students of the 备注).
    assert result.totals["total_people"] == 883_946


def test_explain_cites_the_arithmetic(policy):
    result = allocation.compute(DATASETS["qujing_2018"].load(policy), policy, validated=True)
    text = "\n".join(s.zh for s in allocation.explain(result, "麒麟区"))
    assert "4,773 人 × 108.00 元 = 515,484.00 元 → 51.55 万元" in text
    assert "市级合计 = 34.37 + 80.17 = 114.54 万元" in text
    assert all(s.clause for s in allocation.explain(result, "麒麟区"))
    with pytest.raises(InputError):
        allocation.explain(result, "不存在县")


class TestRefusals:
    def test_shares_not_summing_to_100(self, policy):
        p = policy.with_overrides({"not_lifted.province_pct": "70"}, allocation.param_specs(policy))
        with pytest.raises(InputError) as exc:
            allocation.compute(DATASETS["qujing_2018"].load(policy), p, validated=True)
        e = exc.value
        assert "未脱贫" in e.column and "分担比例" in e.column
        assert e.value == "110%"
        assert "100%" in e.zh and "100%" in e.en

    def test_negative_people_names_county_row_and_field(self, policy):
        table = pd.DataFrame({"county": ["麒麟区", "马龙区"], "not_lifted_people": [4773, -5],
                              "lifted_people": [7423, 7843]})
        with pytest.raises(InputError) as exc:
            allocation.compute(table, policy)
        e = exc.value
        assert (e.row, e.column, e.value) == (2, "未脱贫人数", -5)
        assert "马龙区" in e.one_line()

    def test_non_number(self, policy):
        table = pd.DataFrame({"county": ["麒麟区", "马龙区"], "not_lifted_people": ["4773", "四千"],
                              "lifted_people": ["7423", "7843"]})
        with pytest.raises(InputError) as exc:
            allocation.compute(table, policy)
        e = exc.value
        assert (e.row, e.column, e.value) == (2, "未脱贫人数", "四千")
        assert "不是数字" in e.zh and "马龙区" in e.one_line()

    def test_fractional_people(self, policy):
        table = pd.DataFrame({"county": ["麒麟区"], "not_lifted_people": [10.5], "lifted_people": [1]})
        with pytest.raises(InputError) as exc:
            allocation.compute(table, policy)
        assert exc.value.column == "未脱贫人数" and "整数" in exc.value.zh

    def test_duplicate_county(self, policy):
        table = pd.DataFrame({"county": ["麒麟区", "麒麟区"], "not_lifted_people": [1, 2], "lifted_people": [1, 2]})
        with pytest.raises(InputError) as exc:
            allocation.compute(table, policy)
        assert (exc.value.row, exc.value.value) == (2, "麒麟区")

    def test_missing_category_column(self, policy):
        p = allocation.with_category(policy, "tekun", "特困", "Destitute", 180, {"province": 50, "city": 50})
        with pytest.raises(InputError) as exc:
            allocation.compute(DATASETS["qujing_2018"].load(policy), p)
        assert exc.value.column == "特困人数"

    @pytest.mark.parametrize("key", ["lifted", "bad key", ""])
    def test_bad_category_key(self, policy, key):
        with pytest.raises(InputError):
            allocation.with_category(policy, key, "重复", "Dup", 180, {"province": 100})

    @pytest.mark.parametrize("key, raw", [("not_lifted.standard_yuan", "-1"), ("not_lifted.city_pct", "101"),
                                          ("rounding_unit_yuan", "50"), ("deduction_people", "1.5")])
    def test_out_of_range_parameters(self, policy, key, raw):
        with pytest.raises(InputError) as exc:
            policy.with_overrides({key: raw}, allocation.param_specs(policy))
        assert key in exc.value.column

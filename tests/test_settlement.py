"""补助资金结算 (塔地财社〔2021〕87号): golden table and the headcount rule, worked by hand.

Golden figures come from tests/reference/tacheng_2020_settlement.csv, never from the code.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.mechanisms import settlement

REFERENCE = Path(__file__).parent / "reference" / "tacheng_2020_settlement.csv"
CLAWBACK = "从塔地财社〔2021〕8号文件扣回"


def reference():
    with open(REFERENCE, encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def wan_fen(text: str) -> int:
    return int(Decimal(text) * 1_000_000)


@pytest.fixture(scope="module")
def policy():
    return DATASETS["tacheng_2020"].policy()


@pytest.fixture(scope="module")
def headcount_policy(policy):
    return replace(policy, values=policy.values | {"mode": "headcount"})


class TestGolden:
    def test_every_figure_with_total(self, policy):
        header, rows = reference()
        counties = [r for r in rows if r["county"] != "合计"]
        # Only the inputs of 附件1 go in: due and pre-allocated; the settlement and the note come out.
        table = pd.DataFrame({"county": [r["county"] for r in counties],
                              "due_wan": [r["due_wan"] for r in counties],
                              "preallocated_wan": [r["preallocated_wan"] for r in counties]})
        result = settlement.compute(table, policy)
        t = result.table
        assert t["county"].tolist() == [r["county"] for r in counties]
        for i, r in enumerate(counties):
            for col in ("due_wan", "preallocated_wan", "settlement_wan"):
                assert int(t[col[:-4] + "_fen"].iloc[i]) == wan_fen(r[col]), (r["county"], col)
            assert t["note"].iloc[i] == r["note"], r["county"]
            assert bool(t["clawback"].iloc[i]) == (r["note"] != "")
        total = next(r for r in rows if r["county"] == "合计")
        for col in ("due_wan", "preallocated_wan", "settlement_wan"):
            assert result.totals[col[:-4] + "_fen"] == wan_fen(total[col]), col
        assert result.totals["settlement_fen"] == -96_000_000
        assert result.totals["clawback_count"] == 6

    def test_official_table_layout(self, policy):
        header, rows = reference()
        result = settlement.compute(DATASETS["tacheng_2020"].load(policy), policy, validated=True)
        official = settlement.official_table(result)
        # 附件1's columns; insured_at_least_10k is the 绩效目标表's 参保人数 target (its 合计 64.89 is not a
        # sum of the counties), so it is not part of the settlement table.
        assert list(official.columns) == [c for c in header if c != "insured_at_least_10k"]
        assert official["county"].tolist() == [r["county"] for r in rows]
        for col in ("due_wan", "preallocated_wan", "settlement_wan"):
            assert [round(v * 1_000_000) for v in official[col]] == [wan_fen(r[col]) for r in rows], col
        assert official["note"].tolist() == [r["note"] for r in rows]


def test_headcount_mode_by_hand(headcount_policy):
    # 78 元/人 (the shipped illustrative standard), due rounded half-up to whole 万元 as 附件1 prints.
    table = pd.DataFrame({
        "county": ["甲县", "乙县", "丙县", "丁县"],
        "insured": [100_000, 50_000, 64_103, 2_600],
        "dup_in_province": [500, 0, 1, 40],
        "dup_bingtuan": [300, 0, 1, 30],
        "dup_cross_province": [200, 0, 1, 20],
        "dup_cross_system": [100, 0, 0, 10],
        "standard_yuan": [None, None, 80, None],
        "preallocated_wan": [780, 385, 513, 21],
    })
    result = settlement.compute(table, headcount_policy)
    t = result.table
    # 甲 100,000 − 1,100 = 98,900 × 78 = 7,714,200 元 = 771.42 -> 771; 771 − 780 = −9 (clawback).
    # 乙 50,000 × 78 = 3,900,000 元 = 390; 390 − 385 = 5.
    # 丙 64,100 × 80 (own standard) = 5,128,000 元 = 512.8 -> 513; 513 − 513 = 0 (no clawback).
    # 丁 2,500 × 78 = 195,000 元 = 19.5 -> 20 (half-up); 20 − 21 = −1 (clawback).
    assert t["headcount"].tolist() == [98_900, 50_000, 64_100, 2_500]
    assert t["standard_fen"].tolist() == [7_800, 7_800, 8_000, 7_800]
    assert (t["due_fen"] // 1_000_000).tolist() == [771, 390, 513, 20]
    assert (t["settlement_fen"] // 1_000_000).tolist() == [-9, 5, 0, -1]
    assert t["clawback"].tolist() == [True, False, False, True]
    assert t["note"].tolist() == [CLAWBACK, "", "", CLAWBACK]
    assert (result.totals["due_fen"], result.totals["preallocated_fen"], result.totals["settlement_fen"]) == (
        1_694_000_000, 1_699_000_000, -5_000_000)
    assert result.totals["headcount"] == 215_500
    text = "\n".join(s.zh for s in settlement.explain(result, "甲县"))
    assert "98,900 人 × 78.00 元 = 7,714,200.00 元 → 771 万元" in text
    assert "结算为负数" in text


def test_headcount_sample_dataset_runs(headcount_policy):
    ds = DATASETS["tacheng_2020_headcount_sample"]
    result = settlement.compute(ds.load(ds.policy()), ds.policy(), validated=True)
    t = result.table
    assert (t["headcount"] == t["insured"] - t["dup_in_province"] - t["dup_bingtuan"] - t["dup_cross_province"]
            - t["dup_cross_system"]).all()
    assert ((t["settlement_fen"] < 0) == t["clawback"]).all()


def test_clawback_document_is_a_parameter(policy):
    p = policy.with_overrides({"clawback_doc": "塔地财社〔2021〕9号"}, settlement.param_specs(policy))
    table = pd.DataFrame({"county": ["甲县"], "due_wan": [10], "preallocated_wan": [12]})
    assert settlement.compute(table, p).table["note"].tolist() == ["从塔地财社〔2021〕9号文件扣回"]


def test_given_note_is_kept(policy):
    table = pd.DataFrame({"county": ["甲县", "乙县"], "due_wan": [10, 10], "preallocated_wan": [12, 8],
                          "note": ["另文扣回", ""]})
    assert settlement.compute(table, policy).table["note"].tolist() == ["另文扣回", ""]


class TestRefusals:
    def test_duplicates_above_insured_name_county_and_field(self, headcount_policy):
        table = pd.DataFrame({"county": ["甲县", "乙县"], "insured": [1_000, 1_000],
                              "dup_in_province": [10, 600], "dup_bingtuan": [0, 300], "dup_cross_province": [0, 100],
                              "dup_cross_system": [0, 1], "preallocated_wan": [1, 1]})
        with pytest.raises(InputError) as exc:
            settlement.compute(table, headcount_policy)
        e = exc.value
        assert (e.row, e.value) == (2, 1_001)
        assert "重复参保" in e.column
        assert "乙县" in e.one_line() and "1,000" in e.zh

    def test_row_numbers_follow_the_file(self, headcount_policy, tmp_path):
        # Through the importer the row is the file's line (header = line 1), as a spreadsheet shows it.
        path = tmp_path / "h.csv"
        path.write_text("county,insured,dup_in_province,dup_bingtuan,dup_cross_province,dup_cross_system,"
                        "preallocated_wan\n甲县,100,0,0,0,0,1\n乙县,100,0,0,0,0,1\n丙县,100,99,2,0,0,1\n",
                        encoding="utf-8")
        from fundcalc.importer import read_table
        imported = read_table(path, settlement.schema(headcount_policy))
        with pytest.raises(InputError) as exc, imported.rows.naming():
            settlement.compute(imported.frame, headcount_policy, validated=True)
        assert exc.value.row == 4 and "丙县" in exc.value.one_line()

    def test_negative_people(self, headcount_policy):
        table = pd.DataFrame({"county": ["甲县"], "insured": [-1], "dup_in_province": [0], "dup_bingtuan": [0],
                              "dup_cross_province": [0], "dup_cross_system": [0], "preallocated_wan": [1]})
        with pytest.raises(InputError) as exc:
            settlement.compute(table, headcount_policy)
        assert (exc.value.row, exc.value.column, exc.value.value) == (1, "6月底参保人数", -1)
        assert "甲县" in exc.value.one_line()

    def test_non_number_due(self, policy):
        table = pd.DataFrame({"county": ["甲县"], "due_wan": ["七百"], "preallocated_wan": ["731"]})
        with pytest.raises(InputError) as exc:
            settlement.compute(table, policy)
        assert (exc.value.column, exc.value.value) == ("应补助资金", "七百")

    def test_bad_mode(self, policy):
        with pytest.raises(InputError) as exc:
            policy.with_overrides({"mode": "guess"}, settlement.param_specs(policy))
        assert "given" in exc.value.zh and "headcount" in exc.value.zh

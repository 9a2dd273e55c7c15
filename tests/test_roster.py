"""Roster → settlement headcount columns on DuckDB: each rule with a small hand-made case, the generator's
planted counts recovered exactly, bad files refused with a bilingual message.

Expected figures are written by hand here or come from the generator's plan, never from the SQL.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fundcalc.errors import InputError
from fundcalc.roster import RosterRules, Sources, run_headcount
from fundcalc.roster.generate import Rates, generate
from fundcalc.roster.idnumber import check_char, mask, to18
from tests.roster_helpers import by_county, pid, run_case, write_csv

A, B = "甲县", "乙县"   # code points: 乙 U+4E59 < 甲 U+7532 (pinyin order would put 甲 first)
DUPS = ("insured", "dup_in_province", "dup_bingtuan", "dup_cross_province", "dup_cross_system")


def test_check_digit_matches_the_standards_examples():
    # GB 11643-1999's own example numbers.
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"
    assert to18("11010519491231002x") == "11010519491231002X"
    assert to18("110105194912310021") is None
    assert to18("110105491231002") is None                       # 15 digits: invalid unless converting
    assert to18("110105491231002", convert_15=True) == "11010519491231002X"
    assert mask("11010519491231002X") == "1101**********002X"


CASES = {
    # name: (roster rows, lists, rules, expected {county: (insured, 省内, 兵团, 跨省, 跨制度)})
    "cutoff_inclusive": (
        [(pid(1), A, "2020-06-30", "正常"), (pid(2), A, "2020-07-01", "正常"), (pid(3), A, "20200630", "")],
        {}, {}, {A: (2, 0, 0, 0, 0)}),
    "status_active_or_blank": (
        [(pid(1), A, "2019-01-01", "停保"), (pid(2), A, "2019-01-01", ""), (pid(3), A, "2019-01-01", "正常")],
        {}, {}, {A: (2, 0, 0, 0, 0)}),
    "status_ignored": (
        [(pid(1), A, "2019-01-01", "停保"), (pid(2), A, "2019-01-01", "正常")],
        {}, {"active_statuses": None}, {A: (2, 0, 0, 0, 0)}),
    "earliest_date_keeps": (
        [(pid(1), A, "2018-01-01", ""), (pid(1), B, "2019-01-01", "")],
        {}, {}, {A: (1, 0, 0, 0, 0), B: (1, 1, 0, 0, 0)}),
    "tie_goes_to_code_point_first": (
        [(pid(1), A, "2018-01-01", ""), (pid(1), B, "2018-01-01", "")],
        {}, {}, {A: (1, 1, 0, 0, 0), B: (1, 0, 0, 0, 0)}),
    "later_record_after_cutoff_is_no_duplicate": (
        [(pid(1), A, "2018-01-01", ""), (pid(1), B, "2020-07-01", "")],
        {}, {}, {A: (1, 0, 0, 0, 0), B: (0, 0, 0, 0, 0)}),
    "same_county_twice_is_one_person": (
        [(pid(1), A, "2018-01-01", ""), (pid(1), A, "2019-01-01", "")],
        {}, {}, {A: (1, 0, 0, 0, 0)}),
    "precedence_bingtuan_cross_province_cross_system": (
        [(pid(1), A, "2018-01-01", ""), (pid(2), A, "2018-01-01", ""), (pid(3), A, "2018-01-01", ""),
         (pid(4), A, "2018-01-01", "")],
        {"bingtuan": [pid(1)], "cross_province": [pid(1), pid(2)], "employee": [pid(1), pid(2), pid(3)]},
        {}, {A: (4, 0, 1, 1, 1)}),
    "deducted_once_in_the_kept_county": (
        [(pid(1), A, "2019-01-01", ""), (pid(1), B, "2018-01-01", "")],
        {"bingtuan": [pid(1), pid(1)], "employee": [pid(1)]},
        {}, {A: (1, 1, 0, 0, 0), B: (1, 0, 1, 0, 0)}),
    "list_numbers_normalised": (
        [(pid(1), A, "2018-01-01", "")],
        {"bingtuan": [" " + pid(1).lower() + " "]}, {}, {A: (1, 0, 1, 0, 0)}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rule_case(tmp_path, name):
    roster, lists, rules, expected = CASES[name]
    result = run_case(tmp_path, roster, lists, **rules)
    assert by_county(result, *DUPS) == expected


def test_invalid_numbers_are_counted_per_county_and_masked(tmp_path):
    good = pid(1)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    roster = [(good, A, "2018-01-01", ""), (wrong_check, A, "2018-01-01", ""), (good[:17], B, "2018-01-01", ""),
              ("ABCDEFGHIJKLMNOPQR", B, "2018-01-01", ""), ("", B, "2018-01-01", "")]
    result = run_case(tmp_path, roster)
    assert by_county(result, "insured", "invalid_id", "records") == {A: (1, 1, 2), B: (0, 3, 3)}
    shown = " ".join(m for ms in result.examples.values() for m in ms)
    assert wrong_check not in shown and good[:17] not in shown
    assert wrong_check[:4] + "**********" + wrong_check[-4:] in shown
    report = result.report_markdown("zh") + result.report_markdown("en")
    assert wrong_check not in report and "身份证号无效" in report


def test_fifteen_digit_numbers_invalid_by_default_converted_when_asked(tmp_path):
    old = "110105491231002"            # GB 11643's example in its 15-digit form
    new = "11010519491231002X"
    roster = [(old, A, "2018-01-01", ""), (pid(1), A, "2018-01-01", "")]
    lists = {"bingtuan": [new], "cross_province": ["440524800101001"]}
    off = run_case(tmp_path, roster, lists)
    assert by_county(off, "insured", "invalid_id", "dup_bingtuan") == {A: (1, 1, 0)}
    on = run_case(tmp_path, roster, lists, convert_15=True)
    assert by_county(on, "insured", "invalid_id", "dup_bingtuan") == {A: (2, 0, 1)}
    assert on.lists.set_index("list").loc["cross_province", "invalid"] == 0
    assert off.lists.set_index("list").loc["cross_province", "invalid"] == 1


def test_unreadable_dates_and_blank_counties_are_reported_not_counted(tmp_path):
    roster = [(pid(1), A, "2020-02-30", ""), (pid(2), A, "yesterday", ""), (pid(3), "", "2018-01-01", ""),
              (pid(4), A, "2018/01/02", "")]
    result = run_case(tmp_path, roster)
    assert by_county(result, "insured", "bad_date", "records") == {A: (1, 2, 3)}
    assert result.lists.set_index("list").loc["roster_without_county", "records"] == 1


def test_roster_without_status_column_and_english_headers(tmp_path):
    roster = [(pid(1), A, "2018-01-01"), (pid(2), B, "2018-01-01")]
    result = run_case(tmp_path, roster, header=("id_number", "county", "insured_date"))
    assert by_county(result, "insured") == {A: (1,), B: (1,)}


def test_missing_column_is_refused_in_both_languages(tmp_path):
    r = write_csv(tmp_path / "r.csv", ["身份证号", "参保日期"], [(pid(1), "2018-01-01")])
    with pytest.raises(InputError) as err:
        run_headcount(Sources(r), RosterRules(cutoff="2020-06-30"))
    text = err.value.one_line()
    assert "县(市、区)" in text and "r.csv" in text and "lacks the required column" in text


@pytest.mark.parametrize("fmt,headers", [("parquet", "zh"), ("csv", "en")])
def test_generated_roster_recovers_every_planted_count(tmp_path, fmt, headers):
    plan = generate(tmp_path, persons=8_000, counties=6, seed=7, fmt=fmt, headers=headers)
    sources = Sources(plan.paths["roster"], plan.paths["bingtuan"], plan.paths["cross_province"],
                      plan.paths["employee"])
    for convert in (False, True):
        result = run_headcount(sources, RosterRules(cutoff=plan.cutoff, convert_15=convert))
        expected = plan.expected(convert)
        assert result.detail[expected.columns].to_dict("list") == expected.to_dict("list")
        assert result.detail["records"].sum() == plan.records
        lists = result.lists.set_index("list")["invalid"].to_dict()
        assert {k: lists[k] for k in plan.list_invalid} == plan.list_invalid
    assert expected["dup_in_province"].sum() > 0 and expected["dup_bingtuan"].sum() > 0  # the plan planted some


def test_plan_without_duplicates_has_none(tmp_path):
    rates = Rates(in_province=0, tie=0, bingtuan=0, cross_province=0, employee=0)
    plan = generate(tmp_path, persons=500, counties=3, seed=3, rates=rates)
    result = run_headcount(Sources(plan.paths["roster"], plan.paths["bingtuan"]),
                           RosterRules(cutoff=dt.date(2020, 6, 30)))
    assert result.detail[["dup_in_province", "dup_bingtuan"]].to_numpy().sum() == 0
    assert result.detail["insured"].tolist() == plan.expected()["insured"].tolist()


def test_spill_folder_is_removed_after_the_run(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    run_case(tmp_path, [(pid(1), A, "2018-01-01", "")])
    assert list((tmp_path / "t").iterdir()) == []

"""行政区划代码: an optional 6-digit column of the county tables; counties are matched by it first, then by name.

A county renamed with its code kept (甲县 → 甲市, a county that became a city) is the same county: the
scenario's table edits record a change of its name, not a county removed and one added, and the roster's
join with the settlement table finds it by code.
"""

from __future__ import annotations

import datetime
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.importer import read_table
from fundcalc.mechanisms import allocation, settlement
from fundcalc.roster import HeadcountResult, RosterRules, settlement_table
from fundcalc.scenario import TableEdits, apply_edits, diff_tables
from fundcalc.validate import validate_table

QJ = allocation.schema(DATASETS["qujing_2018"].policy())


def xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_codes_are_read_as_text_from_numbers_full_width_digits_or_text():
    data = xlsx([["县(市、区)", "行政区划代码", "未脱贫人数", "已脱贫人数"],
                 ["甲县", 990101, 1, 2], ["乙县", "９９０１０２", 3, 4], ["丙县", " 990103 ", 5, 6],
                 ["丁县", None, 7, 8]])
    frame = read_table(data, QJ, filename="t.xlsx").frame
    assert frame["code"].tolist() == ["990101", "990102", "990103", ""]


def test_a_table_without_codes_has_a_blank_code_column():
    frame = read_table("县(市、区),未脱贫人数,已脱贫人数\n甲县,1,2\n".encode(), QJ, filename="t.csv").frame
    assert frame["code"].tolist() == [""]


@pytest.mark.parametrize("code, fragment", [("99010", "格式不符"), ("99010A", "格式不符"), ("990101", "代码重复")])
def test_a_bad_or_repeated_code_is_refused_naming_row_column_and_value(code, fragment):
    text = f"县(市、区),行政区划代码,未脱贫人数,已脱贫人数\n甲县,990101,1,2\n乙县,{code},3,4\n"
    with pytest.raises(InputError) as info:
        read_table(text.encode(), QJ, filename="t.csv")
    err = info.value
    assert fragment in err.zh and err.en
    assert (err.row, err.column, err.value) == (3, "行政区划代码", code)
    assert "乙县" in err.zh


def table(names, codes, people):
    return validate_table(pd.DataFrame({"county": names, "code": codes, "not_lifted_people": people,
                                        "lifted_people": [0] * len(names)}), QJ)


def test_a_county_renamed_with_its_code_kept_is_a_change_not_a_removal():
    base = table(["甲县", "乙县", "丙县"], ["990101", "990102", "990103"], [10, 20, 30])
    edited = table(["甲县", "乙市", "丙县"], ["990101", "990102", "990103"], [10, 25, 30])
    edits = diff_tables(base, edited)
    assert edits.removed == [] and edits.added == []
    assert edits.changed == {"乙县": {"county": "乙市", "not_lifted_people": 25}}
    replayed = validate_table(apply_edits(base, TableEdits.from_dict(edits.to_dict())), QJ)
    assert replayed["county"].tolist() == ["甲县", "乙市", "丙县"]
    assert replayed["not_lifted_people"].tolist() == [10, 25, 30]


def test_codes_come_first_then_names():
    # 乙县 moved to another row and renamed; a new county took a name the baseline had under another code
    base = table(["甲县", "乙县"], ["990101", "990102"], [10, 20])
    edited = table(["乙市", "甲县", "丙县"], ["990102", "990101", "990103"], [20, 11, 5])
    edits = diff_tables(base, edited)
    assert edits.changed == {"甲县": {"not_lifted_people": 11}, "乙县": {"county": "乙市"}}
    assert [r["county"] for r in edits.added] == ["丙县"] and edits.removed == []


def test_without_codes_a_renamed_county_is_removed_and_added_as_before():
    base = table(["甲县", "乙县"], ["", ""], [10, 20])
    edited = table(["甲县", "乙市"], ["", ""], [10, 20])
    edits = diff_tables(base, edited)
    assert edits.removed == ["乙县"] and [r["county"] for r in edits.added] == ["乙市"] and edits.changed == {}


def roster_result(counties: list[str], insured: list[int]) -> HeadcountResult:
    zeros = [0] * len(counties)
    detail = pd.DataFrame({"county": counties, "insured": insured, "dup_in_province": zeros, "dup_bingtuan": zeros,
                           "dup_cross_province": zeros, "dup_cross_system": zeros, "headcount": insured})
    return HeadcountResult(detail, pd.DataFrame(), {}, RosterRules(cutoff=datetime.date(2025, 6, 30)), "test", 0.0)


def test_the_roster_join_finds_a_county_by_its_code_then_by_name():
    current = validate_table(pd.DataFrame({
        "county": ["甲市", "乙县", "丙县"], "code": ["990101", "990102", ""], "insured": [1, 1, 1],
        "dup_in_province": [0, 0, 0], "dup_bingtuan": [0, 0, 0], "dup_cross_province": [0, 0, 0],
        "dup_cross_system": [0, 0, 0], "standard_yuan": [400, np.nan, 380], "preallocated_wan": [12.5, 3, 4],
        "note": ["", "", "说明"]}), settlement.schema(DATASETS["tacheng_2020_headcount_sample"].policy()))
    # the roster gives 甲市 by its code (参保地 as a code), 乙县 and 丙县 by name, and a county the table lacks
    out, roster_only, table_only = settlement_table(roster_result(["990101", "乙县", "丙县", "丁县"],
                                                                  [100, 200, 300, 400]), current)
    assert out["county"].tolist() == ["甲市", "乙县", "丙县", "丁县"]
    assert out["code"].tolist() == ["990101", "990102", "", ""]
    assert out["insured"].tolist() == [100, 200, 300, 400]
    assert out["preallocated_wan"].tolist() == [12.5, 3.0, 4.0, 0.0]
    assert out["standard_yuan"].tolist()[:1] == [400.0] and np.isnan(out["standard_yuan"].tolist()[1])
    assert out["note"].tolist() == ["", "", "说明", ""]
    assert roster_only == ["丁县"] and table_only == []

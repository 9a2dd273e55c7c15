"""validate_table on the frames the dashboard's data editor produces, and every refusal it owes a user.

The editor hands back object, str and float columns with None and NaN in them; a
refusal must name the row (as the user counts it), the column and the value.
Rules that need more than one column (duplicates above insured, shares adding up
to 100%) belong to the calculations and are tested through import + compute.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.importer import read_table
from fundcalc.mechanisms import allocation, settlement
from fundcalc.mechanisms.pooling.table import pooling_schema
from fundcalc.mechanisms.settlement.table import settlement_schema
from fundcalc.rows import RowMap
from fundcalc.validate import validate_table

QJ_POLICY = DATASETS["qujing_2018"].policy()
QJ = allocation.schema(QJ_POLICY)
CORPUS = Path(__file__).parent / "import_corpus"


def editor_frame(**columns) -> pd.DataFrame:
    """What ui.editor.apply_delta builds: every column as object, values as the grid sent them."""
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})


def refusal(frame, schema=QJ, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        validate_table(frame, schema, **kw)
    return info.value


# --- what the editor sends, accepted ------------------------------------------------------

def test_object_columns_with_floats_ints_and_text_become_typed():
    frame = editor_frame(county=["麒麟区", " 马龙区 "], not_lifted_people=[4773.0, "9,467"],
                         lifted_people=[7423, "７８４３"])
    clean = validate_table(frame, QJ)
    assert clean["county"].tolist() == ["麒麟区", "马龙区"]
    assert clean["not_lifted_people"].dtype == np.int64 and clean["not_lifted_people"].tolist() == [4773, 9467]
    assert clean["lifted_people"].tolist() == [7423, 7843]


def test_pandas_str_and_float_dtypes():
    frame = pd.DataFrame({"county": pd.Series(["麒麟区", "马龙区"], dtype="str"),
                          "not_lifted_people": pd.Series([4773.0, 9467.0]),
                          "lifted_people": pd.Series(["7423", "7843"], dtype="str")})
    clean = validate_table(frame, QJ)
    assert clean["lifted_people"].tolist() == [7423, 7843]


def test_optional_money_blank_as_none_or_nan_stays_blank():
    schema = settlement_schema(True)
    frame = editor_frame(county=["塔城市", "和丰县"], due_wan=[721, 272.0], preallocated_wan=["731", 278],
                         note=[None, np.nan], insured_at_least_10k=[9.16, None])
    clean = validate_table(frame, schema)
    assert clean["note"].tolist() == ["", ""]
    assert clean["insured_at_least_10k"].iloc[0] == 9.16 and math.isnan(clean["insured_at_least_10k"].iloc[1])


def test_money_keeps_six_decimals_and_large_plausible_values():
    frame = editor_frame(county=["甲县"], revenue_wan=["99,999,999.999999"], insured=[1], expenditure_wan=[0.000001],
                         outpatient_spending_wan=[0])
    clean = validate_table(frame, pooling_schema())
    assert clean["revenue_wan"].iloc[0] == 99_999_999.999999
    assert clean["expenditure_wan"].iloc[0] == 0.000001


# --- refusals: row, column and value --------------------------------------------------------

def two_rows(**override):
    cols = {"county": ["麒麟区", "马龙区"], "not_lifted_people": [4773, 9467], "lifted_people": [7423, 7843]}
    cols.update(override)
    return editor_frame(**cols)


@pytest.mark.parametrize("column, values, fragment, value", [
    ("not_lifted_people", [4773, None], "不能为空", ""),
    ("not_lifted_people", [4773, float("nan")], "不能为空", ""),
    ("not_lifted_people", [4773, "约9000"], "不是数字", "约9000"),
    ("not_lifted_people", [4773, "1,2"], "不是数字", "1,2"),
    ("not_lifted_people", [4773, "NaN"], "不是数字", "NaN"),
    ("not_lifted_people", [4773, True], "不是数字", "True"),
    ("lifted_people", [7423, 7843.5], "人数应为整数", "7843.5"),
    ("lifted_people", [7423, "1/2"], "不是数字", "1/2"),
    ("lifted_people", [7423, -1], "不能小于 0", "-1"),
    ("lifted_people", [7423, float("inf")], "不是有限的数", "inf"),
    ("lifted_people", [7423, "-inf"], "不是有限的数", "-inf"),
    ("lifted_people", [7423, 10**12], "数值过大", str(10**12)),
])
def test_bad_headcount_names_row_column_value(column, values, fragment, value):
    err = refusal(two_rows(**{column: values}))
    assert fragment in err.zh and err.en
    assert err.row == 2
    assert err.column == QJ.column(column).zh
    assert str(err.value) == value
    assert "马龙区" in err.zh   # the county of the refused row is named too


def test_row_numbers_are_those_the_user_sees():
    err = refusal(two_rows(lifted_people=[7423, -3]), rows=RowMap.of([5, 9]))
    assert err.row == 9
    err = refusal(two_rows(lifted_people=[-3, 1]))
    assert err.row == 1


@pytest.mark.parametrize("names, fragment, row", [
    (["麒麟区", None], "名称为空", 2),
    (["麒麟区", "   "], "名称为空", 2),
    (["麒麟区", " 麒麟区"], "名称重复", 2),
    (["麒麟区", "合  计"], "合计行", 2),
])
def test_bad_county_names(names, fragment, row):
    err = refusal(two_rows(county=names))
    assert fragment in err.zh
    assert err.row == row and err.column == "县(市、区)"


def test_too_many_decimals_of_wan():
    frame = editor_frame(county=["甲县"], revenue_wan=["2,000.2512345"], insured=[1], expenditure_wan=[1],
                         outpatient_spending_wan=[0])
    err = refusal(frame, pooling_schema())
    assert "小数位过多" in err.zh and err.column == "征缴收入" and err.value == "2,000.2512345"


def test_missing_column_empty_table_and_no_columns():
    err = refusal(editor_frame(county=["麒麟区"], not_lifted_people=[1]))
    assert "已脱贫人数" in err.zh and err.column == "已脱贫人数"
    assert "没有数据行" in refusal(editor_frame(county=[], not_lifted_people=[], lifted_people=[])).zh
    assert "表格为空" in refusal(pd.DataFrame()).zh


# --- cross-column rules, through the import + compute path ------------------------------------

def test_duplicates_above_insured_refused_with_the_file_row():
    policy = DATASETS["tacheng_2020_headcount_sample"].policy()
    imported = read_table(CORPUS / "bad_tc_duplicates_above_insured.csv", settlement.schema(policy))
    with pytest.raises(InputError) as info, imported.rows.naming():
        settlement.compute(imported.frame, policy, validated=True)
    # line 1 is the 示例数据 label, line 2 the header: 托里县 is the fifth county, on line 7
    assert info.value.row == 7 and "托里县" in info.value.zh and "超过" in info.value.zh


def test_shares_not_adding_up_to_100_percent_refused():
    imported = read_table(CORPUS / "qj_gbk_official_form.csv", QJ)
    policy = QJ_POLICY.with_overrides({"not_lifted.province_pct": "70"}, allocation.param_specs(QJ_POLICY))
    with pytest.raises(InputError) as info:
        allocation.compute(imported.frame, policy, validated=True)
    # 70% province + 40% city (曲财社〔2018〕106号 未脱贫 6:4, province changed) = 110%
    assert "110%" in info.value.zh and "100%" in info.value.zh and "分担比例" in info.value.column

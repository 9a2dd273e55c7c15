"""资助参保补助资金分配表 and 市本级项目绩效目标表 (曲财社〔2018〕106号) as XLSX: layout, figures, formats.

Expected figures come from tests/reference/qujing_2018_poverty_insurance_subsidy.csv (the 附表 put
back together from the seed) and from the seed's performance table (8,039.73 万元, 892,872 人,
已脱贫4:6、未脱贫6:4); hand-worked figures for a policy with a county level and a third category.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.forms import FormOptions, build_forms, workbook
from fundcalc.forms.html import form_html
from fundcalc.mechanisms import allocation
from fundcalc.tables import official_xlsx

REF = Path(__file__).parent / "reference" / "qujing_2018_poverty_insurance_subsidy.csv"


def reference() -> dict[str, dict[str, str]]:
    with open(REF, encoding="utf-8") as fh:
        return {row["county"]: row for row in csv.DictReader(fh)}


def qujing(**overrides):
    ds = DATASETS["qujing_2018"]
    policy = ds.policy()
    if overrides:
        policy = policy.with_overrides(overrides, allocation.param_specs(policy))
    return allocation.compute(ds.load(policy), policy, validated=True)


def book(result, options=None):
    return openpyxl.load_workbook(io.BytesIO(workbook(result, options)))


def row_of(ws, text, col=1):
    for row in ws.iter_rows():
        if row[col - 1].value == text:
            return row[0].row
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def indicator_values(ws) -> dict:
    """三级指标 -> 指标值 of a 项目绩效目标表 (columns C and D under the indicator header)."""
    start = row_of(ws, "一级指标") + 1
    return {ws.cell(r, 3).value: ws.cell(r, 4).value for r in range(start, ws.max_row + 1)}


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


@pytest.fixture(scope="module")
def wb():
    return book(qujing())


def test_one_sheet_per_form(wb):
    assert wb.sheetnames == ["分配表", "绩效目标表"]


def test_title_and_two_level_header(wb):
    ws = wb["分配表"]
    assert ws["A1"].value == "2018年建档立卡贫困人口资助参保补助资金分配表"
    assert "A1:P1" in merged(ws)
    # 项目, 人数 and 补助标准 span both header rows; each category and 此次下达金额 span their sub-columns.
    assert {"A2:A3", "B2:B3", "C2:C3", "D2:H2", "I2:M2", "N2:P2"} <= merged(ws)
    assert ws["A2"].value == "项目"
    assert ws["B2"].value == "建档立卡贫困人口省级补助下达人数(人)"
    assert ws["C2"].value == "补助标准(元/人)"
    assert ws["D2"].value == "建档立卡未脱贫"
    assert ws["I2"].value == "建档立卡已脱贫"
    assert ws["N2"].value == "此次下达金额"
    assert [ws.cell(3, c).value for c in range(4, 9)] == [
        "人数(人)", "省级财政补助标准(元/人)", "市级财政补助标准(元/人)", "省级财政补助金额(万元)",
        "市级财政补助金额(万元)"]
    assert [ws.cell(3, c).value for c in range(14, 17)] == [
        "合计金额(万元)", "省级财政补助金额(万元)", "市级财政补助金额(万元)"]


# sheet column -> reference CSV column
COLUMNS = {2: "total_people", 4: "not_lifted_people", 7: "not_lifted_province_wan", 8: "not_lifted_city_wan",
           9: "lifted_people", 12: "lifted_province_wan", 13: "lifted_city_wan", 14: "total_wan",
           15: "province_total_wan", 16: "city_total_wan"}


def test_every_county_and_the_total_match_the_reference(wb):
    ws = wb["分配表"]
    ref = reference()
    for county, row in ref.items():
        r = row_of(ws, county)
        for col, key in COLUMNS.items():
            got = ws.cell(r, col).value
            assert Decimal(str(got)) == Decimal(row[key]), (county, key, got, row[key])
    total = row_of(ws, "合计")
    assert total == 13 and ws.cell(total, 16).value == pytest.approx(8039.73, abs=1e-9)
    assert ws.cell(total, 8).value == pytest.approx(3110.19, abs=1e-9)  # 合计 of rounded parts, not 3110.18
    assert ws.cell(total, 1).font.b


def test_standards_by_level(wb):
    ws = wb["分配表"]
    r = row_of(ws, "麒麟区")
    # 未脱贫 6:4 of 180 → 108 / 72; 已脱贫 4:6 → 72 / 108 (曲政办发〔2017〕160号)
    assert [ws.cell(r, c).value for c in (3, 5, 6, 10, 11)] == [180, 108, 72, 72, 108]


def test_number_formats(wb):
    ws = wb["分配表"]
    r = row_of(ws, "会泽县")
    assert ws.cell(r, 2).number_format == "#,##0"        # people
    assert ws.cell(r, 5).number_format == "#,##0"        # whole 元/人
    assert ws.cell(r, 7).number_format == "#,##0.00"     # 万元, 2 decimals
    assert isinstance(ws.cell(r, 7).value, float) and isinstance(ws.cell(r, 2).value, int)


def test_page_setup(wb):
    ws = wb["分配表"]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$2:$3"
    assert ws.column_dimensions["B"].width > 10


def test_note_as_the_document_prints_it(wb):
    # 曲财社〔2018〕106号 prints the 备注 under its 附表: its headcounts are after the deduction.
    ws = wb["分配表"]
    r = row_of(ws, "合计") + 1
    assert ws.cell(r, 1).value == "备注：人数为省补助人数，省级参保大学生按比例分配调减各县资助参保人数。"
    assert ws.cell(r - 1, 2).value == 888409


def test_subheaders_under_allocated_now_in_the_documents_words(wb):
    ws = wb["分配表"]
    heads = [c.value for row in ws.iter_rows(max_row=6) for c in row if c.value]
    assert "此次下达金额" in heads
    assert heads.count("省级财政补助金额(万元)") == 3 and heads.count("市级财政补助金额(万元)") == 3
    assert "省级(万元)" not in heads and "市级(万元)" not in heads


def test_note_with_the_deduction():
    ws = book(qujing(table_stage="before_deduction"))["分配表"]
    r = row_of(ws, "合计") + 1
    assert ws.cell(r, 1).value == "备注：人数为省补助人数，省级参保大学生按比例分配调减各县资助参保人数。"
    # the deduction's 4,463 people come off the table's 888,409
    assert ws.cell(r - 1, 2).value == 888409 - 4463


def test_performance_table_from_the_scenario(wb):
    ws = wb["绩效目标表"]
    assert ws["A1"].value == "2018年市本级项目绩效目标表"
    assert ws["A2"].value == "主管部门：曲靖市人力资源和社会保障局"
    r = row_of(ws, "预算安排金额（万元）")
    assert ws.cell(r, 2).value == pytest.approx(8039.73, abs=1e-9)
    assert ws.cell(r, 2).number_format == "#,##0.00"
    assert "提请市财政2018年安排8039.73万元" in ws.cell(row_of(ws, "项目年度目标"), 2).value
    values = indicator_values(ws)
    assert values["补贴人数"] == "892872人"            # 888,409 + the 4,463 deducted college students
    assert values["参保补贴率"] == "100%"
    assert values["省市财政承担"] == "已脱贫4:6、未脱贫6:4"
    assert values["参保筹资时间"] == "6月30日前"
    assert values["建档立卡贫困人口满意度"] == "100%"
    # 一级指标 merged over their rows; the indicator header over two rows
    assert {"A6:C6", "D6:D7", "E6:E7"} <= merged(ws)
    产出 = row_of(ws, "产出指标")
    assert f"A{产出}:A{产出 + 3}" in merged(ws)


def test_performance_basis_names_the_city_rates(wb):
    ws = wb["绩效目标表"]
    basis = ws.cell(row_of(ws, "省市财政承担", 3), 5).value
    assert "对已脱贫建档立卡贫困人口按照每人每年108元补贴" in basis
    assert "对未脱贫建档立卡贫困人口按照每人每年72元补贴" in basis


def test_headcount_without_the_deducted_students():
    ws = book(qujing(), FormOptions(include_deducted=False))["绩效目标表"]
    values = indicator_values(ws)
    assert values["补贴人数"] == "888409人"


def test_wording_overrides_and_computed_values_refused():
    opts = FormOptions(texts={"performance.satisfaction": "≥ 95%", "performance.department": "某某局"})
    ws = book(qujing(), opts)["绩效目标表"]
    assert ws["A2"].value == "主管部门：某某局"
    assert ws.cell(row_of(ws, "建档立卡贫困人口满意度", 3), 4).value == "≥ 95%"
    with pytest.raises(InputError) as exc:
        workbook(qujing(), FormOptions(texts={"performance.subsidised_people": "1人"}))
    assert exc.value.column == "performance.subsidised_people"
    with pytest.raises(InputError):
        workbook(qujing(), FormOptions(texts={"performance.no_such_thing": "x"}))


def _county_level_policy():
    """Two categories, one with a county share, plus a third category (特困) with its own standard."""
    ds = DATASETS["qujing_2018"]
    policy = ds.policy()
    specs = allocation.param_specs(policy)
    policy = policy.with_overrides({"not_lifted.province_pct": 50, "not_lifted.city_pct": 30,
                                    "not_lifted.county_pct": 20}, specs)
    return allocation.with_category(policy, "tekun", "特困", "Extreme poverty", 200,
                                    {"province": 60, "city": 20, "county": 20})


def test_columns_grow_with_categories_and_a_county_level():
    policy = _county_level_policy()
    table = pd.DataFrame({"county": ["甲县", "乙县"], "not_lifted_people": [1000, 333],
                          "lifted_people": [500, 0], "tekun_people": [10, 7]})
    result = allocation.compute(table, policy)
    ws = book(result)["分配表"]
    # standards differ (180 / 200): no common 补助标准 column; each category has 1 + 3 + 3 columns
    assert ws["C2"].value == "建档立卡未脱贫" and "C2:I2" in merged(ws)
    assert ws["J2"].value == "建档立卡已脱贫" and "J2:P2" in merged(ws)
    assert ws["Q2"].value == "建档立卡特困" and "Q2:W2" in merged(ws)
    assert ws["X2"].value == "此次下达金额" and "X2:AA2" in merged(ws)
    assert [ws.cell(3, c).value for c in range(24, 28)] == [
        "合计金额(万元)", "省级财政补助金额(万元)", "市级财政补助金额(万元)", "县级财政补助金额(万元)"]
    r = row_of(ws, "乙县")
    # 未脱贫 180 元 at 5:3:2 → 90 / 54 / 36 元; 333 people → 29,970 / 17,982 / 11,988 元
    assert [ws.cell(r, c).value for c in range(3, 10)] == [333, 90, 54, 36, 3.0, 1.8, 1.2]
    # 特困 200 元 at 6:2:2 → 120 / 40 / 40 元; 7 people → 840 / 280 / 280 元 → 0.08 / 0.03 / 0.03 万元
    assert [ws.cell(r, c).value for c in range(17, 24)] == [7, 120, 40, 40, 0.08, 0.03, 0.03]
    # county level 此次下达: 1.20 + 0 + 0.03
    assert ws.cell(r, 27).value == pytest.approx(1.23, abs=1e-9)
    perf = book(result)["绩效目标表"]
    values = indicator_values(perf)
    assert values["省市县财政承担"] == "特困6:2:2、已脱贫4:6:0、未脱贫5:3:2"


def test_print_view_shows_the_same_cells():
    forms = build_forms(qujing())
    html = form_html(forms[0])
    assert 'colspan="5"' in html and 'rowspan="2"' in html
    assert "8,039.73" in html and "3,110.19" in html and "888,409" in html
    assert "已脱贫4:6、未脱贫6:4" in form_html(forms[1])


def test_official_xlsx_is_the_official_layout():
    """Every page's XLSX export (present.official_xlsx) is the 分配表 in this layout."""
    wb = openpyxl.load_workbook(io.BytesIO(official_xlsx(qujing())))
    assert wb.sheetnames == ["分配表"]
    ws = wb["分配表"]
    assert ws["A1"].value == "2018年建档立卡贫困人口资助参保补助资金分配表"
    assert ws.cell(row_of(ws, "合计"), 16).value == pytest.approx(8039.73, abs=1e-9)
    en = openpyxl.load_workbook(io.BytesIO(official_xlsx(qujing(), "en")))
    assert en.worksheets[0].cell(row_of(en.worksheets[0], "Total"), 16).value == pytest.approx(8039.73, abs=1e-9)

"""基金缺口分担测算表, 住院总额预算测算表 and 绩效目标表 for 运政办发〔2019〕30号.

The seed has no county figures, so the expected values are worked out by hand for two
made-up counties (no 调剂金 brought forward):

甲: revenue 1,000, 10,000 insured, spending 900 (门诊统筹 50), nothing retained.
    调剂金 3% = 30; 门诊统筹 10,000 × 75 元 = 75; counted revenue 895, counted spending 850;
    surplus 45 → 4.50 to the 调剂金, 40.50 kept; months 40.5 × 12 ÷ 900 = 0.54.
乙: revenue 500, 5,000 insured, spending 600 (门诊统筹 20), 10 retained.
    调剂金 15; 门诊统筹 37.50; counted 447.50 against 580; gap 132.50: 10 from its retained
    surplus, 122.50 borne by the county government.
City: 调剂金 30 + 15 + 4.50 = 49.50; pooled 49.50 + 40.50 = 90; 90 × 12 ÷ 1,500 = 0.72 months.
Global budget (90%): 甲 base 100 → 90 a year, 7.50 a month; 乙 base 120 → 108, 9 a month.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.forms import FormOptions, workbook
from fundcalc.mechanisms import pooling
from fundcalc.mechanisms.pooling import budget as global_budget

COUNTIES = pd.DataFrame({
    "county": ["甲县", "乙县"], "revenue_wan": [1000, 500], "insured": [10000, 5000],
    "expenditure_wan": [900, 600], "outpatient_spending_wan": [50, 20], "carried_balance_wan": [0, 10],
    "inpatient_base_wan": [100, 120]})
MONTHLY = pd.DataFrame({"county": ["甲县", "乙县"]} | {f"m{m:02d}": [8, 20 if m == 12 else 8] for m in range(1, 13)})


def policy():
    p = DATASETS["yuncheng_2019_sample"].policy()
    return p.with_overrides({"city_reserve_opening_wan": 0}, pooling.param_specs(p))


@pytest.fixture(scope="module")
def wb():
    p = policy()
    result = pooling.compute(COUNTIES, p)
    budget = global_budget.compute(COUNTIES, MONTHLY, p)
    return openpyxl.load_workbook(io.BytesIO(workbook(result, FormOptions(budget=budget, label="示例数据"))))


def row_of(ws, text, col=2):
    for row in ws.iter_rows():
        if row[col - 1].value == text:
            return row[0].row
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def test_sheets(wb):
    assert wb.sheetnames == ["缺口分担测算表", "总额预算表", "绩效目标表"]


def test_gap_sharing_table(wb):
    ws = wb["缺口分担测算表"]
    assert ws["A1"].value == "运城市2019年城乡居民医疗保险市级统筹基金缺口分担测算表"
    assert ws["A2"].value == "示例数据"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"E4:F4", "L4:N4", "O4:P4", "A4:A5", "B4:B5", "R4:R5"} <= merged
    assert ws["E5"].value == "预留调剂金(3%)" and ws["F5"].value == "门诊统筹资金(75元/人)"
    assert ws["O5"].value == "提取调剂金(10%)" and ws["P5"].value == "留作缺口补充(90%)"
    a = [ws.cell(row_of(ws, "甲县"), c).value for c in range(3, 19)]
    assert a == [1000, 10000, 30, 75, 895, 900, 50, 850, 45, 0, 0, 0, 4.5, 40.5, 40.5, 0.54]
    b = [ws.cell(row_of(ws, "乙县"), c).value for c in range(3, 19)]
    assert b == [500, 5000, 15, 37.5, 447.5, 600, 20, 580, -132.5, 10, 122.5, 0, 0, 0, 0, 0]
    t = [ws.cell(row_of(ws, "合计"), c).value for c in range(3, 19)]
    # the total's months: retained 40.50 × 12 ÷ 1,500 = 0.324 → 0.32
    assert t == [1500, 15000, 45, 112.5, 1342.5, 1500, 70, 1430, -87.5, 10, 122.5, 0, 4.5, 40.5, 40.5, 0.32]
    r = row_of(ws, "甲县")
    assert ws.cell(r, 3).number_format == "#,##0.00" and ws.cell(r, 4).number_format == "#,##0"
    assert ws.cell(r, 18).number_format == "0.00"
    assert ws.print_title_rows == "$4:$5"
    notes = " ".join(str(ws.cell(x, 1).value) for x in range(row_of(ws, "合计") + 1, ws.max_row + 1))
    assert "期末 49.50 万元" in notes and "可支配 0.72 个月" in notes and "6-9 个月" in notes


def test_global_budget_table(wb):
    ws = wb["总额预算表"]
    assert ws["A1"].value == "运城市2019年住院医保费用全面总额预算管理测算表"
    assert ws["C4"].value == "2018年度住院医保费用"
    assert ws["D5"].value == "年度指标(城乡居民90%)"
    # 甲: 12 × min(8, 7.5) = 90 paid, actual 96, clearing min(96, 90) − 90 = 0, 6 above the index
    assert [ws.cell(row_of(ws, "甲县"), c).value for c in range(3, 11)] == [100, 90, 7.5, 96, 90, 0, 90, 6]
    # 乙: 11 × 8 + min(20, 9) = 97 paid monthly, actual 108, clearing min(108, 108) − 97 = 11
    assert [ws.cell(row_of(ws, "乙县"), c).value for c in range(3, 11)] == [120, 108, 9, 108, 97, 11, 108, 0]
    assert [ws.cell(row_of(ws, "合计"), c).value for c in range(3, 11)] == [220, 198, 16.5, 204, 187, 11, 198, 6]


def test_performance_months_band(wb):
    ws = wb["绩效目标表"]
    assert ws["A1"].value == "2019年城乡居民医疗保险市级统筹绩效目标表"
    start = row_of(ws, "一级指标", 1) + 1
    values = {ws.cell(r, 3).value: ws.cell(r, 4).value for r in range(start, ws.max_row + 1)}
    assert values["基金滚存结余可支配月数(月)"] == "6-9个月"
    assert values["基金滚存结余可支配月数测算值(月)"] == 0.72
    assert values["参保人数(人)"] == 15000
    assert values["出现基金缺口的县（市、区）(个)"] == 1
    assert values["县级政府负担基金缺口(万元)"] == 122.5
    assert values["提取调剂金(万元)"] == 49.5
    basis = ws.cell(row_of(ws, "基金滚存结余可支配月数测算值(月)", 3), 5).value
    assert "低于目标区间" in basis
    assert ws.cell(row_of(ws, "基金征缴收入（万元）", 1), 2).value == 1500


def test_without_monthly_costs_the_budget_sheet_is_left_out():
    result = pooling.compute(COUNTIES, policy())
    wb = openpyxl.load_workbook(io.BytesIO(workbook(result)))
    assert wb.sheetnames == ["缺口分担测算表", "绩效目标表"]

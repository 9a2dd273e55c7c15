"""附件1 结算分配表 and 附件2 绩效目标表 of 塔地财社〔2021〕87号 as XLSX.

Expected figures from tests/reference/tacheng_2020_settlement.csv (−96 in all; −10, −21, 3, …;
"> N万人" targets) and, for headcount mode, worked out by hand from the sample table's rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.forms import FormOptions, workbook
from fundcalc.forms.workbook import computed_keys
from fundcalc.mechanisms import settlement

REF = Path(__file__).parent / "reference" / "tacheng_2020_settlement.csv"


def reference() -> list[dict[str, str]]:
    with open(REF, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def compute(dataset="tacheng_2020"):
    ds = DATASETS[dataset]
    policy = ds.policy()
    if dataset.endswith("headcount_sample"):
        policy = policy.with_overrides({"mode": "headcount"}, settlement.param_specs(policy))
    return settlement.compute(ds.load(policy), policy, validated=True)


def book(result, options=None):
    return openpyxl.load_workbook(io.BytesIO(workbook(result, options)))


def row_of(ws, text, col=1):
    for row in ws.iter_rows():
        if row[col - 1].value == text:
            return row[0].row
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


@pytest.fixture(scope="module")
def wb():
    return book(compute())


def test_sheets(wb):
    assert wb.sheetnames[:2] == ["结算分配表", "绩效目标表"]
    assert wb.sheetnames[2:] == [f"跟踪反馈表-{r['county']}" for r in reference() if r["county"] != "合计"]


def test_attachment_1_layout(wb):
    ws = wb["结算分配表"]
    assert ws["A1"].value == "附件1"
    assert ws["A2"].value == "2020年城乡居民基本医疗保险自治区财政补助资金结算分配表"
    assert ws["A3"].value == "单位：万元"
    assert ws["A3"].alignment.horizontal == "right"
    assert [c.value for c in ws[4]] == ["序号", "县(市)名称", "应补助资金", "已预拨资金", "此次结算补助资金", "备注"]
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage


def test_attachment_1_figures_match_the_reference(wb):
    ws = wb["结算分配表"]
    ref = reference()
    total = ref[-1]
    # 合计 first, as 序号 1, as the document prints it
    assert [ws.cell(5, c).value for c in range(1, 6)] == [1, "合计", int(total["due_wan"]),
                                                           int(total["preallocated_wan"]), -96]
    assert ws.cell(5, 2).font.b
    for i, row in enumerate(ref[:-1]):
        r = 6 + i
        assert ws.cell(r, 1).value == i + 2
        assert ws.cell(r, 2).value == row["county"]
        assert [ws.cell(r, c).value for c in (3, 4, 5)] == [int(row["due_wan"]), int(row["preallocated_wan"]),
                                                             int(row["settlement_wan"])]
        assert (ws.cell(r, 6).value or "") == row["note"]
        # whole 万元, as 附件1
        assert ws.cell(r, 5).number_format == "#,##0"


def test_performance_header_and_funds(wb):
    ws = wb["绩效目标表"]
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == "自治区对地方专项转移支付项目绩效目标表"
    assert ws["A3"].value == "(2021年度)"
    assert ws.cell(row_of(ws, "地州"), 3).value == "塔城地区"
    assert ws.cell(row_of(ws, "项目名称"), 3).value == "城乡居民医保自治区财政补助资金"
    head = row_of(ws, "资金情况\n(万元)")
    assert f"A{head}:B{head + 4}" in merged(ws)
    ref = reference()
    counties = [r["county"] for r in ref[:-1]]
    assert [ws.cell(head, c).value for c in range(5, 13)] == ["合计"] + counties
    expected = [-96] + [int(r["settlement_wan"]) for r in ref[:-1]]
    for label in ("年度金额:", "地方资金"):
        r = row_of(ws, label, 3)
        assert [ws.cell(r, c).value for c in range(5, 13)] == expected
    assert expected[:4] == [-96, -10, -21, 3]


def indicator(ws, name):
    r = row_of(ws, name, 4)
    return [ws.cell(r, c).value for c in range(5, ws.max_column + 1)]


def test_performance_indicators(wb):
    ws = wb["绩效目标表"]
    ref = reference()
    insured = indicator(ws, "参保人数(人)")
    # one "> N万人" per county from the published targets; 和丰县 has none; the 合计 as 附件2 prints it
    assert insured[1:] == [f"> {r['insured_at_least_10k']}万人" if r["insured_at_least_10k"] else None
                           for r in ref[:-1]]
    assert insured[0] == "> 64.89万人"
    cost = indicator(ws, "城乡居民医保自治区补助资金成本(万元)")
    assert cost[0] == -96
    r = row_of(ws, "城乡居民医保自治区补助资金成本(万元)", 4)
    assert f"E{r}:L{r}" in merged(ws)
    in_place = indicator(ws, "当年各级财政补助资金到位率(%)")
    # 100%, as 附件2 writes it (not 100.00%)
    assert in_place[0] == 1 and ws.cell(row_of(ws, "当年各级财政补助资金到位率(%)", 4), 5).number_format == "0%"
    assert indicator(ws, "基金滚存结余可支配月数(月)")[0] == "6-9个月"
    assert indicator(ws, "重复参保人数(人)")[0] == "0"
    assert indicator(ws, "参保对象满意度(%)")[0] == "> 90%"
    # 一级 完成指标 merged down the whole indicator block; 质量指标 over its eight rows
    first = row_of(ws, "参保人数(人)", 4)
    assert f"B{first}:B{first + 15}" in merged(ws)
    q = row_of(ws, "个人缴费标准(元)", 4)
    assert f"C{q}:C{q + 7}" in merged(ws)


def test_the_total_target_can_be_entered():
    """The seed prints > 64.89万人 for the region (the default); the user may write another."""
    ws = book(compute(), FormOptions(texts={"performance.insured_total": "> 65万人"}))["绩效目标表"]
    assert indicator(ws, "参保人数(人)")[0] == "> 65万人"


def test_computed_indicators_cannot_be_overridden():
    locked = computed_keys(compute())
    assert {"performance.cost", "performance.funds_in_place", "performance.insured"} <= locked
    with pytest.raises(InputError):
        workbook(compute(), FormOptions(texts={"performance.cost": "0"}))


def test_headcount_mode_computes_insured_and_duplicates():
    result = compute("tacheng_2020_headcount_sample")
    wb = book(result)
    ws = wb["绩效目标表"]
    insured = indicator(ws, "参保人数(人)")
    # 塔城市 93,500 insured → 9.35 万人; the seven counties 653,300 → 65.33 万人
    assert insured[0] == "> 65.33万人" and insured[1] == "> 9.35万人"
    # 重复参保人数 is a target (附件2: 0), not the 6,870 duplicates deducted from the headcounts
    assert indicator(ws, "重复参保人数(人)")[0] == "0"
    t = wb["结算分配表"]
    # 塔城市: (93,500 − 1,050) × 78 元 = 7,211,100 元 → 721 万元 (whole 万元); 721 − 731 = −10
    r = row_of(t, "塔城市", 2)
    assert [t.cell(r, c).value for c in (3, 4, 5)] == [721, 731, -10]
    notes = [t.cell(x, 1).value for x in range(row_of(t, "和丰县", 2) + 1, t.max_row + 1)]
    assert any("结算补助人数" in (n or "") for n in notes)

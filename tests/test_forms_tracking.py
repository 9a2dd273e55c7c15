"""资金使用跟踪反馈表 (附件3 of 塔地财社〔2021〕87号): amounts from the scenario, spending from the user,
未支出金额 and 实际支出进度 in exact 分 with the progress rounded half-up to 0.01%."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.forms import FormOptions, workbook
from fundcalc.forms.html import form_html
from fundcalc.forms.tracking import TrackingLine, build, progress_bp
from fundcalc.mechanisms import settlement

WAN = 1_000_000  # 分 per 万元


def tacheng():
    ds = DATASETS["tacheng_2020"]
    policy = ds.policy()
    return settlement.compute(ds.load(policy), policy, validated=True)


def book(result, options=None):
    return openpyxl.load_workbook(io.BytesIO(workbook(result, options)))


def test_progress_is_exact_and_half_up():
    assert progress_bp(700_500_000, 721 * WAN) == 9716       # 700.5 / 721 = 97.156…% → 97.16%
    assert progress_bp(10, 200_000) == 1                      # exactly 0.005% → 0.01% (half-up, not to even)
    assert progress_bp(1, 3) == 3333                          # 33.333…% → 33.33%
    assert progress_bp(2, 3) == 6667                          # 66.666…% → 66.67%
    assert progress_bp(None, 100) is None
    assert progress_bp(5, 0) is None and progress_bp(5, -10) is None


def test_a_county_form_with_its_spending():
    wb = book(tacheng(), FormOptions(spent={"塔城市": 700_500_000}))
    ws = wb["跟踪反馈表-塔城市"]
    assert ws["A1"].value == "附件3"
    assert ws["A2"].value == "自治区财政资金使用情况跟踪反馈表"
    assert ws["A3"].value == "县市（单位）名称：塔城市"
    assert ws["A4"].value == "单位：万元"
    assert [c.value for c in ws[5]] == [
        "序号", "收到的财政专项资金名称", "文号", "资金金额", "实际支出金额", "资金支出方向",
        "未支出金额", "实际支出进度", "未按计划或预算执行要求支出的", "整改措施及整改时间"]
    # 合计 first, then the line: 721 万元 due (tests/reference: 塔城市 due_wan 721), 700.5 spent
    assert ws["A6"].value == "合计" and ws["A6"].font.b
    assert [ws.cell(7, c).value for c in (1, 3, 4, 5, 7, 8)] == [1, "塔地财社〔2021〕87号", 721, 700.5, 20.5, 0.9716]
    assert ws.cell(7, 2).value == "自治区财政2020年城乡居民基本医疗保险补助资金"
    assert ws.cell(7, 6).value == "财政对城乡居民基本医疗保险基金的补助"
    assert [ws.cell(6, c).value for c in (4, 5, 7, 8)] == [721, 700.5, 20.5, 0.9716]
    assert ws.cell(7, 4).number_format == "#,##0.00" and ws.cell(7, 8).number_format == "0.00%"
    notes = [ws.cell(r, 1).value for r in (8, 9, 10)]
    assert notes[0] == "说明：1. 县市（单位）根据实际收到财政专项资金情况自行添加行（勿修改表格格式）。"
    assert "资金支出金额以国库集中支付数据为准" in notes[1]
    assert "每月月末之前" in notes[2]
    # a county not reported yet: amount only, spending cells blank
    other = wb["跟踪反馈表-额敏县"]
    assert other.cell(7, 4).value == 872 and other.cell(7, 5).value is None and other.cell(7, 8).value is None
    assert other.cell(6, 5).value is None


def test_settlement_amount_basis():
    ws = book(tacheng(), FormOptions(tracking_amount="net"))["跟踪反馈表-乌苏市"]
    assert ws.cell(7, 4).value == 3  # 乌苏市 此次结算 +3 (reference)


def test_several_lines_add_up_in_fen():
    result = tacheng()
    lines = [TrackingLine("甲资金", "文1", 100 * WAN, 33_330_000, "方向"),
             TrackingLine("乙资金", "文2", 50 * WAN, 50 * WAN, "方向", "无", "无")]
    form = build(lines, "塔城市", result)
    total = form.rows[1]
    assert [total[j].value for j in (3, 4, 6)] == [Decimal("150"), Decimal("83.33"), Decimal("66.67")]
    assert str(total[7].value) == "0.5555"                     # 83.33 / 150 = 55.553…% → 55.55%
    assert str(form.rows[2][7].value) == "0.3333" and str(form.rows[3][7].value) == "1.0000"
    html = form_html(form)
    assert "55.55%" in html and "83.33" in html and "66.67" in html


def test_negative_spending_is_refused():
    with pytest.raises(InputError) as exc:
        workbook(tacheng(), FormOptions(spent={"塔城市": -1}))
    assert exc.value.column == "实际支出金额"
    with pytest.raises(InputError):
        workbook(tacheng(), FormOptions(spent={"没有的县": 1}))


def test_formula_like_wording_is_neutralised():
    ws = book(tacheng(), FormOptions(texts={"tracking.direction": "=HYPERLINK(\"http://x\")"}))["跟踪反馈表-塔城市"]
    assert ws.cell(7, 6).value == "'=HYPERLINK(\"http://x\")"
    assert ws.cell(7, 6).data_type == "s"

"""pages/forms.py under Streamlit's AppTest: the print view and the workbook download.

The XLSX is built when the button is clicked (a deferred download): the test captures the
callable Streamlit registers for it and runs it, as a click would, then opens the bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[1] / "pages" / "forms.py"


@pytest.fixture
def downloads(monkeypatch):
    """file name -> the callable behind each deferred download button."""
    seen: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return seen


def open_app() -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def workbook_from(downloads, mechanism_zh: str) -> openpyxl.Workbook:
    names = [n for n in downloads if n and n.endswith(".xlsx") and f"_{mechanism_zh}_" in n]
    assert len(names) == 1, names
    return openpyxl.load_workbook(io.BytesIO(downloads[names[0]]()))


def row_of(ws, text, col=1):
    for row in ws.iter_rows():
        if row[col - 1].value == text:
            return row[0].row
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def test_allocation_download_and_print_view(downloads):
    at = open_app()
    assert [b.label for b in at.download_button][0] == "下载全部正式表格（XLSX）"
    assert [t.label for t in at.tabs] == ["资助参保补助资金分配表", "绩效目标表"]
    assert "8,039.73" in at.html[0].proto.body and "3,110.19" in at.html[0].proto.body
    wb = workbook_from(downloads, "资助参保补助分配")
    assert wb.sheetnames == ["分配表", "绩效目标表"]
    ws = wb["分配表"]
    assert ws.cell(row_of(ws, "合计"), 16).value == pytest.approx(8039.73, abs=1e-9)
    name = next(iter(downloads))
    assert name.startswith("正式表格_资助参保补助分配_")


def test_edited_wording_reaches_the_workbook(downloads):
    at = open_app()
    box = next(t for t in at.text_input if t.label == "主管部门")
    box.set_value("某某市医疗保障局").run()
    assert not at.exception
    assert "主管部门：某某市医疗保障局" in at.html[1].proto.body
    ws = workbook_from(downloads, "资助参保补助分配")["绩效目标表"]
    assert ws["A2"].value == "主管部门：某某市医疗保障局"
    # a computed indicator has no input: 补贴人数 comes from the scenario only
    assert not [t for t in at.text_input if t.label == "数量指标 · 补贴人数"]


def test_settlement_spending_in_the_tracking_form(downloads):
    at = open_app()
    at.segmented_control(key="forms:mechanism").set_value("settlement").run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["补助资金结算分配表（附件1）", "绩效目标表", "资金使用跟踪反馈表（附件3）"]
    at.number_input(key="forms:spent:塔城市").set_value(700.5).run()
    assert not at.exception
    view = at.html[2].proto.body
    assert "县市（单位）名称：塔城市" in view and "97.16%" in view and "20.50" in view
    wb = workbook_from(downloads, "补助资金结算")
    tr = wb["跟踪反馈表-塔城市"]
    # 塔城市 due 721 万元 (reference), 700.5 spent → 20.5 unspent, 97.16%
    assert [tr.cell(7, c).value for c in (4, 5, 7, 8)] == [721, 700.5, 20.5, 0.9716]
    assert wb["结算分配表"].cell(5, 5).value == -96
    # the entry survives a switch to another county and back
    at.selectbox(key="forms:county").set_value("额敏县").run()
    at.selectbox(key="forms:county").set_value("塔城市").run()
    assert at.number_input(key="forms:spent:塔城市").value == 700.5


def test_pooling_forms_on_the_page(downloads):
    at = open_app()
    at.segmented_control(key="forms:mechanism").set_value("pooling").run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["基金缺口分担测算表", "住院总额预算测算表", "绩效目标表"]
    assert "示例数据" in at.html[0].proto.body
    assert workbook_from(downloads, "基金缺口分担").sheetnames == ["缺口分担测算表", "总额预算表", "绩效目标表"]

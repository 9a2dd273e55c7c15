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
    # each form with the 附件 number the policy gives it (塔地财社〔2021〕87号: 附件1, 2, 3)
    assert [t.label for t in at.tabs] == ["补助资金结算分配表（附件1）", "绩效目标表（附件2）",
                                          "资金使用跟踪反馈表（附件3）"]
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


# --- a made-up city's own policy (tests/forms_sample_city.py) -----------------------------------------------

SHIPPED_WORDS = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
                 "脱贫", "昆明", "自治区", "地区财政")


@pytest.fixture
def sample_city(tmp_path, monkeypatch):
    """样例市 registered as a dataset and opened as the allocation's workspace, as a user's own policy is."""
    from fundcalc.datasets import Dataset, registered
    from tests import forms_sample_city as city
    from ui import state

    ds = Dataset("forms_sample_city_2025", "allocation", str(city.write_xlsx(tmp_path)),
                 str(city.write_policy(tmp_path)), "样例市 2025", "Sample City 2025")
    default = state.default_dataset
    monkeypatch.setattr(state, "default_dataset", lambda m: ds.id if m == "allocation" else default(m))
    with registered(ds):
        yield city


def page_texts(at: AppTest) -> list[str]:
    """Every element's content on the page (labels, values, markdown, HTML), as text."""
    from google.protobuf.json_format import MessageToJson

    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return [MessageToJson(n.proto, ensure_ascii=False) for n in walk(at._tree) if getattr(n, "proto", None)]


def test_own_policy_forms_show_its_words_flag_the_rest_and_its_figures(sample_city, downloads):
    at = open_app()
    texts = page_texts(at)
    assert len(texts) > 50 and any("样例市" in t for t in texts)
    assert [(w, t[:200]) for t in texts for w in SHIPPED_WORDS if w in t] == []
    listed = at.warning[0].proto.body
    assert "（待填写）" in listed and "绩效目标表 · 项目名称" in listed and "绩效目标表 · （项目）年度目标" in listed
    assert "（待填写）" in at.html[1].proto.body
    # the user fills one in: it leaves the list and reaches the form
    box = next(t for t in at.text_input if t.label == "项目名称")
    assert box.value == "（待填写）"
    box.set_value("困难群众参保资助").run()
    assert not at.exception
    assert "绩效目标表 · 项目名称" not in at.warning[0].proto.body
    assert "困难群众参保资助" in at.html[1].proto.body
    # the workbook's figures: 合计 and two counties against the independent computation
    ws = workbook_from(downloads, "资助参保补助分配")["分配表"]
    want = sample_city.expected()
    for county in ("合计", "甲县", "子县"):
        got = [c.value for c in ws[row_of(ws, county)]][-4:]
        assert [f"{x:,.2f}" for x in got] == [sample_city.wan(want[county][k])
                                              for k in ("total", "province", "city", "county")]

"""The form model and its two renderings (XLSX sheet, print HTML): merges, formats, safety."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from fundcalc.errors import InputError
from fundcalc.forms.html import form_html, format_value
from fundcalc.forms.layout import workbook_bytes
from fundcalc.forms.model import Cell, Form, Grid, doc_year, merge_texts, percent, sheet_name, wan, yuan


def small_form(**kw) -> Form:
    g = Grid(3)
    g.put(0, 0, Cell("县", bold=True), rows=2)
    g.put(0, 1, Cell("金额", bold=True), cols=2)
    g.put(1, 1, Cell("甲", bold=True))
    g.put(1, 2, Cell("乙", bold=True))
    g.put(2, 0, Cell("=1+1"))
    g.put(2, 1, wan(-96_000_000, 0))
    g.put(2, 2, wan(1_234_567_890))
    return Form("t", kw.pop("sheet", "表"), kw.pop("title", "标题"), [8, 10, 12], g.rows, g.merges, header_rows=2,
                **kw)


def test_grid_places_merges_and_placeholders():
    f = small_form()
    assert f.merges == [(0, 0, 2, 1), (0, 1, 1, 2)]
    assert f.rows[1][0] is None and f.rows[0][2] is None
    with pytest.raises(ValueError):
        Grid(2).put(0, 1, "x", cols=2)


def test_sheet_layout_and_safety():
    f = small_form(title="=标题", notes=["@注"], below_title=[("单位：万元", "right")])
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([f])))["表"]
    assert ws["A1"].value == "'=标题" and ws["A1"].data_type == "s"
    assert ws["A2"].value == "单位：万元"
    assert {"A3:A4", "B3:C3"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws["A5"].value == "'=1+1"
    assert ws["B5"].value == -96 and ws["B5"].number_format == "#,##0"
    assert ws["C5"].value == 1234.57 and ws["C5"].number_format == "#,##0.00"
    assert ws["A6"].value == "'@注"
    assert ws.print_title_rows == "$3:$4" and ws.freeze_panes == "A5"
    assert [ws.column_dimensions[c].width for c in "ABC"] == [8, 10, 12]
    # every edge of a merged header keeps its border when printed
    assert ws["C3"].border.right.style == "thin" and ws["A4"].border.bottom.style == "thin"


def test_long_text_rows_grow():
    g = Grid(1)
    g.put(0, 0, Cell("短"))
    g.put(1, 0, Cell("很长的文字" * 20))
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([Form("t", "s", "t", [20], g.rows)])))["s"]
    assert ws.row_dimensions[3].height > 3 * ws.row_dimensions[2].height


def test_html_matches_the_sheet_formats():
    html = form_html(small_form(label="示例数据"))
    assert 'rowspan="2"' in html and 'colspan="2"' in html
    assert "-96" in html and "1,234.57" in html and "示例数据" in html
    assert "<script" not in form_html(small_form(title="<script>alert(1)</script>"))
    assert format_value(percent(9716)) == "97.16%"
    assert format_value(percent(None)) == "—"
    assert format_value(yuan(7750)) == "77.50" and format_value(yuan(10800)) == "108"
    assert percent(1).value == Decimal("0.0001")


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_name("跟踪反馈表-a/b:c", taken) == "跟踪反馈表-a_b_c"
    long = "县" * 40
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert len(first) == 31 and len(second) <= 31 and first != second


def test_document_year():
    assert doc_year("塔地财社〔2021〕87号", 2000) == 2021
    assert doc_year("无文号", 2000) == 2000


def test_texts_merge():
    assert merge_texts({"a": "x"}, {"a": "y"}) == {"a": "y"}
    with pytest.raises(InputError):
        merge_texts({"a": "x"}, {"b": "y"})
    with pytest.raises(InputError):
        merge_texts({"a": "x"}, {"c": "y"}, locked={"c"})

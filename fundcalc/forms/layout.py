"""A Form written to an XLSX sheet in the official layout.

Title over the whole width, 单位 line, bordered grid with merged headers, bold
合计, notes under the table; A4 landscape fitted to one page wide, header rows
repeated on every printed page. Numbers are written as numbers (exact Decimal
text in the file) with the documents' formats; text is neutralised so that no
cell runs as a formula.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..export import neutralise
from .model import XLSX_FORMATS, Cell, Form

FONT = "宋体"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_PT = 14.5  # height of one wrapped line of 10.5-pt text


def display_width(value) -> int:
    """Width of a text in Excel column units: a CJK character takes two."""
    s = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _lines(value, width: float) -> int:
    if value is None or value == "":
        return 1
    return sum(max(1, math.ceil(display_width(part) / max(width - 1, 1))) for part in str(value).split("\n"))


def _cell_value(cell: Cell):
    if cell.is_number:
        v = cell.value
        return int(v) if isinstance(v, int) else Decimal(v)
    return neutralise(cell.value) if isinstance(cell.value, str) else cell.value


def _line(ws: Worksheet, row: int, n_cols: int, text: str, align: str, font: Font) -> None:
    c = ws.cell(row, 1, neutralise(text))
    c.font = font
    c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if n_cols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
    ws.row_dimensions[row].height = max(20, _lines(text, sum_width(ws, n_cols)) * LINE_PT + 4)


def sum_width(ws: Worksheet, n_cols: int) -> float:
    return sum(ws.column_dimensions[get_column_letter(j)].width or 10 for j in range(1, n_cols + 1))


def _head(ws: Worksheet, form: Form) -> int:
    """The lines above the grid (above, title, label, below the title); returns the grid's first row."""
    n = form.n_cols
    normal = Font(name=FONT, size=10.5)
    r = 1
    for txt, align in form.above:
        _line(ws, r, n, txt, align, Font(name=FONT, size=12, bold=True))
        r += 1
    _line(ws, r, n, form.title, "center", Font(name="黑体", size=16, bold=True))
    ws.row_dimensions[r].height = 30
    r += 1
    if form.label:
        _line(ws, r, n, form.label, "center", Font(name=FONT, size=10.5, bold=True, color="C00000"))
        r += 1
    for txt, align in form.below_title:
        _line(ws, r, n, txt, align, normal)
        r += 1
    return r


def _merge(ws: Worksheet, row: int, col: int, rs: int, cs: int) -> None:
    """Borders on every covered cell, so that printed merges keep all their edges."""
    for rr in range(row, row + rs):
        for cc in range(col, col + cs):
            ws.cell(rr, cc).border = BORDER
    ws.merge_cells(start_row=row, start_column=col, end_row=row + rs - 1, end_column=col + cs - 1)


def _put_cell(ws: Worksheet, row: int, col: int, cell, font: Font) -> None:
    xl = ws.cell(row, col, _cell_value(cell))
    xl.border = BORDER
    xl.font = font
    fmt = XLSX_FORMATS.get(cell.fmt)
    if fmt and cell.is_number:
        xl.number_format = fmt
    horizontal = cell.align or ("right" if cell.is_number else "center")
    xl.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)


def _grid(ws: Worksheet, form: Form, top: int) -> None:
    """The form's cells from row ``top``, merged as the form says, each row as tall as its longest text."""
    normal, bold = Font(name=FONT, size=10.5), Font(name=FONT, size=10.5, bold=True)
    spans = {(i, j): (rs, cs) for i, j, rs, cs in form.merges}
    heights = [1] * len(form.rows)
    for i, row in enumerate(form.rows):
        for j, cell in enumerate(row):
            if cell is None:
                continue
            rs, cs = spans.get((i, j), (1, 1))
            _put_cell(ws, top + i, j + 1, cell, bold if (cell.bold or i < form.header_rows) else normal)
            if rs > 1 or cs > 1:
                _merge(ws, top + i, j + 1, rs, cs)
            width = sum(form.widths[j:j + cs])
            need = math.ceil(_lines(_cell_value(cell) if not cell.is_number else "0", width) / rs)
            for k in range(i, i + rs):
                heights[k] = max(heights[k], need)
    for i, h in enumerate(heights):
        ws.row_dimensions[top + i].height = max(20, h * LINE_PT + 5)


def _page_setup(ws: Worksheet, form: Form, top: int, last_row: int) -> None:
    """A4 landscape, fitted to the width, the header rows repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if form.header_rows:
        ws.print_title_rows = f"{top}:{top + form.header_rows - 1}"
        ws.freeze_panes = ws.cell(top + form.header_rows, 1).coordinate
    ws.print_area = f"A1:{get_column_letter(form.n_cols)}{last_row}"


def write_form(ws: Worksheet, form: Form) -> None:
    ws.title = form.sheet
    for j, w in enumerate(form.widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    top = _head(ws, form)  # first row of the grid
    _grid(ws, form, top)
    r = top + len(form.rows)
    normal = Font(name=FONT, size=10.5)
    for note in form.notes:
        _line(ws, r, form.n_cols, note, "left", normal)
        r += 1
    _page_setup(ws, form, top, r - 1)


def workbook_bytes(forms: list[Form]) -> bytes:
    """One sheet per form, in order."""
    wb = Workbook()
    wb.remove(wb.active)
    for form in forms:
        write_form(wb.create_sheet(), form)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

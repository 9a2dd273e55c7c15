"""Files people open in Excel/WPS: CSV in UTF-8 with BOM, XLSX in the official layout.

Text cells that a spreadsheet would run as a formula (= + - @ tab CR at the
start) get a leading apostrophe; numbers stay numbers, negatives stay negative.
"""

from __future__ import annotations

import io
import re
from datetime import date

import numpy as np
import pandas as pd

# OWASP's list (= + - @ tab CR), plus the full-width forms a Chinese input method types: a spreadsheet
# that folds them to ASCII on entry would otherwise see a formula, and the apostrophe costs nothing.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """A text cell made safe for spreadsheets; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_LEAD):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame, numeric_text: tuple = ()) -> pd.DataFrame:
    """Neutralise text cells; ``numeric_text`` names columns already formatted from numbers (kept as is)."""
    out = frame.copy()
    for col in out.columns:
        if col not in numeric_text and not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(neutralise).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def money_text(frame: pd.DataFrame, places: dict[str, int]) -> pd.DataFrame:
    """Money columns as fixed-decimal text for CSV, so 114.5 prints as 114.50 and never as 114.49999."""
    out = frame.copy()
    for col, p in places.items():
        out[col] = [("" if pd.isna(v) else f"{v:.{p}f}") for v in out[col]]
    return out


def _one_cell(note: str) -> str:
    """A note kept in one spreadsheet cell: no thousands commas in its numbers, other commas full-width."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", note).replace(",", "，")


def csv_bytes(frame: pd.DataFrame, places: dict[str, int] | None = None, notes: list[str] = ()) -> bytes:
    """UTF-8 with BOM and CRLF, which Excel and WPS open with the Chinese intact.

    ``notes`` go above the header as '# ' lines, which the importer skips (see ``_one_cell``)."""
    places = places or {}
    data = money_text(frame, places)
    head = "".join(f"# {_one_cell(str(n))}\r\n" for n in notes)
    return (head + safe_frame(data, tuple(places)).to_csv(index=False, lineterminator="\r\n")).encode("utf-8-sig")


COMPARE_STEM = "方案对比"


def file_name(name: str, ext: str, when: date | None = None) -> str:
    """A download's name: the mechanism's (or its secondary calculation's) file stem, or "compare", and the date."""
    from . import mechanisms  # the mechanisms' forms import this module

    stem = COMPARE_STEM if name == "compare" else name
    for spec in mechanisms.specs():
        if spec.name == name:
            stem = spec.file_stem
        elif spec.secondary is not None and spec.secondary.name == name:
            stem = spec.secondary.file_stem
    return f"{stem}_{(when or date.today()).isoformat()}.{ext}"


def xlsx_bytes(title: str, unit: str, headers: list[str], rows: list[list], total: list | None,
               number_formats: list[str | None], sheet: str = "Sheet1") -> bytes:
    """One sheet in the official layout: title, 单位 line, header, county rows, 合计 row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    n = len(headers)
    ws.cell(1, 1, neutralise(title)).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.cell(2, n, unit).alignment = Alignment(horizontal="right")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for j, h in enumerate(headers, 1):
        c = ws.cell(3, j, neutralise(h))
        c.font, c.border = Font(bold=True), border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body = rows + ([total] if total else [])
    for i, row in enumerate(body, 4):
        for j, v in enumerate(row, 1):
            if isinstance(v, (np.integer,)):
                v = int(v)
            elif isinstance(v, (np.floating,)):
                v = float(v)
            c = ws.cell(i, j, neutralise(v))
            c.border = border
            if number_formats[j - 1] and isinstance(v, (int, float)):
                c.number_format = number_formats[j - 1]
        if total and i == 3 + len(body):
            for j in range(1, n + 1):
                ws.cell(i, j).font = Font(bold=True)
    for j in range(1, n + 1):
        ws.column_dimensions[get_column_letter(j)].width = 14 if j > 1 else 12
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.freeze_panes = "B4"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

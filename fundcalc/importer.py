"""Reading a county table from a file: one code path for the dashboard's upload and the CLI's --data.

What bureaus upload is what Excel and WPS write: CSV in UTF-8 (with or without BOM),
GBK/GB18030 or UTF-16; XLSX (first sheet or a chosen one); Parquet. Official forms
come as they are: title and unit rows above a one- or two-row header, a 合计 row
(checked against the counties, then dropped), blank rows, notes under the table,
spaces around names, 千分位 separators, full-width digits, and leading '#' lines
(our 示例数据 label). Headers are matched through the column registry's aliases
(and the policy's) in any order, or by an explicit mapping; other columns are
ignored and listed.

``read_table`` is one straight pass over the steps of fundcalc.importing: read the
grid (fundcalc.filegrid) → find the header → map the columns → split the county rows
→ validate the cells (fundcalc.validate) → check the 合计 rows.

Anything else is refused with an ``InputError`` naming the row the user sees
(the Excel row number for XLSX, the line number for CSV; for Parquet the header
counts as row 1), the column and the value.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from .columns import TableSchema
from .errors import InputError
from .filegrid import HEADER_SCAN_ROWS, MAX_FILE_BYTES, MAX_FILE_MB, Grid, read_grid, sheet_names, source_bytes
from .importing import body as body_step
from .importing import header as header_step
from .importing import mapping as mapping_step
from .importing import totals as totals_step
from .importing.cells import cell, filled, text
from .rows import RowMap
from .validate import validate_table

__all__ = ["ImportResult", "read_table", "load_grid", "sheet_names", "MAX_FILE_MB", "MAX_FILE_BYTES"]


@dataclass
class ImportResult:
    frame: pd.DataFrame                      # validated, keyed by the schema's column keys
    recognised: dict[str, str]               # original header -> column key
    ignored_columns: list[str] = field(default_factory=list)    # the file's columns not read (shown in the preview)
    notes: list[tuple[str, str]] = field(default_factory=list)   # (zh, en) remarks for the preview
    label_lines: list[str] = field(default_factory=list)         # leading '#' lines, e.g. 示例数据
    header_row: int | None = None            # first header row as the user counts rows
    rows: RowMap = field(default_factory=RowMap)                 # the file row of each frame row
    totals: dict[str, object] = field(default_factory=dict)      # the file's 合计 figures that were checked
    file_format: str = ""                    # "csv" | "xlsx" | "parquet"
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    @property
    def illustrative(self) -> bool:
        """The file labels itself as sample data (示例数据)."""
        return any("示例" in line or "sample" in line.lower() for line in self.label_lines)

    @property
    def row_numbers(self) -> list[int]:
        return list(self.rows.numbers or ())


def read_table(source, schema: TableSchema, mapping: dict[str, str | None] | None = None, *,
               filename: str | None = None, sheet=None) -> ImportResult:
    """Read, recognise, check and validate one county table; refuse anything else with an InputError.

    ``source`` is a path, bytes, a file-like object (streamlit's UploadedFile) or a Grid from ``load_grid``;
    ``mapping`` {file header → column key, or None to ignore the column} decides the headers it names (the
    others are matched as usual); ``filename`` says what the bytes claim to be (its extension is checked
    against the content); ``sheet`` picks an XLSX worksheet by name or 0-based index.
    """
    grid = source if isinstance(source, Grid) else load_grid(source, filename, sheet)
    _refuse_empty(grid)
    lookup = header_step.Lookup(schema, mapping_step.explicit_lookup(schema, mapping))
    header = header_step.find(grid, lookup)
    if header is None:
        raise _no_header(schema)
    header_row = grid.numbers[header.first]
    columns = mapping_step.resolve(grid, header, schema, lookup, mapping)
    mapping_step.refuse_missing(columns, schema, header_row)
    body = body_step.split(grid, columns, schema)
    if not body.rows:
        raise InputError("只有表头，没有县的数据行", "there is a header but no county rows", row=header_row)
    raw = pd.DataFrame({key: pd.Series([cell(r, j) for r in body.rows], dtype=object)
                        for j, key in columns.columns.items()})
    rows = RowMap.of(body.numbers)
    clean = validate_table(raw, schema, rows)
    checked, total_notes = totals_step.check(body.totals, columns.columns, clean, raw, schema)
    notes = list(grid.notes) + _header_notes(grid, header) + columns.notes + body.notes + total_notes
    if _had_formatted_numbers(raw, schema):
        notes.append(("千分位、全角数字已按数字读取",
                      "thousands separators and full-width digits were read as numbers"))
    return ImportResult(clean, columns.recognised(), columns.ignored(grid.rows[header.last + 1:]), notes,
                        list(grid.labels) + _label_lines(grid, header), header_row, rows, checked,
                        grid.file_format, grid.encoding, grid.sheet, grid.sheets)


def load_grid(source, filename: str | None = None, sheet=None) -> Grid:
    """The file's cells, read once; ``read_table`` takes the grid itself, so trying a second schema
    (the settlement's other mode) does not read the file again."""
    data, name = source_bytes(source, filename)
    return read_grid(data, name, sheet)


def _refuse_empty(grid: Grid) -> None:
    if not any(filled(row) for row in grid.rows):
        where = f"工作表「{grid.sheet}」" if grid.sheet else "文件"
        raise InputError(f"{where}是空的", "the sheet is empty" if grid.sheet else "the file is empty")


def _no_header(schema: TableSchema) -> InputError:
    expected = "、".join(c.zh for c in schema.columns if c.required)
    expected_en = ", ".join(c.en for c in schema.columns if c.required)
    return InputError(f"找不到表头：前 {HEADER_SCAN_ROWS} 行中没有一行含有本表的列名（应有：{expected}）",
                      f"no header found: none of the first {HEADER_SCAN_ROWS} rows names this table's columns "
                      f"(expected: {expected_en})")


def _label_lines(grid: Grid, header: header_step.Header) -> list[str]:
    """Leading '#' lines above the header (our 示例数据 label, e.g.) that a spreadsheet kept in one cell."""
    out = []
    for row in grid.rows[:header.first]:
        cells = [text(v) for v in row if text(v)]
        if cells and cells[0].startswith("#") and len(set(cells)) == 1:
            out.append(cells[0].lstrip("#").strip())
    return out


def _header_notes(grid: Grid, header: header_step.Header) -> list[tuple[str, str]]:
    notes = []
    header_row = grid.numbers[header.first]
    above = [i for i in range(header.first) if filled(grid.rows[i])]
    if above:
        notes.append((f"表头在第 {header_row} 行，上方 {len(above)} 行标题/说明已跳过",
                      f"the header is on row {header_row}; {len(above)} title/note row(s) above it were skipped"))
    if header.last > header.first:
        notes.append((f"两行表头（第 {header_row}–{grid.numbers[header.last]} 行）已合并",
                      f"a two-row header (rows {header_row}-{grid.numbers[header.last]}) was combined"))
    return notes


def _had_formatted_numbers(frame: pd.DataFrame, schema: TableSchema) -> bool:
    for key in frame.columns:
        if schema.column(key).kind == "text":
            continue
        for v in frame[key]:
            if isinstance(v, str) and ("," in v or unicodedata.normalize("NFKC", v) != v):
                return True
    return False


def header_mapping(names, schema: TableSchema) -> dict[str, str]:
    """Which of ``names`` (a file's headers) is which column key of ``schema``, by the registry's labels and aliases.

    For tables read by another engine (rosters), which only need the header matched; the first header
    matching a key wins."""
    lookup = header_step.Lookup(schema)
    found: dict[str, str] = {}
    for name in names:
        key = lookup.match(str(name))
        if key is not None and key not in found:
            found[key] = name
    return found

"""Step 4 of the import: the county rows under the header, apart from what is not a county.

Skipped with a note: rows without this table's data, repeated header rows (a form printed over pages),
notes under the table. Kept aside for the 合计 check: total rows. Refused: a 小计 row (which rows are
counties is then unknowable).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..columns import TableSchema
from ..errors import InputError
from ..filegrid import Grid
from .cells import blank, cell, is_number, rows_text, squeeze, text
from .mapping import Mapping

FOOTNOTE_START = ("备注", "注", "说明", "附注", "制表", "填表", "填报", "审核", "负责人", "联系人", "联系电话",
                  "单位", "数据来源", "资料来源", "note", "source")
SUBTOTAL_MARKERS = ("小计", "subtotal")


@dataclass
class Body:
    rows: list[list] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)          # the user's row of each county row
    totals: list[tuple[int, list]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def _is_total(row, key_col: int, markers) -> bool:
    for v in row[:key_col + 1]:
        s = squeeze(v).strip(":：")
        if s in markers or s.lower() in ("total", "sum", "grandtotal") or s.endswith(("合计", "总计")):
            return True
    return False


def _is_subtotal(row, key_col: int) -> bool:
    return any(squeeze(v).lower().endswith(SUBTOTAL_MARKERS) for v in row[:key_col + 1])


def _is_footnote(row, key_col: int) -> bool:
    first = next((text(v) for v in row if not blank(v)), "")
    squeezed = squeeze(first)
    return bool(squeezed) and (squeezed.lower().startswith(FOOTNOTE_START) or "：" in first or ":" in first
                               or len(squeezed) > 40)


def split(grid: Grid, m: Mapping, schema: TableSchema) -> Body:
    """The county rows, the total rows and the preview's notes; refuses a subtotal row or a table of none."""
    key_col = next(j for j, k in m.columns.items() if k == schema.key)
    header_key = squeeze(cell(grid.rows[m.header.last], key_col))
    body, blank_rows, repeated = Body(), [], []
    for i in range(m.header.last + 1, len(grid.rows)):
        number, row = grid.numbers[i], grid.rows[i]
        if all(blank(cell(row, j)) for j in m.columns):
            if any(not blank(v) for v in row):
                blank_rows.append(number)
        elif _is_total(row, key_col, schema.total_markers):
            body.totals.append((number, row))
        elif _is_subtotal(row, key_col):
            raise InputError("表中有小计行，无法确定哪些是县；请删去小计行后再导入",
                             "the table has a subtotal row; remove subtotal rows and import again",
                             row=number, column=schema.column(schema.key).zh, value=text(cell(row, key_col)))
        elif header_key and squeeze(cell(row, key_col)) == header_key:
            repeated.append(number)
        else:
            body.rows.append(row)
            body.numbers.append(number)
    footnotes = _footnotes(body, m, key_col, schema)
    if blank_rows:
        body.notes.append((f"没有本表数据的行已跳过：第 {rows_text(blank_rows)} 行",
                           f"rows without this table's data were skipped: {rows_text(blank_rows)}"))
    if repeated:
        body.notes.append((f"重复的表头行已跳过：第 {rows_text(repeated)} 行",
                           f"repeated header rows were skipped: {rows_text(repeated)}"))
    for number, note in reversed(footnotes):
        short = note if len(note) <= 30 else note[:29] + "…"
        body.notes.append((f"表下说明已忽略（第 {number} 行）：{short}",
                           f"a note under the table was ignored (row {number})"))
    return body


def _footnotes(body: Body, m: Mapping, key_col: int, schema: TableSchema) -> list[tuple[int, str]]:
    """Notes under the table (备注：…, 制表人, a long sentence) with no figure in a number column: taken off."""
    found = []
    figures = [j for j, k in m.columns.items() if k != schema.key]
    while body.rows and _is_footnote(body.rows[-1], key_col) and not any(is_number(cell(body.rows[-1], j))
                                                                         for j in figures):
        row = body.rows.pop()
        found.append((body.numbers.pop(), text(next(v for v in row if not blank(v)))))
    return found

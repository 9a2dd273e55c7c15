"""Reading a county table from a file: one code path for the dashboard's upload and the CLI's --data.

What bureaus upload is what Excel and WPS write: CSV in UTF-8 (with or without BOM),
GBK/GB18030 or UTF-16; XLSX (first sheet or a chosen one); Parquet. Official forms
come as they are: title and unit rows above a one- or two-row header, a 合计 row
(checked against the counties, then dropped), blank rows, notes under the table,
spaces around names, 千分位 separators, full-width digits, and leading '#' lines
(our 示例数据 label). Headers are matched through the column registry's aliases
in any order; other columns are ignored and listed. Reading the bytes into a grid
of cells (formats, encodings, sheets) is fundcalc.filegrid; this module finds the
header, the county rows and the 合计 row, and validates through the registry.

Anything else is refused with an ``InputError`` naming the row the user sees
(the Excel row number for XLSX, the line number for CSV; for Parquet the header
counts as row 1), the column and the value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from .columns import TableSchema
from .errors import InputError
from .filegrid import HEADER_SCAN_ROWS, MAX_FILE_BYTES, MAX_FILE_MB, Grid, read_grid, sheet_names, source_bytes
from .numbers import NumberError
from .numbers import parse as parse_number
from .validate import validate_table, wan_to_fen_array

__all__ = ["ImportResult", "read_table", "load_grid", "sheet_names", "MAX_FILE_MB", "MAX_FILE_BYTES"]

# Units a header may carry in brackets; a unit that differs from the column's is refused, not guessed.
KNOWN_UNITS = {"人", "万人", "元", "万元", "亿元", "千元", "元/人", "元/人/年", "%", "人次", "户"}

SUMMABLE_KINDS = ("people", "wan")
FOOTNOTE_START = ("备注", "注", "说明", "附注", "制表", "填表", "填报", "审核", "负责人", "联系人", "联系电话",
                  "单位", "数据来源", "资料来源", "note", "source")
SUBTOTAL_MARKERS = ("小计", "subtotal")


@dataclass
class ImportResult:
    frame: pd.DataFrame                      # validated, keyed by the schema's column keys
    recognised: dict[str, str]               # original header -> column key
    ignored: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)   # (zh, en) remarks for the preview
    label_lines: list[str] = field(default_factory=list)         # leading '#' lines, e.g. 示例数据
    header_row: int | None = None            # first header row as the user counts rows
    row_numbers: list[int] = field(default_factory=list)         # the file row of each frame row
    totals: dict[str, object] = field(default_factory=dict)      # the file's 合计 figures that were checked
    file_format: str = ""                    # "csv" | "xlsx" | "parquet"
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    @property
    def illustrative(self) -> bool:
        """The file labels itself as sample data (示例数据)."""
        return any("示例" in line or "sample" in line.lower() for line in self.label_lines)


# --- cells -------------------------------------------------------------------------------

def _blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


def _text(v) -> str:
    if _blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _squeeze(v) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(v)))


def _is_number(v) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float, np.integer, np.floating, Decimal)):
        return True
    if not isinstance(v, str) or not v.strip():
        return False
    try:
        return parse_number(v) is not None
    except NumberError:
        return False


# --- headers -----------------------------------------------------------------------------

def _norm(text) -> str:
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return re.sub(r"[\s()\[\]【】〔〕:：*_\-]", "", text)


def _norm_no_unit(text) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return _norm(re.sub(r"[(\[【〔][^)\]】〕]*[)\]】〕]", "", text))


def _unit_of(header: str) -> str | None:
    found = re.findall(r"[(\[【]([^)\]】]*)[)\]】]\s*$", unicodedata.normalize("NFKC", header))
    unit = found[-1].replace(" ", "") if found else None
    return unit if unit in KNOWN_UNITS else None


class _Lookup:
    def __init__(self, schema: TableSchema):
        self.exact: dict[str, str] = {}
        self.loose: dict[str, str] = {}
        for col in schema.columns:
            for name in (col.key, col.zh, col.en, col.label("zh"), col.label("en"), *col.aliases):
                self.exact.setdefault(_norm(name), col.key)
                self.loose.setdefault(_norm_no_unit(name), col.key)

    def match(self, name: str) -> str | None:
        if not name:
            return None
        return self.exact.get(_norm(name)) or self.loose.get(_norm_no_unit(name)) or None


@dataclass
class _Header:
    first: int                 # grid index of the first header row
    last: int                  # grid index of the last header row
    names: list[str]           # header text per column (two rows joined with " / ")
    mapping: dict[int, str]    # column index -> key
    combined: bool = False     # a two-row match used both rows

    @property
    def score(self) -> int:
        return len(self.mapping)


def _single(grid: Grid, r: int, lookup: _Lookup) -> _Header:
    names = [_text(v) for v in grid.rows[r]]
    found = [(j, lookup.match(n), 0) for j, n in enumerate(names)]
    return _Header(r, r, names, _pick(found))


def _double(grid: Grid, top_r: int, lookup: _Lookup) -> _Header:
    top = [_text(v) for v in grid.rows[top_r]]
    bottom = [_text(v) for v in grid.rows[top_r + 1]]
    width = max(len(top), len(bottom))
    top += [""] * (width - len(top))
    bottom += [""] * (width - len(bottom))
    # In CSV a group heading spans its sub-columns only in the first of them.
    filled, last = [], ""
    for t, b in zip(top, bottom, strict=True):
        last = t if t else (last if b else "")
        filled.append(last)
    names, found, combined = [], [], False
    for j, (t, b) in enumerate(zip(filled, bottom, strict=True)):
        if t and b and t != b:
            names.append(f"{t} / {b}")
            key = lookup.match(t + b) or lookup.match(f"{t}({b})")
            if key:
                found.append((j, key, 0))
                combined = True
                continue
            found.append((j, lookup.match(b), 1))
        else:
            names.append(t or b)
            found.append((j, lookup.match(t or b), 2))
    header = _Header(top_r, top_r + 1, names, _pick(found))
    header.combined = combined and any(q == 0 for j, k, q in found if header.mapping.get(j) == k)
    return header


def _pick(found) -> dict[int, str]:
    """One column per key: the best kind of match, then the leftmost."""
    best: dict[str, tuple[int, int]] = {}
    for j, key, quality in found:
        if key and (key not in best or (quality, j) < best[key]):
            best[key] = (quality, j)
    return {j: key for key, (q, j) in sorted(best.items(), key=lambda kv: kv[1][1])}


def _texty(row) -> bool:
    cells = [v for v in row if not _blank(v)]
    return bool(cells) and not any(_is_number(v) for v in cells)


# Words a second header row holds under a group heading ("建档立卡未脱贫" over "人数(人)").
HEADER_WORDS = {"人数", "人次", "户数", "金额", "资金", "标准", "数量", "小计", "合计", "其中", "序号", "编号",
                "备注", "说明", "计", "number", "amount", "people", "persons"}


def _label_like(text: str, lookup: _Lookup) -> bool:
    """A cell that reads as a column label: a known name or alias, a unit, or a sub-heading word."""
    if _is_number(text):
        return False
    if lookup.match(text) or _unit_of(text):
        return True
    bare = _norm_no_unit(text)
    return _norm(text).strip("()（）") in KNOWN_UNITS or bare in HEADER_WORDS or bare.startswith("其中")


def _header_like(row, lookup: _Lookup) -> bool:
    """A row below the header joins it only if every cell in it reads as a label.

    Anything else, such as a first county whose figures are blank, text or uncached
    formulas, is a county row and is validated (and refused) as one, never swallowed.
    """
    cells = [_text(v) for v in row if not _blank(v)]
    return bool(cells) and all(_label_like(c, lookup) for c in cells)


def _find_header(grid: Grid, lookup: _Lookup) -> _Header | None:
    candidates = [i for i, row in enumerate(grid.rows) if any(not _blank(v) for v in row)][:HEADER_SCAN_ROWS]
    if not candidates:
        return None
    best = max((_single(grid, r, lookup) for r in candidates), key=lambda h: (h.score, -h.first))
    if best.score == 0:
        return None
    r = best.first
    chosen = best
    below = r + 1 < len(grid.rows) and _header_like(grid.rows[r + 1], lookup)
    if below:
        two = _double(grid, r, lookup)
        if two.score > chosen.score or (two.score == chosen.score and two.combined):
            chosen = two
    if r >= 1 and _texty(grid.rows[r - 1]):
        two = _double(grid, r - 1, lookup)
        if two.score > chosen.score:
            chosen = two
    return chosen


# --- rows --------------------------------------------------------------------------------

def _is_total(row, key_col: int, markers) -> bool:
    for v in row[:key_col + 1]:
        s = _squeeze(v).strip(":：")
        low = s.lower()
        if s in markers or low in ("total", "sum", "grandtotal") or s.endswith(("合计", "总计")):
            return True
    return False


def _is_subtotal(row, key_col: int) -> bool:
    return any(_squeeze(v).lower().endswith(SUBTOTAL_MARKERS) for v in row[:key_col + 1])


def _is_footnote(row, key_col: int) -> bool:
    first = next((_text(v) for v in row if not _blank(v)), "")
    squeezed = _squeeze(first)
    return bool(squeezed) and (squeezed.lower().startswith(FOOTNOTE_START) or "：" in first or ":" in first
                               or len(squeezed) > 40)


def _cell(row, j):
    return row[j] if j < len(row) else None


def read_table(source, schema: TableSchema, filename: str | None = None, sheet=None) -> ImportResult:
    """Read, recognise, check and validate one county table; refuse anything else with an InputError.

    ``source`` is a path, bytes, a file-like object (streamlit's UploadedFile) or a Grid from ``load_grid``;
    ``filename`` says what the bytes claim to be (its extension is checked against
    the content); ``sheet`` picks an XLSX worksheet by name or 0-based index.
    """
    return _table_from_grid(source if isinstance(source, Grid) else load_grid(source, filename, sheet), schema)


def load_grid(source, filename: str | None = None, sheet=None) -> Grid:
    """The file's cells, read once; ``read_table`` takes the grid itself, so trying a second schema
    (the settlement's other mode) does not read the file again."""
    data, name = source_bytes(source, filename)
    return read_grid(data, name, sheet)


def _table_from_grid(grid: Grid, schema: TableSchema) -> ImportResult:
    lookup = _Lookup(schema)
    labels = list(grid.labels)
    if not any(any(not _blank(v) for v in row) for row in grid.rows):
        where = f"工作表「{grid.sheet}」" if grid.sheet else "文件"
        raise InputError(f"{where}是空的", "the sheet is empty" if grid.sheet else "the file is empty")
    header = _find_header(grid, lookup)
    if header is None:
        expected = "、".join(c.zh for c in schema.columns if c.required)
        expected_en = ", ".join(c.en for c in schema.columns if c.required)
        raise InputError(f"找不到表头：前 {HEADER_SCAN_ROWS} 行中没有一行含有本表的列名（应有：{expected}）",
                         f"no header found: none of the first {HEADER_SCAN_ROWS} rows names this table's columns "
                         f"(expected: {expected_en})")
    mapping = dict(header.mapping)
    names = header.names
    header_row = grid.numbers[header.first]
    notes = list(grid.notes)
    data_start = header.last + 1
    body = [(grid.numbers[i], grid.rows[i]) for i in range(data_start, len(grid.rows))]

    if schema.key not in mapping.values() and names and not names[0] and 0 not in mapping:
        firsts = [_text(_cell(r, 0)) for _, r in body]
        if any(firsts) and not any(_is_number(v) for v in firsts if v):
            mapping = {0: schema.key, **mapping}
            notes.append((f"第一列没有列名，按「{schema.column(schema.key).zh}」读取",
                          f"the first column has no header; read as '{schema.column(schema.key).en}'"))

    for i in range(header.first):
        row = grid.rows[i]
        cells = [_text(v) for v in row if not _blank(v)]
        if cells and cells[0].startswith("#") and len(set(cells)) == 1:
            labels.append(cells[0].lstrip("#").strip())
    above = [i for i in range(header.first) if any(not _blank(v) for v in grid.rows[i])]
    if above:
        notes.append((f"表头在第 {header_row} 行，上方 {len(above)} 行标题/说明已跳过",
                      f"the header is on row {header_row}; {len(above)} title/note row(s) above it were skipped"))
    if header.last > header.first:
        notes.append((f"两行表头（第 {header_row}–{grid.numbers[header.last]} 行）已合并",
                      f"a two-row header (rows {header_row}-{grid.numbers[header.last]}) was combined"))
    for j in _check_units(grid, header, mapping, schema):
        col = schema.column(mapping.pop(j))
        notes.append((f"列「{header.names[j]}」的单位与「{col.label('zh')}」不同，未使用",
                      f"column '{header.names[j]}' is in another unit than '{col.label('en')}'; not used"))

    recognised, used = {}, set()
    for j in sorted(mapping):
        shown = names[j] if j < len(names) and names[j] else f"第 {j + 1} 列 / column {j + 1}"
        if shown in used:
            shown = f"{shown} (第 {j + 1} 列)"
        used.add(shown)
        recognised[shown] = mapping[j]
    ignored = [n if n else f"第 {j + 1} 列 / column {j + 1}" for j, n in enumerate(names)
               if j not in mapping and (n or any(not _blank(_cell(r, j)) for _, r in body))]
    for j, n in enumerate(names):
        key = lookup.match(n)
        if j not in mapping and key and key in mapping.values():
            other = next(k for k, v in mapping.items() if v == key)
            notes.append((f"列「{n}」与列「{names[other]}」都对应「{schema.column(key).zh}」，已使用后者",
                          f"columns '{n}' and '{names[other]}' both mean '{schema.column(key).en}'; "
                          f"the latter is used"))

    missing = [c for c in schema.columns if c.required and c.key not in mapping.values()]
    if missing:
        c = missing[0]
        seen = "、".join(schema.column(k).zh for k in mapping.values()) or "无"
        seen_en = ", ".join(schema.column(k).en for k in mapping.values()) or "none"
        raise InputError(f"缺少必需的列「{c.zh}」；表头（第 {header_row} 行）中识别到：{seen}",
                         f"required column '{c.en}' ({c.key}) is missing; the header (row {header_row}) has: "
                         f"{seen_en}", row=header_row, column=c.zh)

    key_col = next(j for j, k in mapping.items() if k == schema.key)
    header_key = _squeeze(_cell(grid.rows[header.last], key_col))
    rows, numbers, totals, skipped_blank, repeated = [], [], [], [], []
    for number, row in body:
        cells = [_cell(row, j) for j in mapping]
        if all(_blank(v) for v in cells):
            if any(not _blank(v) for v in row):
                skipped_blank.append(number)
            continue
        if _is_total(row, key_col, schema.total_markers):
            totals.append((number, row))
            continue
        if _is_subtotal(row, key_col):
            raise InputError("表中有小计行，无法确定哪些是县；请删去小计行后再导入",
                             "the table has a subtotal row; remove subtotal rows and import again",
                             row=number, column=schema.column(schema.key).zh, value=_text(_cell(row, key_col)))
        if header_key and _squeeze(_cell(row, key_col)) == header_key:
            repeated.append(number)
            continue
        rows.append(row)
        numbers.append(number)
    footnotes = []
    while rows and _is_footnote(rows[-1], key_col) and not any(_is_number(_cell(rows[-1], j)) for j in mapping
                                                                   if mapping[j] != schema.key):
        footnotes.append((numbers.pop(), _text(next(v for v in rows.pop() if not _blank(v)))))
    if skipped_blank:
        notes.append((f"没有本表数据的行已跳过：第 {_rows_text(skipped_blank)} 行",
                      f"rows without this table's data were skipped: {_rows_text(skipped_blank)}"))
    if repeated:
        notes.append((f"重复的表头行已跳过：第 {_rows_text(repeated)} 行",
                      f"repeated header rows were skipped: {_rows_text(repeated)}"))
    for number, text in reversed(footnotes):
        short = text if len(text) <= 30 else text[:29] + "…"
        notes.append((f"表下说明已忽略（第 {number} 行）：{short}", f"a note under the table was ignored (row {number})"))
    if not rows:
        raise InputError("只有表头，没有县的数据行", "there is a header but no county rows", row=header_row)

    frame = pd.DataFrame({key: pd.Series([_cell(r, j) for r in rows], dtype=object) for j, key in mapping.items()})
    clean = validate_table(frame, schema, row_numbers=numbers)
    checked = {}
    for number, row in totals:
        checked |= _check_total(number, row, mapping, clean, frame, schema, notes)
    if _had_formatted_numbers(frame, schema):
        notes.append(("千分位、全角数字已按数字读取", "thousands separators and full-width digits were read as numbers"))
    return ImportResult(clean, recognised, ignored, notes, labels, header_row, numbers, checked,
                        grid.file_format, grid.encoding, grid.sheet, grid.sheets)


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" … ({len(numbers)})" if len(numbers) > 10 else "")


def _check_units(grid: Grid, header: _Header, mapping: dict[int, str], schema: TableSchema) -> list[int]:
    """Refuse a required column in another unit (never guess a conversion); return optional ones to drop."""
    dropped = []
    for j, key in mapping.items():
        col = schema.column(key)
        name = header.names[j] if j < len(header.names) else ""
        unit = _unit_of(name.split(" / ")[-1]) or _unit_of(name)
        if unit and col.unit_zh and _unit_family(unit) != _unit_family(col.unit_zh):
            if not col.required:
                dropped.append(j)
                continue
            raise InputError(f"这一列的单位是「{unit}」，本表要求「{col.unit_zh}」；请换算后再导入",
                             f"this column is in '{unit}'; the table needs '{col.unit_en}'; convert it first",
                             row=grid.numbers[header.first], column=header.names[j], value=unit)
    for i in range(header.first):
        for v in grid.rows[i]:
            m = re.match(r"^单位[:：]\s*(\S+)$", _text(v).replace(" ", ""))
            if not m:
                continue
            unit = unicodedata.normalize("NFKC", m.group(1))
            money = [schema.column(k) for j, k in mapping.items() if schema.column(k).kind == "wan"
                     and _unit_of(header.names[j]) is None and schema.column(k).unit_zh == "万元"]
            if money and unit in ("元", "千元", "亿元"):
                raise InputError(f"表上方注明“单位：{unit}”，本表金额应以万元填写；请换算后再导入",
                                 f"the form says its unit is {unit}; this table needs 10k yuan; convert it first",
                                 row=grid.numbers[i], column=money[0].zh, value=_text(v))
    return dropped


def _unit_family(unit: str) -> str:
    # 元 and 元/人 are the same thing in a per-person standard's header
    return "元" if unit in ("元", "元/人", "元/人/年") else unit


def _check_total(number: int, row, mapping, clean: pd.DataFrame, frame: pd.DataFrame, schema: TableSchema,
                 notes) -> dict[str, object]:
    """A 合计 row must equal the sum of the counties, column by column (as in 曲财社〔2018〕106号 附表)."""
    checked, unchecked = {}, []
    for j, key in mapping.items():
        col = schema.column(key)
        if col.kind not in SUMMABLE_KINDS:
            continue
        value = _cell(row, j)
        if _blank(value):
            continue
        try:
            total = float(parse_number(_text(value)))
        except NumberError:
            total = math.nan
        if not math.isfinite(total):
            raise InputError("合计行的值不是数字", "the total row's value is not a number", row=number,
                             column=col.zh, value=_text(value))
        if frame[key].map(_blank).any():
            unchecked.append(col.zh)
            continue
        if col.kind == "people":
            counties = int(clean[key].sum())
            same = total == counties
            shown_total, shown_sum = _fmt_number(total), f"{counties:,}"
        else:
            counties = int(wan_to_fen_array(clean[key]).sum())
            total_fen = int(round(total * 1_000_000))
            same = total_fen == counties
            shown_total, shown_sum = _fmt_wan(total_fen), _fmt_wan(counties)
        if not same:
            raise InputError(f"合计行与各县之和不符：合计为 {shown_total}，各县相加为 {shown_sum}",
                             f"the total row does not match the counties: total {shown_total}, "
                             f"the counties add up to {shown_sum}", row=number, column=col.zh, value=_text(value))
        checked[key] = total
    if checked:
        notes.append((f"合计行（第 {number} 行）已与各县之和核对一致，并已去掉",
                      f"the total row (row {number}) matches the sum of the counties and was dropped"))
    else:
        notes.append((f"合计行（第 {number} 行）已去掉（没有可核对的数）",
                      f"the total row (row {number}) was dropped (nothing to check)"))
    if unchecked:
        notes.append((f"合计行中「{'、'.join(unchecked)}」因各县有空值未核对",
                      f"the total of {', '.join(unchecked)} was not checked: some counties are blank"))
    return checked


def _fmt_number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _fmt_wan(fen: int) -> str:
    d = (Decimal(fen) / 1_000_000).normalize()
    places = max(2, -d.as_tuple().exponent if d.as_tuple().exponent < 0 else 0)
    return f"{Decimal(fen) / 1_000_000:,.{places}f}"


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
    lookup = _Lookup(schema)
    found: dict[str, str] = {}
    for name in names:
        key = lookup.match(str(name))
        if key is not None and key not in found:
            found[key] = name
    return found

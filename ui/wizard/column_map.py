"""The county table of 新建测算: a file read into cells, its header row found, each of its columns mapped to a
field or category of the policy's table (or explicitly ignored), then read by the normal importer.

A colleague's file names columns its own way ("低保户数", "特困供养人员"); the importer alone would refuse it
or, worse, leave a category out. Here every column is accounted for: guessed from the names the table schema
knows (labels, aliases, a category's name inside the header), then confirmed or changed by the user. A policy
field with no column, a column mapped twice, or a column nobody decided on is refused, naming it; after that
the file's header is rewritten to the schema's keys and the grid goes through ``fundcalc.importer.read_table``,
so every bad cell gets the bilingual row/column/value message and the 合计 row is checked as for any import.
No streamlit here: the tests call these functions with bytes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from fundcalc.columns import TableSchema
from fundcalc.errors import InputError
from fundcalc.filegrid import HEADER_SCAN_ROWS, Grid
from fundcalc.importer import ImportResult, load_grid, read_table
from fundcalc.numbers import NumberError
from fundcalc.numbers import parse as parse_number

IGNORE = "__ignore__"
# Columns a county table carries that are no field of any policy: guessed "ignore", still shown to confirm.
FILLER = ("序号", "编号", "行次", "备注", "说明", "合计", "小计", "总计", "人数合计", "合计人数",
          "no", "remark", "note", "total")


@dataclass(frozen=True)
class Upload:
    """One file as cells, with the row taken as its header and the columns it has."""

    name: str
    grid: Grid
    header: int                     # grid index of the header row
    columns: tuple[int, ...]        # the file's columns that hold a header or any value
    headers: tuple[str, ...]        # what each of those columns is called (or "第 n 列")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _text(v) -> str:
    if _blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _numberish(v) -> bool:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return True
    try:
        return parse_number(str(v)) is not None
    except NumberError:
        return False


def _label_count(row) -> int:
    """Distinct texts that are not numbers: a header names many columns; a title (merged across the
    table, so one text repeated) or a 单位 line names one, a county row one."""
    return len({_text(v) for v in row if not _blank(v) and not _numberish(v)})


def read_upload(data: bytes, name: str, sheet=None) -> Upload:
    """The file's cells and its header row (the first of the rows naming most columns)."""
    grid = load_grid(data, name, sheet)
    scan = [i for i, row in enumerate(grid.rows) if any(not _blank(v) for v in row)][:HEADER_SCAN_ROWS]
    best = max(scan, key=lambda i: (_label_count(grid.rows[i]), -i), default=None)
    if best is None or _label_count(grid.rows[best]) < 2:
        raise InputError(f"找不到表头：前 {HEADER_SCAN_ROWS} 行中没有一行写着两个以上的列名",
                         f"no header found: none of the first {HEADER_SCAN_ROWS} rows names two or more columns")
    width = max(len(r) for r in grid.rows)
    head = list(grid.rows[best]) + [None] * (width - len(grid.rows[best]))
    below = grid.rows[best + 1:]
    columns = tuple(j for j in range(width)
                    if not _blank(head[j]) or any(j < len(r) and not _blank(r[j]) for r in below))
    headers = tuple(_text(head[j]) or f"第 {j + 1} 列 / column {j + 1}" for j in columns)
    return Upload(name, grid, best, columns, headers)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return re.sub(r"[\s()\[\]【】〔〕:：*_\-、/]", "", text)


def _no_unit(text: str) -> str:
    return _norm(re.sub(r"[(（\[【〔][^)）\]】〕]*[)）\]】〕]", "", unicodedata.normalize("NFKC", str(text))))


def _names(col) -> list[str]:
    return [col.key, col.zh, col.en, col.label("zh"), col.label("en"), *col.aliases]


def guess(upload: Upload, schema: TableSchema) -> dict[int, str | None]:
    """file column → schema key, IGNORE, or None (to be decided): exact names first, then a schema name inside
    the header (a category's name in "低保对象（人）"), then filler columns (序号, 合计, 备注) as ignored.
    Each key goes to its leftmost best match; a second column matching the same key is left to decide."""
    exact, loose = {}, {}
    for col in schema.columns:
        for n in _names(col):
            exact.setdefault(_norm(n), col.key)
            loose.setdefault(_no_unit(n), col.key)
    found: dict[int, tuple[int, str]] = {}
    for j, header in zip(upload.columns, upload.headers, strict=True):
        key = exact.get(_norm(header)) or loose.get(_no_unit(header))
        if key:
            found[j] = (0, key)
            continue
        bare = _no_unit(header)
        inside = [(len(n), k) for n, k in loose.items() if len(n) >= 2 and n in bare]
        if inside:
            found[j] = (1, max(inside)[1])
    taken: dict[str, tuple[int, int]] = {}
    for j, (quality, key) in sorted(found.items(), key=lambda item: (item[1][0], item[0])):
        taken.setdefault(key, (quality, j))
    out: dict[int, str | None] = {}
    for j, header in zip(upload.columns, upload.headers, strict=True):
        if j in found and taken[found[j][1]][1] == j:
            out[j] = found[j][1]
        elif j not in found and (_no_unit(header) in FILLER or _no_unit(header).endswith("合计")):
            out[j] = IGNORE
        else:
            out[j] = None
    return out


def check(upload: Upload, choice: dict[int, str | None], schema: TableSchema) -> None:
    """Every column decided, no field twice, every required field (each category) given a column."""
    name = dict(zip(upload.columns, upload.headers, strict=True))
    undecided = [name[j] for j in upload.columns if not choice.get(j)]
    if undecided:
        shown = "」「".join(undecided)
        raise InputError(f"文件中的列「{shown}」还没有指定对应的字段；请选择字段或「忽略」",
                         f"column(s) '{', '.join(undecided)}' of the file are not mapped yet; choose a field or "
                         f"'ignore'", column=undecided[0])
    by_key: dict[str, list[str]] = {}
    for j in upload.columns:
        if choice[j] != IGNORE:
            by_key.setdefault(choice[j], []).append(name[j])
    for key, headers in by_key.items():
        if len(headers) > 1:
            col = schema.column(key)
            raise InputError(f"列「{'」「'.join(headers)}」都对应「{col.zh}」，只能选一列",
                             f"columns '{', '.join(headers)}' are all mapped to '{col.en}'; choose one",
                             column=col.zh)
    missing = [c for c in schema.columns if c.required and c.key not in by_key]
    if missing:
        raise InputError(f"「{'」「'.join(c.zh for c in missing)}」在文件中没有对应的列（不会按 0 计算）；"
                         f"请为它选一列",
                         f"no column of the file is mapped to '{', '.join(c.en for c in missing)}' (it is not "
                         f"taken as 0); map a column to it", column=missing[0].zh)


def apply(upload: Upload, choice: dict[int, str | None], schema: TableSchema) -> ImportResult:
    """The file read under ``schema`` with the mapping: its header rewritten to the schema's keys, ignored
    columns dropped, then the normal import (header, 合计 row check, every cell validated)."""
    check(upload, choice, schema)
    keep = [j for j in upload.columns if choice[j] != IGNORE]
    # Rows above the header (title, 单位 line) are left out: the header is known, and they name no column.
    rows = [[choice[j] for j in keep]]
    rows += [[row[j] if j < len(row) else None for j in keep] for row in upload.grid.rows[upload.header + 1:]]
    grid = replace(upload.grid, rows=rows, numbers=upload.grid.numbers[upload.header:])
    result = read_table(grid, schema)
    by_key = {choice[j]: h for j, h in zip(upload.columns, upload.headers, strict=True)}
    result.recognised = {by_key[key]: key for key in result.recognised.values()}
    return result


def ignored(upload: Upload, choice: dict[int, str | None]) -> list[str]:
    """The file's columns the user chose to ignore, by their names in the file."""
    return [h for j, h in zip(upload.columns, upload.headers, strict=True) if choice.get(j) == IGNORE]

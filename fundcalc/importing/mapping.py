"""Step 3 of the import: which column of the file is which column of the table.

Headers are matched by the column registry (key, labels, aliases, the policy's aliases) or by an explicit
mapping {file header → column key, or None to ignore it} that a user confirmed (``propose_mapping`` is
what a mapping step shows first). A required column that no header names is refused, naming it and the
file's headers that were not recognised; any other column of the file is accepted, listed as ignored,
never silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from ..columns import TableSchema
from ..errors import InputError
from ..filegrid import Grid
from ..kinds import unit_family
from .cells import blank, cell, filled, is_number, text
from .header import Header, Lookup, norm, unit_of

Why = tuple[str, str]
MATCHED: Why = ("列名或别名相符", "the name or an alias matches")
CHOSEN: Why = ("按指定的对应", "as mapped")
SKIPPED: Why = ("指定为忽略", "mapped to be ignored")
UNKNOWN: Why = ("未能识别", "not recognised")


class Proposal(NamedTuple):
    """One column of the file as a mapping step shows it: its header, the column it is read as, and why."""
    header: str
    key: str | None
    reason: Why


@dataclass
class Mapping:
    columns: dict[int, str]                                  # file column index -> column key
    header: Header
    why: dict[int, Why] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)           # columns the explicit mapping ignores

    def shown(self, j: int) -> str:
        return self.header.name(j) or f"第 {j + 1} 列 / column {j + 1}"

    def recognised(self) -> dict[str, str]:
        """Header shown -> key, in file order; a header that appears twice carries its column number."""
        out, used = {}, set()
        for j in sorted(self.columns):
            shown = self.shown(j)
            if shown in used:
                shown = f"{shown} (第 {j + 1} 列)"
            used.add(shown)
            out[shown] = self.columns[j]
        return out

    def ignored(self, body: list[list]) -> list[str]:
        """Columns not read: named ones, and unnamed ones that hold something in a row under the header."""
        names = self.header.names
        return [self.shown(j) for j, n in enumerate(names)
                if j not in self.columns and (n or any(not blank(cell(r, j)) for r in body))]

    def unmatched(self) -> list[str]:
        """Named headers that no column of the table goes by (and that the user did not choose to ignore)."""
        return [n for j, n in enumerate(self.header.names)
                if n and j not in self.columns and j not in self.skipped and self.why.get(j) == UNKNOWN]


def explicit_lookup(schema: TableSchema, explicit: dict[str, str | None] | None) -> dict[str, str]:
    """The explicit mapping's headers that name a column (they help find the header row)."""
    if not explicit:
        return {}
    for header, key in explicit.items():
        if key is not None and key not in schema.keys:
            raise InputError("映射指向的列不存在", "the mapping names a column this table does not have",
                             column=str(header), value=key)
    keys = [k for k in explicit.values() if k is not None]
    twice = next((k for k in keys if keys.count(k) > 1), None)
    if twice is not None:
        raise InputError(f"映射中有两列都对应「{schema.column(twice).zh}」",
                         f"the mapping reads two columns as '{schema.column(twice).en}'", value=twice)
    return {h: k for h, k in explicit.items() if k is not None}


def resolve(grid: Grid, header: Header, schema: TableSchema, lookup: Lookup,
            explicit: dict[str, str | None] | None = None) -> Mapping:
    """The columns read and why, with the preview's notes; refuses a column in another unit."""
    m = Mapping(dict(header.mapping), header)
    m.why = {j: (MATCHED if j in m.columns else UNKNOWN) for j in range(len(header.names))}
    if explicit:
        _apply_explicit(m, explicit)
    _first_unnamed(m, grid, schema)
    _check_units(m, grid, schema)
    _note_duplicates(m, schema, lookup)
    return m


def _apply_explicit(m: Mapping, explicit: dict[str, str | None]) -> None:
    by_name = {norm(n): j for j, n in enumerate(m.header.names) if n}
    for name, key in explicit.items():
        j = by_name.get(norm(name))
        if j is None:
            raise InputError("映射中的列不在文件的表头中", "a column of the mapping is not in the file's header",
                             column=str(name))
        m.columns = {i: k for i, k in m.columns.items() if i != j and (key is None or k != key)}
        if key is None:
            m.skipped.add(j)
            m.why[j] = SKIPPED
        else:
            m.columns[j] = key
            m.why[j] = CHOSEN
    m.columns = dict(sorted(m.columns.items()))


def _first_unnamed(m: Mapping, grid: Grid, schema: TableSchema) -> None:
    """A first column without a header that holds names (not numbers) is the county column."""
    names = m.header.names
    if schema.key in m.columns.values() or not names or names[0] or 0 in m.columns:
        return
    firsts = [text(cell(r, 0)) for r in grid.rows[m.header.last + 1:]]
    if any(firsts) and not any(is_number(v) for v in firsts if v):
        m.columns = {0: schema.key, **m.columns}
        m.why[0] = ("第一列没有列名，按县名读取", "the first column has no header; read as the names")
        m.notes.append((f"第一列没有列名，按「{schema.column(schema.key).zh}」读取",
                        f"the first column has no header; read as '{schema.column(schema.key).en}'"))


def _check_units(m: Mapping, grid: Grid, schema: TableSchema) -> None:
    """Refuse a required column in another unit (never guess a conversion); drop an optional one."""
    header = m.header
    for j, key in list(m.columns.items()):
        col = schema.column(key)
        name = header.name(j)
        unit = unit_of(name.split(" / ")[-1]) or unit_of(name)
        if not unit or not col.unit_zh or unit_family(unit) == unit_family(col.unit_zh):
            continue
        if col.required:
            raise InputError(f"这一列的单位是「{unit}」，本表要求「{col.unit_zh}」；请换算后再导入",
                             f"this column is in '{unit}'; the table needs '{col.unit_en}'; convert it first",
                             row=grid.numbers[header.first], column=name, value=unit)
        del m.columns[j]
        m.why[j] = ("单位不同，未使用", "another unit; not used")
        m.notes.append((f"列「{name}」的单位与「{col.label('zh')}」不同，未使用",
                        f"column '{name}' is in another unit than '{col.label('en')}'; not used"))
    _check_unit_line(m, grid, schema)


def _check_unit_line(m: Mapping, grid: Grid, schema: TableSchema) -> None:
    """A 单位：元 line above the header of a table whose money is in 万元 is refused."""
    header = m.header
    money = [schema.column(k) for j, k in m.columns.items() if schema.column(k).kind == "wan"
             and unit_of(header.name(j)) is None and schema.column(k).unit_zh == "万元"]
    if not money:
        return
    for i in range(header.first):
        for v in grid.rows[i]:
            found = re.match(r"^单位[:：]\s*(\S+)$", text(v).replace(" ", ""))
            unit = unicodedata.normalize("NFKC", found.group(1)) if found else ""
            if unit in ("元", "千元", "亿元"):
                raise InputError(f"表上方注明“单位：{unit}”，本表金额应以万元填写；请换算后再导入",
                                 f"the form says its unit is {unit}; this table needs 10k yuan; convert it first",
                                 row=grid.numbers[i], column=money[0].zh, value=text(v))


def _note_duplicates(m: Mapping, schema: TableSchema, lookup: Lookup) -> None:
    names = m.header.names
    for j, n in enumerate(names):
        key = lookup.match(n)
        if j in m.columns or j in m.skipped or not key or key not in m.columns.values():
            continue
        other = next(k for k, v in m.columns.items() if v == key)
        m.why[j] = ("与另一列对应同一列，未使用", "another column means the same; not used")
        m.notes.append((f"列「{n}」与列「{names[other]}」都对应「{schema.column(key).zh}」，已使用后者",
                        f"columns '{n}' and '{names[other]}' both mean '{schema.column(key).en}'; "
                        f"the latter is used"))


def refuse_missing(m: Mapping, schema: TableSchema, header_row: int) -> None:
    """Every required column must be read: a missing one is named, with the headers the file has instead."""
    missing = [c for c in schema.columns if c.required and c.key not in m.columns.values()]
    if not missing:
        return
    named_zh = "".join(f"「{c.zh}」" for c in missing)
    named_en = ", ".join(f"'{c.en}' ({c.key})" for c in missing)
    unmatched = m.unmatched()
    if unmatched:
        other_zh = "；文件中未能识别的列：" + "".join(f"「{n}」" for n in unmatched)
        other_en = "; the file's columns not recognised: " + ", ".join(f"'{n}'" for n in unmatched)
    else:
        other_zh = other_en = ""
    seen = "、".join(schema.column(k).zh for k in m.columns.values()) or "无"
    seen_en = ", ".join(schema.column(k).en for k in m.columns.values()) or "none"
    raise InputError(f"缺少必需的列{named_zh}{other_zh}；表头（第 {header_row} 行）中识别到：{seen}",
                     f"required column {named_en} is missing{other_en}; the header (row {header_row}) has: "
                     f"{seen_en}", row=header_row, column=missing[0].zh)


def propose(grid: Grid, header: Header | None, schema: TableSchema, lookup: Lookup) -> list[Proposal]:
    """Every named (or filled) column of the file with the column it would be read as, and why."""
    if header is None:
        first = next((i for i, row in enumerate(grid.rows) if filled(row)), None)
        names = [] if first is None else [text(v) for v in grid.rows[first]]
        return [Proposal(n, None, UNKNOWN) for n in names if n]
    m = resolve(grid, header, schema, lookup)
    body = grid.rows[header.last + 1:]
    return [Proposal(m.shown(j), m.columns.get(j), m.why.get(j, UNKNOWN)) for j, n in enumerate(header.names)
            if n or j in m.columns or any(not blank(cell(r, j)) for r in body)]

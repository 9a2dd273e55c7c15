"""Step 2 of the import: find the header row (or two rows) among a grid's first rows.

A header is the row that names most of the table's columns, by each column's key, labels and aliases
(``Lookup``), in any order; a second row joins it when every cell of it reads as a label (a group heading
over 人数(人)), so a first county with blank or text figures is never swallowed as a header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..columns import TableSchema
from ..filegrid import Grid
from ..kinds import KNOWN_UNITS
from ..limits import HEADER_SCAN_ROWS
from .cells import blank, filled, is_number, text

# Words a second header row holds under a group heading (a category such as "特困人员" over "人数(人)").
HEADER_WORDS = {"人数", "人次", "户数", "金额", "资金", "标准", "数量", "小计", "合计", "其中", "序号", "编号",
                "备注", "说明", "计", "number", "amount", "people", "persons"}


def norm(name) -> str:
    name = unicodedata.normalize("NFKC", str(name)).lower()
    return re.sub(r"[\s()\[\]【】〔〕:：*_\-]", "", name)


def norm_no_unit(name) -> str:
    name = unicodedata.normalize("NFKC", str(name))
    return norm(re.sub(r"[(\[【〔][^)\]】〕]*[)\]】〕]", "", name))


def unit_of(header: str) -> str | None:
    found = re.findall(r"[(\[【]([^)\]】]*)[)\]】]\s*$", unicodedata.normalize("NFKC", header))
    unit = found[-1].replace(" ", "") if found else None
    return unit if unit in KNOWN_UNITS else None


class Lookup:
    """A header's column key, by the column's key, labels and aliases (exactly, then without a unit)."""

    def __init__(self, schema: TableSchema, extra: dict[str, str] | None = None):
        self.exact: dict[str, str] = {}
        self.loose: dict[str, str] = {}
        for name, key in (extra or {}).items():      # an explicit mapping's headers come first
            self.exact[norm(name)] = key
        for col in schema.columns:
            for name in (col.key, col.zh, col.en, col.label("zh"), col.label("en"), *col.aliases):
                self.exact.setdefault(norm(name), col.key)
                self.loose.setdefault(norm_no_unit(name), col.key)

    def match(self, name: str) -> str | None:
        if not name:
            return None
        return self.exact.get(norm(name)) or self.loose.get(norm_no_unit(name)) or None


@dataclass
class Header:
    first: int                 # grid index of the first header row
    last: int                  # grid index of the last header row
    names: list[str]           # header text per column (two rows joined with " / ")
    mapping: dict[int, str]    # column index -> key
    combined: bool = False     # a two-row match used both rows

    @property
    def score(self) -> int:
        return len(self.mapping)

    def name(self, j: int) -> str:
        return self.names[j] if j < len(self.names) else ""


def _single(grid: Grid, r: int, lookup: Lookup) -> Header:
    names = [text(v) for v in grid.rows[r]]
    return Header(r, r, names, pick([(j, lookup.match(n), 0) for j, n in enumerate(names)]))


def _group_headings(top: list[str], bottom: list[str]) -> list[str]:
    """In CSV a group heading spans its sub-columns only in the first of them: carry it right."""
    filled_top, last = [], ""
    for t, b in zip(top, bottom, strict=True):
        last = t if t else (last if b else "")
        filled_top.append(last)
    return filled_top


def _double(grid: Grid, top_r: int, lookup: Lookup) -> Header:
    top = [text(v) for v in grid.rows[top_r]]
    bottom = [text(v) for v in grid.rows[top_r + 1]]
    width = max(len(top), len(bottom))
    top += [""] * (width - len(top))
    bottom += [""] * (width - len(bottom))
    names, found = [], []
    for j, (t, b) in enumerate(zip(_group_headings(top, bottom), bottom, strict=True)):
        if t and b and t != b:
            names.append(f"{t} / {b}")
            key = lookup.match(t + b) or lookup.match(f"{t}({b})")
            found.append((j, key, 0) if key else (j, lookup.match(b), 1))
        else:
            names.append(t or b)
            found.append((j, lookup.match(t or b), 2))
    header = Header(top_r, top_r + 1, names, pick(found))
    header.combined = any(q == 0 and header.mapping.get(j) == k for j, k, q in found)
    return header


def pick(found) -> dict[int, str]:
    """One column per key: the best kind of match, then the leftmost."""
    best: dict[str, tuple[int, int]] = {}
    for j, key, quality in found:
        if key and (key not in best or (quality, j) < best[key]):
            best[key] = (quality, j)
    return {j: key for key, (q, j) in sorted(best.items(), key=lambda kv: kv[1][1])}


def _texty(row) -> bool:
    cells = [v for v in row if not blank(v)]
    return bool(cells) and not any(is_number(v) for v in cells)


def _label_like(cell_text: str, lookup: Lookup) -> bool:
    """A cell that reads as a column label: a known name or alias, a unit, or a sub-heading word."""
    if is_number(cell_text):
        return False
    if lookup.match(cell_text) or unit_of(cell_text):
        return True
    bare = norm_no_unit(cell_text)
    return norm(cell_text).strip("()（）") in KNOWN_UNITS or bare in HEADER_WORDS or bare.startswith("其中")


def _header_like(row, lookup: Lookup) -> bool:
    """A row below the header joins it only if every cell in it reads as a label.

    Anything else, such as a first county whose figures are blank, text or uncached
    formulas, is a county row and is validated (and refused) as one, never swallowed.
    """
    cells = [text(v) for v in row if not blank(v)]
    return bool(cells) and all(_label_like(c, lookup) for c in cells)


def find(grid: Grid, lookup: Lookup) -> Header | None:
    """The header among the first ``HEADER_SCAN_ROWS`` filled rows; None when no row names a column."""
    candidates = [i for i, row in enumerate(grid.rows) if filled(row)][:HEADER_SCAN_ROWS]
    if not candidates:
        return None
    best = max((_single(grid, r, lookup) for r in candidates), key=lambda h: (h.score, -h.first))
    if best.score == 0:
        return None
    r, chosen = best.first, best
    if r + 1 < len(grid.rows) and _header_like(grid.rows[r + 1], lookup):
        two = _double(grid, r, lookup)
        if two.score > chosen.score or (two.score == chosen.score and two.combined):
            chosen = two
    if r >= 1 and _texty(grid.rows[r - 1]):
        two = _double(grid, r - 1, lookup)
        if two.score > chosen.score:
            chosen = two
    return chosen

"""A form as data: the grid of one official table with its merges, title lines and notes.

Each builder (allocation_table, settlement_table, performance, tracking,
pooling_table, budget_table) returns a ``Form``; layout.py writes it to an XLSX
sheet and html.py to a print view, so the workbook and the screen show the
same cells. Numbers stay exact: ``Decimal`` of 万元/元, ``int`` people, and
percentages as ``Decimal`` fractions (0.9523 = 95.23%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import InputError
from ..money import FEN_PER_YUAN, fen_to_wan_decimal, format_wan
from ..result import Result

# Cell formats: the documents print 万元 with 2 decimals (or whole 万元 when the
# amounts are whole, as 塔地财社〔2021〕87号 附件1), people and whole 元 without
# decimals, rates as percentages with 2 decimals.
XLSX_FORMATS = {"text": None, "num0": "#,##0", "num2": "#,##0.00", "num6": "#,##0.000000", "pct2": "0.00%",
                "pct0": "0%", "months": "0.00"}


@dataclass(frozen=True)
class Cell:
    value: object = None          # str | int | Decimal | None
    fmt: str = "text"             # a key of XLSX_FORMATS
    bold: bool = False
    align: str | None = None      # "left" | "center" | "right"; None: numbers right, text centre

    @property
    def is_number(self) -> bool:
        return self.fmt != "text" and isinstance(self.value, (int, Decimal)) and not isinstance(self.value, bool)


@dataclass
class Form:
    """One official table. ``rows`` holds header rows first (``header_rows`` of them), then the body;
    ``None`` marks a cell covered by a merge. ``merges`` are (row, col, n_rows, n_cols), 0-based over ``rows``."""

    key: str
    sheet: str
    title: str
    widths: list[float]
    rows: list[list[Cell | None]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 0
    above: list[tuple[str, str]] = field(default_factory=list)   # lines over the title: (text, align)
    below_title: list[tuple[str, str]] = field(default_factory=list)  # subtitle, 主管部门, 单位 …
    notes: list[str] = field(default_factory=list)
    label: str = ""                                              # 示例数据 warning, shown under the title

    @property
    def n_cols(self) -> int:
        return len(self.widths)

    def cell(self, row: int, col: int) -> Cell | None:
        return self.rows[row][col]

    def find(self, text: str) -> tuple[int, int]:
        """The (row, col) of the first cell whose value is ``text`` (for tests and the page)."""
        for i, row in enumerate(self.rows):
            for j, c in enumerate(row):
                if c is not None and c.value == text:
                    return i, j
        raise KeyError(text)


class Grid:
    """Builds ``Form.rows`` row by row, placing merged cells and their ``None`` placeholders."""

    def __init__(self, n_cols: int):
        self.n_cols = n_cols
        self.rows: list[list[Cell | None]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self._covered: set[tuple[int, int]] = set()

    def _ensure(self, row: int) -> None:
        while len(self.rows) <= row:
            self.rows.append([Cell() for _ in range(self.n_cols)])

    def put(self, row: int, col: int, cell: Cell | str | None, rows: int = 1, cols: int = 1) -> None:
        if not isinstance(cell, Cell):
            cell = Cell(cell)
        if col + cols > self.n_cols:
            raise ValueError(f"cell at column {col} spans past the form's {self.n_cols} columns")
        self._ensure(row + rows - 1)
        self.rows[row][col] = cell
        if rows > 1 or cols > 1:
            self.merges.append((row, col, rows, cols))
            for r in range(row, row + rows):
                for c in range(col, col + cols):
                    if (r, c) != (row, col):
                        self.rows[r][c] = None
                        self._covered.add((r, c))

    def next_row(self) -> int:
        return len(self.rows)


# --- cells for the documents' figures ---------------------------------------------

def wan_places(result: Result) -> int:
    """Decimals of 万元 the document prints: whole 万元 when amounts are rounded to 1 万元, else 2."""
    return 0 if result.unit_fen >= 10_000 * FEN_PER_YUAN else 2


def wan_text(result: Result, fen) -> str:
    """分 as the 万元 text the forms print for this result (so a sentence and its table show one figure)."""
    return format_wan(int(fen), wan_places(result))


def wan(fen, places: int = 2, bold: bool = False) -> Cell:
    """分 shown as 万元 (exact Decimal, half-up at ``places``)."""
    return Cell(fen_to_wan_decimal(int(fen), places), "num0" if places == 0 else "num2", bold)


def people(n, bold: bool = False) -> Cell:
    return Cell(int(n), "num0", bold)


def yuan(fen, bold: bool = False) -> Cell:
    """分 as 元; whole 元 print without decimals (108), others with two (77.50)."""
    fen = int(fen)
    if fen % FEN_PER_YUAN == 0:
        return Cell(fen // FEN_PER_YUAN, "num0", bold)
    return Cell(Decimal(fen) / FEN_PER_YUAN, "num2", bold)


def percent(basis_points: int | None, bold: bool = False) -> Cell:
    """A rate in units of 0.01% (9523 = 95.23%) as an exact fraction: 0.00%, or 0% when it is a whole
    percent, as the documents write it (到位率 100%, not 100.00%)."""
    if basis_points is None:
        return Cell("—", bold=bold)
    return Cell(Decimal(int(basis_points)).scaleb(-4), "pct0" if int(basis_points) % 100 == 0 else "pct2", bold)


def text(value, bold: bool = False, align: str | None = None) -> Cell:
    return Cell("" if value is None else str(value), "text", bold, align)


def header(value) -> Cell:
    return Cell(value, "text", True, "center")


# --- editable wording -----------------------------------------------------------

def merge_texts(defaults: dict[str, str], overrides: dict | None, locked: set[str] | frozenset = frozenset(),
                unknown: tuple[str, str] = ("没有这个表格文字项", "no such form text")) -> dict:
    """The documents' wording with the user's edits; an unknown or computed key is refused by name."""
    out = dict(defaults)
    for key, value in (overrides or {}).items():
        if key in locked:
            raise InputError("此项由测算结果计算，不能改写", "this value is computed from the scenario and cannot be "
                             "overridden", column=str(key), value=value)
        if key not in defaults:
            raise InputError(*unknown, column=str(key), value=value)
        out[key] = "" if value is None else str(value)
    return out


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A name Excel accepts (≤31 characters, none of []:*?/\\), unique among ``taken``."""
    base = _SHEET_BAD.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    taken = taken if taken is not None else set()
    out, k = base, 2
    while out in taken:
        suffix = f"({k})"
        out, k = base[:31 - len(suffix)] + suffix, k + 1
    taken.add(out)
    return out


def doc_year(doc_no: str, fallback: int) -> int:
    """The year in a 文号 like 塔地财社〔2021〕87号 (the year the forms are issued)."""
    m = re.search(r"[〔\[(（](\d{4})[〕\])）]", doc_no or "")
    return int(m.group(1)) if m else fallback

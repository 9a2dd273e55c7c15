"""One table model per official view, and its writers.

A ``Table`` is a result's per-county view as data: title (the policy's region, year and title), 单位 line,
columns (each an OutCol: label and kind), the exact county values (分, persons, text), the 合计 row and the
notes. Its writers:

- ``csv``: a plain table for analysts: one header row, UTF-8 with BOM, numbers as plain numbers, 合计 last;
- ``form``: the official layout as a ``forms.model.Form`` (title, 单位 row, header, body, bold 合计), which
  ``forms.layout`` writes to XLSX (``xlsx``) and ``forms.html`` prints;
- the on-screen table (ui/result_table.py) draws the same object.

``keyed_csv`` is the reference layout (tests/reference/, the command line): the mechanism's official table with
its column keys as headers. ``frame_form`` writes any plain DataFrame (the comparison's sheets) as a Form.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from . import mechanisms
from .export import csv_bytes
from .forms.layout import display_width, workbook_bytes
from .forms.model import Cell, Form, header, sheet_name, wan_places
from .money import fen_to_wan_decimal
from .result import OutCol, Result

__all__ = ["Table", "csv", "form", "frame_form", "keyed_csv", "official", "official_frame", "official_xlsx",
           "policy_title", "total_row", "unit_line", "view", "wan_places", "xlsx"]

FORMATS = {0: "num0", 2: "num2", 6: "num6"}
TOTAL_WORD = {"zh": "合计", "en": "Total"}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    unit: str
    columns: tuple[OutCol, ...]
    # one row per county, exact (分 int64, persons, text); it may hold more columns than the table shows (the
    # result's own frame, not a copy: the on-screen table is built on every parameter change)
    frame: pd.DataFrame
    total: dict                  # the 合计 row by column key; None where a column has no total
    places: int                  # decimals of 万元
    lang: str = "zh"
    notes: tuple[str, ...] = ()

    def labels(self) -> list[str]:
        return [c.label(self.lang) for c in self.columns]

    def body(self) -> pd.DataFrame:
        """The counties' values of the table's columns, in its order."""
        return self.frame[[c.key for c in self.columns]]


def policy_title(policy, lang: str = "zh") -> str:
    """The document's table title under the policy's own region and year: 样例市2025年… / Sample City 2025: …."""
    region, year = policy.region(lang), policy.year
    if lang == "zh":
        title = policy.title_zh
        if region and title.startswith(region):   # the document's title already names its region (and year)
            return title
        dated = title if title.startswith(f"{year}年") else f"{year}年{title}"
        return f"{region}{dated}"
    title = policy.title_en or policy.title_zh
    head = " ".join(p for p in (region if region not in title else "", str(year) if str(year) not in title else "")
                    if p)
    return f"{head}: {title}" if head else title


def unit_line(lang: str = "zh") -> str:
    return "单位：万元" if lang == "zh" else "Unit: 10k yuan"


def total_row(result: Result, lang: str = "zh") -> dict:
    """The 合计 row by column key, exact: 分 and persons as integers, the counties' months, "" under text and
    flags, None where a column has no total; the word 合计 in the first column."""
    total = {}
    for c in result.columns:
        v = result.totals.get(c.key)
        if c.kind in ("fen", "people") and v is not None:
            total[c.key] = int(v)
        elif c.kind == "months" and "counties_months_available" in result.figures:
            # The counties' own figure (their retained surplus); the city's, with the 调剂金, is shown apart.
            total[c.key] = result.figures["counties_months_available"]
        elif c.kind in ("text", "flag"):
            total[c.key] = ""
        else:
            total[c.key] = None
    total[result.columns[0].key] = TOTAL_WORD.get(lang, TOTAL_WORD["en"])
    return total


def official_frame(result: Result) -> pd.DataFrame:
    """The mechanism's official table in the reference layout: keys as headers, 万元 columns ``*_wan``, 合计 last."""
    return mechanisms.of_result(result).official_table(result)


def _official_keys(result: Result) -> list[str]:
    """The result's column keys the official table shows, in its order."""
    keys = {c.key for c in result.columns}
    out = []
    for col in official_frame(result).columns:
        key = col[:-4] + "_fen" if col.endswith("_wan") else col
        if key in keys:
            out.append(key)
    return out


def view(result: Result, lang: str = "zh", keys: list[str] | None = None, places: int | None = None,
         notes: tuple[str, ...] | list[str] = (), key: str = "result") -> Table:
    """The result's columns ``keys`` (all when None; the first column, the county, always first) as a Table."""
    cols = list(result.columns)
    if keys is not None:
        by_key = {c.key: c for c in cols}
        cols = [cols[0]] + [by_key[k] for k in keys if k in by_key and k != cols[0].key]
    total = total_row(result, lang)
    return Table(key, policy_title(result.policy, lang), unit_line(lang), tuple(cols),
                 result.table, {c.key: total[c.key] for c in cols},
                 wan_places(result) if places is None else places, lang, tuple(notes))


def official(result: Result, lang: str = "zh", notes: tuple[str, ...] | list[str] = ()) -> Table:
    """The official view: the columns of the mechanism's official table."""
    return view(result, lang, _official_keys(result), notes=notes, key=result.mechanism)


# --- writers ---------------------------------------------------------------------------------------

def keyed_csv(result: Result) -> bytes:
    """The reference layout (tests/reference, the command line): keys as headers, 万元 with the document's decimals."""
    frame = official_frame(result)
    places = {c: wan_places(result) for c in frame.columns if c.endswith("_wan")}
    return csv_bytes(frame, places)


def _wan_text(fen, places: int) -> str:
    return "" if fen is None or pd.isna(fen) else str(fen_to_wan_decimal(int(fen), places))


def csv(table: Table) -> bytes:
    """A plain table for analysts: labels as the one header row, 万元 as plain numbers with the table's
    decimals (exact, half-up), persons as whole numbers, the 合计 row last, notes as '#' lines above (the
    importer skips them); UTF-8 with BOM. The file re-imports: the labels are the columns' aliases."""
    rows = pd.concat([table.body(), pd.DataFrame([table.total])], ignore_index=True)
    out = pd.DataFrame(index=rows.index)
    money = []
    for c, label in zip(table.columns, table.labels(), strict=True):
        if c.kind == "fen":
            out[label] = [_wan_text(v, table.places) for v in rows[c.key]]
            money.append(label)
        elif c.kind == "people":
            out[label] = pd.array([None if v is None or pd.isna(v) else int(v) for v in rows[c.key]], dtype="Int64")
        else:
            out[label] = rows[c.key].to_numpy(dtype=object)
    return csv_bytes(out, notes=list(table.notes), numeric_text=tuple(money))


def _value_cell(c: OutCol, v, places: int, lang: str, bold: bool = False) -> Cell:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return Cell(None, bold=bold)
    if c.kind == "fen":
        return Cell(fen_to_wan_decimal(int(v), places), FORMATS.get(places, "num2"), bold)
    if c.kind == "people":
        return Cell(int(v), "num0", bold)
    if c.kind == "months":
        return Cell(Decimal(str(float(v))), "months", bold) if np.isfinite(v) else Cell("∞", bold=bold)
    if c.kind == "flag":
        return Cell(("是" if lang == "zh" else "yes") if v is True or v == 1 else "", "text", bold)
    return Cell(str(v), "text", bold, align="left")


def form(table: Table, sheet: str | None = None) -> Form:
    """The official layout of ``table``: its title, a 单位 row, one header row, the counties, a bold 合计 row."""
    heads = table.labels()
    rows: list[list[Cell | None]] = [[header(h) for h in heads]]
    for values in table.body().itertuples(index=False):
        rows.append([_value_cell(c, v, table.places, table.lang) for c, v in zip(table.columns, values, strict=True)])
    rows.append([_value_cell(c, table.total.get(c.key), table.places, table.lang, bold=True) for c in table.columns])
    widths = [max(10.0, min(40.0, display_width(h) * 1.1 + 2)) for h in heads]
    return Form(table.key, sheet_name(sheet or table.key), table.title, widths, rows, header_rows=1,
                below_title=[(table.unit, "right")], notes=list(table.notes))


def xlsx(table: Table) -> bytes:
    return workbook_bytes([form(table)])


def official_xlsx(result: Result, lang: str = "zh") -> bytes:
    """The file every page exports: the mechanism's main official form (its first FormKind: 分配表, 附件1 …,
    title, 单位, merged headers, 合计, A4 landscape); a mechanism that declares no form gets ``form(official())``."""
    from .forms.workbook import primary_form  # the forms import the mechanisms, which import this module

    spec = mechanisms.of_result(result)
    if spec.forms or (spec.secondary is not None and result.mechanism == spec.secondary.name):
        return workbook_bytes([primary_form(result, lang)])
    return xlsx(official(result, lang))


def _cell(value, places: int | None) -> Cell:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return Cell(None)
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        return Cell(str(value), "text", align="left")
    if isinstance(value, (int, np.integer)):
        return Cell(int(value), FORMATS.get(places, "num0") if places is not None else "num0")
    if isinstance(value, (float, np.floating, Decimal)):
        return Cell(Decimal(str(value)), FORMATS.get(places if places is not None else 2, "num2"))
    return Cell(str(value), "text", align="left")


def frame_form(key: str, sheet: str, title: str, frame: pd.DataFrame, places: dict[str, int] | None = None,
               below_title: list[tuple[str, str]] | None = None, row_places: list[int | None] | None = None,
               notes: list[str] | None = None) -> Form:
    """``frame`` as a Form: one header row, then one row per frame row. ``places`` gives the decimals of a
    column's numbers; ``row_places`` (one per row, None: by column) overrides it for rows that mix units."""
    places = places or {}
    heads = [str(h) for h in frame.columns]
    rows: list[list[Cell | None]] = [[header(h) for h in heads]]
    for i, values in enumerate(frame.itertuples(index=False)):
        row_rule = row_places[i] if row_places is not None else None
        rows.append([_cell(v, row_rule if row_rule is not None and not str(h).endswith("(%)") else places.get(h))
                     for h, v in zip(frame.columns, values, strict=True)])
    widths = [max(10.0, min(40.0, display_width(h) * 1.1 + 2)) for h in heads]
    return Form(key, sheet, title, widths, rows, header_rows=1, below_title=list(below_title or [("", "right")]),
                notes=list(notes or []))


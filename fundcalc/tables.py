"""A plain table (a DataFrame with a decimals rule per column) as an official Form, so that the one XLSX writer
(forms.layout) and the one print writer (forms.html) write it: title, 单位 line, header, rows, formats."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from .forms.layout import display_width
from .forms.model import Cell, Form, header

FORMATS = {0: "num0", 2: "num2", 6: "num6"}


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

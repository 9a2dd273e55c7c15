"""Files people open in Excel/WPS: CSV in UTF-8 with BOM, XLSX in the official layout.

Text cells that a spreadsheet would run as a formula (= + - @ tab CR at the
start) get a leading apostrophe; numbers stay numbers, negatives stay negative.
"""

from __future__ import annotations

import re
from datetime import date

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


def csv_bytes(frame: pd.DataFrame, places: dict[str, int] | None = None, notes: list[str] = (),
              numeric_text: tuple = ()) -> bytes:
    """UTF-8 with BOM and CRLF, which Excel and WPS open with the Chinese intact.

    ``places``: float columns printed with fixed decimals; ``numeric_text``: columns already formatted from
    numbers (kept as they are). ``notes`` go above the header as '# ' lines, which the importer skips."""
    places = places or {}
    data = money_text(frame, places)
    head = "".join(f"# {_one_cell(str(n))}\r\n" for n in notes)
    body = safe_frame(data, tuple(places) + tuple(numeric_text)).to_csv(index=False, lineterminator="\r\n")
    return (head + body).encode("utf-8-sig")


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

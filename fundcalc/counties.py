"""Which county of one table is which county of another: by 行政区划代码 when both rows give one, then by name.

A county renamed with its code kept (甲县 → 甲市, a county that became a city) is the same county: its new
name and figures are a change, not a county removed and another added.
Used by the scenario's table edits (fundcalc.scenario) and the roster's join with the settlement table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import pandas as pd

CODE = "code"
_CODE = re.compile(r"\d{6}")


def code_text(value) -> str:
    """A 行政区划代码 as text ("" when blank or not a code): 530302.0 from a spreadsheet is 530302."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text if _CODE.fullmatch(text) else ""


def codes_of(frame: pd.DataFrame) -> list[str] | None:
    """The table's codes by row, or None when it has no code column or gives no code at all."""
    if CODE not in frame.columns:
        return None
    codes = [code_text(v) for v in frame[CODE].tolist()]
    return codes if any(codes) else None


def same_name(name) -> str:
    return str(name).strip()


def match(base_names: Sequence, base_codes: Sequence[str] | None, names: Sequence, codes: Sequence[str] | None,
          key: Callable[[object], str] = same_name) -> list[int]:
    """For each row of the second table, the row of the first it is (-1: none): the same code when both
    give one, else the same name (``key`` says when two names are the same); each first-table row once."""
    out = [-1] * len(names)
    taken: set[int] = set()
    if base_codes and codes:
        by_code = {c: i for i, c in enumerate(base_codes) if c}
        for j, c in enumerate(codes):
            i = by_code.get(c) if c else None
            if i is not None and i not in taken:
                out[j] = i
                taken.add(i)
    by_name: dict[str, int] = {}
    for i, n in enumerate(base_names):
        by_name.setdefault(key(n), i)
    for j, n in enumerate(names):
        i = by_name.get(key(n))
        if out[j] < 0 and i is not None and i not in taken:
            out[j] = i
            taken.add(i)
    return out

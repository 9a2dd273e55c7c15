"""One cell of a file's grid as the import steps read it: blank, its text, whether it is a number."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

import numpy as np

from ..numbers import NumberError
from ..numbers import parse as parse_number


def blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


def text(v) -> str:
    if blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def squeeze(v) -> str:
    """The text with full-width forms folded and every space removed ("合 计" is 合计)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text(v)))


def is_number(v) -> bool:
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


def cell(row, j):
    return row[j] if j < len(row) else None


def filled(row) -> bool:
    return any(not blank(v) for v in row)


def rows_text(numbers: list[int]) -> str:
    """Row numbers for a note: the first ten, then how many in all."""
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" … ({len(numbers)})" if len(numbers) > 10 else "")

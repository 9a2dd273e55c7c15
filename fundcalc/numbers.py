"""The one number parser: files, the editable county table, links, scenario JSON and --set read numbers here.

Accepted, everywhere the same: ASCII or full-width digits ("１２３"), a sign (also
U+2212 "−"), a decimal point, 千分位 commas that group digits in threes
("12,196", "1,234,567.89"), and an exponent of at most two digits ("1e3",
"7.4e3"). Whether the value then fits its kind (whole persons, 万元 to 6
decimals, a range) is the caller's check, on the exact Decimal. Refused: any other
comma ("1,2", "180,5"), hex, "inf"/"nan", words, and text longer than
``MAX_NUMBER_CHARS``, all before anything is converted, so that "1e1000000" costs
nothing.

``parse`` reads one value; ``parse_series`` reads a column with the same grammar,
vectorised for tables of thousands of rows.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from .limits import MAX_EXPONENT_DIGITS, MAX_NUMBER_CHARS

# %-formatting: the regex's own braces would need doubling in str.format.
_GRAMMAR = (r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d{1,%d})?"  # noqa: UP031
            r"|[+-]?\.\d+(?:[eE][+-]?\d{1,%d})?") % (MAX_EXPONENT_DIGITS, MAX_EXPONENT_DIGITS)
_NUMBER = re.compile(_GRAMMAR)
_ANY_EXPONENT = re.compile(r"[+-]?[\d,]*\.?\d*[eE][+-]?\d+")

NOT_A_NUMBER = ("不是数字（可写 12196、12,196、１２１９６ 或 1.2196e4）",
                "is not a number (write 12196, 12,196 or 1.2196e4)")
NOT_FINITE = ("不是有限的数", "is not a finite number")
EXPONENT = (f"指数过大（最多 {MAX_EXPONENT_DIGITS} 位，如 1e3）",
            f"the exponent is too large ({MAX_EXPONENT_DIGITS} digits at most, as in 1e3)")
TOO_LONG = (f"数字过长（最多 {MAX_NUMBER_CHARS} 个字符）",
            f"the number is too long ({MAX_NUMBER_CHARS} characters at most)")
# Python ints beyond this are refused before str() or Decimal() turns them into digits.
_MAX_INT = 10 ** MAX_NUMBER_CHARS


class NumberError(ValueError):
    """Why a value is not a number, in Chinese and English; the caller names the row, column and value."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def clean_text(text: str) -> str:
    """The typed text as the grammar reads it: full-width forms folded (NFKC), U+2212 as '-', trimmed."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


def parse(raw) -> Decimal | None:
    """One value as an exact Decimal; None when blank; NumberError when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError(*NOT_A_NUMBER)
    for types, read in _READERS:
        if isinstance(raw, types):
            return read(raw)
    raise NumberError(*NOT_A_NUMBER)


def _from_int(raw) -> Decimal:
    if abs(int(raw)) >= _MAX_INT:
        raise NumberError(*TOO_LONG)
    return Decimal(int(raw))


def _from_float(raw) -> Decimal | None:
    if math.isnan(raw):
        return None
    if not math.isfinite(raw):
        raise NumberError(*NOT_FINITE)
    return Decimal(repr(float(raw)))      # the shortest text that reads back as this float: 0.1 not 0.1000…


def _from_decimal(raw: Decimal) -> Decimal | None:
    if raw.is_nan():
        return None
    if not raw.is_finite():
        raise NumberError(*NOT_FINITE)
    if abs(raw.adjusted()) > MAX_NUMBER_CHARS:
        raise NumberError(*TOO_LONG)
    return raw


def _from_text(raw: str) -> Decimal | None:
    # Bound the text before NFKC: normalisation can lengthen it, and a huge string costs to fold.
    if len(raw) > 4 * MAX_NUMBER_CHARS:
        raise NumberError(*TOO_LONG)
    text = clean_text(raw)
    if not text:
        return None
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberError(*TOO_LONG)
    if not _NUMBER.fullmatch(text):
        raise NumberError(*reason(text))
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover — the grammar admits only what Decimal reads
        raise NumberError(*NOT_A_NUMBER) from None


_READERS = (((int, np.integer), _from_int), ((float, np.floating), _from_float), (Decimal, _from_decimal),
            (str, _from_text))


def parse_series(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column read with ``parse``'s grammar: (floats, blank mask, refused mask); refused cells are NaN.

    Numbers already typed as numbers (a numeric dtype, or floats in an object column)
    pass as they are, except that infinities are refused.
    """
    n = len(raw)
    if pd.api.types.is_bool_dtype(raw):
        return np.full(n, np.nan), raw.isna().to_numpy(bool), raw.notna().to_numpy(bool)
    if pd.api.types.is_numeric_dtype(raw):
        arr = raw.to_numpy(dtype=float, na_value=np.nan)
        return arr, np.isnan(arr), np.isinf(arr)
    values = raw.to_numpy(dtype=object)
    out = np.full(n, np.nan)
    blank = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    is_str = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=n)
    for i in np.flatnonzero(~is_str):
        v = values[i]
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
            blank[i] = True
        elif isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating, Decimal)):
            bad[i] = True
        else:
            try:
                out[i] = float(v) if math.isfinite(float(v)) and abs(float(v)) < _MAX_INT else np.nan
                bad[i] = np.isnan(out[i])
            except (OverflowError, ValueError):
                bad[i] = True
    if is_str.any():
        idx = np.flatnonzero(is_str)
        texts = pd.Series(values[idx], dtype="string")
        too_long = (texts.str.len() > 4 * MAX_NUMBER_CHARS).to_numpy(bool)
        texts = texts.mask(too_long, "x")       # refused below without folding a huge string
        texts = texts.str.normalize("NFKC").str.replace("\u2212", "-", regex=False).str.strip()
        empty = (texts == "").to_numpy(bool) & ~too_long
        ok = texts.str.fullmatch(_GRAMMAR).fillna(False).to_numpy(bool) & (texts.str.len() <= MAX_NUMBER_CHARS
                                                                           ).to_numpy(bool)
        nums = pd.to_numeric(texts[ok].str.replace(",", "", regex=False), errors="coerce").to_numpy(float)
        vals = np.full(len(idx), np.nan)
        vals[ok] = nums
        out[idx] = vals
        blank[idx] = empty
        bad[idx] = ~ok & ~empty
    bad |= np.isinf(out)
    out[np.isinf(out)] = np.nan
    return out, blank, bad


def reason(raw) -> tuple[str, str]:
    """Why a refused value is refused: too long, an exponent too large, or simply not a number."""
    if isinstance(raw, (float, np.floating, Decimal)) and not isinstance(raw, bool):
        return NOT_FINITE if not math.isnan(raw) and not math.isfinite(raw) else NOT_A_NUMBER
    if not isinstance(raw, str):
        return NOT_A_NUMBER
    text = clean_text(raw[:4 * MAX_NUMBER_CHARS + 1])
    if text.lower().lstrip("+-") in ("inf", "infinity", "∞"):
        return NOT_FINITE
    if len(text) > MAX_NUMBER_CHARS:
        return TOO_LONG
    if _ANY_EXPONENT.fullmatch(text):
        return EXPONENT
    return NOT_A_NUMBER

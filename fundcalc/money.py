"""Exact money: integers of 分 (fen) inside, rounded half-up at documented points.

1 元 = 100 分; 1 万元 = 1,000,000 分; the documents' "0.01 万元" is 100 元 = 10,000 分.
Rounding is half-up (away from zero for negatives), as Chinese finance tables
round, never banker's rounding.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000


def div_half_up(numer, denom: int):
    """Integer division rounded half-up (away from zero), vectorised.

    Works on Python ints and numpy int64 arrays alike; ``denom`` must be > 0.
    """
    if isinstance(numer, (int, np.integer)):
        q, r = divmod(abs(int(numer)), denom)
        q += 1 if 2 * r >= denom else 0
        return q if numer >= 0 else -q
    arr = np.asarray(numer, dtype=np.int64)
    mag = np.abs(arr)
    q, r = np.divmod(mag, denom)
    q = q + (2 * r >= denom)
    return np.where(arr < 0, -q, q)


def round_fen(fen, unit_fen: int):
    """Round an amount in 分 to a multiple of ``unit_fen`` (half-up), still in 分."""
    return div_half_up(fen, unit_fen) * unit_fen


# Bound on den × unit × num below which the int64 split in mul_fraction_half_up cannot overflow.
_INT64_SAFE = 2**62


def mul_fraction_half_up(values, frac: Fraction, unit: int = 1):
    """values × frac rounded half-up (away from zero) to a multiple of ``unit``, in one rounding.

    Rounding once matters: 3% of 1,666.50 元 is 49.995 元, which is 0.00 万元; rounding to
    the 分 first (50.00 元) and then to 0.01 万元 would give 0.01. Exact for any rational rate.
    Arrays are split as |v| = q·d + r (d = denominator × unit), so v × n / d = q·n + r·n / d
    and no int64 intermediate is larger than d·n, whatever the size of v.
    """
    num, den = abs(frac.numerator), frac.denominator * unit
    sign = -1 if frac < 0 else 1
    if isinstance(values, (int, np.integer)):
        return sign * div_half_up(int(values) * num, den) * unit
    if den * max(num, 1) >= _INT64_SAFE:
        raise OverflowError(f"rate {frac} with unit {unit} is too fine for exact int64 arithmetic")
    v = np.asarray(values, dtype=np.int64)
    q, r = np.divmod(np.abs(v), den)
    mag = q * num + div_half_up(r * num, den)
    return np.where(v < 0, -mag, mag) * (sign * unit)


def pct(value) -> Fraction:
    """A percentage as an exact fraction: pct(60) == 3/5, pct('2.5') == 1/40."""
    return Fraction(Decimal(str(value))) / 100


def yuan_to_fen(value) -> int:
    """An amount in 元 (int, float or text like '1,234.56') as exact 分."""
    d = Decimal(str(value).replace(",", "")) * FEN_PER_YUAN
    return int(d.to_integral_value(rounding=ROUND_HALF_UP))


def wan_to_fen(value) -> int:
    """An amount in 万元 as exact 分 (half-up at the 分)."""
    d = Decimal(str(value).replace(",", "")) * FEN_PER_WAN
    return int(d.to_integral_value(rounding=ROUND_HALF_UP))


def fen_to_wan_decimal(fen: int, places: int = 2) -> Decimal:
    """分 to a Decimal of 万元 with ``places`` decimals (exact when already rounded there)."""
    q = Decimal(1).scaleb(-places)
    return (Decimal(int(fen)) / FEN_PER_WAN).quantize(q, rounding=ROUND_HALF_UP)


def fen_to_wan_float(fen):
    """For views and charts only: 分 as a float of 万元."""
    return np.asarray(fen, dtype=np.int64) / FEN_PER_WAN


def format_wan(fen: int, places: int = 2) -> str:
    """分 shown as 万元 with 千分位: 3110190000 -> '3,110.19'."""
    return f"{fen_to_wan_decimal(fen, places):,.{places}f}"


def format_yuan(fen: int, places: int = 2) -> str:
    d = (Decimal(int(fen)) / FEN_PER_YUAN).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{d:,.{places}f}"

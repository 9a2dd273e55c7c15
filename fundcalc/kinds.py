"""What each kind of table column is: how it is read, checked, summed and shown as a unit.

One table in place of the kind branches that import, validation and the 合计 check each kept.
The kinds: "text" county names and notes; "people" whole persons; "wan" money in 万元 (to 1 分,
6 decimals); "yuan" money in 元 and "pct" percent (4 decimals); "date" a calendar day (rosters).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    numeric: bool
    decimals: int | None        # most decimals a value may carry; 0 = whole numbers
    summable: bool              # a 合计 row is checked against the sum of the counties
    absent: object              # what a row holds in an optional column the table does not have


KINDS: dict[str, Kind] = {
    "text": Kind("text", numeric=False, decimals=None, summable=False, absent=""),
    "date": Kind("date", numeric=False, decimals=None, summable=False, absent=""),
    "people": Kind("people", numeric=True, decimals=0, summable=True, absent=0),
    # 万元 figures may carry up to 6 decimals (that is 1 分); more is a typing error.
    "wan": Kind("wan", numeric=True, decimals=6, summable=True, absent=math.nan),
    "yuan": Kind("yuan", numeric=True, decimals=4, summable=False, absent=math.nan),
    "pct": Kind("pct", numeric=True, decimals=4, summable=False, absent=math.nan),
}

# Units a header may carry in brackets; a unit that differs from the column's is refused, not guessed.
KNOWN_UNITS = frozenset({"人", "万人", "元", "万元", "亿元", "千元", "元/人", "元/人/年", "%", "人次", "户"})


def kind(name: str) -> Kind:
    return KINDS[name]


def unit_family(unit: str) -> str:
    """Units that mean the same figure: 元 and 元/人 are one thing in a per-person standard's header."""
    return "元" if unit in ("元", "元/人", "元/人/年") else unit

"""Step 6 of the import: a 合计 row must equal the sum of the counties, column by column.

The official forms print each total as the sum of the rounded county figures (曲财社〔2018〕106号 附表),
so the check is exact: headcounts as integers, 万元 to the 分.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

from ..columns import Column, TableSchema
from ..errors import InputError
from ..kinds import KINDS
from ..numbers import NumberError
from ..numbers import parse as parse_number
from ..validate import wan_to_fen_array
from .cells import blank, cell, text


def check(totals: list[tuple[int, list]], columns: dict[int, str], clean: pd.DataFrame, raw: pd.DataFrame,
          schema: TableSchema) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """The checked figures of every total row and the preview's notes; refuses a total that differs."""
    checked: dict[str, object] = {}
    notes: list[tuple[str, str]] = []
    for number, row in totals:
        found, unchecked = {}, []
        for j, key in columns.items():
            col = schema.column(key)
            value = cell(row, j)
            if not KINDS[col.kind].summable or blank(value):
                continue
            if raw[key].map(blank).any():
                _figure(value, number, col)          # still a number, even when the sum cannot be checked
                unchecked.append(col.zh)
                continue
            found[key] = _check_column(value, number, col, clean[key])
        checked |= found
        notes += _notes(number, found, unchecked)
    return checked, notes


def _figure(value, number: int, col: Column) -> float:
    try:
        total = float(parse_number(text(value)))
    except NumberError:
        total = math.nan
    if not math.isfinite(total):
        raise InputError("合计行的值不是数字", "the total row's value is not a number", row=number,
                         column=col.zh, value=text(value))
    return total


def _check_column(value, number: int, col: Column, counties: pd.Series) -> float:
    total = _figure(value, number, col)
    if col.kind == "people":
        county_sum = int(counties.sum())
        same = total == county_sum
        shown_total, shown_sum = _fmt_number(total), f"{county_sum:,}"
    else:
        county_sum = int(wan_to_fen_array(counties).sum())
        total_fen = int(round(total * 1_000_000))
        same = total_fen == county_sum
        shown_total, shown_sum = _fmt_wan(total_fen), _fmt_wan(county_sum)
    if not same:
        raise InputError(f"合计行与各县之和不符：合计为 {shown_total}，各县相加为 {shown_sum}",
                         f"the total row does not match the counties: total {shown_total}, "
                         f"the counties add up to {shown_sum}", row=number, column=col.zh, value=text(value))
    return total


def _notes(number: int, found: dict, unchecked: list[str]) -> list[tuple[str, str]]:
    if found:
        notes = [(f"合计行（第 {number} 行）已与各县之和核对一致，并已去掉",
                  f"the total row (row {number}) matches the sum of the counties and was dropped")]
    else:
        notes = [(f"合计行（第 {number} 行）已去掉（没有可核对的数）",
                  f"the total row (row {number}) was dropped (nothing to check)")]
    if unchecked:
        notes.append((f"合计行中「{'、'.join(unchecked)}」因各县有空值未核对",
                      f"the total of {', '.join(unchecked)} was not checked: some counties are blank"))
    return notes


def _fmt_number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _fmt_wan(fen: int) -> str:
    d = (Decimal(fen) / 1_000_000).normalize()
    places = max(2, -d.as_tuple().exponent if d.as_tuple().exponent < 0 else 0)
    return f"{Decimal(fen) / 1_000_000:,.{places}f}"

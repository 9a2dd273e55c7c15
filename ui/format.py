"""Formatting at the edge: 万元 with 千分位, units in headers, column configuration from the registries.

Nothing here computes money: amounts arrive as exact 分 from a fundcalc Result
and leave as text or as display-only floats.
"""

from __future__ import annotations

import weakref
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from fundcalc.columns import TableSchema
from fundcalc.limits import MAX_NUMBER_CHARS
from fundcalc.money import FEN_PER_YUAN, fen_to_wan_float, format_wan
from fundcalc.present import wan_places
from fundcalc.result import Result

from .i18n import lang, tr
from .safe_text import md

STATUS = {"gap": ("缺口", "Gap"), "surplus": ("结余", "Surplus"), "even": ("持平", "Even")}


def unit_wan() -> str:
    return tr("万元", "10k yuan")


def money(fen: int, places: int = 2) -> str:
    """'8,039.73'."""
    return format_wan(int(fen), places)


def money_unit(fen: int, places: int = 2) -> str:
    """'8,039.73 万元' / '8,039.73 (10k yuan)'."""
    return f"{money(fen, places)} 万元" if lang() == "zh" else f"{money(fen, places)} (10k yuan)"


def signed_money(fen: int, places: int = 2) -> str:
    text = money(fen, places)
    return text if fen < 0 else f"+{text}"


def delta(current: int, baseline: int | None, places: int = 2) -> str | None:
    """The change against the baseline as text for st.metric, or None when there is none."""
    if baseline is None or current == baseline:
        return None
    diff = int(current) - int(baseline)
    return f"{signed_money(diff, places)} {unit_wan()}"


def people(n: int) -> str:
    return f"{int(n):,} {tr('人', 'persons')}"


def num_format(places: int) -> str:
    return "%,.0f" if places == 0 else f"%,.{places}f"


MARK = "✎"


def mark_column(counties, marked: set | None) -> tuple[list, object]:
    """A narrow '✎' column flagging the counties whose inputs differ from the baseline (the dataset chosen)."""
    marked = marked or set()
    values = [MARK if str(c) in marked else "" for c in counties]
    return values, st.column_config.TextColumn(tr("改动", "Changed"), width="small", disabled=True,
                                               help=tr("✎：此县的输入与基准不同",
                                                       "✎: this county's inputs differ from the baseline"))


def result_frame(result: Result, with_total: bool = True, places: int | None = None,
                 marked: set | None = None) -> tuple[pd.DataFrame, dict]:
    """The per-county result as shown: 万元 figures (display floats), 合计 row last, and its column_config.

    ``marked``: county names to flag with ✎ in a first column (changed inputs).
    """
    data, config = _result_columns(result, with_total, places, marked)
    return pd.DataFrame(data), config


def result_arrow(result: Result, marked: set | None = None, places: int | None = None) -> tuple[pa.Table, dict]:
    """result_frame as an Arrow table, for st.dataframe: built straight from the column arrays, it skips the
    DataFrame and Streamlit's DataFrame → Arrow conversion on every change (docs/speed.md §4)."""
    data, config = _result_columns(result, True, places, marked)
    return pa.table({k: pa.array(v, from_pandas=True) for k, v in data.items()}), config


def _result_columns(result: Result, with_total: bool, places: int | None, marked: set | None):
    """Each shown column's values (numpy arrays, the 合计 cell appended) and its column_config."""
    places = wan_places(result) if places is None else places
    t = result.table
    total = _total_row(result) if with_total else None
    data, config = {}, {}
    if marked:
        data["changed"], config["changed"] = mark_column(t["county"], marked)
        if with_total:
            data["changed"].append("")
    for c in result.columns:
        label = c.label(lang())
        if c.kind == "fen":
            values = fen_to_wan_float(t[c.key].to_numpy(np.int64))
            config[c.key] = st.column_config.NumberColumn(label, format=num_format(places))
        elif c.kind == "yuan":
            values = t[c.key].to_numpy(np.int64) / FEN_PER_YUAN
            config[c.key] = st.column_config.NumberColumn(label, format="%,.2f")
        elif c.kind == "people":
            values = t[c.key].to_numpy(np.int64)
            config[c.key] = st.column_config.NumberColumn(label, format="%,d")
        elif c.kind == "months":
            values = t[c.key].to_numpy(float)
            config[c.key] = st.column_config.NumberColumn(label, format="%.2f")
        elif c.kind == "flag":
            values = np.where(t[c.key].to_numpy(bool), tr("是", "yes"), "").astype(object)
            config[c.key] = st.column_config.TextColumn(label)
        elif c.key == "status":
            values = np.array([status_text(s) for s in t[c.key]], dtype=object)
            config[c.key] = st.column_config.TextColumn(label)
        else:
            values = t[c.key].astype(object).to_numpy()
            config[c.key] = st.column_config.TextColumn(label, pinned=c.key == result.columns[0].key)
        data[c.key] = _with_total(values, total[c.key]) if with_total else values
    return data, config


def _with_total(values: np.ndarray, total):
    """A column's values with its 合计 cell appended; a numeric column without a total ends in NaN (shown empty)."""
    numeric = values.dtype.kind in "iuf"
    if total is None:
        return np.append(values.astype(float), np.nan) if numeric else np.append(values, None)
    if isinstance(total, str):
        return np.append(values.astype(object), total)
    return np.append(values, total)


def status_text(code: str) -> str:
    """A county's 缺口 / 结余 / 持平 in the current language."""
    return tr(*STATUS.get(code, (code, code)))


def total_values(result: Result) -> dict:
    """The 合计 row by column key, exact: 分 and persons as integers, the counties' months, "" under text and
    flags, None where a column has no total; 合计 in the first column."""
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
    total[result.columns[0].key] = tr("合计", "Total")
    return total


def _total_row(result: Result) -> dict:
    """total_values for the grid: 万元 as display floats."""
    total = total_values(result)
    for c in result.columns[1:]:
        if c.kind == "fen" and total[c.key] is not None:
            total[c.key] = float(fen_to_wan_float(total[c.key]))
    return total


def _range_text(col) -> str:
    if col.min is None and col.max is None:
        return ""
    lo = "" if col.min is None else f"{col.min:,.0f}"
    hi = "" if col.max is None else f"{col.max:,.0f}"
    return tr(f"范围 {lo} – {hi}", f"range {lo} – {hi}")


def editor_config(schema: TableSchema) -> dict:
    """Column configuration of a county-table editor, from the column registry.

    Ranges go into the tooltip and are checked in Python (ui/editor.py): the grid's own
    min/max would clamp a typed value silently instead of refusing it with a message.
    """
    config = {}
    for col in schema.columns:
        label = col.label(lang())
        help_ = md("；".join(p for p in (col.help(lang()), _range_text(col)) if p))  # an added category's name
        if col.kind == "text":
            config[col.key] = st.column_config.TextColumn(
                label, help=help_ or None, pinned=col.key == schema.key, required=col.key == schema.key)
        else:
            # Text, not the grid's number cell: that one keeps the digits of "1e20", "12.5" or "0x1F" and
            # sends 120, 12 or 1 without a word; as text, fundcalc.numbers reads or refuses what was typed.
            config[col.key] = st.column_config.TextColumn(
                label, help=help_, alignment="right", max_chars=MAX_NUMBER_CHARS)
    return config


def editor_text(frame, schema: TableSchema):
    """The table as the editor shows it: numbers as exact text with 千分位 (blank stays blank).

    Kept per table object (tables are replaced, never changed in place), so a rerun that
    does not change the table does not format it again.
    """
    key = (id(frame), tuple(schema.keys))
    hit = _EDITOR_TEXT.get(key)
    if hit is not None and hit[0]() is frame:
        return hit[1].copy()
    out = frame.copy()
    for col in schema.columns:
        if col.kind != "text" and col.key in out.columns:
            out[col.key] = number_texts(out[col.key], col.kind)
    if len(_EDITOR_TEXT) >= 64:
        _EDITOR_TEXT.pop(next(iter(_EDITOR_TEXT)))
    _EDITOR_TEXT[key] = (weakref.ref(frame), out)
    return out.copy()


_EDITOR_TEXT: dict = {}


def number_texts(values, kind: str) -> list:
    """Exact text of each number: whole persons as 12,196; money with 2 decimals, more only if it has them."""
    arr = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    present = ~np.isnan(arr)
    out = np.full(len(arr), None, dtype=object)
    if kind == "people":
        out[present] = [f"{int(v):,}" for v in arr[present]]
        return out.tolist()
    cents = arr * 100
    two = present & (np.abs(cents - np.rint(cents)) <= 1e-6 * np.maximum(1, np.abs(cents)) * 1e-3)
    out[two] = [f"{v:,.2f}" for v in arr[two]]
    for i in np.flatnonzero(present & ~two):
        d = Decimal(repr(float(arr[i])))
        out[i] = f"{d.normalize():,f}"
    return out.tolist()

"""Table validation driven by the column registry: every refusal names the row, the column and the value.

Vectorised: each column is checked as a whole and only the first bad cell is reported. The steps: the
table's shape, then each column by its kind (``CHECKS``: names and other text, numbers through the one
number parser), each check one small function. Rows are cited as the frame counts them (1, 2, …) unless a
``RowMap`` says which row the user sees (an import's file rows).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd

from .columns import Column, TableSchema
from .errors import InputError
from .kinds import KINDS
from .limits import MAX_NAME_CHARS
from .numbers import parse_series
from .numbers import reason as number_reason
from .rows import RowMap, frame_row

INVISIBLE = "[" + "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf") + "]"

# 万元 figures may carry up to 6 decimals (that is 1 分); more is a typing error (kinds.KINDS holds each kind's).
WAN_DECIMALS = KINDS["wan"].decimals


def _first(mask) -> int | None:
    idx = np.flatnonzero(np.asarray(mask))
    return int(idx[0]) if len(idx) else None


def _refuse(mask, zh: str, en: str, col: Column, values, shown=None) -> None:
    """Refuse the first row where ``mask`` holds, naming its value (``shown`` when the cell is not the value)."""
    bad = _first(mask)
    if bad is not None:
        value = shown if shown is not None else values.iloc[bad]
        raise InputError(zh, en, row=frame_row(bad), column=col.zh, value=value)


def validate_table(df: pd.DataFrame, schema: TableSchema, rows: RowMap | None = None) -> pd.DataFrame:
    """Check ``df`` against ``schema`` and return a clean copy (typed, names stripped).

    A refusal of a cell names its row (the frame's count, or the user's through ``rows``), its column, its
    value and the county of its row (errors name the county and the field).
    """
    try:
        return _check_table(df, schema)
    except InputError as exc:
        raise (rows or RowMap()).relabel(_name_county(exc, df, schema)) from None


def _check_shape(df: pd.DataFrame, schema: TableSchema) -> None:
    if df is None or len(df.columns) == 0:
        raise InputError("表格为空", "the table is empty")
    missing = [c for c in schema.columns if c.required and c.key not in df.columns]
    if missing:
        c = missing[0]
        raise InputError(f"缺少必需的列「{c.zh}」（{c.key}）",
                         f"required column '{c.en}' ({c.key}) is missing", column=c.zh)
    if len(df) == 0:
        raise InputError("表格没有数据行", "the table has no data rows")


def _check_table(df: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    _check_shape(df, schema)
    # Columns gathered in a dict and framed once: inserting them one by one costs more than the checks.
    out: dict = {}
    for col in schema.columns:
        if col.key not in df.columns:
            out[col.key] = KINDS[col.kind].absent
        else:
            out[col.key] = CHECKS[col.kind](df[col.key], col, schema)
    return pd.DataFrame(out, index=range(len(df)))


# --- text ----------------------------------------------------------------------------------

def _check_text(raw: pd.Series, col: Column, schema: TableSchema):
    raw = raw.reset_index(drop=True)
    if col.pattern:
        return _check_pattern(raw, col)
    text = raw.astype("string").fillna("").str.strip()
    if col.key == schema.key:
        text = _check_names(text, col, schema)
    return text.astype(object)


def _check_names(text: pd.Series, col: Column, schema: TableSchema) -> pd.Series:
    # Zero-width and direction marks (Unicode Cf) are invisible: "甲\u200b县" is 甲县, not a second county.
    text = text.str.replace(INVISIBLE, "", regex=True).str.strip()
    _refuse(text.str.len() > MAX_NAME_CHARS, f"名称过长（上限 {MAX_NAME_CHARS} 个字符）",
            f"the name is too long (limit {MAX_NAME_CHARS} characters)", col, text)
    _refuse(text == "", "名称为空", "the name is blank", col, text, shown="")
    _refuse(_total_rows(text, schema), "这是合计行，不是县名；合计由程序计算，请删去这一行",
            "this is a total row, not a county; totals are computed, remove the row", col, text)
    _refuse(text.duplicated(), "名称重复", "the name appears twice", col, text)
    return text


def _total_rows(text: pd.Series, schema: TableSchema) -> np.ndarray:
    """Names that are a 合计 marker. Names are stripped, so only one starting like a marker can squeeze to
    one; the (slow, Python) whitespace regex then runs on those few names only."""
    heads = {m[:1] for m in schema.total_markers} | set("TtSs")
    cand = text[text.str.slice(0, 1).isin(heads).to_numpy(bool)]
    squeezed = cand.str.replace(r"\s+", "", regex=True)
    hit = (squeezed.isin(schema.total_markers) | squeezed.str.lower().isin(("total", "sum"))).to_numpy(bool)
    mask = np.zeros(len(text), dtype=bool)
    mask[cand.index[hit].to_numpy(int)] = True
    return mask


def _cell_text(value) -> str:
    """A cell as typed: a spreadsheet's 530302.0 is the code 530302; full-width digits fold (NFKC)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def _check_pattern(raw: pd.Series, col: Column):
    """A coded text (行政区划代码): blank where optional, else the pattern; never two rows with one code."""
    text = pd.Series([_cell_text(v) for v in raw], dtype=object)
    present = (text != "").to_numpy(bool)
    if col.required:
        _refuse(~present, "不能为空", "must not be blank", col, text, shown="")
    pattern = re.compile(col.pattern)
    wrong = np.fromiter((bool(t) and not pattern.fullmatch(t) for t in text), dtype=bool, count=len(text))
    _refuse(wrong, f"格式不符：{col.help_zh}", f"wrong format: {col.help_en}", col, text)
    if col.unique:
        _refuse(present & text.duplicated().to_numpy(bool), "代码重复", "the code appears twice", col, text)
    return text


# --- numbers -------------------------------------------------------------------------------

def _check_number(raw: pd.Series, col: Column, schema: TableSchema):
    # Plain arrays from here on: pandas operations cost more than the checks themselves.
    arr, blank, refused = parse_series(raw)   # the one number parser (fundcalc.numbers), vectorised
    bad = _first(refused)
    if bad is not None:
        zh, en = number_reason(raw.iloc[bad])
        raise InputError(zh, en, row=frame_row(bad), column=col.zh, value=raw.iloc[bad])
    if col.required:
        _refuse(blank, "不能为空", "must not be blank", col, raw, shown="")
    _refuse(np.isinf(arr), "不是有限的数", "is not a finite number", col, raw)
    present = ~np.isnan(arr)
    _check_decimals(arr, present, col, raw)
    _check_range(arr, present, col, raw)
    if KINDS[col.kind].decimals == 0:
        return np.where(present, arr, 0).astype(np.int64)
    return arr


def _check_decimals(arr: np.ndarray, present: np.ndarray, col: Column, raw: pd.Series) -> None:
    places = KINDS[col.kind].decimals
    if places == 0:
        _refuse(present & (arr != np.floor(arr)), "人数应为整数", "a headcount must be a whole number", col, raw)
        return
    scaled = arr * 10 ** places
    # Float noise of a typed decimal is ~1e-16 relative; a real extra decimal leaves ≥ 0.1 unit.
    extra = np.abs(scaled - np.rint(scaled)) > np.maximum(1e-3, np.abs(scaled) * 1e-15)
    _refuse(present & extra, "小数位过多", "has too many decimals", col, raw)


def _check_range(arr: np.ndarray, present: np.ndarray, col: Column, raw: pd.Series) -> None:
    if col.min is not None:
        _refuse(present & (arr < col.min), f"不能小于 {col.min:g}", f"must be at least {col.min:g}", col, raw)
    if col.max is not None:
        _refuse(present & (arr > col.max), f"数值过大（上限 {col.max:,.0f}），不像真实数据",
                f"is too large to be real (limit {col.max:,.0f})", col, raw)


CHECKS: dict[str, Callable[[pd.Series, Column, TableSchema], object]] = {
    name: (_check_number if k.numeric else _check_text) for name, k in KINDS.items()}


def _name_county(exc: InputError, df, schema: TableSchema) -> InputError:
    """The same refusal with the county of its row named, when the row and its name are known."""
    key_label = schema.column(schema.key).zh if schema.key in schema.keys else None
    if exc.row is None or exc.column == key_label or df is None or schema.key not in df.columns:
        return exc
    pos = exc.row - 1
    if not 0 <= pos < len(df):
        return exc
    name = df[schema.key].iloc[pos]
    name = "" if pd.isna(name) else str(name).strip()
    if not name:
        return exc
    return InputError(f"{exc.zh}（{name}）", f"{exc.en} ({name})", row=exc.row, column=exc.column, value=exc.value)


def wan_to_fen_array(values) -> np.ndarray:
    """Validated 万元 figures (≤ 6 decimals) as exact 分; blanks become 0."""
    arr = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    return np.rint(arr * 1_000_000).astype(np.int64)


def yuan_to_fen_array(values) -> np.ndarray:
    arr = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    return np.rint(arr * 100).astype(np.int64)

"""Table validation driven by the column registry: every refusal names the row, the column and the value.

Vectorised: each column is checked as a whole and only the first bad cell is reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .columns import TableSchema
from .errors import InputError

# 万元 figures may carry up to 6 decimals (that is 1 分); more is a typing error.
WAN_DECIMALS = 6


def _first(mask) -> int | None:
    idx = np.flatnonzero(np.asarray(mask))
    return int(idx[0]) if len(idx) else None


def validate_table(df: pd.DataFrame, schema: TableSchema, lang_rows: int = 1,
                   row_numbers: list[int] | None = None) -> pd.DataFrame:
    """Check ``df`` against ``schema`` and return a clean copy (typed, names stripped).

    ``row_numbers`` maps positions to the row numbers the user sees (file lines);
    by default rows count from ``lang_rows``.
    """
    def rownum(pos: int) -> int:
        return row_numbers[pos] if row_numbers is not None else pos + lang_rows

    if df is None or len(df.columns) == 0:
        raise InputError("表格为空", "the table is empty")
    missing = [c for c in schema.columns if c.required and c.key not in df.columns]
    if missing:
        c = missing[0]
        raise InputError(f"缺少必需的列「{c.zh}」（{c.key}）",
                         f"required column '{c.en}' ({c.key}) is missing", column=c.zh)
    if len(df) == 0:
        raise InputError("表格没有数据行", "the table has no data rows")
    out = pd.DataFrame(index=range(len(df)))
    for col in schema.columns:
        if col.key not in df.columns:
            if col.kind == "text":
                out[col.key] = ""
            else:
                out[col.key] = np.nan if col.kind in ("wan", "yuan", "pct") else 0
            continue
        raw = df[col.key].reset_index(drop=True)
        label = col.zh
        if col.kind == "text":
            text = raw.astype("string").fillna("").str.strip()
            if col.key == schema.key:
                bad = _first(text == "")
                if bad is not None:
                    raise InputError("名称为空", "the name is blank", row=rownum(bad), column=label, value="")
                dup = _first(text.duplicated())
                if dup is not None:
                    raise InputError("名称重复", "the name appears twice", row=rownum(dup), column=label,
                                     value=text.iloc[dup])
            out[col.key] = text.astype(object)
            continue
        values = _numeric(raw)
        blank = _blank(raw)
        bad = _first(values.isna() & ~blank)
        if bad is not None:
            raise InputError("不是数字", "is not a number", row=rownum(bad), column=label, value=raw.iloc[bad])
        if col.required:
            bad = _first(blank)
            if bad is not None:
                raise InputError("不能为空", "must not be blank", row=rownum(bad), column=label, value="")
        arr = values.to_numpy(dtype=float, na_value=np.nan)
        bad = _first(np.isinf(arr))
        if bad is not None:
            raise InputError("不是有限的数", "is not a finite number", row=rownum(bad), column=label,
                             value=raw.iloc[bad])
        present = ~np.isnan(arr)
        if col.kind == "people":
            bad = _first(present & (arr != np.floor(arr)))
            if bad is not None:
                raise InputError("人数应为整数", "a headcount must be a whole number", row=rownum(bad),
                                 column=label, value=raw.iloc[bad])
        elif col.kind in ("wan", "yuan", "pct"):
            scale = 10 ** (WAN_DECIMALS if col.kind == "wan" else 4)
            scaled = arr * scale
            bad = _first(present & (np.abs(scaled - np.rint(scaled)) > 1e-6 * np.maximum(1, np.abs(scaled))))
            if bad is not None:
                raise InputError("小数位过多", "has too many decimals", row=rownum(bad), column=label,
                                 value=raw.iloc[bad])
        if col.min is not None:
            bad = _first(present & (arr < col.min))
            if bad is not None:
                raise InputError(f"不能小于 {col.min:g}", f"must be at least {col.min:g}", row=rownum(bad),
                                 column=label, value=raw.iloc[bad])
        if col.max is not None:
            bad = _first(present & (arr > col.max))
            if bad is not None:
                raise InputError(f"数值过大（上限 {col.max:,.0f}），不像真实数据",
                                 f"is too large to be real (limit {col.max:,.0f})", row=rownum(bad),
                                 column=label, value=raw.iloc[bad])
        if col.kind == "people":
            out[col.key] = np.where(present, arr, 0).astype(np.int64)
        else:
            out[col.key] = arr
    return out


def _blank(raw: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
        return raw.isna()
    return (raw.isna() | (raw.astype("string").str.strip() == "")).fillna(True).astype(bool)


def _numeric(raw: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(raw):
        return pd.Series(np.nan, index=raw.index)
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float)
    text = raw.astype("string").str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(text, errors="coerce").astype(float)


def wan_to_fen_array(values) -> np.ndarray:
    """Validated 万元 figures (≤ 6 decimals) as exact 分; blanks become 0."""
    arr = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    return np.rint(arr * 1_000_000).astype(np.int64)


def yuan_to_fen_array(values) -> np.ndarray:
    arr = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    return np.rint(arr * 100).astype(np.int64)

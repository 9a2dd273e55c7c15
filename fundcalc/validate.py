"""Table validation driven by the column registry: every refusal names the row, the column and the value.

Vectorised: each column is checked as a whole and only the first bad cell is reported.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from .columns import TableSchema
from .errors import InputError
from .limits import MAX_NAME_CHARS
from .numbers import parse_series
from .numbers import reason as number_reason

INVISIBLE = "[" + "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf") + "]"

# 万元 figures may carry up to 6 decimals (that is 1 分); more is a typing error.
WAN_DECIMALS = 6


def _first(mask) -> int | None:
    idx = np.flatnonzero(np.asarray(mask))
    return int(idx[0]) if len(idx) else None


def validate_table(df: pd.DataFrame, schema: TableSchema, lang_rows: int = 1,
                   row_numbers: list[int] | None = None) -> pd.DataFrame:
    """Check ``df`` against ``schema`` and return a clean copy (typed, names stripped).

    ``row_numbers`` maps positions to the row numbers the user sees (file lines);
    by default rows count from ``lang_rows``. A refusal of a cell also names the
    county of its row (an error names the county and the field). The clean
    frame keeps the numbering in ``attrs`` so later checks can cite rows (``user_row``).
    """
    try:
        return _check_table(df, schema, lang_rows, row_numbers)
    except InputError as exc:
        raise _name_county(exc, df, schema, lang_rows, row_numbers) from None


def _check_table(df: pd.DataFrame, schema: TableSchema, lang_rows: int,
                 row_numbers: list[int] | None) -> pd.DataFrame:
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
    # Columns gathered in a dict and framed once: inserting them one by one costs more than the checks.
    out: dict = {}
    for col in schema.columns:
        if col.key not in df.columns:
            if col.kind == "text":
                out[col.key] = ""
            else:
                out[col.key] = np.nan if col.kind in ("wan", "yuan", "pct") else 0
            continue
        raw = df[col.key]  # positions (iloc, arrays) from here on; only text is re-indexed for the frame
        label = col.zh
        if col.kind == "text":
            raw = raw.reset_index(drop=True)
            text = raw.astype("string").fillna("").str.strip()
            if col.key == schema.key:
                # Zero-width and direction marks (Unicode Cf) are invisible: "甲\u200b县" is 甲县, not a second county.
                text = text.str.replace(INVISIBLE, "", regex=True).str.strip()
                bad = _first(text.str.len() > MAX_NAME_CHARS)
                if bad is not None:
                    raise InputError(f"名称过长（上限 {MAX_NAME_CHARS} 个字符）",
                                     f"the name is too long (limit {MAX_NAME_CHARS} characters)", row=rownum(bad),
                                     column=label, value=text.iloc[bad])
                bad = _first(text == "")
                if bad is not None:
                    raise InputError("名称为空", "the name is blank", row=rownum(bad), column=label, value="")
                # Names are stripped, so only one starting like a marker can squeeze to one; the
                # (slow, Python) whitespace regex then runs on those few names only.
                heads = {m[:1] for m in schema.total_markers} | set("TtSs")
                cand = text[text.str.slice(0, 1).isin(heads).to_numpy(bool)]
                squeezed = cand.str.replace(r"\s+", "", regex=True)
                hit = (squeezed.isin(schema.total_markers) | squeezed.str.lower().isin(("total", "sum"))).to_numpy(bool)
                bad = int(cand.index[hit][0]) if hit.any() else None
                if bad is not None:
                    raise InputError("这是合计行，不是县名；合计由程序计算，请删去这一行",
                                     "this is a total row, not a county; totals are computed, remove the row",
                                     row=rownum(bad), column=label, value=text.iloc[bad])
                dup = _first(text.duplicated())
                if dup is not None:
                    raise InputError("名称重复", "the name appears twice", row=rownum(dup), column=label,
                                     value=text.iloc[dup])
            out[col.key] = text.astype(object)
            continue
        # Plain arrays from here on: pandas operations cost more than the checks themselves.
        arr, blank, refused = parse_series(raw)   # the one number parser (fundcalc.numbers), vectorised
        bad = _first(refused)
        if bad is not None:
            zh, en = number_reason(raw.iloc[bad])
            raise InputError(zh, en, row=rownum(bad), column=label, value=raw.iloc[bad])
        if col.required:
            bad = _first(blank)
            if bad is not None:
                raise InputError("不能为空", "must not be blank", row=rownum(bad), column=label, value="")
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
            # Float noise of a typed decimal is ~1e-16 relative; a real extra decimal leaves ≥ 0.1 unit.
            bad = _first(present & (np.abs(scaled - np.rint(scaled)) > np.maximum(1e-3, np.abs(scaled) * 1e-15)))
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
    frame = pd.DataFrame(out, index=range(len(df)))
    frame.attrs["lang_rows"] = lang_rows
    # As bytes: pandas deep-copies attrs into every derived object and compares them in concat; bytes
    # copy for free and compare cleanly (a tuple costs ~0.5 ms per column access, an array breaks concat).
    frame.attrs["row_numbers"] = None if row_numbers is None else np.asarray(row_numbers, dtype=np.int64).tobytes()
    return frame


def user_row(table: pd.DataFrame, pos: int) -> int:
    """The row number a user sees for position ``pos`` of a frame returned by ``validate_table``."""
    numbers = table.attrs.get("row_numbers")
    if numbers is not None:
        return int(np.frombuffer(numbers, dtype=np.int64)[pos])
    return pos + int(table.attrs.get("lang_rows", 1))


def _name_county(exc: InputError, df, schema: TableSchema, lang_rows: int, row_numbers) -> InputError:
    """The same refusal with the county of its row named, when the row and its name are known."""
    key_label = schema.column(schema.key).zh if schema.key in schema.keys else None
    if exc.row is None or exc.column == key_label or df is None or schema.key not in df.columns:
        return exc
    if row_numbers is not None:
        pos = list(row_numbers).index(exc.row) if exc.row in row_numbers else -1
    else:
        pos = exc.row - lang_rows
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

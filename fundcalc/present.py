"""Views of a Result at the edge: the official table as CSV and XLSX, with the documents' decimals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import allocation, pooling, settlement
from .export import csv_bytes, xlsx_bytes
from .money import FEN_PER_YUAN
from .result import Result

OFFICIAL = {"allocation": allocation.official_table, "settlement": settlement.official_table,
            "pooling": pooling.official_table}


def wan_places(result: Result) -> int:
    """Decimals of 万元 the document prints: whole 万元 when amounts are rounded to 1 万元, else 2."""
    unit_fen = result.extra.get("unit_fen")
    if unit_fen is None:
        return 2
    return 0 if unit_fen >= 10_000 * FEN_PER_YUAN else 2


def official_frame(result: Result) -> pd.DataFrame:
    return OFFICIAL[result.mechanism](result)


def official_csv(result: Result) -> bytes:
    frame = official_frame(result)
    places = {c: wan_places(result) for c in frame.columns if c.endswith("_wan")}
    return csv_bytes(frame, places)


def official_xlsx(result: Result, lang: str = "zh") -> bytes:
    frame = official_frame(result)
    by_key = {c.key: c for c in result.columns}
    headers, formats = [], []
    p = wan_places(result)
    for col in frame.columns:
        key = col[:-4] + "_fen" if col.endswith("_wan") else col
        oc = by_key.get(key)
        headers.append(oc.label(lang) if oc else col)
        if col.endswith("_wan"):
            formats.append("#,##0" if p == 0 else "#,##0.00")
        elif oc is not None and oc.kind == "people":
            formats.append("#,##0")
        else:
            formats.append(None)
    records = frame.replace({np.nan: None}).values.tolist()
    title = f"{result.policy.meta.get('region_zh', '')}{result.policy.title_zh}" if lang == "zh" else \
        f"{result.policy.meta.get('region_en', '')} {result.policy.title_en}"
    unit = "单位：万元" if lang == "zh" else "Unit: 10k yuan"
    return xlsx_bytes(title, unit, headers, records[:-1], records[-1], formats)

"""What every mechanism returns: one object behind the table, the chart, the CSV and the XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .params import Policy


@dataclass(frozen=True)
class OutCol:
    """A column of a result table. kind "fen" holds exact 分 shown as 万元; "people" whole persons;
    "text" as is; "flag" a boolean; "months" a ratio in months."""

    key: str
    zh: str
    en: str
    kind: str

    def label(self, lang: str = "zh") -> str:
        name = self.zh if lang == "zh" else self.en
        unit = {"fen": ("万元", "10k yuan"), "people": ("人", "persons"), "months": ("月", "months")}.get(self.kind)
        return f"{name}({unit[0] if lang == 'zh' else unit[1]})" if unit else name


@dataclass(frozen=True)
class TraceStep:
    """One line of "这个数怎么来的": the arithmetic with real numbers and the clause it comes from."""

    zh: str
    en: str
    clause: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Result:
    mechanism: str
    policy: Policy
    table: pd.DataFrame          # one row per county, money in 分 (int64)
    columns: list[OutCol]        # how to show table's columns, in order
    totals: dict[str, int]       # 合计 of every money/people column: sums of the rounded county figures
    unit_fen: int                # the rounding unit of the county amounts (decides the 万元 decimals shown)
    levels: tuple[str, ...] = ()                 # government levels that pay, in order (allocation)
    figures: dict[str, int | float] = field(default_factory=dict)   # figures above the counties (the city's)
    detail: Any = None           # the mechanism's own frozen dataclass of intermediate figures

    def keyed_wan(self, frame: pd.DataFrame, keys=None) -> pd.DataFrame:
        """The reference CSV's layout of ``frame``: each 分 column (``keys``, or every column of kind fen) as
        万元 and renamed ``*_wan``."""
        keys = [c.key for c in self.columns if c.kind == "fen"] if keys is None else list(keys)
        out = frame.copy()
        for k in keys:
            out[k] = out[k].astype("int64") / 1_000_000
        return out.rename(columns={k: k[:-4] + "_wan" for k in keys})

    def total_row(self) -> dict:
        row = {c.key: self.totals.get(c.key) for c in self.columns}
        row[self.columns[0].key] = "合计"
        return row

"""The outcome of a roster run: per-county aggregates, list checks, masked examples; no person-level data."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import counties
from ..mechanisms.settlement.table import SETTLEMENT_HEADCOUNT_COLUMNS, settlement_schema
from .query import COUNTY_COLUMNS, LISTS
from .rules import RosterRules

SETTLEMENT_KEYS = ["county"] + [c.key for c in SETTLEMENT_HEADCOUNT_COLUMNS]
DUP_KEYS = [c.key for c in SETTLEMENT_HEADCOUNT_COLUMNS[1:]]

LIST_LABELS = {
    "roster_without_county": ("名单中县(市、区)为空的记录", "roster records without a county"),
    "bingtuan": ("兵团参保名单", "兵团 insured list"),
    "cross_province": ("跨省重复参保名单", "cross-province duplicate list"),
    "employee": ("职工医保参保名单", "employee-insurance list"),
}

REPORT_COLUMNS = {  # key: (zh, en)
    "county": ("县(市、区)", "County"),
    "records": ("名单记录数", "Records"),
    "invalid_id": ("身份证号无效", "Invalid ID numbers"),
    "bad_date": ("参保日期无法识别", "Unreadable dates"),
    "after_cutoff": ("截止日后参保", "After the cut-off"),
    "inactive": ("状态非参保", "Inactive status"),
    "counted_records": ("计入的记录", "Counted records"),
    "insured": ("参保人数（去重）", "Insured (distinct)"),
    "dup_in_province": ("省内重复参保", "Duplicates in province"),
    "dup_bingtuan": ("兵团重复参保", "Duplicates with 兵团"),
    "dup_cross_province": ("跨省重复参保", "Cross-province duplicates"),
    "dup_cross_system": ("跨制度重复参保", "Cross-system duplicates"),
    "headcount": ("结算补助人数", "Subsidised headcount"),
}


@dataclass
class HeadcountResult:
    detail: pd.DataFrame          # one row per county: COUNTY_COLUMNS + headcount
    lists: pd.DataFrame           # list, records, invalid, distinct_valid
    examples: dict[str, list[str]]  # county -> masked invalid numbers
    rules: RosterRules
    engine: str
    seconds: float

    @classmethod
    def from_frames(cls, counties: pd.DataFrame, lists: pd.DataFrame, examples: pd.DataFrame, rules: RosterRules,
                    engine: str, seconds: float) -> HeadcountResult:
        detail = counties[list(COUNTY_COLUMNS)].copy()
        detail["county"] = detail["county"].astype(str)
        for k in COUNTY_COLUMNS[1:]:
            detail[k] = pd.to_numeric(detail[k]).fillna(0).astype(np.int64)
        detail["headcount"] = detail["insured"] - detail[DUP_KEYS].sum(axis=1)
        # Python compares str by code point, as the engines' binary collation does.
        detail = detail.sort_values("county").reset_index(drop=True)
        lists = lists.copy()
        for k in ("records", "invalid", "distinct_valid"):
            lists[k] = pd.to_numeric(lists[k]).fillna(0).astype(np.int64)
        lists = lists.set_index("list").reindex(["roster_without_county", *LISTS]).fillna(0).astype(np.int64)
        ex: dict[str, list[str]] = {}
        for county, masked in zip(examples["county"].astype(str), examples["masked"].astype(str), strict=True):
            ex.setdefault(county, []).append(masked)
        return cls(detail, lists.reset_index(), ex, rules, engine, seconds)

    def county_table(self) -> pd.DataFrame:
        """The settlement table's headcount columns (county, insured, four duplicate counts), one row per county."""
        return self.detail[SETTLEMENT_KEYS].copy()

    def totals(self) -> dict[str, int]:
        return {k: int(self.detail[k].sum()) for k in [*COUNTY_COLUMNS[1:], "headcount"]}

    def labelled_detail(self, lang: str = "zh") -> pd.DataFrame:
        i = 0 if lang == "zh" else 1
        return self.detail.rename(columns={k: v[i] for k, v in REPORT_COLUMNS.items()})

    def county_csv(self) -> bytes:
        """The county table with the registry's Chinese headers, readable by the settlement import (UTF-8 BOM)."""
        frame = self.county_table()
        labels = {"county": settlement_schema(False).column("county").zh}
        labels |= {c.key: c.label("zh") for c in SETTLEMENT_HEADCOUNT_COLUMNS}
        return frame.rename(columns=labels).to_csv(index=False).encode("utf-8-sig")

    def report_markdown(self, lang: str = "zh") -> str:
        zh = lang == "zh"
        t = self.totals()
        r = self.rules
        status = ("、".join(r.active_statuses) if r.active_statuses is not None else
                  ("不检查" if zh else "not checked"))
        lines = [
            "# 名单去重报告" if zh else "# Roster deduplication report", "",
            (f"- 引擎：{self.engine}；用时 {self.seconds:,.1f} 秒" if zh else
             f"- engine: {self.engine}; {self.seconds:,.1f} s"),
            (f"- 截止日期：{r.cutoff.isoformat()}（参保日期不晚于此日的记录计入）" if zh else
             f"- cut-off: {r.cutoff.isoformat()} (records insured on or before it count)"),
            (f"- 计入的参保状态：{status}（状态为空视为参保）" if zh else
             f"- active statuses: {status} (a blank status counts as active)"),
            (f"- 15 位旧号码：{'转换为 18 位后核对' if r.convert_15 else '视为无效'}" if zh else
             f"- 15-digit numbers: {'converted to 18 digits' if r.convert_15 else 'invalid'}"),
            "",
            "## 各规则合计" if zh else "## Totals per rule", "",
        ]
        for k in [*COUNTY_COLUMNS[1:], "headcount"]:
            lines.append(f"- {REPORT_COLUMNS[k][0 if zh else 1]}：{t[k]:,} 人次" if zh and k in (
                "records", "invalid_id", "bad_date", "after_cutoff", "inactive", "counted_records") else
                f"- {REPORT_COLUMNS[k][0 if zh else 1]}{'：' if zh else ': '}{t[k]:,}")
        lines += ["", "## 三类名单" if zh else "## The lists", ""]
        for row in self.lists.itertuples():
            label = LIST_LABELS[row.list][0 if zh else 1]
            lines.append(f"- {label}：{row.records:,} 条，无效号码 {row.invalid:,}，"
                         f"有效不重复 {row.distinct_valid:,}" if zh
                         else f"- {label}: {row.records:,} rows, {row.invalid:,} invalid, {row.distinct_valid:,} "
                              f"distinct valid")
        lines += ["", "## 各县" if zh else "## Per county", ""]
        frame = self.labelled_detail(lang)
        lines.append("| " + " | ".join(frame.columns) + " |")
        lines.append("|" + "---|" * len(frame.columns))
        for row in frame.itertuples(index=False):
            cells = (f"{v:,}" if isinstance(v, (int, np.integer)) else str(v) for v in row)
            lines.append("| " + " | ".join(cells) + " |")
        if self.examples:
            lines += ["", "## 无效身份证号示例（已脱敏）" if zh else "## Invalid ID numbers, examples (masked)", ""]
            for county, masked in self.examples.items():
                lines.append(f"- {county}：{'、'.join(masked)}" if zh else f"- {county}: {', '.join(masked)}")
        return "\n".join(lines) + "\n"


def county_key(name) -> str:
    """A county name as matched against the settlement table: NFKC, no spaces."""
    return "".join(unicodedata.normalize("NFKC", str(name)).split())


def settlement_table(result: HeadcountResult, current: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The settlement county table in headcount mode from the roster's counts.

    已预拨资金, the per-county 补助标准, 行政区划代码 and 备注 come from ``current`` (the table in use) for the
    same county: the same 行政区划代码 when the roster's county is given as a code and the table has codes,
    else the same name (NFKC, spaces ignored; fundcalc.counties). A county matched by code takes the table's
    name. A roster county with no match gets 已预拨 0 and the common standard.
    Returns (table, roster counties not in ``current``, counties of ``current`` not in the roster).
    """
    counts = result.county_table()
    cur = current.reset_index(drop=True)
    given = counts["county"].tolist()
    at = counties.match(cur["county"].tolist(), counties.codes_of(cur), given,
                        [counties.code_text(c) for c in given], key=county_key)
    found = {i for i in at if i >= 0}
    missing = np.array([i < 0 for i in at], dtype=bool)
    picked = cur.reindex(at).reset_index(drop=True)       # row -1 (no match) reads as blank
    merged = counts.reset_index(drop=True)
    merged["county"] = np.where(missing, counts["county"].to_numpy(object), picked["county"].to_numpy(object))
    merged["code"] = _column(picked, "code", "")
    merged["standard_yuan"] = pd.to_numeric(_column(picked, "standard_yuan", np.nan), errors="coerce")
    merged["preallocated_wan"] = pd.to_numeric(_column(picked, "preallocated_wan", 0.0), errors="coerce").fillna(0.0)
    merged["note"] = _column(picked, "note", "")
    unmatched_roster = counts.loc[missing, "county"].tolist()
    unmatched_current = [str(n) for i, n in enumerate(cur["county"]) if i not in found]
    cols = [c.key for c in settlement_schema(False).columns]
    return merged[cols].reset_index(drop=True), unmatched_roster, unmatched_current


def _column(picked: pd.DataFrame, key: str, default) -> pd.Series:
    """The table's value for each roster county; ``default`` where the county or the column is missing."""
    if key not in picked.columns:
        return pd.Series([default] * len(picked), dtype=object)
    return picked[key].astype(object).where(picked[key].notna(), default)

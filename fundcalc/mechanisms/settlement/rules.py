"""补助资金结算 — 塔地财社〔2021〕87号 (塔城 2020).

二: 结算补助人数 = 2020 年 6 月底参保人数 − 省内、兵团、跨省、跨制度重复参保人数;
应补助资金 = 人数 × 自治区补助标准; 此次结算 = 应补助 − 已预拨; a negative
settlement is clawed back from the pre-allocation document (从塔地财社〔2021〕8号文件扣回).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from ...money import FEN_PER_YUAN, format_yuan, round_fen, yuan_to_fen
from ...money import format_wan as _format_wan
from ...params import Param, ParamSchema, Policy
from ...result import OutCol, Result, TraceStep
from ...rows import frame_row
from ...validate import validate_table, wan_to_fen_array, yuan_to_fen_array
from .table import SETTLEMENT_HEADCOUNT_COLUMNS, settlement_schema

DUP_KEYS = [c.key for c in SETTLEMENT_HEADCOUNT_COLUMNS[1:]]
SCHEMA = ParamSchema.from_toml(Path(__file__).with_name("schema.toml"))


@dataclass(frozen=True)
class SettlementDetail:
    mode: str                                  # "given" (应补助资金 read) or "headcount" (computed)
    insured_target_10k: np.ndarray | None      # 参保人数目标 (万人) per county, when the table gives it


def cutoff(policy: Policy, lang: str = "zh") -> str:
    """The insured count's cut-off as the document words it ([headcount] cutoff_zh: 6月底); generic otherwise."""
    return str(policy.fact(f"headcount.cutoff_{lang}", "") or ("截止日" if lang == "zh" else "the cut-off"))


def param_specs(policy: Policy | None = None) -> dict[str, Param]:
    return SCHEMA.specs(policy)


def schema(policy: Policy):
    return settlement_schema(policy.values["mode"] == "given")


def compute(counties: pd.DataFrame, policy: Policy, validated: bool = False) -> Result:
    mode = policy.values["mode"]
    table = counties if validated else validate_table(counties, settlement_schema(mode == "given"))
    unit_fen = int(policy.values["rounding_unit_yuan"]) * FEN_PER_YUAN
    out = {"county": table["county"].to_numpy()}
    cols = [OutCol("county", "县(市)名称", "County", "text")]
    if mode == "headcount":
        insured = table["insured"].to_numpy(np.int64)
        dups = np.column_stack([table[k].to_numpy(np.int64) for k in DUP_KEYS])
        headcount = insured - dups.sum(axis=1)
        bad = np.flatnonzero(headcount < 0)
        if len(bad):
            i = int(bad[0])
            county = table["county"].iloc[i]
            raise InputError(
                f"省内、兵团、跨省、跨制度重复参保人数之和 {int(dups[i].sum()):,}"
                f" 超过{cutoff(policy)}参保人数 {int(insured[i]):,}（{county}）",
                f"the four kinds of duplicates add up to {int(dups[i].sum()):,}, more than the "
                f"{int(insured[i]):,} insured ({county})",
                row=frame_row(i), column="重复参保人数", value=int(dups[i].sum()))
        default_std = yuan_to_fen(policy.values["standard_yuan"])
        own = table["standard_yuan"].to_numpy(float)
        standard = np.where(np.isnan(own), default_std, yuan_to_fen_array(own))
        due = round_fen(headcount * standard, unit_fen)
        for c in SETTLEMENT_HEADCOUNT_COLUMNS:
            out[c.key] = table[c.key].to_numpy(np.int64)
            cols.append(OutCol(c.key, c.zh, c.en, "people"))
        out["headcount"] = headcount
        out["standard_fen"] = standard
        cols += [OutCol("headcount", "结算补助人数", "Subsidised headcount", "people"),
                 OutCol("standard_fen", "补助标准(元/人)", "Standard (yuan/person)", "yuan")]
    else:
        due = wan_to_fen_array(table["due_wan"])
    pre = wan_to_fen_array(table["preallocated_wan"])
    settlement = due - pre
    clawback = settlement < 0
    given_note = table["note"].to_numpy(object) if "note" in table else np.full(len(table), "", dtype=object)
    auto_note = f"从{policy.values['clawback_doc']}文件扣回"
    note = np.where(clawback, np.where(given_note == "", auto_note, given_note), given_note)
    out |= {"due_fen": due, "preallocated_fen": pre, "settlement_fen": settlement, "clawback": clawback,
            "note": note}
    cols += [OutCol("due_fen", "应补助资金", "Due", "fen"),
             OutCol("preallocated_fen", "已预拨资金", "Pre-allocated", "fen"),
             OutCol("settlement_fen", "此次结算补助资金", "Settlement", "fen"),
             OutCol("clawback", "扣回", "Clawback", "flag"),
             OutCol("note", "备注", "Note", "text")]
    frame = pd.DataFrame(out)
    # 合计 = sums of the county figures, as 附件1's 合计 row (5031 − 5127 = −96).
    totals = {c.key: int(np.sum(out[c.key])) for c in cols if c.kind in ("fen", "people")}
    totals["clawback_count"] = int(clawback.sum())
    target = table["insured_at_least_10k"].to_numpy(float) if "insured_at_least_10k" in table else None
    return Result("settlement", policy, frame, cols, totals, unit_fen=unit_fen,
                  detail=SettlementDetail(mode, target))


def official_table(result: Result) -> pd.DataFrame:
    """附件1 as the reference CSV lays it out: county, due_wan, preallocated_wan, settlement_wan, note; 合计 last."""
    keys = ["county", "due_fen", "preallocated_fen", "settlement_fen", "note"]
    frame = result.table[keys].copy()
    total = result.total_row()
    total["note"] = ""
    frame.loc[len(frame)] = {k: total[k] for k in keys}
    return result.keyed_wan(frame, keys[1:4])


def explain(result: Result, county: str) -> list[TraceStep]:
    rows = result.table.index[result.table["county"] == county]
    if len(rows) == 0:
        raise InputError("没有这个县", "no such county", column="县(市)名称", value=county)
    r = result.table.loc[rows[0]]
    places = 0 if result.unit_fen >= 10_000 * FEN_PER_YUAN else 2
    format_wan = lambda fen: _format_wan(fen, places)  # noqa: E731 — the table's own decimals (附件1: whole 万元)
    steps = []
    policy = result.policy
    rule, table = policy.clause("rule"), policy.clause("table")
    if result.detail.mode == "headcount":
        standard_source = result.policy.source("standard_yuan")
        dups = " − ".join(f"{int(r[k]):,}" for k in DUP_KEYS)
        steps.append(TraceStep(
            f"结算补助人数 = {int(r['insured']):,}（{cutoff(policy)}参保）− {dups}"
            f"（省内、兵团、跨省、跨制度重复）= {int(r['headcount']):,} 人",
            f"Headcount = {int(r['insured']):,} insured − {dups} duplicates = {int(r['headcount']):,}",
            rule))
        raw = int(r["headcount"]) * int(r["standard_fen"])
        steps.append(TraceStep(
            f"应补助 = {int(r['headcount']):,} 人 × {format_yuan(int(r['standard_fen']))} 元 = {format_yuan(raw)} 元 → "
            f"{format_wan(int(r['due_fen']))} 万元",
            f"Due = {int(r['headcount']):,} × {format_yuan(int(r['standard_fen']))} = {format_yuan(raw)} yuan → "
            f"{format_wan(int(r['due_fen']))} (10k yuan)",
            "；".join(x for x in (rule, f"补助标准：{standard_source.note('zh')}") if x)))
    else:
        steps.append(TraceStep(f"应补助资金 {format_wan(int(r['due_fen']))} 万元（按文件给定）",
                               f"Due {format_wan(int(r['due_fen']))} (10k yuan, as published)", table))
    steps.append(TraceStep(
        f"此次结算 = {format_wan(int(r['due_fen']))} − {format_wan(int(r['preallocated_fen']))}（已预拨）= "
        f"{format_wan(int(r['settlement_fen']))} 万元",
        f"Settlement = {format_wan(int(r['due_fen']))} − {format_wan(int(r['preallocated_fen']))} pre-allocated = "
        f"{format_wan(int(r['settlement_fen']))}", table))
    if r["clawback"]:
        steps.append(TraceStep(f"结算为负数：{r['note']}",
                               f"Negative: clawed back ({result.policy.values['clawback_doc']})", rule))
    return steps

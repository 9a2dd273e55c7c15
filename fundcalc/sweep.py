"""A total of one mechanism under many parameter settings at once — for goal-seek and sensitivity.

For the allocation (seed 001) the settings that change only 元/人 rates (standards, subsidised
shares, level shares, the rounding unit) are evaluated together: the people matrix times a
stack of per-person rates, rounded half-up per county × category × level in int64 exactly as
``allocation.compute`` rounds, then summed (totals are sums of rounded parts). Anything else —
another mechanism, or a setting that changes headcounts — runs ``compute`` once per setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from . import allocation
from .apportion import largest_remainder
from .datasets import MECHANISMS
from .errors import InputError
from .money import FEN_PER_YUAN
from .params import Policy
from .result import Result

# Rows × settings per block: bounds the int64 temporaries to ~8 MB each.
BLOCK_CELLS = 1_000_000

METRICS = {
    "allocation": {
        "total_fen": ("补助资金合计", "Total subsidy"),
        "province_total_fen": ("省级合计", "Province total"),
        "city_total_fen": ("市级合计", "City total"),
        "county_total_fen": ("县级合计", "County total"),
    },
    "settlement": {
        "due_fen": ("应补助资金合计", "Total due"),
        "settlement_fen": ("此次结算合计", "Total settlement"),
    },
    "pooling": {
        "county_burden_fen": ("县级政府负担合计", "Borne by county governments"),
        "gap_from_reserve_fen": ("调剂金弥补合计", "Paid by the reserve"),
        "reserve_fen": ("预留调剂金合计", "Reserve kept from revenue"),
        "surplus_to_reserve_fen": ("结余提取调剂金合计", "Surplus to the reserve"),
        "reserve_closing_fen": ("调剂金期末余额", "Reserve closing balance"),
    },
}

_RATE_SUFFIXES = (".standard_yuan", ".subsidised_pct", ".province_pct", ".city_pct", ".county_pct")


def metric_value(result: Result, key: str) -> int:
    """One total of a result: a column's 合计 (sum of rounded county figures), or a city-level figure."""
    if key in result.totals:
        return int(result.totals[key])
    city = result.extra.get("city") or {}
    if key in city:
        return int(city[key])
    if key in result.table.columns:
        return int(result.table[key].sum())
    if key in METRICS.get(result.mechanism, {}):
        return 0  # a level no category pays into
    raise InputError("没有这个合计指标", "no such total", column="metric", value=key)


def _vectorisable(mechanism: str, policy: Policy, settings: list[dict]) -> bool:
    if mechanism != "allocation":
        return False
    for s in settings:
        for k in s:
            if k != "rounding_unit_yuan" and not k.endswith(_RATE_SUFFIXES):
                return False
    return True


def evaluate(table: pd.DataFrame, policy: Policy, mechanism: str, settings: list[dict],
             metrics: list[str]) -> dict[str, np.ndarray]:
    """``metrics`` totals (分, int64) for each of ``settings`` (overrides on top of ``policy``).

    ``table`` must be validated for ``policy``. Each setting is checked by its Param, so an
    out-of-range value raises InputError naming it.
    """
    module = MECHANISMS[mechanism]
    specs = module.param_specs(policy)
    policies = [policy.with_overrides(s, specs) if s else policy for s in settings]
    if _vectorisable(mechanism, policy, settings):
        return _allocation_totals(table, policies, metrics)
    out = {m: np.zeros(len(settings), dtype=np.int64) for m in metrics}
    for k, p in enumerate(policies):
        result = module.compute(table, p, validated=True)
        for m in metrics:
            out[m][k] = metric_value(result, m)
    return out


def _allocation_totals(table: pd.DataFrame, policies: list[Policy], metrics: list[str]) -> dict[str, np.ndarray]:
    first = allocation.categories(policies[0])
    people = np.column_stack([table[f"{c.key}_people"].to_numpy(np.int64) for c in first])
    v = policies[0].values
    if v.get("table_stage") == "before_deduction":
        # Same apportionment as compute: it depends on headcounts only, not on the swept rates.
        people = people - largest_remainder(people.ravel(), int(v["deduction_people"])).reshape(people.shape)
    levels = list(allocation.LEVELS)
    n_set, n_cat = len(policies), len(first)
    rates = np.zeros((n_set, n_cat, len(levels)), dtype=np.int64)
    units = np.zeros(n_set, dtype=np.int64)
    for k, p in enumerate(policies):
        cats = allocation.categories(p)
        for j, c in enumerate(cats):
            per = c.per_person_fen()
            rates[k, j] = [per[lv] for lv in levels]
        units[k] = int(p.values["rounding_unit_yuan"]) * FEN_PER_YUAN
    level_tot = np.zeros((n_set, len(levels)), dtype=np.int64)
    block = max(1, BLOCK_CELLS // max(1, len(table)))
    for a in range(0, n_set, block):
        b = min(n_set, a + block)
        u = units[a:b, None]
        for j in range(n_cat):
            col = people[None, :, j]
            for li in range(len(levels)):
                r = rates[a:b, j, li]
                if not r.any():
                    continue
                raw = col * r[:, None]
                # Half-up to a multiple of u for raw ≥ 0: floor((2·raw + u) / 2u) · u, all in int64.
                level_tot[a:b, li] += ((2 * raw + u) // (2 * u) * u).sum(axis=1)
    out = {}
    for m in metrics:
        if m == "total_fen":
            out[m] = level_tot.sum(axis=1)
        elif m.endswith("_total_fen") and m[:-10] in levels:
            out[m] = level_tot[:, levels.index(m[:-10])].copy()
        else:
            raise InputError("没有这个合计指标", "no such total", column="metric", value=m)
    return out


# --- knobs: the integer-valued parameters a search or a sensitivity run turns ---------------

@dataclass(frozen=True)
class Knob:
    """One parameter turned over whole numbers (元 for standards, 1% for shares, as the documents
    write them). A level share has a ``partner`` level that takes the rest of the pair's total,
    so the category's shares still add up to 100%."""

    key: str
    zh: str
    en: str
    unit_zh: str
    unit_en: str
    lo: int
    hi: int
    partner: str | None = None
    pair_total: int = 0

    def setting(self, value: int) -> dict:
        value = int(value)
        if not self.lo <= value <= self.hi:
            raise InputError(f"应在 {self.lo} 到 {self.hi} 之间", f"must be between {self.lo} and {self.hi}",
                             column=self.zh, value=value)
        out = {self.key: value}
        if self.partner:
            out[self.partner] = self.pair_total - value
        return out

    def label(self, lang: str = "zh") -> str:
        name, unit = (self.zh, self.unit_zh) if lang == "zh" else (self.en, self.unit_en)
        return f"{name}({unit})" if unit else name


def _bound(p, fallback: int) -> int:
    return int(p) if p is not None else fallback


def knobs(mechanism: str, policy: Policy) -> list[Knob]:
    """The numeric parameters of a mechanism that move a total, with the range the Param allows."""
    specs = MECHANISMS[mechanism].param_specs(policy)
    v = policy.values
    out: list[Knob] = []

    def plain(key: str) -> None:
        p = specs[key]
        out.append(Knob(key, p.zh, p.en, p.unit_zh, p.unit_en, _bound(p.min, 0), _bound(p.max, 10**9)))

    if mechanism == "allocation":
        for c in policy.meta["categories"]:
            k = c["key"]
            plain(f"{k}.standard_yuan")
            plain(f"{k}.subsidised_pct")
            paying = [lv for lv in allocation.LEVELS if Decimal(str(v.get(f"{k}.{lv}_pct", 0))) > 0]
            for lv in paying:
                partners = [o for o in paying if o != lv] or [o for o in allocation.LEVELS if o != lv][:1]
                partner = partners[0]
                total = int(Decimal(str(v.get(f"{k}.{lv}_pct", 0))) + Decimal(str(v.get(f"{k}.{partner}_pct", 0))))
                p = specs[f"{k}.{lv}_pct"]
                q = specs[f"{k}.{partner}_pct"]
                out.append(Knob(f"{k}.{lv}_pct", f"{p.zh}（{q.zh}随之调整）", f"{p.en} ({q.en} takes the rest)",
                                "%", "%", 0, total, partner=f"{k}.{partner}_pct", pair_total=total))
                if len(paying) == 2:
                    break  # one knob per pair: the other level is its mirror image
    elif mechanism == "pooling":
        for key in ("reserve_pct", "outpatient_yuan", "county_gap_pct", "surplus_reserve_pct",
                    "city_reserve_opening_wan"):
            plain(key)
    elif mechanism == "settlement" and v.get("mode") == "headcount":
        plain("standard_yuan")  # in "given" mode the due amounts are read from the table
    return out


def knob(mechanism: str, policy: Policy, key: str) -> Knob:
    for k in knobs(mechanism, policy):
        if k.key == key:
            return k
    raise InputError("这个参数不能用于测算", "this parameter cannot be searched or varied", column="parameter",
                     value=key)

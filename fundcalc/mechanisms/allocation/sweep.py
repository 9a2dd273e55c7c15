"""The allocation's search knobs and its vectorised totals for goal-seek and sensitivity.

Settings that change only 元/人 rates (standards, subsidised shares, level shares, the rounding unit) are
evaluated together: the people matrix times a stack of per-person rates, rounded half-up per county ×
category × level in int64 exactly as ``rules.compute`` rounds, then summed (totals are sums of rounded parts).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from ...apportion import largest_remainder
from ...errors import InputError
from ...money import FEN_PER_YUAN
from ...params import Policy
from ..spec import Knob
from .rules import LEVELS, categories, param_specs

# Rows × settings per block: bounds the int64 temporaries to ~8 MB each.
BLOCK_CELLS = 1_000_000
_RATE_SUFFIXES = (".standard_yuan", ".subsidised_pct", ".province_pct", ".city_pct", ".county_pct")


def knobs(policy: Policy) -> list[Knob]:
    """Each category's standard and subsidised share, and one knob per pair of paying levels."""
    specs = param_specs(policy)
    v = policy.values
    out: list[Knob] = []
    for c in policy.meta["categories"]:
        k = c["key"]
        out.append(Knob.of_param(f"{k}.standard_yuan", specs[f"{k}.standard_yuan"]))
        out.append(Knob.of_param(f"{k}.subsidised_pct", specs[f"{k}.subsidised_pct"]))
        paying = [lv for lv in LEVELS if Decimal(str(v.get(f"{k}.{lv}_pct", 0))) > 0]
        for lv in paying:
            partners = [o for o in paying if o != lv] or [o for o in LEVELS if o != lv][:1]
            partner = partners[0]
            total = int(Decimal(str(v.get(f"{k}.{lv}_pct", 0))) + Decimal(str(v.get(f"{k}.{partner}_pct", 0))))
            p = specs[f"{k}.{lv}_pct"]
            q = specs[f"{k}.{partner}_pct"]
            out.append(Knob(f"{k}.{lv}_pct", f"{p.zh}（{q.zh}随之调整）", f"{p.en} ({q.en} takes the rest)",
                            "%", "%", 0, total, partner=f"{k}.{partner}_pct", pair_total=total))
            if len(paying) == 2:
                break  # one knob per pair: the other level is its mirror image
    # 统一补助标准: one standard for every category (whose own standard is not overridden). From 1 元: 0 means
    # "none", which would hand the categories back their own standards and break the search's order.
    u = specs["uniform_standard_yuan"]
    out.append(Knob("uniform_standard_yuan", u.zh, u.en, u.unit_zh, u.unit_en, 1, int(u.max)))
    return out


def fast_totals(table: pd.DataFrame, policies: list[Policy], settings: list[dict],
                metrics: list[str]) -> dict[str, np.ndarray] | None:
    """The totals of every setting at once, or None when a setting changes more than rates."""
    for s in settings:
        for k in s:
            if k not in ("rounding_unit_yuan", "uniform_standard_yuan") and not k.endswith(_RATE_SUFFIXES):
                return None
    return _totals(table, policies, metrics)


def _totals(table: pd.DataFrame, policies: list[Policy], metrics: list[str]) -> dict[str, np.ndarray]:
    first = categories(policies[0])
    people = np.column_stack([table[f"{c.key}_people"].to_numpy(np.int64) for c in first])
    v = policies[0].values
    if v.get("table_stage") == "before_deduction":
        # Same apportionment as compute: it depends on headcounts only, not on the swept rates.
        people = people - largest_remainder(people.ravel(), int(v["deduction_people"])).reshape(people.shape)
    levels = list(LEVELS)
    n_set, n_cat = len(policies), len(first)
    rates = np.zeros((n_set, n_cat, len(levels)), dtype=np.int64)
    units = np.zeros(n_set, dtype=np.int64)
    for k, p in enumerate(policies):
        for j, c in enumerate(categories(p)):
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
    return {m: _metric(level_tot, levels, m) for m in metrics}


def _metric(level_tot: np.ndarray, levels: list[str], m: str) -> np.ndarray:
    """One asked total from the per-level totals of every setting."""
    if m == "total_fen":
        return level_tot.sum(axis=1)
    if m.endswith("_total_fen") and m[:-10] in levels:
        return level_tot[:, levels.index(m[:-10])].copy()
    raise InputError("没有这个合计指标", "no such total", column="metric", value=m)

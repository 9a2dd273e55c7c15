"""A total of one mechanism under many parameter settings at once — for goal-seek and sensitivity.

A mechanism may declare ``fast_totals`` (the allocation evaluates settings that change only 元/人 rates
together, exactly as its compute rounds); anything else runs ``compute`` once per setting. The totals
offered and the knobs turned are the spec's (``Total.sweep``, ``spec.knobs``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import mechanisms
from .errors import InputError
from .mechanisms.spec import Knob
from .params import Policy
from .result import Result

__all__ = ["Knob", "evaluate", "knob", "knobs", "metric_value", "metrics"]


def metrics(mechanism: str, policy: Policy | None = None) -> dict[str, tuple[str, str]]:
    """The totals goal-seek and sensitivity may watch: key → (zh, en), levels named as ``policy`` names them."""
    return mechanisms.get(mechanism).sweep_metrics(policy)


def metric_value(result: Result, key: str) -> int:
    """One total of a result: a column's 合计 (sum of rounded county figures), or a city-level figure."""
    if key in result.totals:
        return int(result.totals[key])
    if key in result.figures:
        return int(result.figures[key])
    if key in result.table.columns:
        return int(result.table[key].sum())
    if mechanisms.known(result.mechanism) and key in {t.key for t in mechanisms.get(result.mechanism).totals}:
        return 0  # a level no category pays into
    raise InputError("没有这个合计指标", "no such total", column="metric", value=key)


def evaluate(table: pd.DataFrame, policy: Policy, mechanism: str, settings: list[dict],
             metrics: list[str]) -> dict[str, np.ndarray]:
    """``metrics`` totals (分, int64) for each of ``settings`` (overrides on top of ``policy``).

    ``table`` must be validated for ``policy``. Each setting is checked by its Param, so an
    out-of-range value raises InputError naming it.
    """
    spec = mechanisms.get(mechanism)
    specs = spec.param_specs(policy)
    policies = [policy.with_overrides(s, specs) if s else policy for s in settings]
    if spec.fast_totals is not None:
        fast = spec.fast_totals(table, policies, settings, metrics)
        if fast is not None:
            return fast
    out = {m: np.zeros(len(settings), dtype=np.int64) for m in metrics}
    for k, p in enumerate(policies):
        result = spec.compute(table, p, validated=True)
        for m in metrics:
            out[m][k] = metric_value(result, m)
    return out


def knobs(mechanism: str, policy: Policy) -> list[Knob]:
    """The numeric parameters of a mechanism that move a total, with the range the Param allows."""
    return mechanisms.get(mechanism).knobs(policy)


def knob(mechanism: str, policy: Policy, key: str) -> Knob:
    for k in knobs(mechanism, policy):
        if k.key == key:
            return k
    raise InputError("这个参数不能用于测算", "this parameter cannot be searched or varied", column="parameter",
                     value=key)

"""How much a total moves with each parameter: tornado (±X% on each knob) and a two-way grid.

Moved values are whole numbers, as the documents write them: base × (1 ± X%) rounded half-up to
the 元 or the 1%, and at least one whole step away from the base (±10% of a 3% rate would
otherwise round back to 3%), kept inside the parameter's range; a level share moves with its partner level
so the shares still add up to 100%. Every total is computed exactly (``sweep.evaluate``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from .errors import InputError
from .params import Policy
from .sweep import Knob, evaluate, knobs


def base_value(policy: Policy, knob: Knob) -> Decimal:
    return Decimal(str(policy.values.get(knob.key, 0)))


def moved(value: Decimal, pct: Decimal, knob: Knob) -> int:
    """value × (1 + pct/100), half-up to a whole number, clamped to the knob's range."""
    raw = (value * (Decimal(100) + pct) / Decimal(100)).to_integral_value(rounding=ROUND_HALF_UP)
    return int(min(max(raw, knob.lo), knob.hi))


def _pct(pct) -> Decimal:
    try:
        p = Decimal(str(pct))
    except ArithmeticError:
        p = Decimal("NaN")
    if not p.is_finite() or not 0 < p <= 100:
        raise InputError("变动幅度应在 0 到 100% 之间", "the swing must be between 0 and 100%", column="±%",
                         value=pct)
    return p


def tornado(table: pd.DataFrame, policy: Policy, mechanism: str, metric: str, pct=10,
            keys: list[str] | None = None) -> pd.DataFrame:
    """One row per knob: the total with the knob at −X% and +X%, and the swing; widest swing first.

    Knobs whose value is 0 are left out (±X% of nothing is nothing). ``base_fen`` is the total
    with every parameter as given."""
    p = _pct(pct)
    chosen = [k for k in knobs(mechanism, policy) if keys is None or k.key in keys]
    rows, settings = [], [{}]
    for k in chosen:
        b = base_value(policy, k)
        if b == 0:
            continue
        low, high = moved(b, -p, k), moved(b, p, k)
        if low == b and low > k.lo:
            low -= 1
        if high == b and high < k.hi:
            high += 1
        rows.append({"key": k.key, "zh": k.zh, "en": k.en, "unit_zh": k.unit_zh, "unit_en": k.unit_en,
                     "base_value": b, "low_value": low, "high_value": high})
        settings += [k.setting(low), k.setting(high)]
    totals = evaluate(table, policy, mechanism, settings, [metric])[metric]
    base = int(totals[0])
    for i, r in enumerate(rows):
        r["base_fen"] = base
        r["low_fen"] = int(totals[1 + 2 * i])
        r["high_fen"] = int(totals[2 + 2 * i])
        r["low_delta_fen"] = r["low_fen"] - base
        r["high_delta_fen"] = r["high_fen"] - base
        r["swing_fen"] = abs(r["high_fen"] - r["low_fen"])
    cols = ["key", "zh", "en", "unit_zh", "unit_en", "base_value", "low_value", "high_value", "base_fen",
            "low_fen", "high_fen", "low_delta_fen", "high_delta_fen", "swing_fen"]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values("swing_fen", ascending=False, kind="stable").reset_index(drop=True)


def grid_values(policy: Policy, knob: Knob, pct=20, steps: int = 9) -> list[int]:
    """Whole-number values from −pct% to +pct% around the knob's value (its range when the value is 0)."""
    p = _pct(pct)
    if not 2 <= int(steps) <= 101:
        raise InputError("格点数应在 2 到 101 之间", "the number of steps must be between 2 and 101",
                         column="steps", value=steps)
    b = base_value(policy, knob)
    lo, hi = (moved(b, -p, knob), moved(b, p, knob)) if b != 0 else (knob.lo, min(knob.hi, 100))
    return sorted({int(round(x)) for x in np.linspace(lo, hi, int(steps))})


def heatmap(table: pd.DataFrame, policy: Policy, mechanism: str, metric: str, knob_x: Knob, xs: list[int],
            knob_y: Knob, ys: list[int]) -> pd.DataFrame:
    """The total (分) for every pair: rows are ``ys``, columns ``xs``."""
    kx = {knob_x.key, knob_x.partner} - {None}
    ky = {knob_y.key, knob_y.partner} - {None}
    if kx & ky:
        raise InputError("两个参数相互关联，请选择不同的参数", "the two parameters move the same value; pick others",
                         column="parameter", value=f"{knob_x.key} × {knob_y.key}")
    if len(xs) * len(ys) > 10_000:
        raise InputError("格点过多（最多 10,000 个）", "too many grid points (10,000 at most)",
                         value=len(xs) * len(ys))
    settings = [knob_x.setting(x) | knob_y.setting(y) for y in ys for x in xs]
    totals = evaluate(table, policy, mechanism, settings, [metric])[metric]
    return pd.DataFrame(np.asarray(totals, dtype=np.int64).reshape(len(ys), len(xs)), index=list(ys),
                        columns=list(xs))

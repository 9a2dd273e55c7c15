"""Goal-seek, exact under rounding: which whole-number parameter value keeps a total within a limit.

The documents write standards to the 元 and shares to the 1%, and every total is a sum of
rounded county figures, so the total is a step function of the parameter. Float root-finding
would land between steps; instead the search runs over the integers:

1. the total is evaluated on a grid of up to GRID points across the range (one vectorised sweep);
   if the grid is neither non-decreasing nor non-increasing, the function is not monotone and
   the answer comes from a scan of every integer in the range;
2. otherwise the bracket around the limit is narrowed with up to GRID points per round
   (a k-ary bisection), each round re-checking that its points keep the order; any break
   falls back to the scan.

The answer is the value at the edge of the feasible side: for a total that grows with the
parameter, the highest value whose total ≤ the limit (answer + 1 is over it); for one that
shrinks, the lowest (answer − 1 is over it). Both totals are returned, so the page shows the
answer with the totals either side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import InputError
from .params import Policy
from .sweep import Knob, evaluate

GRID = 64
MAX_SCAN = 200_001
SCAN_BLOCK = 5_000


@dataclass
class SeekResult:
    knob: Knob
    metric: str
    limit_fen: int
    lo: int
    hi: int
    direction: str                       # "increasing" | "decreasing" | "not monotone"
    method: str                          # "search" | "scan"
    answer: int | None                   # None: no value in the range keeps the total within the limit
    answer_fen: int | None
    over: int | None                     # the adjacent value on the other side of the limit (None: range edge)
    over_fen: int | None
    evaluations: int
    around: list[tuple[int, int]] = field(default_factory=list)  # (value, total) near the answer

    @property
    def exact(self) -> bool:
        return self.answer_fen is not None and self.answer_fen == self.limit_fen

    def closest(self) -> tuple[int, int] | None:
        """The value whose total is nearest the target (ties: the one within the limit)."""
        cands = [(v, f) for v, f in ((self.answer, self.answer_fen), (self.over, self.over_fen)) if v is not None]
        return min(cands, key=lambda vf: abs(vf[1] - self.limit_fen)) if cands else None

    def summary(self, lang: str = "zh") -> str:
        from .money import format_wan
        unit = self.knob.unit_zh if lang == "zh" else self.knob.unit_en
        if self.answer is None:
            return (f"区间 {self.lo}–{self.hi} {unit} 内没有满足条件的取值"
                    f"：最小的合计也超过 {format_wan(self.limit_fen)} 万元"
                    if lang == "zh" else
                    f"no value in {self.lo}–{self.hi} {unit} keeps the total within {format_wan(self.limit_fen)}")
        text = (f"{self.knob.zh} = {self.answer} {unit}：合计 {format_wan(self.answer_fen)} 万元"
                f" ≤ {format_wan(self.limit_fen)} 万元"
                if lang == "zh" else
                f"{self.knob.en} = {self.answer} {unit}: total {format_wan(self.answer_fen)}"
                f" ≤ {format_wan(self.limit_fen)}")
        if self.over is not None:
            text += (f"；{self.over} {unit} 时为 {format_wan(self.over_fen)} 万元，超出" if lang == "zh" else
                     f"; at {self.over} {unit} it is {format_wan(self.over_fen)}, over")
        else:
            text += "（已到区间端点）" if lang == "zh" else " (end of the range)"
        return text


def seek(table: pd.DataFrame, policy: Policy, mechanism: str, knob: Knob, metric: str, limit_fen: int,
         lo: int | None = None, hi: int | None = None) -> SeekResult:
    """The edge value of ``knob`` in [lo, hi] whose ``metric`` total stays ≤ ``limit_fen`` (see module doc)."""
    lo = knob.lo if lo is None else int(lo)
    hi = knob.hi if hi is None else int(hi)
    if not knob.lo <= lo <= hi <= knob.hi:
        raise InputError(f"搜索区间应在 {knob.lo} 到 {knob.hi} 之间且下限不大于上限",
                         f"the search range must lie within {knob.lo}–{knob.hi}, low ≤ high",
                         column=knob.zh, value=f"{lo}–{hi}")
    limit_fen = int(limit_fen)
    count = [0]

    def f(values) -> np.ndarray:
        values = [int(x) for x in values]
        count[0] += len(values)
        return evaluate(table, policy, mechanism, [knob.setting(x) for x in values], [metric])[metric]

    grid = _points(lo, hi, GRID)
    fg = f(grid)
    steps = np.diff(fg)
    if (steps >= 0).all():
        direction = "increasing"
    elif (steps <= 0).all():
        direction = "decreasing"
    else:
        direction = "not monotone"

    result = None
    if direction != "not monotone":
        sign = 1 if direction == "increasing" else -1
        # Work on u = sign·v so the total always grows with u; the answer is the last u within.
        result = _search(lambda us: f([sign * u for u in us]), sorted(sign * g for g in grid),
                         list(fg if sign == 1 else fg[::-1]), limit_fen)
        if result is not None:
            (ua, fa), (ub, fb) = result
            answer, over = (sign * ua if ua is not None else None), (sign * ub if ub is not None else None)
            method = "search"
    if result is None:
        method = "scan"
        answer, fa, over, fb = _scan(f, lo, hi, limit_fen)
        if direction != "not monotone":
            direction = "not monotone"
    near = sorted({x for x in (answer, over) if x is not None}
                  | {x + d for x in (answer, over) if x is not None for d in (-1, 1) if lo <= x + d <= hi})
    around = list(zip(near, (int(t) for t in f(near)), strict=False)) if near else []
    return SeekResult(knob, metric, limit_fen, lo, hi, direction, method, answer,
                      None if fa is None else int(fa), over, None if fb is None else int(fb), count[0], around)


def _points(lo: int, hi: int, n: int) -> list[int]:
    if hi - lo + 1 <= n:
        return list(range(lo, hi + 1))
    return sorted({int(round(x)) for x in np.linspace(lo, hi, n)})


def _search(g, us: list[int], gu: list[int], limit: int):
    """Last u with g(u) ≤ limit for non-decreasing g sampled at ``us``; returns ((u, g(u)), (u+1, g(u+1)))
    with None for a side outside the range, or None when a round finds the order broken."""
    if gu[0] > limit:
        return (None, None), (us[0], gu[0])
    if gu[-1] <= limit:
        return (us[-1], gu[-1]), (None, None)
    i = max(k for k in range(len(us)) if gu[k] <= limit)
    a, fa, b, fb = us[i], gu[i], us[i + 1], gu[i + 1]
    while b - a > 1:
        inner = _points(a, b, GRID + 2)[1:-1]
        fi = list(g(inner))
        seq = [fa] + fi + [fb]
        if any(seq[k] > seq[k + 1] for k in range(len(seq) - 1)):
            return None
        pts = [a] + inner + [b]
        k = max(j for j in range(len(pts)) if seq[j] <= limit)
        a, fa, b, fb = pts[k], seq[k], pts[k + 1], seq[k + 1]
    return (a, fa), (b, fb)


def _scan(f, lo: int, hi: int, limit: int):
    """Every integer of the range: the highest value within the limit, and the next one."""
    if hi - lo + 1 > MAX_SCAN:
        raise InputError(f"合计随参数不单调，需逐一计算；区间过大（最多 {MAX_SCAN:,} 个取值），请缩小搜索区间",
                         f"the total is not monotone in this parameter and must be scanned; the range is too wide "
                         f"({MAX_SCAN:,} values at most): narrow it", value=f"{lo}–{hi}")
    values = np.arange(lo, hi + 1)
    totals = np.concatenate([f(values[a:a + SCAN_BLOCK]) for a in range(0, len(values), SCAN_BLOCK)])
    within = np.flatnonzero(totals <= limit)
    if len(within) == 0:
        return None, None, int(values[0]), int(totals[0])
    best = int(within[-1])
    if best + 1 < len(values):
        return int(values[best]), int(totals[best]), int(values[best + 1]), int(totals[best + 1])
    return int(values[best]), int(totals[best]), None, None

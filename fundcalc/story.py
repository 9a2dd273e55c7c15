"""A scenario's story: the one figure it is about, its change against its own baseline, and who gains or loses.

The baseline is the table the scenario was built from (the dataset's, or the user's own table kept in the
scenario), read with the document's parameters: the same scenario with its overrides, extra categories and
edits taken away. Figures are the results' own 合计 (sums of the rounded county figures) and exact integer
differences (fundcalc.compare); only the % is a ratio, half-up to 0.01%.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from . import mechanisms
from . import scenario as sc
from .compare import compare, pct_change
from .errors import InputError
from .mechanisms.spec import Total
from .result import Result
from .scenario import Scenario, TableEdits
from .sweep import metric_value

TOP = 15  # counties shown each way; the others are summed into one bar each way


def figures(mechanism: str) -> list[Total]:
    """The money figures a story may be about, the default first."""
    spec = mechanisms.get(mechanism)
    money = [t for t in spec.totals if t.kind == "fen"]
    first = default_figure(mechanism)
    return [spec.total(first)] + [t for t in money if t.key != first]


def default_figure(mechanism: str) -> str:
    """The figure a story opens with when the scenario names none: the mechanism's story figure, else its
    first headline money figure, else its first money figure."""
    spec = mechanisms.get(mechanism)
    money = [t for t in spec.totals if t.kind == "fen"]
    chosen = (next((t for t in money if t.story), None) or next((t for t in money if t.headline), None)
              or (money[0] if money else None))
    if chosen is None:
        raise InputError("此测算没有金额合计", "this calculation has no money total", column="figure", value=mechanism)
    return chosen.key


def check_figure(mechanism: str, key) -> str:
    """A figure key from a file or a link: one of the mechanism's money figures, else InputError."""
    keys = {t.key for t in figures(mechanism)}
    if not isinstance(key, str) or key not in keys:
        raise InputError("方案关注的项目无效", "the scenario's figure is not one of this calculation's totals",
                         column="figure", value=key)
    return key


def baseline_of(s: Scenario) -> Scenario:
    """What the scenario is measured against: its dataset's baseline, on the scenario's own table when it has one."""
    base = sc.baseline(s.mechanism, s.dataset)
    if s.source or not s.base_edits.is_empty():
        base = replace(base, source=s.source, base_edits=s.base_edits)
    return replace(base, overrides={}, edits=TableEdits(), monthly_edits=TableEdits(), extra_categories=[])


@dataclass(frozen=True)
class Bar:
    """One bar of the county chart: a county's change, or the sum of ``rest`` counties' changes."""

    county: str
    delta: int       # 分
    pct: float | None
    rest: int = 0    # 0: one county; n: the other n counties that gain (or lose), summed


@dataclass
class Story:
    mechanism: str
    figure: Total
    base: int           # 分
    value: int
    counties: pd.DataFrame | None   # county, base, value, delta, delta_pct (None: a city-level figure)

    @property
    def delta(self) -> int:
        return self.value - self.base

    @property
    def pct(self) -> float | None:
        return pct_change(self.delta, self.base)

    def bars(self, top: int = TOP) -> list[Bar]:
        """Gains largest first, then losses largest first; past ``top`` each way the rest is one bar."""
        if self.counties is None:
            return []
        c = self.counties
        gains = c[c["delta"] > 0].sort_values("delta", ascending=False, kind="stable")
        losses = c[c["delta"] < 0].sort_values("delta", ascending=True, kind="stable")
        out: list[Bar] = []
        for part in (gains, losses):
            rows = list(part.itertuples(index=False))
            out += [Bar(str(r.county), int(r.delta), r.delta_pct) for r in rows[:top]]
            if len(rows) > top:
                rest = rows[top:]
                total = sum(int(r.delta) for r in rest)
                base = sum(int(r.base or 0) for r in rest)
                out.append(Bar("", total, pct_change(total, base), rest=len(rest)))
        return out

    @property
    def unchanged(self) -> int:
        return 0 if self.counties is None else int((self.counties["delta"] == 0).sum())


def tell(s: Scenario, result: Result, base_result: Result, figure: str | None = None) -> Story:
    """The story of ``s`` (computed as ``result``) against its baseline (``base_result``)."""
    key = check_figure(s.mechanism, figure or s.figure or default_figure(s.mechanism))
    total = mechanisms.get(s.mechanism).total(key)
    counties = None
    if total.county:
        comp = compare(base_result, [("scenario", result)], baseline_name="baseline", figure=key)
        counties = comp.counties[["county", "base", "value", "delta", "delta_pct"]].reset_index(drop=True)
    return Story(s.mechanism, total, metric_value(base_result, key), metric_value(result, key), counties)


@dataclass(frozen=True)
class EditLine:
    """One line of the edit list: what was done, how many times, and to which counties."""

    kind: str            # "removed" | "added" | "changed"
    column: str          # the changed column ("" for removed/added)
    counties: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.counties)


def edit_lines(edits: TableEdits) -> list[EditLine]:
    """The table edits grouped: one line for the removed counties, one for the added, one per changed column."""
    out = []
    if edits.removed:
        out.append(EditLine("removed", "", tuple(edits.removed)))
    if edits.added:
        out.append(EditLine("added", "", tuple(str(r.get("county")) for r in edits.added)))
    by_column: dict[str, list[str]] = {}
    for county, cells in edits.changed.items():
        for col in cells:
            by_column.setdefault(col, []).append(county)
    out += [EditLine("changed", col, tuple(names)) for col, names in by_column.items()]
    return out

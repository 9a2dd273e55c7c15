"""A baseline and N scenarios of one mechanism side by side.

- totals per government level (and the other headline totals of the mechanism), each
  scenario's change against the baseline;
- per-county deltas of a chosen figure, absolute (分) and in % of the baseline (a county only
  one side has counts as 0 on the other, so the deltas add up to the change of the 合计);
- the counties whose status changes: top-up ↔ clawback (settlement), surplus ↔ gap
  (pooling), funded ↔ nothing / added / removed (allocation and any county that appears
  or disappears).

Totals are the results' own 合计 (sums of the rounded county figures); deltas are exact
integer differences. Only the % is a ratio, rounded half-up to 0.01%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from . import mechanisms
from .errors import InputError
from .export import csv_bytes
from .forms.layout import workbook_bytes
from .mechanisms.spec import ABSENT, Total
from .money import FEN_PER_WAN
from .result import Result
from .sweep import metric_value
from .tables import frame_form

MAX_SCENARIOS = 10

def status_label(key: str, lang: str = "zh") -> str:
    """The words of a county status of any registered mechanism ("absent": the county is not in the table)."""
    for spec in mechanisms.specs():
        if key in spec.status.labels:
            return spec.status_label(key, lang)
    zh, en = ABSENT if key == "absent" else (key, key)
    return zh if lang == "zh" else en


def county_status(result: Result) -> pd.Series:
    """Each county's status, indexed by county name: the sign of the mechanism's status column."""
    st = mechanisms.get(result.mechanism).status
    v = result.table[st.column]
    s = np.where(v < 0, st.negative, np.where(v > 0, st.positive, st.zero))
    return pd.Series(s, index=result.table["county"].astype(str).to_numpy(), dtype=object)


def county_figures(mechanism: str, policy=None) -> list[Total]:
    """The per-county figures a comparison may use, the default first (the first headline one); levels named as
    ``policy`` names them."""
    figs = mechanisms.get(mechanism).county_figures(policy)
    first = next((t for t in figs if t.headline), figs[0] if figs else None)
    return ([first] + [t for t in figs if t is not first]) if first else []


def pct_change(delta: int, base: int) -> float | None:
    """delta ÷ |base| × 100, half-up to 0.01; None when the base is 0."""
    if base == 0:
        return None
    q = (Decimal(int(delta)) * 100 / abs(Decimal(int(base)))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(q)


@dataclass
class Comparison:
    mechanism: str
    names: list[str]            # baseline first
    figure: str                 # the per-county figure compared
    totals: pd.DataFrame        # key, zh, en, kind, then one column per name, then "Δ name" per scenario
    counties: pd.DataFrame      # long: county, scenario, base, value, delta, delta_pct, base_status, status
    status_changes: pd.DataFrame  # county, scenario, from, to
    policy: object = None         # the baseline's policy: how it names its levels

    @property
    def scenario_names(self) -> list[str]:
        return self.names[1:]

    def figure_label(self, lang: str = "zh") -> str:
        for t in county_figures(self.mechanism, self.policy):
            if t.key == self.figure:
                return t.county[0] if lang == "zh" else t.county[1]
        return self.figure

    def wide(self) -> pd.DataFrame:
        """Per county: the baseline figure, then per scenario its figure, Δ and Δ% (分 and %).
        Counties in any result appear once, in the baseline's order, then the added ones."""
        order = list(dict.fromkeys(self.counties["county"]))
        out = pd.DataFrame({"county": order})
        first = self.counties[self.counties["scenario"] == self.names[1]].set_index("county")
        out["base"] = first.reindex(order)["base"].to_numpy()
        for name in self.scenario_names:
            part = self.counties[self.counties["scenario"] == name].set_index("county").reindex(order)
            out[f"value:{name}"] = part["value"].to_numpy()
            out[f"delta:{name}"] = part["delta"].to_numpy()
            out[f"pct:{name}"] = part["delta_pct"].to_numpy()
        return out


def compare(baseline: Result, scenarios: list[tuple[str, Result]], baseline_name: str = "基准",
            figure: str | None = None) -> Comparison:
    """Compare ``scenarios`` [(name, result)] with ``baseline``; all of one mechanism."""
    if not scenarios:
        raise InputError("请至少选择一个方案与基准比较", "pick at least one scenario to compare with the baseline")
    if len(scenarios) > MAX_SCENARIOS:
        raise InputError(f"最多同时比较 {MAX_SCENARIOS} 个方案", f"{MAX_SCENARIOS} scenarios at most",
                         value=len(scenarios))
    mech = baseline.mechanism
    for name, r in scenarios:
        if r.mechanism != mech:
            raise InputError("只能比较同一类测算的方案", "only scenarios of the same mechanism can be compared",
                             column="方案", value=name)
    figures = county_figures(mech, baseline.policy)
    figure = figure or figures[0].key
    if figure not in {t.key for t in figures}:
        raise InputError("不能按这一项比较", "this figure cannot be compared", column="figure", value=figure)
    names = _unique([baseline_name] + [n for n, _ in scenarios])
    results = [baseline] + [r for _, r in scenarios]
    counties, status_changes = _counties(baseline, list(zip(names[1:], results[1:], strict=True)), figure)
    return Comparison(mech, names, figure, _totals(mech, names, results), counties, status_changes,
                      baseline.policy)


def _totals(mech: str, names: list[str], results: list[Result]) -> pd.DataFrame:
    """One row per compared Total: each result's figure, then each scenario's change (分 and %)."""
    baseline = results[0]
    rows = []
    for t in mechanisms.get(mech).totals_for(baseline.policy):
        if not t.compare:
            continue
        key = t.key
        if t.optional and all(metric_value(r, key) == 0 for r in results):
            continue  # e.g. a level that no category in any result pays into
        row = {"key": key, "zh": t.zh, "en": t.en, "kind": t.kind}
        base = metric_value(baseline, key)
        for name, r in zip(names, results, strict=True):
            row[name] = metric_value(r, key)
        for name in names[1:]:
            row[f"Δ {name}"] = row[name] - base
            row[f"Δ% {name}"] = pct_change(row[name] - base, base)
        rows.append(row)
    return pd.DataFrame(rows)


def _counties(baseline: Result, scenarios: list[tuple[str, Result]], figure: str):
    """The long per-county table (base, value, Δ, Δ%, both statuses) and the counties whose status moved."""
    base_fig = _figure(baseline, figure)
    base_status = county_status(baseline)
    long_parts, changes = [], []
    for name, r in scenarios:
        fig = _figure(r, figure)
        st = county_status(r)
        order = list(base_fig.index) + [c for c in fig.index if c not in base_fig.index]
        b = base_fig.reindex(order)
        v = fig.reindex(order)
        bs = base_status.reindex(order).fillna("absent")
        ss = st.reindex(order).fillna("absent")
        # A county only one side has counts as 0 on the other: its whole amount is the change.
        delta = [(0 if pd.isna(y) else int(y)) - (0 if pd.isna(x) else int(x)) for x, y in zip(b, v, strict=True)]
        # object columns: exact Python ints, and None (not NaN) where a county is absent
        long_parts.append(pd.DataFrame({
            "county": order, "scenario": name,
            "base": _objects(None if pd.isna(x) else int(x) for x in b),
            "value": _objects(None if pd.isna(y) else int(y) for y in v),
            "delta": _objects(delta),
            "delta_pct": _objects(None if pd.isna(x) else pct_change(d, int(x))
                                  for d, x in zip(delta, b, strict=True)),
            "base_status": bs.to_numpy(), "status": ss.to_numpy()}))
        moved = bs.to_numpy() != ss.to_numpy()
        for county, f, t in zip(np.asarray(order)[moved], bs.to_numpy()[moved], ss.to_numpy()[moved], strict=True):
            changes.append({"county": county, "scenario": name, "from": f, "to": t})
    counties = pd.concat(long_parts, ignore_index=True).astype(object)
    return counties, pd.DataFrame(changes, columns=["county", "scenario", "from", "to"])


def _objects(values) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def _figure(result: Result, key: str) -> pd.Series:
    t = result.table
    values = t[key].to_numpy(np.int64) if key in t.columns else np.zeros(len(t), dtype=np.int64)
    return pd.Series(values, index=t["county"].astype(str).to_numpy(), dtype=object)


def _unique(names: list[str]) -> list[str]:
    seen, out = {}, []
    for n in names:
        n = str(n).strip() or "方案"
        k = seen.get(n, 0)
        seen[n] = k + 1
        out.append(n if k == 0 else f"{n} ({k + 1})")
    return out


# --- exports ---------------------------------------------------------------------------

def _places(values) -> int:
    """2 decimals of 万元 when every figure is whole 0.01 万元 (the documents' tables), else 6 (to the 分)."""
    ints = [int(v) for v in values if v is not None and not pd.isna(v)]
    return 2 if all(v % 10_000 == 0 for v in ints) else 6


def county_frame(comp: Comparison, lang: str = "zh") -> tuple[pd.DataFrame, dict[str, int]]:
    """The per-county comparison with headers for people: money in 万元, a 合计 row last."""
    w = comp.wide()
    fig = comp.figure_label(lang)
    unit = "万元" if lang == "zh" else "10k yuan"
    county_h = "县(市、区)" if lang == "zh" else "County"
    base_name = comp.names[0]
    money_cols = ["base"] + [c for c in w.columns if c.startswith(("value:", "delta:"))]
    total = {"county": "合计" if lang == "zh" else "Total"}
    for c in money_cols:
        if not c.startswith("delta:"):
            total[c] = sum(int(v) for v in w[c] if v is not None and not pd.isna(v))
    for name in comp.scenario_names:
        # The 合计 change is total against total: it counts added and removed counties too.
        total[f"delta:{name}"] = total[f"value:{name}"] - total["base"]
        total[f"pct:{name}"] = pct_change(total[f"delta:{name}"], total["base"])
    w = pd.concat([w, pd.DataFrame([total])], ignore_index=True)
    places = _places([v for c in money_cols for v in w[c]])
    out = pd.DataFrame({county_h: w["county"]})
    headers = {}
    out_col = f"{base_name} {fig}({unit})"
    out[out_col] = [None if v is None or pd.isna(v) else int(v) / FEN_PER_WAN for v in w["base"]]
    headers[out_col] = places
    for name in comp.scenario_names:
        vcol = f"{name} {fig}({unit})"
        dcol = (f"{name} 增减({unit})" if lang == "zh" else f"{name} change ({unit})")
        pcol = (f"{name} 增减(%)" if lang == "zh" else f"{name} change (%)")
        out[vcol] = [None if v is None or pd.isna(v) else int(v) / FEN_PER_WAN for v in w[f"value:{name}"]]
        out[dcol] = [None if v is None or pd.isna(v) else int(v) / FEN_PER_WAN for v in w[f"delta:{name}"]]
        out[pcol] = [None if v is None or pd.isna(v) else float(v) for v in w[f"pct:{name}"]]
        headers[vcol] = places
        headers[dcol] = places
        headers[pcol] = 2
    return out, headers


def totals_frame(comp: Comparison, lang: str = "zh") -> tuple[pd.DataFrame, dict[str, int]]:
    t = comp.totals
    unit = "万元" if lang == "zh" else "10k yuan"
    item = "项目" if lang == "zh" else "Item"
    out = pd.DataFrame({item: [(r.zh if lang == "zh" else r.en) + (f"({unit})" if r.kind == "fen" else "")
                               for r in t.itertuples()]})
    money = t["kind"] == "fen"
    cols = list(comp.names) + [f"Δ {n}" for n in comp.scenario_names]
    places = _places([v for c in cols for v, m in zip(t[c], money, strict=False) if m])
    fmt = {}
    for c in cols:
        header = c if not c.startswith("Δ ") else (f"{c[2:]} 增减" if lang == "zh" else f"{c[2:]} change")
        out[header] = [int(v) / FEN_PER_WAN if m else int(v) for v, m in zip(t[c], money, strict=False)]
        fmt[header] = places
    for n in comp.scenario_names:
        header = f"{n} 增减(%)" if lang == "zh" else f"{n} change (%)"
        out[header] = t[f"Δ% {n}"].to_numpy()
        fmt[header] = 2
    return out, fmt


def changes_frame(comp: Comparison, lang: str = "zh") -> pd.DataFrame:
    zh = lang == "zh"
    return pd.DataFrame({
        "县(市、区)" if zh else "County": comp.status_changes["county"],
        "方案" if zh else "Scenario": comp.status_changes["scenario"],
        "基准状态" if zh else "Baseline status": [status_label(s, lang) for s in comp.status_changes["from"]],
        "方案状态" if zh else "Scenario status": [status_label(s, lang) for s in comp.status_changes["to"]],
    })


def comparison_csv(comp: Comparison, lang: str = "zh") -> bytes:
    """The per-county comparison as CSV (UTF-8 with BOM, fixed decimals)."""
    frame, places = county_frame(comp, lang)
    return csv_bytes(frame, places)


def comparison_xlsx(comp: Comparison, lang: str = "zh") -> bytes:
    """Three sheets (totals, per county, status changes), written by the forms' one XLSX writer."""
    zh = lang == "zh"
    title = ("方案对比" if zh else "Scenario comparison") + f"：{comp.figure_label(lang)}"
    unit = [("单位：万元" if zh else "Unit: 10k yuan", "right")]
    totals, totals_places = totals_frame(comp, lang)
    # the totals sheet mixes 万元 rows and counts: counts print whole
    whole = [None if kind == "fen" else 0 for kind in comp.totals["kind"]]
    counties, county_places = county_frame(comp, lang)
    forms = [frame_form("compare_totals", "合计" if zh else "Totals", title, totals, totals_places, unit,
                        row_places=whole),
             frame_form("compare_counties", "分县" if zh else "Counties", title, counties, county_places, unit),
             frame_form("compare_changes", "状态变化" if zh else "Status changes", title, changes_frame(comp, lang))]
    return workbook_bytes(forms)

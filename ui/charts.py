"""Plotly charts of a Result: light at any size (top N counties plus one bar for the rest).

Amounts stay exact 分 until the last step: the 'other counties' bar is an integer
sum of the counties it stands for, turned into 万元 only for drawing.

Each chart is built as a plain figure spec (a dict of data and layout) and shown through
``show``, which skips plotly's per-property validation: building and validating a figure
with ``update_layout`` / ``add_bar`` took about 11 ms a chart, on every parameter change
(issue 6). The specs are fixed code; tests/test_charts.py validates every one of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from fundcalc import allocation
from fundcalc.money import fen_to_wan_float
from fundcalc.result import Result

from .i18n import tr

TOP_N = 30
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
LEVEL_COLOURS = {"province": "#1f5fa8", "city": "#f28e2b", "county": "#59a14f"}
TOP_UP, CLAWBACK, TOTAL = "#2e7d32", "#c62828", "#37474f"


def _title(text: str) -> dict:
    """Title at the top of the figure, legend under it: they never overlap."""
    return {"text": text, "font": {"size": 18}, "yref": "container", "y": 1, "yanchor": "top",
            "pad": {"t": 12}, "x": 0, "xanchor": "left", "xref": "paper"}


LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0, "traceorder": "normal",
          "font": {"size": 13}}


def show(spec: dict, key: str) -> None:
    """Draw a figure spec. ``_validate=False``: see the module's docstring."""
    st.plotly_chart(go.Figure(spec, _validate=False), config=CONFIG, key=key)


def _bars_layout(title: str, n_bars: int, unit: str, **extra) -> dict:
    """Horizontal bars, one per county: height grows with the number of bars."""
    return {"title": _title(title), "font": {"family": FONT, "size": 14},
            "height": max(340, 170 + 26 * n_bars), "margin": {"l": 10, "r": 40, "t": 110, "b": 40},
            "legend": LEGEND,
            "xaxis": {"title": {"text": unit}, "tickformat": ",.0f", "zeroline": True, "zerolinewidth": 2,
                      "zerolinecolor": "#555", "showgrid": True, "gridcolor": "#e5e5e5"},
            "yaxis": {"automargin": True}, "plot_bgcolor": "white", "hovermode": "y unified", **extra}


def _wan(fen) -> list:
    return fen_to_wan_float(np.asarray(fen, dtype=np.int64)).tolist()


def top_rows(frame: pd.DataFrame, order: np.ndarray, value_cols: list[str], n: int = TOP_N,
             label: str = "county") -> tuple[pd.DataFrame, int]:
    """The ``n`` rows with the largest ``order`` and one row summing the rest (exact integer sums).

    Returns the frame to draw, largest first, and how many counties the 'other' row holds.
    """
    idx = np.argsort(-order, kind="stable")
    if len(frame) <= n + 1:
        return frame.iloc[idx].reset_index(drop=True), 0
    top = frame.iloc[idx[:n]].reset_index(drop=True)
    rest = frame.iloc[idx[n:]]
    other = {label: tr(f"其他 {len(rest)} 个县", f"{len(rest)} other counties")}
    for c in value_cols:
        other[c] = int(rest[c].to_numpy(np.int64).sum())
    return pd.concat([top, pd.DataFrame([other])], ignore_index=True), len(rest)


def _subtitle(hidden: int) -> str:
    return tr(f"（前 {TOP_N} 个县，其余 {hidden} 个县合为一条）", f" (top {TOP_N}; {hidden} others in one bar)") \
        if hidden else ""


def allocation_levels(result: Result) -> dict:
    """Stacked bars per county: the amount each government level pays (万元)."""
    levels = result.extra["levels"]
    cols = [f"{lv}_total_fen" for lv in levels]
    t = result.table[["county", "total_fen", *cols]]
    rows, hidden = top_rows(t, t["total_fen"].to_numpy(np.int64), ["total_fen", *cols])
    rows = rows.iloc[::-1]
    names = rows["county"].astype(str).tolist()
    data = [{"type": "bar", "y": names, "x": _wan(rows[col]), "name": tr(*allocation.LEVELS[lv]),
             "orientation": "h", "marker": {"color": LEVEL_COLOURS[lv]}, "hovertemplate": "%{x:,.2f}"}
            for lv, col in zip(levels, cols)]
    title = tr("各县补助资金（按财政级次）", "Subsidy per county by government level") + _subtitle(hidden)
    return {"data": data, "layout": _bars_layout(title, len(rows), tr("万元", "10k yuan"), barmode="stack")}


def allocation_categories(result: Result) -> dict:
    """Each person category's total, split by level (万元)."""
    cats, levels = result.extra["categories"], result.extra["levels"]
    names = [tr(c.zh, c.en) for c in cats]
    data = []
    for lv in levels:
        values = _wan([result.totals[f"{c.key}_{lv}_fen"] for c in cats])
        data.append({"type": "bar", "x": names, "y": values, "name": tr(*allocation.LEVELS[lv]),
                     "marker": {"color": LEVEL_COLOURS[lv]}, "text": [f"{v:,.2f}" for v in values],
                     "textposition": "inside", "hovertemplate": "%{y:,.2f}"})
    layout = {"barmode": "stack", "title": _title(tr("按人员类别与财政级次", "By person category and level")),
              "font": {"family": FONT, "size": 14}, "height": 400, "plot_bgcolor": "white",
              "margin": {"l": 10, "r": 10, "t": 110, "b": 40}, "legend": LEGEND,
              "yaxis": {"title": {"text": tr("万元", "10k yuan")}, "tickformat": ",.0f", "gridcolor": "#e5e5e5"}}
    return {"data": data, "layout": layout}


def settlement_diverging(result: Result, places: int = 0) -> dict:
    """Top-ups to the right, clawbacks to the left, in distinct colours, and the 合计 bar on top."""
    t = result.table[["county", "settlement_fen"]]
    s = t["settlement_fen"].to_numpy(np.int64)
    rows, hidden = top_rows(t, np.abs(s), ["settlement_fen"])
    rows = rows.sort_values("settlement_fen", kind="stable").reset_index(drop=True)
    fen = rows["settlement_fen"].to_numpy(np.int64)
    wan = fen_to_wan_float(fen)
    counties = rows["county"].astype(str).to_numpy()
    fmt = f"{{:+,.{places}f}}"
    data = []
    for mask, name, colour in ((fen >= 0, tr("补拨", "Top-up"), TOP_UP), (fen < 0, tr("扣回", "Clawback"), CLAWBACK)):
        data.append({"type": "bar", "y": counties[mask].tolist(), "x": wan[mask].tolist(), "name": name,
                     "orientation": "h", "marker": {"color": colour},
                     "text": [fmt.format(v) for v in wan[mask]], "textposition": "outside", "cliponaxis": False,
                     "hovertemplate": "%{x:,.2f}"})
    total = float(fen_to_wan_float(result.totals["settlement_fen"]))
    total_label = tr("合计", "Total")
    data.append({"type": "bar", "y": [total_label], "x": [total], "name": total_label, "orientation": "h",
                 "marker": {"color": TOTAL, "pattern": {"shape": "/"}}, "text": [fmt.format(total)],
                 "textposition": "outside", "cliponaxis": False, "hovertemplate": "%{x:,.2f}"})
    layout = _bars_layout(tr("此次结算：补拨（右）与扣回（左）", "Settlement: top-ups (right) and clawbacks (left)")
                          + _subtitle(hidden), len(rows) + 1, tr("万元", "10k yuan"), barmode="relative")
    layout["yaxis"] = {"automargin": True, "categoryorder": "array", "categoryarray": [*counties, total_label]}
    return {"data": data, "layout": layout}


POOLING_PARTS = (
    ("covered_by_retained_fen", -1, ("缺口·留存结余弥补", "Gap: retained surplus"), "#f4a6a6"),
    ("county_burden_fen", -1, ("缺口·县级政府负担", "Gap: county government"), "#c62828"),
    ("gap_from_reserve_fen", -1, ("缺口·调剂金弥补", "Gap: city reserve"), "#f28e2b"),
    ("surplus_retained_fen", 1, ("结余·留县", "Surplus: kept by county"), "#2e7d32"),
    ("surplus_to_reserve_fen", 1, ("结余·提取调剂金", "Surplus: to city reserve"), "#1f5fa8"),
)


def pooling_parts(result: Result) -> dict:
    """Each county's surplus (+) or gap (−), split into the county's part and the 调剂金's part."""
    cols = [p[0] for p in POOLING_PARTS]
    t = result.table[["county", "balance_fen", *cols]]
    rows, hidden = top_rows(t, np.abs(t["balance_fen"].to_numpy(np.int64)), ["balance_fen", *cols])
    rows = rows.sort_values("balance_fen", kind="stable").reset_index(drop=True)
    names = rows["county"].astype(str).tolist()
    data = []
    for col, sign, (zh, en), colour in POOLING_PARTS:
        values = sign * fen_to_wan_float(rows[col].to_numpy(np.int64))
        if not np.any(values):
            continue
        data.append({"type": "bar", "y": names, "x": values.tolist(), "name": tr(zh, en), "orientation": "h",
                     "marker": {"color": colour}, "hovertemplate": "%{x:,.2f}"})
    title = tr("各县当年结余(+)/缺口(−)及分担", "Surplus (+) / gap (−) per county and who bears it") + _subtitle(hidden)
    return {"data": data, "layout": _bars_layout(title, len(rows), tr("万元", "10k yuan"), barmode="relative")}


def monthly(long: pd.DataFrame, county: str) -> dict:
    """One county's months: the prepayment index, the actual cost and the amount paid."""
    months = [tr(f"{m}月", f"M{m}") for m in long["month"]]
    data = [
        {"type": "bar", "x": months, "y": _wan(long["actual_fen"]), "name": tr("实际发生费用", "Actual cost"),
         "marker": {"color": "#b0bec5"}, "hovertemplate": "%{y:,.2f}"},
        {"type": "scatter", "x": months, "y": _wan(long["paid_fen"]), "name": tr("按月拨付", "Paid"),
         "mode": "lines+markers", "line": {"color": "#1f5fa8", "width": 3}, "hovertemplate": "%{y:,.2f}"},
        {"type": "scatter", "x": months, "y": _wan(long["index_fen"]), "name": tr("月度预拨指标", "Monthly index"),
         "mode": "lines", "line": {"color": "#c62828", "width": 2, "dash": "dash", "shape": "hv"},
         "hovertemplate": "%{y:,.2f}"},
    ]
    layout = {"title": _title(tr(f"{county}：月度指标、实际费用与拨付", f"{county}: monthly index, actual cost and payment")),
              "font": {"family": FONT, "size": 14}, "height": 440, "plot_bgcolor": "white", "hovermode": "x unified",
              "margin": {"l": 10, "r": 10, "t": 110, "b": 40}, "legend": LEGEND,
              "yaxis": {"title": {"text": tr("万元", "10k yuan")}, "tickformat": ",.0f", "gridcolor": "#e5e5e5"}}
    return {"data": data, "layout": layout}


CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "toImageButtonOptions": {"scale": 2}}

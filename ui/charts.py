"""The mechanism pages' charts: light at any size (top N counties plus one bar for the rest).

Amounts stay exact 分 until the last step: the 'other counties' bar is an integer
sum of the counties it stands for, turned into 万元 only for drawing.

Each function returns an SVG drawn by ui/svg.py (why SVG and not plotly: see there), and ``show`` puts it
on the page.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from fundcalc.mechanisms import allocation
from fundcalc.money import fen_to_wan_float
from fundcalc.result import Result

from . import html_view
from .format import unit_wan
from .i18n import tr
from .svg import Series, columns_and_lines, hbars

TOP_N = 30
LEVEL_COLOURS = {"province": "#1f5fa8", "city": "#f28e2b", "county": "#59a14f"}
TOP_UP, CLAWBACK, TOTAL = "#2e7d32", "#c62828", "#37474f"


def show(svg: str) -> None:
    """Put a chart of ui/svg.py on the page, keyed by its data-chart id so a redraw updates it in place."""
    found = _CHART_ID.search(svg)  # every chart of ui/svg.py has one (tests/test_charts.py)
    html_view.show(svg, key="svg:" + (html.unescape(found.group(1)) if found else "chart"))


_CHART_ID = re.compile(r'data-chart="([^"]+)"')


def _wan(fen) -> list:
    return fen_to_wan_float(np.asarray(fen, dtype=np.int64)).tolist()


def top_rows(result: Result, order: np.ndarray, value_cols: list[str], n: int = TOP_N) -> tuple[list, dict, int]:
    """The ``n`` counties with the largest ``order`` and one row summing the rest (exact integer sums).

    Returns the county names to draw, largest first, each value column's 分 in that order (numpy int64), and
    how many counties the 'other' row holds. Plain arrays, no DataFrame: this runs on every change.
    """
    idx = np.argsort(-np.asarray(order), kind="stable")
    counties = result.table["county"]
    cols = {c: result.table[c].to_numpy(np.int64) for c in value_cols}
    if len(idx) <= n + 1:
        return _names(counties, idx), {c: v[idx] for c, v in cols.items()}, 0
    top, rest = idx[:n], idx[n:]
    other = tr(f"其他 {len(rest)} 个县", f"{len(rest)} other counties")
    return ([*_names(counties, top), other], {c: np.append(v[top], v[rest].sum()) for c, v in cols.items()},
            len(rest))


def _names(counties, positions: np.ndarray) -> list[str]:
    # only the drawn counties become Python strings (all 3,000 of an Arrow column took ~4 ms per change)
    return [str(x) for x in counties.take(positions)]


def _subtitle(hidden: int) -> str:
    return tr(f"前 {TOP_N} 个县，其余 {hidden} 个县合为一条", f"Top {TOP_N}; {hidden} others in one bar") \
        if hidden else ""


def allocation_levels(result: Result) -> str:
    """Stacked bars per county: the amount each government level pays (万元), the total at the end."""
    levels = result.levels
    cols = [f"{lv}_total_fen" for lv in levels]
    names, values, hidden = top_rows(result, result.table["total_fen"].to_numpy(np.int64), ["total_fen", *cols])
    series = [Series(tr(*allocation.level_labels(result.policy)[lv]), LEVEL_COLOURS[lv], _wan(values[col]))
              for lv, col in zip(levels, cols, strict=True)]
    return hbars("chart:allocation:levels", tr("各县补助资金（按财政级次）", "Subsidy per county by government level"),
                 names, series, unit_wan(), _subtitle(hidden),
                 row_labels=[f"{v:,.2f}" for v in _wan(values["total_fen"])])


def allocation_categories(result: Result) -> str:
    """Each person category's total, split by level (万元)."""
    cats, levels = result.detail.categories, result.levels
    names = allocation.level_labels(result.policy)
    series = [Series(tr(*names[lv]), LEVEL_COLOURS[lv],
                     _wan([result.totals[f"{c.key}_{lv}_fen"] for c in cats])) for lv in levels]
    totals = _wan([sum(result.totals[f"{c.key}_{lv}_fen"] for lv in levels) for c in cats])
    return hbars("chart:allocation:categories", tr("按人员类别与财政级次", "By person category and level"),
                 [tr(c.zh, c.en) for c in cats], series, unit_wan(), row_labels=[f"{v:,.2f}" for v in totals])


def settlement_diverging(result: Result, places: int = 0) -> str:
    """Top-ups to the right, clawbacks to the left, in distinct colours, and the 合计 bar at the bottom."""
    fen = result.table["settlement_fen"].to_numpy(np.int64)
    names, values, hidden = top_rows(result, np.abs(fen), ["settlement_fen"])
    order = np.argsort(-values["settlement_fen"], kind="stable")  # top-ups first, the largest clawback last
    names = [names[i] for i in order]
    wan = _wan(values["settlement_fen"][order])
    total = float(fen_to_wan_float(result.totals["settlement_fen"]))
    n = len(wan)
    series = [Series(tr("补拨", "Top-up"), TOP_UP, [v if v > 0 else None for v in wan] + [None]),
              Series(tr("扣回", "Clawback"), CLAWBACK, [v if v < 0 else None for v in wan] + [None]),
              Series(tr("合计", "Total"), TOTAL, [None] * n + [total], hatch=True)]
    fmt = f"{{:+,.{places}f}}"
    title = tr("此次结算：补拨（右）与扣回（左）", "Settlement: top-ups (right) and clawbacks (left)")
    return hbars("chart:settlement", title,
                 [*names, tr("合计", "Total")], series, unit_wan(), _subtitle(hidden),
                 row_labels=[fmt.format(v) for v in [*wan, total]], value_format=fmt)


POOLING_PARTS = (
    ("covered_by_retained_fen", -1, ("缺口·留存结余弥补", "Gap: retained surplus"), "#f4a6a6"),
    ("county_burden_fen", -1, ("缺口·县级政府负担", "Gap: county government"), "#c62828"),
    ("gap_from_reserve_fen", -1, ("缺口·调剂金弥补", "Gap: city reserve"), "#f28e2b"),
    ("surplus_retained_fen", 1, ("结余·留县", "Surplus: kept by county"), "#2e7d32"),
    ("surplus_to_reserve_fen", 1, ("结余·提取调剂金", "Surplus: to city reserve"), "#1f5fa8"),
)


def pooling_parts(result: Result) -> str:
    """Each county's surplus (+) or gap (−), split into the county's part and the 调剂金's part."""
    cols = [p[0] for p in POOLING_PARTS]
    balance = result.table["balance_fen"].to_numpy(np.int64)
    names, values, hidden = top_rows(result, np.abs(balance), ["balance_fen", *cols])
    order = np.argsort(-values["balance_fen"], kind="stable")  # surpluses first, the largest gap last
    names = [names[i] for i in order]
    series = []
    for col, sign, (zh, en), colour in POOLING_PARTS:
        wan = [sign * v for v in _wan(values[col][order])]
        if any(wan):
            series.append(Series(tr(zh, en), colour, wan))
    title = tr("各县当年结余(+)/缺口(−)及分担", "Surplus (+) / gap (−) per county and who bears it")
    return hbars("chart:pooling:parts", title,
                 names, series, unit_wan(), _subtitle(hidden),
                 row_labels=[f"{v:+,.2f}" for v in _wan(values["balance_fen"][order])], value_format="{:+,.2f}")


def monthly(long: pd.DataFrame, county: str) -> str:
    """One county's months: the prepayment index, the actual cost and the amount paid."""
    months = [tr(f"{m}月", f"M{m}") for m in long["month"]]
    series = [Series(tr("实际发生费用", "Actual cost"), "#b0bec5", _wan(long["actual_fen"])),
              Series(tr("按月拨付", "Paid"), "#1f5fa8", _wan(long["paid_fen"]), kind="line"),
              Series(tr("月度预拨指标", "Monthly index"), "#c62828", _wan(long["index_fen"]), kind="step")]
    title = tr(f"{county}：月度指标、实际费用与拨付", f"{county}: monthly index, actual cost and payment")
    return columns_and_lines("chart:pooling:monthly", title, months, series, unit_wan())


def render(chart, result: Result) -> str:
    """A mechanism's declared chart (fundcalc.mechanisms.spec.Chart): one bar per county, its parts stacked,
    a part with sign −1 drawn to the left. Counties ordered by the chart's ``order_by`` column."""
    parts = chart.parts(result)
    order = result.table[chart.order_by].to_numpy(np.int64)
    names, values, hidden = top_rows(result, np.abs(order) if chart.by_abs else order,
                                     list(dict.fromkeys([chart.order_by, *(p.column for p in parts)])))
    series = [Series(tr(p.zh, p.en), p.colour, [p.sign * v for v in _wan(values[p.column])]) for p in parts]
    signed = any(p.sign < 0 for p in parts) or chart.by_abs
    fmt = "{:+,.2f}" if signed else "{:,.2f}"
    return hbars(f"chart:{result.mechanism}:{chart.id}", tr(chart.zh, chart.en), names, series, unit_wan(),
                 _subtitle(hidden), value_format=fmt)

"""The compare page's per-county table and hover texts: the county column pinned, a deltas-only view (readable
at 1440 px with several scenarios), and every hovered amount exact with its unit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from fundcalc.compare import Comparison, county_frame

from .i18n import tr
from .safe_text import plotly as plot_text
from .story_chart import FONT, GAIN, LOSS, exact_wan

HOVER = "%{x}: %{customdata}<extra>%{fullData.name}</extra>"
DELTAS_ONLY = "cmp:deltas_only"


def exact_texts(values) -> list[str]:
    """Amounts in 分 as exact 万元 with the unit, for plotly's customdata (blank where a county is absent)."""
    unit = tr("万元", "10k yuan")
    return ["—" if v is None or pd.isna(v) else f"{exact_wan(int(v))} {unit}" for v in values]


def county_table(comp: Comparison, lang: str) -> None:
    """Per county: every figure, or (the switch) only the changes (万元 and %), the county column pinned."""
    frame, places = county_frame(comp, lang)
    only = st.toggle(tr("只看增减", "Changes only"), key=DELTAS_ONLY, persist_state="session",
                     help=tr("只列出各方案相对基准的增减（万元和 %），不列各方案的数值。",
                             "Show only each scenario's change against the baseline (10k yuan and %)."))
    county = frame.columns[0]
    if only:
        keep = [county] + [h for h in frame.columns[1:] if _is_change(h)]
        frame = frame[keep]
    config = {h: st.column_config.NumberColumn(h, format="%,.2f" if p == 2 else "%,.6f")
              for h, p in places.items() if h in frame.columns}
    config[county] = st.column_config.TextColumn(county, pinned=True)
    st.dataframe(frame, hide_index=True, column_config=config, key="cmp:counties")


def _is_change(header: str) -> bool:
    return "增减" in header or " change " in header or header.endswith("change (%)")


TOP = 15  # counties shown each way by the first scenario's change; those between are summed into one bar
PALETTE = ("#1f5fbf", "#d9601a", "#2e8540", "#8e44ad", "#b8860b", "#17a2b8", "#c0392b", "#555555")


def delta_rows(comp: Comparison, top: int = TOP) -> pd.DataFrame:
    """The bars of the change chart: counties whose figure changes in any scenario, ordered by the first
    scenario's change (largest gain first); past ``top`` each way the counties between are one summed row
    (``rest`` = how many)."""
    w = comp.wide()
    deltas = [f"delta:{n}" for n in comp.scenario_names]
    moved = w[(w[deltas].fillna(0).astype("int64") != 0).any(axis=1)]
    moved = moved.assign(_key=moved[deltas[0]].astype("int64")).sort_values("_key", ascending=False, kind="stable")
    rows = [{"county": r["county"], "rest": 0, **{d: int(r[d]) for d in deltas}} for _, r in moved.iterrows()]
    if len(rows) > 2 * top:
        middle = rows[top:-top]
        summed = {"county": "", "rest": len(middle), **{d: sum(r[d] for r in middle) for d in deltas}}
        rows = rows[:top] + [summed] + rows[-top:]
    return pd.DataFrame(rows, columns=["county", "rest", *deltas])


def delta_chart(comp: Comparison):
    """Horizontal bars of each county's change (万元) per scenario; None when nothing changes."""
    rows = delta_rows(comp)
    if rows.empty:
        return None
    unit = tr("万元", "10k yuan")
    labels = [plot_text(c if not n else tr(f"其余 {n} 个县（合计）", f"{n} other counties (summed)"))
              for c, n in zip(rows["county"], rows["rest"], strict=True)]
    fig = go.Figure()
    single = len(comp.scenario_names) == 1
    for i, name in enumerate(comp.scenario_names):
        fen = rows[f"delta:{name}"].astype("int64")
        colour = [GAIN if v > 0 else LOSS for v in fen] if single else PALETTE[i % len(PALETTE)]
        fig.add_bar(name=plot_text(name), x=fen / 1_000_000, y=labels, orientation="h", marker={"color": colour},
                    customdata=[f"{exact_wan(int(v), signed=True)} {unit}" for v in fen],
                    hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>")
    per_row = 20 if single else 12 + 12 * len(comp.scenario_names)   # 9 counties fit a phone's first screen
    fig.update_layout(
        barmode="group", title={"text": plot_text(tr(f"各县{comp.figure_label('zh')}增减（万元）",
                                                    f"Change of {comp.figure_label('en')} by county (10k yuan)"))},
        font={"family": FONT, "size": 14}, height=max(240, per_row * len(rows) + 100), plot_bgcolor="white",
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 14}}, showlegend=not single,
        xaxis={"tickformat": ",.0f", "zeroline": True, "zerolinecolor": "#555", "automargin": True,
               "tickfont": {"size": 14}},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "font": {"size": 14}},
        margin={"t": 56, "b": 32, "l": 8, "r": 16},
        hoverlabel={"font": {"size": 14, "family": FONT}})
    return fig

"""The compare page's per-county table and hover texts: the county column pinned, a deltas-only view (readable
at 1440 px with several scenarios), and every hovered amount exact with its unit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fundcalc.compare import Comparison, county_frame

from .i18n import tr
from .story_chart import exact_wan

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

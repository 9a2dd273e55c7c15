"""The county chart of a story: each county's change of the figure, gains and losses in two colours.

Plotly, because this chart is drawn once per opened scenario (not on a mechanism page's per-change path,
docs/speed.md): its hover box shows the exact amount with its unit, and its toolbar downloads a PNG for
a meeting. Text is 14 px at least (18 px in presentation mode), readable on a projector at 1280 px.
"""

from __future__ import annotations

import plotly.graph_objects as go

from fundcalc.money import format_wan
from fundcalc.story import Bar, Story

from .i18n import tr
from .safe_text import plotly as plot_text

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
GAIN, LOSS = "#1f5fbf", "#d9601a"  # blue and orange: told apart with any common colour-vision deficiency
ROW = 26                           # px per bar at 14 px text


def exact_wan(fen: int, signed: bool = False) -> str:
    """分 as 万元, exact: 2 decimals when the amount is whole 0.01 万元 (the documents' tables), else 6."""
    places = 2 if int(fen) % 10_000 == 0 else 6
    text = format_wan(int(fen), places)
    return f"+{text}" if signed and fen > 0 else text


def pct_text(pct: float | None) -> str:
    return "" if pct is None else f"{pct:+.2f}%"


def bar_label(bar: Bar) -> str:
    if not bar.rest:
        return bar.county
    if bar.delta >= 0:
        return tr(f"其余 {bar.rest} 个县（增加）", f"{bar.rest} other counties (up)" if bar.rest > 1
                  else "1 other county (up)")
    return tr(f"其余 {bar.rest} 个县（减少）", f"{bar.rest} other counties (down)" if bar.rest > 1
              else "1 other county (down)")


def figure(story: Story, present: bool = False) -> go.Figure | None:
    """The horizontal bars, largest gain on top, largest loss at the bottom; None when nothing changed."""
    bars = story.bars()
    if not bars:
        return None
    size = 18 if present else 14
    unit = tr("万元", "10k yuan")
    labels = [plot_text(bar_label(b)) for b in bars]
    hover = [plot_text(f"{bar_label(b)}{tr('：', ': ')}{exact_wan(b.delta, signed=True)} {unit}"
                       + (tr(f"（{pct_text(b.pct)}）", f" ({pct_text(b.pct)})") if b.pct is not None else ""))
             for b in bars]
    fig = go.Figure(go.Bar(
        x=[b.delta / 1_000_000 for b in bars], y=labels, orientation="h",
        marker={"color": [GAIN if b.delta > 0 else LOSS for b in bars]},
        text=[("+" if b.delta > 0 else "") + format_wan(b.delta) for b in bars],  # exact in the hover
        textposition="outside", cliponaxis=False, customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    title = tr(f"各县{story.figure.zh}增减（万元）", f"Change of {story.figure.en} by county (10k yuan)")
    row = ROW + (8 if present else 0)
    xs = [b.delta / 1_000_000 for b in bars]
    lo, hi = min(0.0, *xs), max(0.0, *xs)
    pad = (hi - lo) * 0.22 or 1.0  # room for the value written beside the longest bar
    fig.update_layout(
        title={"text": plot_text(title), "font": {"size": size + 2}}, font={"family": FONT, "size": size},
        height=max(260, row * len(bars) + 90), margin={"l": 8, "r": 24, "t": 48, "b": 36},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": size}},
        xaxis={"range": [lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)], "tickformat": ",.0f",
               "zeroline": True, "zerolinecolor": "#555", "tickfont": {"size": size},
               "automargin": True},
        plot_bgcolor="white", showlegend=False, hoverlabel={"font": {"size": size, "family": FONT}},
    )
    return fig


def config(file_stem: str) -> dict:
    """The toolbar: always shown, with the PNG download (2× for a slide) and nothing that zooms by accident."""
    return {"displaylogo": False, "displayModeBar": True,
            "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
                                       "autoScale2d"],
            "toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2}}

"""Bar and line charts drawn on the server as SVG, for the charts a parameter change redraws (docs/speed.md §5).

Measured in headless Chromium beside an app with one number input and one metric (benchmarks/README.md):
redrawing one plotly bar chart added about 55 ms to a parameter change, a Vega-Lite chart about 34 ms,
the same bars as inline SVG about 8 ms in st.markdown and about 2 ms through ui/html_view.py. The
mechanism pages redraw their chart on every keystroke, so they draw SVG; the analysis and compare pages,
where a chart is drawn once and explored, keep plotly.

Each bar and point carries a <title> (the browser's tooltip: name, series and value with its unit) and
data-row / data-series / data-value attributes, which tests read back. Text is drawn in currentColor, so it
follows the page's text colour.

Every string from the data goes through ``escape``: every ASCII punctuation mark becomes a character
reference, so a county named "<县>" or "**县**" is drawn as written. (The strictness dates from when the SVG
went through st.markdown, where Markdown acted on "**"; it costs nothing and stays safe wherever the SVG goes.)
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
WIDTH = 900  # viewBox units; the SVG scales to its column, so a narrower viewBox draws larger text
GRID, ZERO, MUTED = "#e3e6ea", "#555", "#6b7280"
ROW_H, BAR_H = 28, 18


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: list  # one float per row or per x category; None: nothing drawn there
    kind: str = "bar"  # "bar", "line" (solid, with points) or "step" (dashed, held until the next point)
    hatch: bool = False


_REFS = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}


def escape(text) -> str:
    """Text or an attribute value for the SVG: markup and Markdown both inert (see the module's docstring)."""
    return str(text).translate(_REFS)


def text_width(text: str, size: float) -> float:
    """Rough drawn width: a CJK character is one em wide, a Latin one a little over half."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in str(text))


def nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    """Round tick values covering [lo, hi], 0 among them when the range crosses it."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, v = [], start
    while v < hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def tick_label(value: float, ticks: list[float]) -> str:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    places = 0 if step >= 1 else min(4, -math.floor(math.log10(step)))
    text = f"{value:,.{places}f}"
    return "0" if text.strip("-0.,") == "" else text


def _header(title: str, subtitle: str, series: list[Series], width: int) -> tuple[list[str], float]:
    """Title, subtitle and the legend (wrapped); returns the parts and the height they take."""
    out = [f'<text x="0" y="20" font-size="18" font-weight="600">{escape(title)}</text>']
    y = 30.0
    if subtitle:
        out.append(f'<text x="0" y="{y + 16:.0f}" font-size="13" fill="{MUTED}">{escape(subtitle)}</text>')
        y += 22
    x, y = 0.0, y + 12
    for s in series:
        w = 22 + text_width(s.name, 13) + 18
        if x > 0 and x + w > width:
            x, y = 0.0, y + 22
        if s.kind == "bar":
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="{s.colour}"/>')
        else:
            dash = ' stroke-dasharray="5 3"' if s.kind == "step" else ""
            out.append(f'<line x1="{x:.1f}" y1="{y + 7:.1f}" x2="{x + 16:.1f}" y2="{y + 7:.1f}" '
                       f'stroke="{s.colour}" stroke-width="3"{dash}/>')
        out.append(f'<text x="{x + 20:.1f}" y="{y + 12:.1f}" font-size="13">{escape(s.name)}</text>')
        x += w
    return out, y + 26


def _svg(chart_id: str, title: str, width: float, height: float, parts: list[str], defs: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
            f'role="img" aria-label="{escape(title)}" data-chart="{escape(chart_id)}" font-family="{FONT}" '
            f'fill="currentColor" style="max-width:100%;height:auto">'
            + (f"<defs>{defs}</defs>" if defs else "") + "".join(parts) + "</svg>")


def _hatch(chart_id: str, colour: str) -> tuple[str, str]:
    pid = "hatch-" + "".join(ch if ch.isalnum() else "-" for ch in chart_id)
    return pid, (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6" '
                 f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/>'
                 f'<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>')


def _domain(lo: float, hi: float, row_labels: list[str] | None, x0: float, x1: float):
    """The ticks and the drawn data range: room beyond the longest bars for the end labels, when given."""
    ticks = nice_ticks(lo, hi)
    d0, d1 = ticks[0], ticks[-1]
    if row_labels:  # in data units
        frac = (max(text_width(t, 13) for t in row_labels) + 10) / (x1 - x0)
        span = (hi - lo) / max(1 - 2 * frac, 0.3)
        d0 = min(d0, lo - span * frac) if lo < 0 else d0
        d1 = max(d1, hi + span * frac) if hi > 0 or lo == 0 else d1
        ticks = [t for t in ticks if d0 <= t <= d1]
    return ticks, d0, d1


def _hbar_row(parts: list[str], name: str, i: int, y: float, series: list[Series], sx, fills: dict, unit: str,
              value_format: str, row_label: str | None) -> None:
    """One row's stacked segments (positive to the right of 0, negative to the left) and its end label."""
    up = down = 0.0
    for s in series:
        v = s.values[i]
        if not v:
            continue
        if v > 0:
            a, b, up = sx(up), sx(up + v), up + v
        else:
            a, b, down = sx(down + v), sx(down), down + v
        parts.append(f'<rect x="{a:.1f}" y="{y:.1f}" width="{max(b - a, 0.5):.1f}" height="{BAR_H}" '
                     f'fill="{fills.get(s.name, s.colour)}" data-row="{escape(name)}" data-series="{escape(s.name)}" '
                     f'data-value="{v!r}"><title>{escape(name)} · {escape(s.name)}：'
                     f'{value_format.format(v)} {escape(unit)}</title></rect>')
    if row_label is None:
        return
    if up > 0 or down == 0:
        parts.append(f'<text x="{sx(up) + 5:.1f}" y="{y + BAR_H - 4:.1f}" font-size="13">'
                     f'{escape(row_label)}</text>')
    else:
        parts.append(f'<text x="{sx(down) - 5:.1f}" y="{y + BAR_H - 4:.1f}" font-size="13" '
                     f'text-anchor="end">{escape(row_label)}</text>')


def hbars(chart_id: str, title: str, rows: list[str], series: list[Series], unit: str, subtitle: str = "",
          row_labels: list[str] | None = None, value_format: str = "{:,.2f}", width: int = 700) -> str:
    """Horizontal bars, one row per name, top to bottom. Series stack in order: positive values to the right
    of 0, negative ones to the left (plotly's barmode="relative"). ``row_labels``, when given, are written at
    the outer end of each row's bar. The default width suits the column beside the parameter panel."""
    head, top = _header(title, subtitle, series, width)
    pos = [sum(v for s in series if (v := s.values[i]) and v > 0) for i in range(len(rows))]
    neg = [sum(v for s in series if (v := s.values[i]) and v < 0) for i in range(len(rows))]
    lo, hi = min([0.0, *neg]), max([0.0, *pos])
    label_w = min(260.0, max((text_width(r, 14) for r in rows), default=0) + 12)
    x0, x1 = label_w + 8, width - 24.0  # the last tick's label is centred on x1
    ticks, d0, d1 = _domain(lo, hi, row_labels, x0, x1)

    def sx(v: float) -> float:
        return x0 + (v - d0) / (d1 - d0) * (x1 - x0)

    bottom = top + ROW_H * len(rows)
    parts, defs, fills = head, "", {}
    for s in series:
        if s.hatch:
            pid, pattern = _hatch(chart_id, s.colour)
            defs, fills[s.name] = defs + pattern, f"url(#{pid})"
    for t in ticks:
        x = sx(t)
        colour, w = (ZERO, 1.5) if t == 0 else (GRID, 1)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{colour}" '
                     f'stroke-width="{w}"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 18:.1f}" font-size="12" text-anchor="middle" '
                     f'fill="{MUTED}">{tick_label(t, ticks)}</text>')
    parts.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{bottom + 40:.1f}" font-size="13" text-anchor="middle" '
                 f'fill="{MUTED}">{escape(unit)}</text>')
    for i, name in enumerate(rows):
        y = top + ROW_H * i + (ROW_H - BAR_H) / 2
        parts.append(f'<text x="{x0 - 8:.1f}" y="{y + BAR_H - 4:.1f}" font-size="14" text-anchor="end">'
                     f'{escape(name)}</text>')
        _hbar_row(parts, name, i, y, series, sx, fills, unit, value_format, row_labels[i] if row_labels else None)
    return _svg(chart_id, title, width, bottom + 50, parts, defs)


def columns_and_lines(chart_id: str, title: str, categories: list[str], series: list[Series], unit: str,
                      subtitle: str = "", value_format: str = "{:,.2f}", plot_height: int = 260,
                      width: int = WIDTH) -> str:
    """Vertical: bar series side by side per category, line and step series over them."""
    head, top = _header(title, subtitle, series, width)
    top += 18  # the unit, above the axis
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]), 5)
    d0, d1 = ticks[0], ticks[-1]
    labels = [tick_label(t, ticks) for t in ticks]
    x0 = max(text_width(t, 12) for t in labels) + 14
    x1, bottom = width - 10.0, top + plot_height

    def sy(v: float) -> float:
        return bottom - (v - d0) / (d1 - d0) * plot_height

    parts = head
    parts.append(f'<text x="0" y="{top - 12:.1f}" font-size="12" fill="{MUTED}">{escape(unit)}</text>')
    for t, text in zip(ticks, labels, strict=True):
        y = sy(t)
        colour = ZERO if t == 0 else GRID
        parts.append(f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="{colour}"/>')
        parts.append(f'<text x="{x0 - 6:.1f}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
                     f'fill="{MUTED}">{text}</text>')
    band = (x1 - x0) / max(len(categories), 1)
    bars = [s for s in series if s.kind == "bar"]
    for j, cat in enumerate(categories):
        cx = x0 + band * (j + 0.5)
        parts.append(f'<text x="{cx:.1f}" y="{bottom + 18:.1f}" font-size="13" text-anchor="middle">'
                     f'{escape(cat)}</text>')
        bar_w = band * 0.7 / max(len(bars), 1)
        for k, s in enumerate(bars):
            v = s.values[j]
            if v is None:
                continue
            bx = cx - band * 0.35 + k * bar_w
            ya, yb = sorted((sy(0), sy(v)))
            parts.append(f'<rect x="{bx:.1f}" y="{ya:.1f}" width="{bar_w:.1f}" height="{max(yb - ya, 0.5):.1f}" '
                         f'fill="{s.colour}" data-row="{escape(cat)}" data-series="{escape(s.name)}" '
                         f'data-value="{v!r}"><title>{escape(cat)} · {escape(s.name)}：{value_format.format(v)} '
                         f'{escape(unit)}</title></rect>')
    for s in series:
        if s.kind != "bar":
            points = [(x0 + band * (j + 0.5), sy(v), v, categories[j]) for j, v in enumerate(s.values)
                      if v is not None]
            _line(parts, s, points, band, unit, value_format)
    return _svg(chart_id, title, width, bottom + 30, parts)


def _line(parts: list[str], s: Series, points: list[tuple], band: float, unit: str, value_format: str) -> None:
    """A line series through its points, or a step series as a dashed level across each category."""
    if s.kind == "step":
        path = []
        for n, (x, y, _, _) in enumerate(points):
            left, right = x - band / 2, x + band / 2
            path.append(f"{'M' if n == 0 else 'L'}{left:.1f},{y:.1f} L{right:.1f},{y:.1f}")
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{s.colour}" stroke-width="2" '
                     f'stroke-dasharray="6 4"/>')
    else:
        d = " ".join(f"{'M' if n == 0 else 'L'}{x:.1f},{y:.1f}" for n, (x, y, _, _) in enumerate(points))
        parts.append(f'<path d="{d}" fill="none" stroke="{s.colour}" stroke-width="3"/>')
    r = 4 if s.kind == "line" else 3
    for x, y, v, cat in points:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{s.colour}" data-row="{escape(cat)}" '
                     f'data-series="{escape(s.name)}" data-value="{v!r}"><title>{escape(cat)} · '
                     f'{escape(s.name)}：{value_format.format(v)} {escape(unit)}</title></circle>')

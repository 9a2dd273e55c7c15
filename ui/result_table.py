"""A mechanism's per-county result as the table under its chart.

Up to ``HTML_ROWS`` counties (a city's or a prefecture's table) it is a plain HTML table: every figure is
formatted from its exact 分 (format_wan), the rows keep the document's order, and a selection pastes into
Excel or WPS as a table. A parameter change redraws it in about 2 ms of the browser's time where
st.dataframe took about 12 ms (docs/speed.md §4). Above that, a national-size table, it is
st.dataframe, which scrolls thousands of rows and sorts them.

Each cell carries data-col (the column key), each county's row data-row (its name) and the 合计 row
data-total, which tests read back.
"""

from __future__ import annotations

from html import escape

import streamlit as st

from fundcalc.money import format_wan, format_yuan
from fundcalc.present import wan_places
from fundcalc.result import Result

from . import html_view
from .format import MARK, result_arrow, status_text, total_values
from .i18n import lang, tr

HTML_ROWS = 300
MISSING = "—"


def show(result: Result, key: str, marked: set | None = None, order: list[str] | None = None,
         places: int | None = None) -> None:
    """The table: ``order`` puts these column keys first; ``places`` overrides the document's 万元 places."""
    if len(result.table) > HTML_ROWS:
        frame, config = result_arrow(result, marked=marked, places=places)
        names = frame.column_names
        first = [c for c in (["changed"] if "changed" in names else []) + list(order or []) if c in names]
        st.dataframe(frame, column_config=config, hide_index=True, key=key, placeholder=MISSING,
                     column_order=first + [c for c in names if c not in first])
        return
    html_view.show(html(result, key, marked, order, places), key=key)


def html(result: Result, key: str, marked: set | None = None, order: list[str] | None = None,
         places: int | None = None) -> str:
    places = wan_places(result) if places is None else places
    cols = list(result.columns)
    head_key = cols[0].key  # the county column labels each row, so it stays first whatever ``order`` says
    if order:
        first = [cols[0]] + [c for k in order for c in cols[1:] if c.key == k]
        cols = first + [c for c in cols if c not in first]
    t = result.table
    values = {c.key: t[c.key].tolist() for c in cols}
    mark = marked is not None and len(marked) > 0
    region = escape(tr("按县测算结果", "Results by county"))
    out = [f'<div class="fc-table-wrap" tabindex="0" role="region" aria-label="{region}">'
           f'<table class="fc-table{" marked" if mark else ""}" data-table="{escape(key)}"><thead><tr>']
    if mark:
        hint = escape(tr("改动：此县的输入与基准不同",
                         "Changed: this county's inputs differ from the baseline"))
        out.append(f'<th scope="col" data-col="changed" title="{hint}" aria-label="{hint}">{MARK}</th>')
    out += [f'<th scope="col" data-col="{c.key}">{escape(c.label(lang()))}</th>' for c in cols]
    out.append("</tr></thead><tbody>")
    for i, county in enumerate(values[head_key]):
        out.append(f'<tr data-row="{escape(str(county))}">')
        if mark:
            out.append(f'<td class="mark" data-col="changed">{MARK if str(county) in marked else ""}</td>')
        for c in cols:
            out.append(_cell(c, values[c.key][i], places, head=c.key == head_key))
        out.append("</tr>")
    out.append(_total_row(result, cols, places, mark))
    out.append("</tbody></table></div>")
    return "".join(out)


def _total_row(result: Result, cols, places: int, mark: bool) -> str:
    total = total_values(result)
    cells = ['<tr class="total" data-total="1">', '<td class="mark" data-col="changed"></td>' if mark else ""]
    for c in cols:
        v = total[c.key]
        cells.append(_cell(c, v, places, head=c is cols[0]) if c is cols[0] or isinstance(v, (int, float))
                     else f'<td data-col="{c.key}"></td>')
    return "".join(cells) + "</tr>"


def _cell(c, v, places: int, head: bool = False) -> str:
    if head:
        return f'<th scope="row" data-col="{c.key}">{escape(str(v))}</th>'
    if c.kind in ("fen", "yuan", "people", "months"):
        if v is None or v != v:  # missing, or NaN: as the grid showed it
            return f'<td class="num" data-col="{c.key}">{MISSING}</td>'
        if c.kind == "months" and v == float("inf"):  # no spending to cover
            return f'<td class="num" data-col="{c.key}">∞</td>'
        if c.kind == "fen":
            text = format_wan(int(v), places)
        elif c.kind == "yuan":
            text = format_yuan(int(v))
        elif c.kind == "people":
            text = f"{int(v):,}"
        else:
            text = f"{float(v):.2f}"
        if text.startswith("-") and not text.strip("-0.,"):  # a few 分 below zero, shown as 0.00
            text = text[1:]
        neg = " neg" if text.startswith("-") else ""
        return f'<td class="num{neg}" data-col="{c.key}">{text}</td>'
    if c.kind == "flag":
        text = tr("是", "yes") if bool(v) else ""
    elif c.key == "status":
        text = status_text(v)
    else:
        text = "" if v is None else str(v)
    return f'<td data-col="{c.key}">{escape(text)}</td>'

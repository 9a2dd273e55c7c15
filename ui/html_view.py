"""Markup of our own (the charts' SVG, the result tables' HTML) put into the page as it is.

A components-v2 element with no iframe and no shadow root: the markup follows the page's font and colours,
and tests find it in the DOM. Measured per parameter change (benchmarks/README.md): the same SVG through
st.markdown added about 8 ms of the browser's time (its Markdown parse), this about 2 ms; st.html is no
alternative, its sanitiser drops SVG. Whoever builds the markup escapes every data string in it.
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let box = parentElement.querySelector('div.fundcalc-view');
  if (!box) {
    box = document.createElement('div');
    box.className = 'fundcalc-view';
    parentElement.appendChild(box);
  }
  if (box.fundcalcShown !== data) {
    box.innerHTML = data;
    box.fundcalcShown = data;
  }
}
"""

# The result tables' look, close to Streamlit's own grid: light rules, header and first column held in place
# while scrolling, figures right-aligned in tabular digits, the 合计 row in bold, negative amounts in red.
_CSS = """
.fc-table-wrap { overflow: auto; max-height: 34rem; border-radius: 0.5rem;
  border: 1px solid var(--st-dataframe-border-color, rgba(49, 51, 63, 0.1)); }
.fc-table { border-collapse: separate; border-spacing: 0; font-size: 0.875rem; width: max-content;
  min-width: 100%; font-variant-numeric: tabular-nums; }
.fc-table th, .fc-table td { padding: 0.4rem 0.6rem; white-space: nowrap;
  border-bottom: 1px solid var(--st-dataframe-border-color, rgba(49, 51, 63, 0.1));
  border-right: 1px solid var(--st-dataframe-border-color, rgba(49, 51, 63, 0.1)); }
.fc-table thead th { position: sticky; top: 0; z-index: 2; font-weight: 400; text-align: left;
  color: var(--st-dataframe-header-text-color, rgba(49, 51, 63, 0.7));
  background: var(--st-dataframe-header-background-color, #f8f9fb); }
.fc-table tbody th { position: sticky; left: 0; z-index: 1; font-weight: 400; text-align: left;
  background: var(--st-background-color, #fff); }
.fc-table thead th:first-child { left: 0; z-index: 3; }
.fc-table td.num { text-align: right; }
.fc-table td.neg { color: #c62828; }
.fc-table tr.total th, .fc-table tr.total td { font-weight: 600;
  border-top: 2px solid var(--st-dataframe-border-color, rgba(49, 51, 63, 0.3)); }
.fc-table td.mark { text-align: center; color: #b26a00; }
.fc-table.marked td.mark, .fc-table.marked thead th:first-child { position: sticky; left: 0; z-index: 1;
  box-sizing: border-box; width: 2.25rem; min-width: 2.25rem; max-width: 2.25rem; text-align: center;
  background: var(--st-background-color, #fff); }
.fc-table.marked thead th:first-child { z-index: 3;
  background: var(--st-dataframe-header-background-color, #f8f9fb); }
.fc-table.marked tbody th, .fc-table.marked thead th:nth-child(2) { left: 2.25rem; }
.fc-table.marked thead th:nth-child(2) { position: sticky; z-index: 3; }
"""

_view = st.components.v2.component("fundcalc_view", js=_JS, css=_CSS, isolate_styles=False)


def show(markup: str, key: str) -> None:
    """Put ``markup`` on the page; the same ``key`` on the next run updates it in place."""
    _view(data=markup, key=key)

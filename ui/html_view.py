"""Markup of our own (the charts' SVG, the result tables' HTML) put into the page as it is.

A components-v2 element with no iframe and no shadow root: the markup follows the page's font and colours,
and tests find it in the DOM. Measured per parameter change (benchmarks/README.md): the same SVG through
st.markdown added about 8 ms of the browser's time (its Markdown parse), this about 2 ms; st.html is no
alternative, its sanitiser drops SVG. Whoever builds the markup escapes every data string in it.
"""

from __future__ import annotations

import streamlit as st

from .i18n import tr

_JS = """
const TIP = 'fc-tip';

function tools(svg, words) {
  // a chart's own download buttons: the SVG as drawn, or a PNG at twice its size
  const name = (svg.getAttribute('aria-label') || 'chart').replace(/[\\/:*?"<>|\\s]+/g, '_');
  const bar = document.createElement('div');
  bar.className = 'fc-chart-tools';
  const svgButton = document.createElement('button');
  svgButton.type = 'button'; svgButton.textContent = 'SVG'; svgButton.title = words.svg;
  svgButton.dataset.download = 'svg';
  const pngButton = document.createElement('button');
  pngButton.type = 'button'; pngButton.textContent = 'PNG'; pngButton.title = words.png;
  pngButton.dataset.download = 'png';
  bar.append(svgButton, pngButton);
  const save = (href, ext) => {
    const a = document.createElement('a');
    a.href = href; a.download = name + '.' + ext;
    document.body.appendChild(a); a.click(); a.remove();
  };
  const text = () => new XMLSerializer().serializeToString(svg);
  svgButton.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([text()], { type: 'image/svg+xml' }));
    save(url, 'svg'); setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  pngButton.addEventListener('click', () => {
    const box = svg.viewBox.baseVal, scale = 2;
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = box.width * scale; canvas.height = box.height * scale;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      save(canvas.toDataURL('image/png'), 'png');
    };
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text());
  });
  return bar;
}

function prepare(box, words) {
  // the bars' <title> becomes our own tooltip (exact value and unit, readable size) instead of the browser's
  for (const title of box.querySelectorAll('svg[data-chart] title')) {
    const owner = title.parentElement;
    owner.dataset.tip = title.textContent;
    owner.setAttribute('aria-label', title.textContent);
    title.remove();
  }
  for (const svg of box.querySelectorAll('svg[data-chart]')) {
    const wrap = document.createElement('div');
    wrap.className = 'fc-chart';
    svg.replaceWith(wrap);
    wrap.append(tools(svg, words), svg);
  }
}

function sharedTip() {
  // one tooltip for the page, shown by whichever chart the pointer is on
  let tip = document.body.querySelector(':scope > .' + TIP);
  if (!tip) {
    tip = document.createElement('div');
    tip.className = TIP; tip.setAttribute('role', 'tooltip'); tip.hidden = true;
    document.body.appendChild(tip);
  }
  return tip;
}

export default function (component) {
  const { data, parentElement } = component;
  let box = parentElement.querySelector('div.fundcalc-view');
  if (!box) {
    box = document.createElement('div');
    box.className = 'fundcalc-view';
    parentElement.appendChild(box);
    const tip = sharedTip();
    box.addEventListener('mousemove', (e) => {
      const on = e.target.closest && e.target.closest('[data-tip]');
      if (!on) { tip.hidden = true; return; }
      tip.textContent = on.dataset.tip; tip.hidden = false;
      tip.style.left = (e.clientX + 14) + 'px'; tip.style.top = (e.clientY + 14) + 'px';
    });
    box.addEventListener('mouseleave', () => { tip.hidden = true; });
  }
  if (box.fundcalcShown !== data.markup) {
    box.innerHTML = data.markup;
    box.fundcalcShown = data.markup;
    prepare(box, data.words);
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
.fc-chart { position: relative; }
.fc-chart-tools { position: absolute; top: 0; right: 0; display: flex; gap: 0.25rem; opacity: 0.35; }
.fc-chart:hover .fc-chart-tools, .fc-chart-tools:focus-within { opacity: 1; }
.fc-chart-tools button { font-size: 0.75rem; padding: 0.1rem 0.45rem; border-radius: 0.25rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.2); background: var(--st-background-color, #fff); color: inherit; }
.fc-tip { position: fixed; z-index: 1000; pointer-events: none; padding: 0.3rem 0.55rem; border-radius: 0.3rem;
  background: rgba(38, 39, 48, 0.92); color: #fff; font-size: 0.95rem; font-variant-numeric: tabular-nums;
  white-space: nowrap; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.2); }
"""

_view = st.components.v2.component("fundcalc_view", js=_JS, css=_CSS, isolate_styles=False)


def show(markup: str, key: str) -> None:
    """Put ``markup`` on the page; the same ``key`` on the next run updates it in place. A chart in it gets its
    own tooltip (each bar's exact value and unit) and SVG / PNG download buttons in the browser."""
    _view(data={"markup": markup, "words": {"svg": tr("下载 SVG 图", "Download as SVG"),
                                            "png": tr("下载 PNG 图", "Download as PNG")}}, key=key)

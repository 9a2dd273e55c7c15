"""The mechanism pages' server-drawn charts in a real browser: a bar's exact value and unit in our own tooltip
(not the browser's native one), and each chart downloads as SVG and as PNG (ui/html_view.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_page

pytestmark = pytest.mark.browser

CHART = 'svg[data-chart="chart:allocation:levels"]'


def test_bar_tooltip_shows_exact_value_with_unit(page, app_url):
    open_page(page, app_url, "allocation")
    chart = page.locator(CHART)
    expect(chart).to_be_visible()
    # the <title> elements became data-tip attributes: no native tooltip is left to pop up
    expect(chart.locator("title")).to_have_count(0)
    bar = chart.locator("[data-tip]").first
    tip_text = bar.get_attribute("data-tip")
    assert re.search(r"[\d,]+\.\d{2} 万元$", tip_text), tip_text
    bar.hover()
    tip = page.locator(".fc-tip")
    expect(tip).to_be_visible()
    expect(tip).to_have_text(tip_text)
    size = float(tip.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 14, size   # readable on a projector
    page.mouse.move(1, 1)
    expect(tip).to_be_hidden()


def test_chart_downloads_as_svg_and_png(page, app_url):
    open_page(page, app_url, "allocation")
    wrap = page.locator(".fc-chart").filter(has=page.locator(CHART))
    expect(wrap).to_be_visible()
    label = page.locator(CHART).get_attribute("aria-label")
    with page.expect_download() as svg_download:
        wrap.locator('button[data-download="svg"]').click()
    svg_path = svg_download.value.path()
    text = open(svg_path, encoding="utf-8").read()
    assert text.startswith("<svg") and 'data-chart="chart:allocation:levels"' in text
    assert "8,039.73" in text or "市级" in text   # the chart as drawn, with its figures and labels
    assert svg_download.value.suggested_filename.endswith(".svg")
    assert label.split()[0] in svg_download.value.suggested_filename.replace("_", " ")
    with page.expect_download() as png_download:
        wrap.locator('button[data-download="png"]').click()
    data = open(png_download.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    assert png_download.value.suggested_filename.endswith(".png")


# Each word of each label: its character range's boxes on more than one line means the word itself was broken.
BROKEN_WORDS_JS = """ps => ps.flatMap(p => {
  const out = [], walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    const re = /\\S+/g;
    for (let m = re.exec(t.textContent); m; m = re.exec(t.textContent)) {
      const r = document.createRange();
      r.setStart(t, m.index); r.setEnd(t, m.index + m[0].length);
      if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) out.push(m[0]);
    }
  }
  return out;
})"""


@pytest.mark.parametrize("path", ["allocation", "settlement", "pooling"])
def test_english_labels_do_not_break_inside_a_word_at_1280(browser, app_url, path):
    """At a projector's 1280 px, no parameter label breaks inside a word (they read "Provin ce (%)")."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        open_page(page, app_url, path, "lang=en")
        labels = page.locator('[data-testid="stWidgetLabel"] p')
        expect(labels.first).to_be_visible()
        assert labels.count() > 1   # the panel is drawn
        assert labels.evaluate_all(BROKEN_WORDS_JS) == []
    finally:
        ctx.close()

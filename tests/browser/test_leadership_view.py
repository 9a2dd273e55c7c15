"""The leadership view in the browser: the first screen of a shared scenario (方案简报) and of a shared
comparison at 1280×720 (a projector) and 390×844 (a phone) holds its name, its change and the county chart,
inside the viewport, and no other city's words; presentation mode; the chart's hover and PNG download."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, start_server
from tests.browser.helpers import wait_idle
from tests.browser.leadership import GAP_80, RAISED, seed

NAME = "曲靖 2018 标准提高到 200 元"
DELTA = "+893.28 万元（+11.11%）"
OTHER_CITIES = ("塔城", "运城", "官方数据")


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("story")
    ids = seed(tmp / "scenarios.sqlite3")  # the file start_server gives the app (FUNDCALC_DB)
    proc, url = start_server(ROOT / "dashboard" / "app.py", tmp)
    yield url, ids
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def open_story(browser, url: str, query: str, width: int, height: int):
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{url}/story?{query}")
    wait_idle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    return ctx, page


def inside(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 720), (390, 844)])
def test_first_screen_of_a_shared_scenario(story_server, browser, width, height):
    url, ids = story_server
    ctx, page = open_story(browser, url, f"scenario={ids[RAISED]}", width, height)
    try:
        title = page.locator("h1").first
        expect(title).to_have_text(NAME)
        delta = page.locator('[data-testid="stMetricDelta"]').first
        expect(delta).to_have_text(DELTA)
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        for element in (title, delta, chart):
            box = element.bounding_box()
            assert box and inside(box, width, height), (element, box)
        assert page.locator(".st-key-story-chart g.point").count() == 9  # one bar per county
        # the sidebar does not cover the story (on a phone it starts closed)
        sidebar = page.locator('[data-testid="stSidebar"]')
        if width < 800:
            expect(sidebar).to_have_attribute("data-collapsed", "true")
        body = page.locator('[data-testid="stMain"]').inner_text()
        for word in OTHER_CITIES:  # no other city's name or 官方数据 badge on the screen
            assert word not in body
    finally:
        ctx.close()


@pytest.mark.browser
def test_presentation_mode_for_a_projector(story_server, browser):
    url, ids = story_server
    ctx, page = open_story(browser, url, f"scenario={ids[GAP_80]}&present=1", 1280, 720)
    try:
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        sizes = page.evaluate("() => [...document.querySelectorAll('[data-testid=stPlotlyChart] text')]"
                              ".filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize))")
        assert sizes and min(sizes) >= 14, sizes
        table = page.locator('[data-testid="stDataFrame"]').first
        box = table.bounding_box()
        assert box and box["y"] < 720  # the county table in view
        expect(page.locator('[data-testid="stMetricDelta"]').first).to_contain_text("-1,029.99 万元（-20.00%）")
    finally:
        ctx.close()


@pytest.mark.browser
def test_chart_hover_is_exact_with_unit_and_downloads_as_png(story_server, browser):
    url, ids = story_server
    ctx, page = open_story(browser, url, f"scenario={ids[RAISED]}", 1280, 720)
    try:
        sizes = page.evaluate("() => [...document.querySelectorAll('[data-testid=stPlotlyChart] text')]"
                              ".filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize))")
        assert sizes and min(sizes) >= 14, sizes
        box = page.locator(".st-key-story-chart g.point path").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly's drag layer is on top
        hover = page.locator(".hoverlayer .hovertext").first
        expect(hover).to_contain_text("会泽县：+389.25 万元（+11.11%）")
        with page.expect_download() as info:
            page.locator('.modebar-btn[data-title*="png" i]').first.click()
        assert info.value.suggested_filename.endswith(".png")
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 720), (390, 844)])
def test_first_screen_of_a_shared_comparison(story_server, browser, width, height):
    url, ids = story_server
    query = f"mech=allocation&base=doc:qujing_2018&s=db:{ids[RAISED]}&figure=city_total_fen"
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{url}/compare?{query}")
        wait_idle(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        chart = page.locator(".st-key-cmp-chart-changes")
        chart.locator(".main-svg").first.wait_for()  # plotly's script loads after the run has ended
        card = page.locator('[data-testid="stMetric"]').filter(has_text=NAME).first
        expect(card).to_contain_text("市级合计")  # the chosen figure, not the mechanism's 补助资金合计
        delta = card.locator('[data-testid="stMetricDelta"]')
        expect(delta).to_have_text(DELTA)
        for element in (card, delta, chart):
            box = element.bounding_box()
            assert box and inside(box, width, height), (element, box)
        body = page.locator('[data-testid="stMain"]').inner_text()
        for word in ("塔城", "运城", "官方数据"):
            assert word not in body
        # the address bar and the page's share link both reopen this comparison
        assert page.url.endswith("/compare?" + query)
        expect(page.locator(".st-key-cmp-share [data-testid='stCode']")).to_contain_text("/compare?" + query)
    finally:
        ctx.close()

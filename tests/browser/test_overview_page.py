"""总览 and the navigation in a real browser: every page opens, the headline figures, the language switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import TIMEOUT, expect_metric, expect_text, no_exception, open_page, wait_idle

pytestmark = pytest.mark.browser

PAGES = ["", "allocation", "settlement", "pooling"]


@pytest.mark.parametrize("path", PAGES)
def test_page_opens_without_an_exception(page, app_url, path):
    open_page(page, app_url, path)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("基金缺口分担")
    no_exception(page)


def test_headline_figures_with_their_sources(page, app_url):
    open_page(page, app_url)
    expect_metric(page, "市级补助合计", "8,039.73 万元")
    expect_metric(page, "此次结算合计", "-96 万元")
    for text in ("曲财社〔2018〕106号", "塔地财社〔2021〕87号", "运政办发〔2019〕30号"):
        expect(page.get_by_text(text).first).to_be_visible()
    expect_text(page, "示例数据")


def test_links_open_the_pages(page, app_url):
    open_page(page, app_url)
    links = page.get_by_role("link", name="打开测算页面")
    expect(links).to_have_count(3)  # all three cards drawn: nth(1) is then the settlement card's link
    links.nth(1).click()
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text("补助资金结算", timeout=TIMEOUT)
    no_exception(page)


def test_sidebar_switch_and_url_language(page, app_url):
    open_page(page, app_url)
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text("Medical insurance fund calculator", timeout=TIMEOUT)
    expect(page).to_have_url(f"{app_url}/?lang=en", timeout=TIMEOUT)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Fund gap sharing")
    expect_metric(page, "City total", "8,039.73 (10k yuan)")
    # the choice holds on another page
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Subsidy settlement").click()
    expect(page.locator("h1").first).to_have_text("Subsidy settlement", timeout=TIMEOUT)
    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    expect(page.locator("h1").first).to_have_text("补助资金结算", timeout=TIMEOUT)


def test_lang_en_in_the_url(page, app_url):
    open_page(page, app_url, "", "lang=en")
    expect(page.locator("h1").first).to_have_text("Medical insurance fund calculator")
    expect_text(page, "Sample data")

"""补助资金结算 in a real browser: the published −96, an edited pre-allocation, the CSV, English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import (
    TIMEOUT,
    choose_option,
    edit_cell,
    expect_metric,
    expect_text,
    key_class,
    no_exception,
    open_page,
    open_tab,
)

pytestmark = pytest.mark.browser


def test_published_settlement_and_an_edit(page, app_url):
    open_page(page, app_url, "settlement")
    expect_metric(page, "此次结算合计", "-96")
    expect_metric(page, "扣回的县", "6 / 7")
    open_tab(page, "县级结算表（可编辑）")
    # 乌苏市 (row 2) 已预拨资金 (columns: county, due, pre-allocated, note, target → 2 left of the last)
    edit_cell(page, "ed:settlement:county:", 2, 2, "1160", expect_old="1,153.00")
    # 1,156 − 1,160 = −4: every county now clawed back; total 5,031 − 5,134 = −103
    expect_metric(page, "此次结算合计", "-103")
    expect_metric(page, "扣回的县", "7 / 7")
    no_exception(page)


def test_headcount_sample_is_labelled(page, app_url):
    open_page(page, app_url, "settlement")
    choose_option(page, "ds:settlement", "塔城地区 2020 按人数测算（示例数据）")
    expect_text(page, "示例数据")
    # (insured − duplicates) × 78 元, whole 万元, summed by hand in tests/test_app_settlement.py: 5,042; −85
    expect_metric(page, "应补助资金合计", "5,042")
    expect_metric(page, "此次结算合计", "-85")
    no_exception(page)


def test_csv_download(page, app_url):
    open_page(page, app_url, "settlement")
    with page.expect_download() as info:
        page.locator(key_class("dl:settlement:csv")).get_by_role("button").click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "县(市)名称,应补助资金(万元),已预拨资金(万元),此次结算补助资金(万元),备注"
    assert lines[1] == "塔城市,721,731,-10,从塔地财社〔2021〕8号文件扣回"  # a negative stays a number
    assert lines[-1] == "合计,5031,5127,-96,"


def test_english(page, app_url):
    open_page(page, app_url, "settlement", "lang=en")
    expect(page.locator("h1").first).to_have_text("Subsidy settlement")
    expect_metric(page, "Net settlement", "-96")
    expect(page.get_by_text("Settlement: top-ups (right) and clawbacks (left)")).to_have_count(1, timeout=TIMEOUT)

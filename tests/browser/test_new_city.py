"""The "Done when" walk-through of 新建测算 in a real browser: a new user sets up the made-up city (样例市 2025, three
categories of its own, levels 5:3:2, 100 元 rounding) without writing any file but the county table XLSX this test
generates, saves it as their baseline and opens it: the calculation page shows the city's figures (computed
independently in tests/new_city_files.py) and no shipped document's words."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import new_city_files as city

from . import new_city_walk as walk
from .helpers import expect_metric, key_class, no_exception, wait_idle

pytestmark = pytest.mark.browser

FORBIDDEN = city.FORBIDDEN


def wan(yuan: int) -> str:
    return f"{yuan / 10_000:,.2f}"


def test_a_new_user_sets_up_their_city_and_opens_it(page: Page, app_url: str):
    expected = city.expected()["合计"]
    walk.start(page, app_url)
    walk.fill_document(page)
    walk.add_categories(page)
    no_exception(page)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)

    walk.upload_table(page, city.xlsx())
    step4 = page.locator(key_class("nb-step-4"))
    expect(step4.locator('[data-testid="stMetric"]').filter(has_text="市级合计").locator(
        '[data-testid="stMetricValue"]')).to_have_text(wan(expected["city"]), timeout=walk.SLOW)

    # leaving the page and coming back keeps everything entered
    page.get_by_role("link", name="总览").click()
    wait_idle(page)
    page.get_by_role("link", name="新建测算").click()
    wait_idle(page)
    expect(page.locator(f'{key_class("nb:w:f:region_zh")} input')).to_have_value("样例市")
    expect(page.locator(key_class("nb-step-3"))).to_contain_text("已读取 11 个县", timeout=walk.SLOW)

    walk.save(page)
    # the policy file as the user downloads it: the shipped files' format, every value the user's own
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="下载参数文件（TOML）").click()
    policy = tomllib.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename == "样例市_2025.toml"
    assert (policy["meta"]["region_zh"], policy["meta"]["year"], policy["meta"]["doc_no"]) == (
        "样例市", 2025, "样财社〔2025〕1号")
    assert [c["key"] for c in policy["meta"]["categories"]] == [c[0] for c in city.CATEGORIES]
    assert policy["values"]["min_living"] == {"standard_yuan": 400, "subsidised_pct": 70, "province_pct": 50,
                                              "city_pct": 30, "county_pct": 20}
    assert {s["kind"] for s in policy["sources"].values()} == {"assumption"}

    walk.open_calculation(page)
    expect_metric(page, "补助资金合计", wan(expected["total"]), timeout=walk.SLOW)
    expect_metric(page, "市级合计", wan(expected["city"]))
    expect_metric(page, "省级合计", wan(expected["province"]))
    no_exception(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "样例市" in text
    assert not [word for word in FORBIDDEN if word in text], [w for w in FORBIDDEN if w in text]

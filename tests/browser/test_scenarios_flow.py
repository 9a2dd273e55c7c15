"""Scenarios in the real dashboard: save, reload, open, compare with the baseline, and follow the
share link in a new browser context (a new session) to the same parameter values.

Expected figures by hand from the 附表 headcounts (tests/reference/qujing_2018_poverty_insurance_subsidy.csv):
with the 未脱贫 standard at 200 元, 麒麟区's 未脱贫 4,773 people cost 4,773 × 120 = 572,760 元 → 57.28 万元
(province) and 4,773 × 80 = 381,840 元 → 38.18 万元 (city); its 已脱贫 part stays 53.45 + 80.17, so its
total is 229.08 万元 against 219.54: +9.54 万元, +4.35%.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from .helpers import key_class, no_exception, open_page, wait_idle

NAME = "浏览器测试方案"
STANDARD = "p:allocation:not_lifted.standard_yuan"
LIFTED = "p:allocation:lifted.standard_yuan"


def keyed(page, key: str):
    """The element of the widget with this key (Streamlit marks it with the class st-key-<key>)."""
    return page.locator(".st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key))


def set_number(page, key: str, value: str) -> None:
    box = keyed(page, key).locator("input")
    box.fill(value)
    box.press("Enter")
    wait_idle(page)


def go_to(page, url_path: str) -> None:
    """Through the sidebar, in the same session (a typed URL would start a new one)."""
    page.locator(f'a[data-testid="stSidebarNavLink"][href$="/{url_path}"]').click()
    wait_idle(page)
    no_exception(page)


@pytest.mark.browser
def test_save_reload_open_compare_share(app_url, page, browser):
    # 1. change a standard on the allocation page, save the workspace as a scenario
    open_page(page, app_url, "allocation")
    set_number(page, STANDARD, "200")
    expect(keyed(page, STANDARD).locator("input")).to_have_value("200")
    go_to(page, "scenarios")
    name_box = keyed(page, "sc:name").locator("input")
    name_box.fill(NAME)
    name_box.press("Enter")
    wait_idle(page)
    keyed(page, "sc:save").locator("button").first.click()
    wait_idle(page)
    expect(page.get_by_text(f"已保存方案「{NAME}」")).to_be_visible()

    # 2. reload: a new session (the unsaved work comes back as a draft, ui/draft.py), the scenario is still listed
    page.reload()
    wait_idle(page)
    no_exception(page)
    expect(page.get_by_text("已保存的方案")).to_be_visible()
    share_link = page.locator(f'{key_class("sc:share_link")} [data-testid="stCode"]').inner_text().strip()
    query = dict(parse_qsl(urlsplit(share_link).query))
    assert query["not_lifted.standard_yuan"] == "200" and query["scenario"].isdigit()

    # 3. open it: the allocation page shows the saved value again
    keyed(page, "sc:open").locator("button").first.click()
    wait_idle(page)
    no_exception(page)
    expect(page).to_have_url(re.compile(r"/allocation\?"))
    expect(keyed(page, STANDARD).locator("input")).to_have_value("200")

    # 4. compare it with the document as published
    go_to(page, "compare")
    keyed(page, "cmp:picked:allocation").click()
    page.get_by_role("option", name=f"方案：{NAME}", exact=False).first.click()
    page.keyboard.press("Escape")
    wait_idle(page)
    no_exception(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=f"{NAME} · 补助资金合计")
    expect(metric).to_be_visible()
    with page.expect_download() as info:
        keyed(page, "cmp:csv").locator("button").first.click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == "麒麟区,219.54,229.08,9.54,4.35"

    # 5. the share link in a new browser context (a new session) shows the same parameter values
    other = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        fresh = other.new_page()
        fresh.set_default_timeout(30_000)
        fresh.goto(share_link)
        wait_idle(fresh)
        no_exception(fresh)
        expect(keyed(fresh, STANDARD).locator("input")).to_have_value("200")
        expect(keyed(fresh, LIFTED).locator("input")).to_have_value("180")
    finally:
        other.close()

"""Nothing lost, nothing taken over, in a real browser.

- Unsaved work (a county cell edit) comes back after a reload of the tab and after the server restarts on
  the same database (the draft, ui/draft.py), and the address bar never holds the key it is found by.
- Two browser contexts are two browsers, so two authors (ui/identity.py): B cannot rename or delete A's
  scenario, and saving under A's name makes a new version, so A's share link still shows A's numbers.
- 恢复官方数据 after following a share link brings back the document's figure and a clean address bar.

Figures by hand from the 附表 (tests/reference/qujing_2018_poverty_insurance_subsidy.csv): 市级合计 8,039.73;
麒麟区 未脱贫 4,773 → 5,000 adds 227 × 72 元 = 16,344 元 → city part 36.00 instead of 34.37: 8,041.36;
未脱贫 standard 200 元 (city part 80 元/人): 8,385.28 (tests/browser/test_allocation_page.py), and with
麒麟区 at 5,000: 5,000 × 80 = 400,000 元 → 40.00 instead of 4,773 × 80 = 381,840 元 → 38.18: 8,387.10.
"""

from __future__ import annotations

import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, start_server
from .helpers import (
    TIMEOUT,
    choose_option,
    edit_cell,
    expect_metric,
    key_class,
    no_exception,
    open_page,
    open_tab,
    set_number,
    wait_idle,
)

pytestmark = pytest.mark.browser

EDITOR_TAB = "县级人数表（可编辑）"
STANDARD = "p:allocation:not_lifted.standard_yuan"
COOKIE = "fundcalc_browser"


@pytest.fixture
def own_server(tmp_path):
    """Servers on one database of this test's own; each started one is stopped at the end."""
    procs = []

    def start():
        proc, url = start_server(ROOT / "dashboard" / "app.py", tmp_path)
        procs.append(proc)
        return proc, url

    yield start
    for proc in procs:
        stop(proc)


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def browser_id(context) -> str:
    found = [c["value"] for c in context.cookies() if c["name"] == COOKIE]
    assert found, "no per-browser identity cookie"
    return found[0]


def open_known(page, url: str, path: str, query: str = "") -> None:
    """open_page, then wait until this browser's identity element has answered (its cookie is set and the
    run it starts is over), so a value typed next is not met by that run."""
    open_page(page, url, path, query)
    page.wait_for_function(f"document.cookie.includes('{COOKIE}=')", timeout=TIMEOUT)
    wait_idle(page)


def edit_qilin(page) -> None:
    """麒麟区 未脱贫 4,773 → 5,000 in the editable county table."""
    open_tab(page, EDITOR_TAB)
    edit_cell(page, "ed:allocation:county:", 0, 1, "5000", expect_old="4,773")
    expect_metric(page, "市级合计", "8,041.36")
    expect(page.get_by_text("县表改了 1 处")).to_be_visible()


def assert_no_identity_in_url(page, context, params: frozenset = frozenset()) -> None:
    """The address bar holds parameter values at most: no identity, no draft key."""
    bid = browser_id(context)
    assert bid not in page.url and COOKIE not in page.url
    assert set(dict(parse_qsl(urlsplit(page.url).query))) <= {"lang"} | params


def test_a_cell_edit_survives_a_reload(page, context, app_url):
    open_known(page, app_url, "allocation")
    edit_qilin(page)
    assert_no_identity_in_url(page, context)
    page.reload()
    wait_idle(page)
    expect_metric(page, "市级合计", "8,041.36")
    expect(page.get_by_text("县表改了 1 处")).to_be_visible(timeout=TIMEOUT)
    assert_no_identity_in_url(page, context)
    # discarding asks first, then the draft goes too: a second reload shows the document
    page.locator(key_class("reset_ask:allocation")).get_by_role("button").click()
    page.locator(key_class("reset:allocation")).get_by_role("button").click()
    expect_metric(page, "市级合计", "8,039.73")
    page.reload()
    wait_idle(page)
    expect_metric(page, "市级合计", "8,039.73")
    no_exception(page)


def test_edits_and_parameters_survive_a_server_restart(page, context, own_server):
    proc, url = own_server()
    open_known(page, url, "allocation")
    set_number(page, STANDARD, "200")
    expect_metric(page, "市级合计", "8,385.28")
    edit_qilin_after_standard(page)
    stop(proc)
    _, url2 = own_server()  # a second server on the same FUNDCALC_DB (another port, same host: same cookie)
    open_page(page, url2, "allocation")
    expect_metric(page, "市级合计", "8,387.10")
    expect(page.get_by_text("县表改了 1 处")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(f'{key_class(STANDARD)} input')).to_have_value("200")
    assert_no_identity_in_url(page, context, frozenset({"not_lifted.standard_yuan"}))
    no_exception(page)


def edit_qilin_after_standard(page) -> None:
    """With the 未脱贫 standard at 200 元 (city part 80 元): 麒麟区 4,773 → 5,000: city part 40.00 instead of
    38.18, so 8,385.28 + 1.82 = 8,387.10."""
    open_tab(page, EDITOR_TAB)
    edit_cell(page, "ed:allocation:county:", 0, 1, "5000", expect_old="4,773")
    expect_metric(page, "市级合计", "8,387.10")


def test_another_browser_cannot_take_over_a_scenario(browser, own_server):
    _, url = own_server()
    a_ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    b_ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        a, b = a_ctx.new_page(), b_ctx.new_page()
        # A saves 200 元 as 共用名 and copies its link
        open_known(a, url, "allocation")
        set_number(a, STANDARD, "200")
        expect_metric(a, "市级合计", "8,385.28")
        a.locator('[data-testid="stSidebarNav"]').get_by_text("方案", exact=True).click()
        wait_idle(a)
        a.locator(f'{key_class("sc:name")} input').fill("共用名")
        a.locator(f'{key_class("sc:name")} input').press("Enter")
        wait_idle(a)
        a.locator(key_class("sc:save")).get_by_role("button").click()
        expect(a.get_by_text("已保存方案「共用名」")).to_be_visible(timeout=TIMEOUT)
        link_a = a.locator(f'{key_class("sc:share_link")} [data-testid="stCode"]').inner_text().strip()
        assert "scenario=" in link_a

        # B sees A's scenario, but renaming and deleting are A's only
        open_known(b, url, "scenarios")
        expect(b.get_by_text("作者：他人")).to_be_visible(timeout=TIMEOUT)
        expect(b.locator(key_class("sc:do_rename")).get_by_role("button")).to_be_disabled()
        expect(b.locator(f'{key_class("sc:rename")} input')).to_be_disabled()
        expect(b.locator('[data-testid="stPopover"]').filter(has_text="删除").get_by_role("button")).to_be_disabled()
        # B saves its own numbers under the same name: a second version, A's id untouched
        open_known(b, url, "allocation")
        set_number(b, STANDARD, "250")
        b.locator('[data-testid="stSidebarNav"]').get_by_text("方案", exact=True).click()
        wait_idle(b)
        b.locator(f'{key_class("sc:name")} input').fill("共用名")
        b.locator(f'{key_class("sc:name")} input').press("Enter")
        wait_idle(b)
        b.locator(key_class("sc:save")).get_by_role("button").click()
        expect(b.get_by_text("已保存方案「共用名」（编号 2，第 2 版）")).to_be_visible(timeout=TIMEOUT)
        assert browser_id(a_ctx) != browser_id(b_ctx)

        # A's link, followed anywhere, still shows A's numbers
        c = b_ctx.new_page()
        c.goto(link_a)
        wait_idle(c)
        expect_metric(c, "市级合计", "8,385.28")
        expect(c.locator(f'{key_class(STANDARD)} input')).to_have_value("200")
        # and A, the author, still owns version 1 (B's version 2 is B's)
        a.reload()
        wait_idle(a)
        expect(a.get_by_text("作者：他人")).to_be_visible(timeout=TIMEOUT)  # the newest, B's, is chosen first
        choose_option(a, "sc:selected", "共用名 · v1（#1）")
        wait_idle(a)
        expect(a.get_by_text("作者：我")).to_be_visible(timeout=TIMEOUT)
        expect(a.locator(key_class("sc:do_rename")).get_by_role("button")).to_be_enabled()
        no_exception(a)
        no_exception(b)
    finally:
        a_ctx.close()
        b_ctx.close()


def test_restore_official_data_after_following_a_link(page, app_url):
    open_page(page, app_url, "allocation", "not_lifted.standard_yuan=200")
    expect_metric(page, "市级合计", "8,385.28")
    page.locator(key_class("reset_ask:allocation")).get_by_role("button").click()
    page.locator(key_class("reset:allocation")).get_by_role("button").click()
    expect_metric(page, "市级合计", "8,039.73")
    expect(page).to_have_url(f"{app_url}/allocation", timeout=TIMEOUT)
    no_exception(page)

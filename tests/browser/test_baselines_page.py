"""A saved baseline of the made-up city (tests/sample_city_baseline.py) in the real dashboard: chosen in the
dataset selector, its badge and figures; a parameter change shows "较基准 <name>"; the address bar then
carries the baseline, and that link opened in a new browser context shows the same figures and wording.
Expected figures: the city's independent integer computation (tests/sample_city_baseline.expected_fen)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fundcalc.baselines import save_baseline
from fundcalc.money import format_wan
from fundcalc.store import Store
from tests import sample_city_baseline as city

from .conftest import ROOT, start_server
from .helpers import choose_option, expect_metric, expect_text, no_exception, open_page, set_number, wait_idle

LABEL = f"{city.NAME} v1"
DESTITUTE = "p:allocation:destitute.standard_yuan"
SHIPPED_INTRO = "建档立卡贫困人口个人缴费由财政全额补贴"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own whose store holds the city's baseline (saved before the server starts)."""
    tmp = tmp_path_factory.mktemp("baseline-server")
    bid = save_baseline(city.NAME, "allocation", city.policy_toml(), city.table_csv(), author="someone",
                        store=Store(tmp / "scenarios.sqlite3"))
    proc, url = start_server(ROOT / "dashboard" / "app.py", tmp)
    yield url, bid
    proc.terminate()
    proc.wait(10)


def _with_destitute_at(standard: int) -> dict[str, int]:
    destitute = city.expected_fen([(c, d, 0, 0) for c, d, _, _ in city.COUNTIES], standard=standard)
    rest = city.expected_fen([(c, 0, m, r) for c, _, m, r in city.COUNTIES])
    return {k: destitute[k] + rest[k] for k in destitute}


def test_choose_change_and_share_a_baseline(server, page, context):
    url, bid = server
    open_page(page, url, "allocation")
    choose_option(page, "ds:allocation", f"我的基准 · {LABEL}")
    wait_idle(page)
    base = city.expected_fen()
    expect_metric(page, "补助资金合计", format_wan(base["total_fen"]))
    expect_metric(page, "市级合计", format_wan(base["city_total_fen"]))
    expect_text(page, "样财社〔2025〕1号")
    expect(page.get_by_text(f"当前与基准「{LABEL}」一致")).to_be_visible()
    expect(page.get_by_text("官方数据", exact=False)).to_have_count(0)

    set_number(page, DESTITUTE, "500")
    want = _with_destitute_at(500)
    expect_metric(page, "补助资金合计", format_wan(want["total_fen"]))
    total = page.locator('[data-testid="stMetric"]').filter(has_text="补助资金合计").first
    expect(total).to_contain_text(f"较基准 {LABEL}")
    no_exception(page)
    page.wait_for_url(f"**dataset=baseline%3A{bid}**")
    link = page.url

    other = context.browser.new_context(locale="zh-CN").new_page()
    other.goto(link)
    wait_idle(other)
    expect_metric(other, "补助资金合计", format_wan(want["total_fen"]))
    expect(other.locator('[data-testid="stMetric"]').filter(has_text="补助资金合计").first).to_contain_text(
        f"较基准 {LABEL}")
    expect_text(other, f"我的基准 · {LABEL}")
    no_exception(other)
    text = other.locator('[data-testid="stMain"]').inner_text()
    # The allocation page's intro is the shipped document's until the policy's [page] intro lands (the
    # "policy" branch of this round): that one element is taken out of the scan, by its text.
    intro = other.locator('[data-testid="stCaptionContainer"]').filter(has_text=SHIPPED_INTRO)
    for i in range(intro.count()):
        text = text.replace(intro.nth(i).inner_text(), "")
    assert [w for w in city.FORBIDDEN if w in text] == []
    other.context.close()

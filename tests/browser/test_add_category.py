"""The add-category form in a real browser: Enter in 类别名称 does not add the category with the defaults;
the 添加 button does, with the 资助比例 typed in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import TIMEOUT, key_class, no_exception, open_page, wait_idle

pytestmark = pytest.mark.browser


def test_enter_in_the_name_does_not_submit(page, app_url):
    open_page(page, app_url, "allocation")
    panel = page.locator('[data-testid="stExpander"]').filter(has_text="添加人员类别").first
    panel.locator("summary").click()
    name = page.locator(f'{key_class("newcat:zh")} input')
    expect(name).to_be_visible(timeout=TIMEOUT)
    name.fill("低保")
    name.press("Enter")
    wait_idle(page)
    # not added: no remove button for a new category, the name still in the field
    expect(page.locator(key_class("rmcat:cat1"))).to_have_count(0)
    expect(name).to_have_value("低保")
    share = page.locator(f'{key_class("newcat:subsidised")} input')
    share.fill("50")
    panel.get_by_role("button", name="添加").click()
    expect(page.locator(key_class("rmcat:cat1"))).to_have_count(1, timeout=TIMEOUT)
    # the new category's 资助比例 is the one typed: 50%
    expect(page.locator(f'{key_class("p:allocation:cat1.subsidised_pct")} input')).to_have_value("50",
                                                                                              timeout=TIMEOUT)
    no_exception(page)

"""A first visit straight to a mechanism page on a fresh server runs through dashboard/app.py: the sidebar
navigation and the language switch are there, not the page alone (Streamlit's legacy ``pages/`` mode would
serve /allocation without the entrypoint when ``pages/`` sat next to it)."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, start_server
from .helpers import TIMEOUT, no_exception, open_page

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server(tmp_path):
    proc, url = start_server(ROOT / "dashboard" / "app.py", tmp_path)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_first_request_to_a_sub_page_has_the_navigation_and_language_switch(page, fresh_server):
    open_page(page, fresh_server, "allocation")
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_contain_text("资助参保补助分配", timeout=TIMEOUT)
    expect(nav).to_contain_text("基金缺口分担")
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("English")).to_be_visible()
    expect(page.locator("h1").first).to_have_text("资助参保补助分配")
    no_exception(page)

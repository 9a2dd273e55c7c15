"""Deterministic waits for Streamlit pages, in one place."""

from __future__ import annotations

from playwright.sync_api import Page, expect

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page: Page, timeout: int = 30_000) -> None:
    """Wait until the app is connected and its script has finished running."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page: Page, base_url: str, path: str = "", query: str = "") -> None:
    page.goto(f"{base_url}/{path}{('?' + query) if query else ''}")
    wait_idle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def metric_value(page: Page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()

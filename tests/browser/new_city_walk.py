"""新建测算 in a real browser, step by step as a user does it: the made-up city of tests/new_city_files.py typed into
the wizard, its county table XLSX uploaded, saved, opened. Shared by tests/browser/test_new_city.py and
scripts/screenshots.py (the README's walk-through is these steps)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import new_city_files as city

from .helpers import choose_option, key_class, open_page, set_number, wait_idle

SLOW = 60_000          # an upload or a save goes to the server and back, then the page reruns
DOCUMENT = {"region_zh": "样例市", "region_en": "Sample City", "doc_no": "样财社〔2025〕1号",
            "title_zh": "2025年困难群众资助参保补助资金分配表",
            "title_en": "2025 contribution subsidies for people in difficulty"}


def type_text(page: Page, key: str, value: str) -> None:
    field = page.locator(f"{key_class(key)} input")
    wait_idle(page)
    field.fill(value)
    field.press("Enter")
    wait_idle(page)
    expect(field).to_have_value(value)


def click(page: Page, name: str) -> None:
    wait_idle(page)      # a click on a button its own run is still redrawing can be lost
    page.get_by_role("button", name=name, exact=True).click()
    wait_idle(page)


def start(page: Page, base_url: str) -> None:
    open_page(page, base_url, "new")
    click(page, "开始")
    expect(page.locator(key_class("nb:w:f:region_zh"))).to_be_visible(timeout=SLOW)


def fill_document(page: Page) -> None:
    for key, value in DOCUMENT.items():
        type_text(page, f"nb:w:f:{key}", value)
    set_number(page, "nb:w:f:year", "2025")
    wait_idle(page)


def add_categories(page: Page) -> None:
    """Each category through the add form (the figures of the one before are kept: only the subsidised share
    changes between them)."""
    shares = dict(zip(("province_pct", "city_pct", "county_pct"), (50, 30, 20), strict=True))
    for key, zh, en, pct, _ in city.CATEGORIES:
        type_text(page, "nb:w:add:zh", zh)
        type_text(page, "nb:w:add:en", en)
        type_text(page, "nb:w:add:key", key)
        for field, value in {"standard_yuan": city.STANDARD_YUAN, "subsidised_pct": pct, **shares}.items():
            set_number(page, f"nb:w:add:{field}", str(value))
            wait_idle(page)
        click(page, "添加类别")
    choose_option(page, "nb:w:val:rounding_unit_yuan", "100 元")
    wait_idle(page)


def upload_table(page: Page, data: bytes, name: str = "样例市2025县级人数.xlsx") -> None:
    wait_idle(page)
    page.locator(f'{key_class("nb-step-3")} input[type=file]').set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}])
    expect(page.locator(key_class("nb-step-3"))).to_contain_text("已读取 11 个县", timeout=SLOW)
    wait_idle(page)


def save(page: Page, name: str | None = None) -> None:
    if name is not None:
        type_text(page, "nb:w:name", name)
    click(page, "保存为我的基准")
    expect(page.locator(key_class("nb-step-4"))).to_contain_text("已保存为我的基准", timeout=SLOW)


def open_calculation(page: Page) -> None:
    click(page, "打开测算页")
    page.wait_for_url("**/allocation**", timeout=SLOW)
    wait_idle(page)

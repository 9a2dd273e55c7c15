"""The import panel in a real browser: a bad file is refused with its reason and the table stays;
a messy GBK 曲靖 form gives the official totals; names are shown as text, never run as HTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import no_exception, open_page, open_tab, wait_idle

CORPUS = Path(__file__).resolve().parents[1] / "import_corpus"
IMPORT = "导入自己的表格"
CONFIRM = "确认导入，替换当前表格"

pytestmark = pytest.mark.browser
# An upload goes to the server and back, then the script reruns: slower than a click on a shared machine.
SLOW = 30_000


def panel(page: Page):
    return page.locator('[data-testid="stExpander"]').filter(has_text=IMPORT).first


def open_panel(page: Page) -> None:
    details = panel(page).locator("details")
    if details.get_attribute("open") is None:
        panel(page).locator("summary").click()
    expect(panel(page).locator('[data-testid="stFileUploader"]')).to_be_visible(timeout=SLOW)


def send(page: Page, name: str, data: bytes) -> None:
    wait_idle(page)      # a run in progress still shows the previous run's uploader next to the new one
    open_panel(page)
    panel(page).locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def confirm(page: Page) -> None:
    button = page.get_by_role("button", name=CONFIRM)
    expect(button).to_be_visible(timeout=SLOW)
    wait_idle(page)  # a click on a button its own run is still redrawing can be lost
    button.click()
    expect(panel(page).locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("已导入", timeout=SLOW)
    wait_idle(page)
    no_exception(page)


def city_total(page: Page):
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="市级合计").first
    return metric.locator('[data-testid="stMetricValue"]')


def test_bad_file_refused_table_kept_then_gbk_form_gives_official_totals(page: Page, app_url: str):
    open_page(page, app_url, "allocation")
    expect(city_total(page)).to_have_text("8,039.73", timeout=SLOW)

    # A table of our own first, so that "unchanged" can be told apart from the official figures:
    # city share 72 元 (未脱贫) and 108 元 (已脱贫) per person — 1000 × 72 + 2000 × 108 = 288,000 元 = 28.80 万元,
    # 500 × 72 = 36,000 元 = 3.60 万元; together 32.40 万元.
    own = "县(市、区),未脱贫人数,已脱贫人数\n甲县,1000,2000\n乙县,500,0\n".encode()
    send(page, "own.csv", own)
    confirm(page)
    expect(city_total(page)).to_have_text("32.40", timeout=SLOW)

    send(page, "bad_negative.csv", (CORPUS / "bad_negative.csv").read_bytes())
    error = panel(page).locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("第 7 行", timeout=SLOW)
    expect(error).to_contain_text("不能小于 0", timeout=SLOW)
    expect(error).to_contain_text("当前表格没有改动", timeout=SLOW)
    expect(page.get_by_role("button", name=CONFIRM)).to_have_count(0, timeout=SLOW)
    wait_idle(page)
    no_exception(page)
    expect(city_total(page)).to_have_text("32.40")      # the previous table is untouched

    send(page, "qj_gbk_official_form.csv", (CORPUS / "qj_gbk_official_form.csv").read_bytes())
    expect(panel(page)).to_contain_text("合计行（第 14 行）已与各县之和核对一致", timeout=SLOW)
    confirm(page)
    # 曲靖 附表 合计, the reference CSV's city_total_wan
    expect(city_total(page)).to_have_text("8,039.73", timeout=SLOW)
    people = page.locator('[data-testid="stMetric"]').filter(has_text="资助人数").first
    expect(people.locator('[data-testid="stMetricValue"]')).to_have_text("888,409", timeout=SLOW)


def test_names_with_markup_show_as_text(page: Page, app_url: str):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, app_url, "allocation")
    names = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "**粗体**县"]
    text = "county,not_lifted_people,lifted_people\n" + "".join(
        f"\"{n}\",{i + 1},{i + 2}\n" for i, n in enumerate(names))
    send(page, "markup.csv", text.encode("utf-8"))
    for n in names:
        expect(panel(page)).to_contain_text(n, timeout=SLOW)
    confirm(page)
    chart = page.locator('svg[data-chart="chart:allocation:levels"]')
    for n in names:
        expect(chart).to_contain_text(n, timeout=SLOW)   # row labels are the names, character for character
    wait_idle(page)
    open_tab(page, "这个数怎么来的")
    chooser = page.locator('[data-testid="stSelectbox"]').filter(has_text="选择县(市、区)").first
    expect(chooser.get_by_role("combobox")).to_have_value(names[0], timeout=SLOW)
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="alert(").count() == 0
    assert page.locator("strong", has_text="粗体").count() == 0
    assert dialogs == []
    no_exception(page)

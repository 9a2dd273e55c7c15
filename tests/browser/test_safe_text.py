"""User text is text in the real dashboard: a scenario named with an HTML link and described with a Markdown
image and link, all pointing at a loopback HTTP server this test starts, shows as literal text on the 方案
page and the compare page (the plotly legends too); no <a> or <img> is made from it, and neither the
browser nor the server fetches anything from that address.

Only 127.0.0.1 is used. A crafted share link (a scenario id past SQLite's range) is refused with a message
and the page keeps working.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from .helpers import no_exception, open_page, wait_idle

JOINER = "\u2060"  # ui/safe_text's invisible break against autolinks; not part of what a reader sees


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 — http.server's name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def bait():
    """A loopback HTTP server that records every request; yields its base URL and the list of paths."""
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def keyed(page, key: str):
    return page.locator(".st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key))


def type_into(page, key: str, text: str) -> None:
    box = keyed(page, key).locator("input")
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def seen_text(page) -> str:
    return page.evaluate("() => document.body.innerText").replace(JOINER, "")


def made_from(page, base: str) -> list[str]:
    """Elements whose link or source attribute points at the bait server (HTML and SVG, plotly included)."""
    return page.evaluate("""(base) => {
        const out = [];
        for (const el of document.querySelectorAll('*')) {
            for (const attr of el.attributes) {
                const name = attr.name.toLowerCase();
                if (['href', 'xlink:href', 'src', 'srcset', 'poster', 'data', 'action', 'formaction', 'style']
                        .includes(name) && attr.value.includes(base)) {
                    out.push(el.tagName + ' ' + name + '=' + attr.value);
                }
            }
        }
        return out;
    }""", base.removeprefix("http://"))


@pytest.mark.browser
def test_markdown_and_html_in_a_scenario_stay_text(app_url, page, bait):
    base, hits = bait
    requested = []
    page.on("request", lambda r: requested.append(r.url) if base.removeprefix("http://") in r.url else None)
    name = f"<a href={base}/name>x</a>"
    # and Streamlit's rules on parsed text: autolinks, emoji and icon shortcodes, arrows, math, emphasis
    desc = (f"![img]({base}/img.png) [link]({base}/link) {base}/bare www.example.invalid "
            "someone@example.invalid :smile: :material/home: a -> b $x^2$ **b** :red[c]")

    open_page(page, app_url, "scenarios")
    type_into(page, "sc:name", name)
    type_into(page, "sc:desc", desc)
    keyed(page, "sc:save").locator("button").first.click()
    wait_idle(page)
    # the click's run may start after the first idle check: wait for its message (retried), then read
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="已保存方案")).to_be_visible()
    wait_idle(page)
    no_exception(page)
    assert made_from(page, base) == []
    # the save message, "打开自方案", the description: each as typed
    text = seen_text(page)
    assert f"已保存方案「{name}」" in text
    assert f"打开自方案「{name}」" in text
    assert desc in text
    assert page.locator('a[href*="example.invalid"], .katex').count() == 0
    # the delete label, inside its popover
    page.locator('[data-testid="stPopover"] button').filter(has_text="删除").first.click()
    expect(page.locator('[data-testid="stCheckbox"]').filter(has_text="确认删除")).to_be_visible()
    assert f"确认删除「{name}」" in seen_text(page)
    page.keyboard.press("Escape")
    assert made_from(page, base) == []

    # the compare page: the option, the metric label and both plotly legends
    page.locator('a[data-testid="stSidebarNavLink"][href$="/compare"]').click()
    wait_idle(page)
    no_exception(page)
    keyed(page, "cmp:picked:allocation").click()
    page.get_by_role("option").filter(has_text="方案：").first.click()
    page.keyboard.press("Escape")
    wait_idle(page)
    no_exception(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)  # plotly loads after the run
    expect(page.locator(".js-plotly-plot .legendtext").first).to_be_visible()
    legends = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert sum(t.replace(JOINER, "") == name for t in legends) == 2, legends
    assert f"{name} · 补助资金合计" in seen_text(page)
    assert page.locator(".js-plotly-plot a").count() == 0
    assert made_from(page, base) == []

    assert requested == [] and hits == [], (requested, hits)


@pytest.mark.browser
def test_a_scenario_id_past_sqlite_range_is_refused(app_url, page):
    open_page(page, app_url, "allocation", "scenario=9223372036854775808")
    no_exception(page)
    toast = page.locator('[data-testid="stToast"]').filter(has_text="方案编号无效")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("invalid scenario id")
    box = keyed(page, "p:allocation:not_lifted.standard_yuan").locator("input")
    expect(box).to_have_value("180")
    box.fill("200")
    box.press("Enter")
    wait_idle(page)
    no_exception(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="市级合计")
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text("8,385.28")

"""ui/live.py's rerun table against a real server: for each event, a click reruns exactly the fragments the
table names (the whole page for None), and a note that was never drawn is refused (the server runs with
FUNDCALC_STRICT_RERUNS=1, as every test server does)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ui import live

from .conftest import start_server
from .helpers import TIMEOUT, key_class, open_page, wait_idle

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parent / "apps" / "fragments_app.py"
COUNTERS = ("page", *live.FRAGMENTS)


@pytest.fixture(scope="module")
def fragments_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fragments")
    proc, url = start_server(APP, tmp, watch_log=False)  # the undrawn-note test makes an error on purpose
    yield url, tmp
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def counts(page) -> dict[str, int]:
    text = page.locator('[data-testid="stMain"]').inner_text()
    found = {name: int(n) for name, n in re.findall(r"\b(page|status|params|results):(\d+)\b", text)}
    assert set(found) == set(COUNTERS), text
    return found


@pytest.mark.parametrize("event", list(live.RERUNS))
def test_an_event_reruns_the_fragments_of_the_table(page, fragments_server, event):
    url, _ = fragments_server
    open_page(page, url)
    before = counts(page)
    page.locator(f"{key_class('ev:' + event)} button").click()
    parts = live.RERUNS[event]
    expected = set(COUNTERS) if parts is None else set(parts)
    first = next(name for name in COUNTERS if name in expected)
    # the rerun has happened once one expected counter moved; then wait for the run to end
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(f"{first}:{before[first] + 1}", timeout=TIMEOUT)
    wait_idle(page)
    after = counts(page)
    assert {name for name in COUNTERS if after[name] != before[name]} == expected


def test_an_undrawn_note_is_refused(page, fragments_server):
    url, tmp = fragments_server
    open_page(page, url)
    page.get_by_role("button", name="undrawn note").click()
    wait_idle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(1, timeout=TIMEOUT)
    log = "".join(p.read_text("utf-8", "replace") for p in tmp.glob("server-*.log"))
    assert "fragment keys ['note:demo:nowhere'] were not drawn" in log

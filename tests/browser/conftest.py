"""Browser tests: the real dashboard served by `streamlit run`, driven by Playwright in Debian's Chromium.

One server per test session on a free loopback port, with its own SQLite file;
a fresh browser context per test. Waits are on Streamlit's own script state,
never on sleeps (see helpers.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Server logs the autouse fixture below reads after every test: path → bytes already read.
_WATCHED_LOGS: dict[Path, int] = {}


def start_server(app: Path, tmp: Path, extra_env: dict | None = None, watch_log: bool = True):
    """Start `streamlit run APP` on loopback; returns (process, base url). Reruns are strict (ui/live.py):
    a fragment key not drawn is an error, which the log check below turns into a failed test."""
    port = _free_port()
    env = os.environ | {"FUNDCALC_DB": str(tmp / "scenarios.sqlite3"), "PYTHONPATH": str(ROOT),
                        "FUNDCALC_STRICT_RERUNS": "1"} | (extra_env or {})
    log = tmp / f"server-{port}.log"
    if watch_log:
        _WATCHED_LOGS[log] = 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)  # polling a server's start-up, not waiting on the page
    proc.kill()
    raise RuntimeError(f"streamlit did not start; see {tmp}")


@pytest.fixture(autouse=True)
def _server_logs_stay_clean():
    """After each test, what the servers logged meanwhile holds no traceback and no refused fragment key."""
    yield
    for log, start in list(_WATCHED_LOGS.items()):
        if not log.exists():
            continue
        with open(log, "rb") as f:
            f.seek(start)
            new = f.read()
        _WATCHED_LOGS[log] = start + len(new)
        text = new.decode("utf-8", "replace")
        if "Traceback" in text or "fragment keys" in text:
            pytest.fail(f"the server logged an error during this test ({log}):\n{text[-3000:]}")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server")
    proc, url = start_server(ROOT / "dashboard" / "app.py", tmp)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser, tmp_path):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    p = context.new_page()
    p.set_default_timeout(30_000)
    yield p

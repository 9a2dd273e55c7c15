"""Load benchmark (not a test): many simultaneous browser sessions changing parameters on our app.

    .venv/bin/python -m benchmarks.load                  # 20 sessions for 60 s
    .venv/bin/python -m benchmarks.load --sessions 30 --seconds 120

One `streamlit run app.py` on loopback, one headless Chromium, one browser context per session
(separate cookies, separate websocket, so a separate Streamlit session). Session i alternates
between two 未脱贫 standards of its own (300 + 2i and 301 + 2i 元/人, so no two sessions ever
enter the same value) on the allocation page and checks that 市级合计 equals the figure for ITS
value, computed independently here with fundcalc.allocation.compute on the shipped 曲靖 data. A
figure belonging to another session's value would show state leaking between sessions.

Reported: changes made, errors (timeouts, exceptions on the page, JS errors), mismatches, p50/p95
of Enter → new figure shown with the script idle, and the server's RSS (/proc/PID/status) before
the sessions connect and while all are connected, divided by the number of sessions. Every loop
is bounded by --seconds; the script stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.bench_browser import METRIC_JS, OBSERVER_JS, machine_line
from fundcalc.datasets import DATASETS
from fundcalc.mechanisms import allocation
from fundcalc.money import format_wan
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server
from tests.browser.helpers import key_class

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

KEY = "p:allocation:not_lifted.standard_yuan"
LABEL = "市级合计"
TIMEOUT = 60_000

# Idle and the metric no longer shows the figure from before Enter: returns [ms since Enter, figure].
CHANGED_JS = """([label, before]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const metric = (""" + METRIC_JS + """)(label);
  if (metric === null || metric === before || window.__bm.action === 0) return false;
  return [performance.now() - window.__bm.action, metric];
}"""

LOADED_JS = """(label) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && (""" + METRIC_JS + """)(label) !== null;
}"""


def expected_figures(values: list[int]) -> dict[int, str]:
    """The oracle: 市级合计 under each standard, from fundcalc on the shipped 曲靖 table."""
    ds = DATASETS["qujing_2018"]
    policy = ds.policy()
    table = ds.load(policy)
    specs = allocation.param_specs(policy)
    return {v: format_wan(allocation.compute(table, policy.with_overrides({"not_lifted.standard_yuan": v}, specs),
                                             validated=True).totals["city_total_fen"]) for v in values}


def rss_kb(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """The server's user + system CPU time so far (/proc/PID/stat fields 14 and 15)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.mismatches: list[str] = []
        self.changes = 0


async def session(i: int, browser, url: str, figures: dict[int, str], deadline: dict, tally: Tally,
                  ready: asyncio.Event, connected: list, opening: asyncio.Lock) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = await ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("pageerror", lambda exc: tally.errors.append(f"session {i}: page error {exc}"))
    own = [300 + 2 * i, 301 + 2 * i]
    try:
        async with opening:  # pages open one after another (2 cores); the changes then all run at once
            await page.goto(f"{url}/allocation")
            await page.wait_for_function(LOADED_JS, arg=LABEL, timeout=TIMEOUT)
            await page.evaluate(OBSERVER_JS)
        field = page.locator(f'{key_class(KEY)} input[data-testid="stNumberInputField"]')
        connected.append(i)
        await ready.wait()  # every session open before the clock starts: all run at once
        n = 0
        while time.monotonic() < deadline["t"]:  # set once all are connected
            value = own[n % 2]
            n += 1
            before = await page.evaluate(METRIC_JS, LABEL)
            await field.fill(str(value))
            await field.press("Enter")
            try:
                handle = await page.wait_for_function(CHANGED_JS, arg=[LABEL, before], polling=25, timeout=TIMEOUT)
            except Exception as exc:  # noqa: BLE001 — a timeout is an error to count, not to crash on
                tally.errors.append(f"session {i}: no new figure after entering {value}: {type(exc).__name__}")
                continue
            ms, shown = await handle.json_value()
            tally.changes += 1
            tally.latencies.append(ms)
            if shown != figures[value]:
                tally.mismatches.append(f"session {i}: entered {value}, saw {shown}, expected {figures[value]}")
            if await page.locator('[data-testid="stException"]').count():
                tally.errors.append(f"session {i}: exception shown after entering {value}")
    except Exception as exc:  # noqa: BLE001
        tally.errors.append(f"session {i}: {type(exc).__name__}: {exc}".splitlines()[0])
        if i not in connected:
            connected.append(i)
    finally:
        await ctx.close()


async def drive(url: str, pid: int, sessions: int, seconds: int, figures: dict[int, str]) -> dict:
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # one warm-up session so that "before" counts the app's imports and caches, not the sessions
        warm = await browser.new_context()
        page = await warm.new_page()
        await page.goto(f"{url}/allocation")
        await page.wait_for_function(LOADED_JS, arg=LABEL,
                                     timeout=TIMEOUT)
        await warm.close()
        await asyncio.sleep(2)  # let the server drop the closed session before measuring
        rss_before = rss_kb(pid)
        ready = asyncio.Event()
        connected: list[int] = []
        deadline_box = {"t": 0.0}
        opening = asyncio.Lock()
        tasks = [asyncio.create_task(session(i, browser, url, figures, deadline_box, tally, ready, connected,
                                             opening)) for i in range(sessions)]
        t0 = time.monotonic()
        while len(connected) < sessions and time.monotonic() - t0 < 600:
            await asyncio.sleep(0.2)
        deadline_box["t"] = time.monotonic() + seconds
        started = time.monotonic()
        cpu_start = cpu_seconds(pid)
        ready.set()
        rss_peak = rss_kb(pid)
        while time.monotonic() < deadline_box["t"]:
            await asyncio.sleep(1)
            rss_peak = max(rss_peak, rss_kb(pid))
        rss_during = rss_kb(pid)
        server_cpu = cpu_seconds(pid) - cpu_start
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        await browser.close()
    return {"tally": tally, "rss_before": rss_before, "rss_during": rss_during, "rss_peak": rss_peak,
            "elapsed": elapsed,
            "server_cpu_share": server_cpu / max(seconds, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args(argv)
    if not (1 <= args.sessions <= 200 and 1 <= args.seconds <= 3600):
        print("--sessions 1..200, --seconds 1..3600", file=sys.stderr)
        return 1
    values = [v for i in range(args.sessions) for v in (300 + 2 * i, 301 + 2 * i)]
    figures = expected_figures(values)
    print(f"# load — {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(f"machine: {machine_line()}")
    tmp = Path(tempfile.mkdtemp(prefix="bench_load_"))
    proc, url = start_server(ROOT / "dashboard" / "app.py", tmp)
    try:
        out = asyncio.run(drive(url, proc.pid, args.sessions, args.seconds, figures))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    t = out["tally"]
    log = "\n".join(p.read_text(errors="replace") for p in tmp.glob("server-*.log"))
    server_errors = log.count("Traceback")
    lat = t.latencies or [float("nan")]
    per = (out["rss_during"] - out["rss_before"]) / args.sessions / 1024
    print(f"\n{args.sessions} sessions for {out['elapsed']:.0f} s on loopback, allocation page (曲靖 data), "
          f"each alternating between its own two standards\n")
    print("| sessions | changes | errors | mismatches | server tracebacks | p50 ms | p95 ms | "
          "server RSS before MB | with sessions MB | peak MB | MB per session |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.sessions} | {t.changes} | {len(t.errors)} | {len(t.mismatches)} | {server_errors} | "
          f"{statistics.median(lat):.0f} | {float(np.percentile(lat, 95)):.0f} | {out['rss_before'] / 1024:.0f} | "
          f"{out['rss_during'] / 1024:.0f} | {out['rss_peak'] / 1024:.0f} | {per:.1f} |")
    for line in (t.errors + t.mismatches)[:20]:
        print("  -", line)
    print(f"\nserver CPU during the run: {out['server_cpu_share']:.2f} of one core "
          f"(the rest of the {os.cpu_count()} cores went to the {args.sessions} Chromium pages driving it)")
    print(f"\nload average after: {open('/proc/loadavg').read().split()[:3]}")
    return 0 if not t.errors and not t.mismatches else 2


if __name__ == "__main__":
    sys.exit(main())

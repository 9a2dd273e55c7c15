"""Screenshots of every dashboard page for the README: `make screenshots` -> docs/screenshots/*.png.

Starts the app on a free loopback port, opens each page in headless Chromium
(Debian's, see the Makefile), waits until Streamlit reports the script idle and
captures the whole page at a projector-like width.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server
from tests.browser.helpers import expect_metric, set_number, wait_idle

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "docs" / "screenshots"
WIDTH = 1440


def standard_200(page) -> None:
    """The README's walk-through: the 曲靖 未脱贫 standard at 200 元 (city total 8,385.28)."""
    set_number(page, "p:allocation:not_lifted.standard_yuan", "200")
    expect_metric(page, "市级合计", "8,385.28")


# (file stem, url path, query, what to do before the shot)
SHOTS = [
    ("overview", "", "", None),
    ("allocation", "allocation", "", None),
    ("allocation_200", "allocation", "", standard_200),
    ("settlement", "settlement", "", None),
    ("pooling", "pooling", "", None),
    ("allocation_en", "allocation", "lang=en", None),
]


def capture(page, base: str, path: str, query: str, target: Path, action=None) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{base}/{path}" + (f"?{query}" if query else ""))
    wait_idle(page)
    if action is not None:
        action(page)
        wait_idle(page)
    page.wait_for_load_state("networkidle")
    # Streamlit scrolls inside its main block: grow the viewport to the content so the shot holds the page.
    height = page.evaluate(
        "() => Math.max(...['stMain', 'stMainBlockContainer', 'stAppViewContainer']"
        ".map(id => document.querySelector(`[data-testid=\"${id}\"]`))"
        ".filter(Boolean).map(e => e.scrollHeight))")
    page.set_viewport_size({"width": WIDTH, "height": int(height) + 40})
    wait_idle(page)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)
    for frame in page.locator('[data-testid="stPlotlyChart"]').all():
        frame.locator(".main-svg").first.wait_for()
    page.screenshot(path=str(target), full_page=True)
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        raise RuntimeError(f"{path or 'overview'} shows an exception: {errors.first.inner_text()}")


def main() -> int:
    import tempfile

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(ROOT / "dashboard" / "app.py", Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(locale="zh-CN", device_scale_factor=1)
                page = context.new_page()
                page.set_default_timeout(60_000)
                for stem, path, query, action in SHOTS:
                    target = OUT / f"{stem}.png"
                    capture(page, base, path, query, target, action)
                    print(f"wrote {target.relative_to(ROOT)}")
                browser.close()
        except Exception:
            for log in Path(tmp).glob("server-*.log"):
                print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
            raise
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

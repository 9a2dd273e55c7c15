"""Screenshots of every dashboard page for the README: `make screenshots` -> docs/screenshots/*.png
(`python -m scripts.screenshots new_city` takes only the 新建测算 walk-through's).

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
from tests.browser.leadership import GAP_80, RAISED, seed

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


# The leadership view's first screens, shot at the viewport a director has (not the whole page):
# (file stem, url path, query with {raised}/{gap} for the seeded scenarios' ids, width, height);
# the scenarios come from tests/browser/leadership.seed.
FIRST_SCREENS = [
    ("story", "story", "scenario={raised}", 1280, 720),
    ("story_phone", "story", "scenario={raised}", 390, 844),
    ("story_present", "story", "scenario={gap}&present=1", 1280, 720),
    ("compare_shared", "compare", "mech=allocation&base=doc:qujing_2018&s=db:{raised}&figure=city_total_fen",
     1280, 720),
    ("compare_shared_phone", "compare",
     "mech=allocation&base=doc:qujing_2018&s=db:{raised}&figure=city_total_fen", 390, 844),
]


def capture_first_screen(page, base: str, path: str, query: str, size: tuple[int, int], target: Path) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{base}/{path}?{query}")
    wait_idle(page)
    for frame in page.locator('[data-testid="stPlotlyChart"]').all():
        frame.locator(".main-svg").first.wait_for()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(target))
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        raise RuntimeError(f"{path} shows an exception: {errors.first.inner_text()}")


def capture(page, base: str, path: str, query: str, target: Path, action=None) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{base}/{path}" + (f"?{query}" if query else ""))
    wait_idle(page)
    if action is not None:
        action(page)
        wait_idle(page)
    shot(page, target, path or "overview")


def shot(page, target: Path, what: str) -> None:
    """The page as it is now, whole."""
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
    page.set_viewport_size({"width": WIDTH, "height": 900})
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        raise RuntimeError(f"{what} shows an exception: {errors.first.inner_text()}")


def new_city(page, base: str) -> list[Path]:
    """The README's 新建测算 walk-through: the made-up 样例市 (示例数据, tests/new_city_files.py) typed into the wizard,
    its county table uploaded, saved and opened, one shot per stage."""
    from tests import new_city_files as city
    from tests.browser import new_city_walk as walk

    page.set_viewport_size({"width": WIDTH, "height": 900})
    shots = []

    def take(stem: str) -> None:
        target = OUT / f"{stem}.png"
        shot(page, target, stem)
        shots.append(target)

    walk.start(page, base)
    walk.fill_document(page)
    walk.add_categories(page)
    take("new_city_document")
    walk.upload_table(page, city.xlsx(), "样例市2025县级人数（示例数据）.xlsx")
    take("new_city_table")
    walk.save(page, "样例市 2025（示例数据）")
    take("new_city_saved")
    walk.open_calculation(page)
    take("new_city_opened")
    return shots


def main(only: list[str]) -> int:
    """Every shot, or only the groups named (``new_city``, or a stem of SHOTS or FIRST_SCREENS)."""
    import tempfile

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        seeded = seed(Path(tmp) / "scenarios.sqlite3")  # the store start_server gives the app
        ids = {"raised": seeded[RAISED], "gap": seeded[GAP_80]}
        proc, base = start_server(ROOT / "dashboard" / "app.py", Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(locale="zh-CN", device_scale_factor=1)
                page = context.new_page()
                page.set_default_timeout(60_000)
                for stem, path, query, action in SHOTS:
                    if only and stem not in only:
                        continue
                    target = OUT / f"{stem}.png"
                    capture(page, base, path, query, target, action)
                    print(f"wrote {target.relative_to(ROOT)}")
                for stem, path, query, width, height in FIRST_SCREENS:
                    if only and stem not in only:
                        continue
                    target = OUT / f"{stem}.png"
                    capture_first_screen(page, base, path, query.format(**ids), (width, height), target)
                    print(f"wrote {target.relative_to(ROOT)}")
                for target in (new_city(page, base) if not only or "new_city" in only else []):
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
    raise SystemExit(main(sys.argv[1:]))

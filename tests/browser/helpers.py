"""Deterministic waits for Streamlit pages, in one place."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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


# --- dashboard pages ---------------------------------------------------------------------------

TIMEOUT = 30_000


def key_class(key: str) -> str:
    """The CSS class Streamlit gives a keyed element: 'p:allocation:x.y' -> '.st-key-p-allocation-x-y'."""
    return ".st-key-" + "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in key)


def expect_metric(page: Page, label: str, value: str, timeout: int = TIMEOUT) -> None:
    """Wait until the metric whose label contains ``label`` shows ``value`` (reruns are asynchronous)."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(value, timeout=timeout)


def set_number(page: Page, key: str, value: str) -> None:
    """Type a value into a keyed st.number_input and commit it with Enter."""
    field = page.locator(f'{key_class(key)} input[data-testid="stNumberInputField"]')
    field.fill(value)
    field.press("Enter")


def open_tab(page: Page, label: str, attempts: int = 3) -> None:
    """Choose a view by its label in the view switch above the pages' tables (ui/page.view_switch, a
    segmented control: only the chosen view is drawn, and choosing one reruns the page).

    A click that lands while an earlier run is still finishing can be undone by that run (drawn with the
    old choice): the choice is checked once the page is idle again, and the click repeated if needed."""
    option = page.get_by_role("radio", name=label, exact=True)
    for _ in range(attempts):
        wait_idle(page)
        option.click()
        wait_idle(page)
        if option.get_attribute("aria-checked") == "true":
            page.evaluate("() => document.activeElement && document.activeElement.blur()")  # keys go elsewhere
            return
    expect(option).to_have_attribute("aria-checked", "true")


def edit_cell(page: Page, editor_key_prefix: str, row: int, left_of_last: int, value: str,
              expect_old: str | None = None) -> None:
    """Edit one cell of a st.data_editor (glide data grid, drawn on a canvas): click the row's cell in the
    last column, move left with the arrow keys, Enter opens the cell editor, type, Enter commits.

    ``row`` counts data rows from 0; ``left_of_last`` is how many columns left of the last one.
    ``expect_old`` checks that the editor opened on the intended cell before anything is typed; a
    keystroke the canvas swallowed is retried (Escape closes the wrong editor) rather than typed
    into the wrong cell.
    """
    editor = page.locator(f'[class*="{key_class(editor_key_prefix)[1:]}"]').first
    editor.scroll_into_view_if_needed()
    cell = page.locator("input.gdg-input, textarea.gdg-input").first
    header = row_height = 35  # Streamlit's default grid geometry
    attempts = 10
    for attempt in range(attempts):
        wait_idle(page)
        # Re-measured each try: badges and messages above the grid move it as the page settles. Put the
        # grid's top in the middle of the viewport: a grid only peeking in at the bottom edge would
        # take the click below the window, where it does nothing.
        editor.evaluate("e => e.scrollIntoView({block: 'center'})")
        box = editor.locator("canvas").first.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 40, box["y"] + header + row * row_height + row_height // 2)
        # The arrow keys must reach the grid: pressed anywhere else (a tab still focused after its click)
        # they would switch tabs instead of moving between cells.
        if not editor.evaluate("e => e.contains(document.activeElement)"):
            continue
        wait_idle(page)  # a key pressed while a rerun redraws the grid can be lost
        for _ in range(left_of_last):
            page.keyboard.press("ArrowLeft")
        page.keyboard.press("Enter")
        try:
            cell.wait_for(timeout=5_000)
            old = cell.input_value(timeout=2_000)
        except PlaywrightTimeoutError:
            continue  # the grid was redrawn by a rerun while opening: click again
        if expect_old is None or old == expect_old or attempt == attempts - 1:
            break
        page.keyboard.press("Escape")
        expect(cell).to_have_count(0)
    cell.wait_for(timeout=TIMEOUT)
    if expect_old is not None:
        expect(cell).to_have_value(expect_old)
    cell.fill(value)
    cell.press("Enter")


def expect_text(page: Page, text: str, timeout: int = TIMEOUT) -> None:
    """Wait until some markdown on the page (a badge, a note) shows ``text``."""
    expect(page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=text).first).to_be_visible(
        timeout=timeout)


def choose_option(page: Page, key: str, option: str) -> None:
    """Pick ``option`` in a keyed st.selectbox (its list is reopened if a redraw closed it)."""
    box = page.locator(key_class(key)).get_by_role("combobox")
    item = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        wait_idle(page)
        box.click()
        try:
            item.wait_for(timeout=5_000)
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
            continue
        break
    item.click()

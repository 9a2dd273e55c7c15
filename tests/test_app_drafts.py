"""Nothing lost, in AppTest (ui/draft.py): a new session of the same browser finds its unsaved work; a dataset
switch and back keeps each dataset's work; a link opens what it holds, not the draft. And the 方案 page's
controls: a scenario built on an uploaded table keeps that table as its baseline when reopened, the page
names the table as the user's, and times are Beijing time.

A browser is simulated by giving the session the id its identity cookie would hold (ui/identity.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.scenario import Scenario
from fundcalc.store import Store
from tests.apptest_helpers import APP, shown

STANDARD = "p:allocation:not_lifted.standard_yuan"
BROWSER_A = "a1" * 16
BROWSER_B = "b2" * 16


@pytest.fixture
def db(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))
    return Store()


def session(page: str, browser: str | None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if browser:
        at.session_state["identity:browser"] = browser
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def settled() -> None:
    """Wait for the draft writes queued so far (they run on a background thread)."""
    from ui import draft

    draft._writer.submit(lambda: None).result(timeout=30)


def test_unsaved_work_comes_back_in_a_new_session_of_the_same_browser(db):
    at = session("../pages/allocation.py", BROWSER_A)
    at.number_input(key=STANDARD).set_value(200).run()
    settled()
    again = session("../pages/allocation.py", BROWSER_A)
    assert again.number_input(key=STANDARD).value == 200
    assert again.session_state["ws:allocation"]["overrides"] == {"not_lifted.standard_yuan": 200}
    # another browser does not get it
    other = session("../pages/allocation.py", BROWSER_B)
    assert other.number_input(key=STANDARD).value == 180


def linked_page(browser: str, query: dict[str, str]) -> AppTest:
    """A new session of ``browser`` opening /allocation?<query> straight away, as app.py runs it."""
    def app(browser_id):
        import runpy
        from pathlib import Path as _P

        import streamlit as st

        from ui import draft, share

        st.session_state["identity:browser"] = browser_id
        draft.restore_on_start("allocation" if share.is_linked("allocation") else None)
        share.on_page("allocation")
        runpy.run_path(str(_P.cwd() / "pages" / "allocation.py"))

    at = AppTest.from_function(app, args=(browser,), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_link_shows_what_it_holds_not_the_draft(db):
    at = session("../pages/allocation.py", BROWSER_A)
    at.number_input(key=STANDARD).set_value(200).run()
    settled()
    linked = linked_page(BROWSER_A, {"lifted.standard_yuan": "150"})
    assert linked.number_input(key=STANDARD).value == 180
    assert linked.number_input(key="p:allocation:lifted.standard_yuan").value == 150
    # the draft is still there for a plain visit
    settled()
    assert session("../pages/allocation.py", BROWSER_A).number_input(key=STANDARD).value == 200


def test_a_dataset_switch_and_back_keeps_the_work(db):
    key = "p:settlement:rounding_unit_yuan"
    at = session("../pages/settlement.py", BROWSER_A)
    document = at.selectbox(key=key).value
    at.selectbox(key=key).select_index(0 if at.selectbox(key=key).index != 0 else 1).run()
    chosen = at.selectbox(key=key).value
    assert chosen != document
    settled()
    at.selectbox(key="ds:settlement").select("tacheng_2020_headcount_sample").run()
    assert "rounding_unit_yuan" not in at.session_state["ws:settlement"]["overrides"]
    at.selectbox(key="ds:settlement").select("tacheng_2020").run()
    assert not at.exception
    assert at.session_state["ws:settlement"]["overrides"].get("rounding_unit_yuan") == chosen
    assert at.selectbox(key=key).value == chosen


def test_restoring_the_official_data_discards_the_draft(db):
    at = session("../pages/allocation.py", BROWSER_A)
    at.number_input(key=STANDARD).set_value(200).run()
    at.button(key="reset:allocation").click().run()
    assert at.number_input(key=STANDARD).value == 180
    settled()
    assert db.draft("browser:" + BROWSER_A, "allocation") is None
    assert session("../pages/allocation.py", BROWSER_A).number_input(key=STANDARD).value == 180


def test_a_scenario_from_an_uploaded_table_keeps_that_table_as_its_baseline(db, tmp_path):
    """An upload with 麒麟区 未脱贫 at 5,000 (the 附表: 4,773), 未脱贫 standard 200 元, saved and reopened: the
    baseline is still the uploaded table (badge 用户数据), not the document's."""
    rows = (Path(__file__).resolve().parents[1] / "data" / "qujing_2018.csv").read_text(encoding="utf-8")
    assert "麒麟区,4773," in rows
    upload = rows.replace("麒麟区,4773,", "麒麟区,5000,").encode("utf-8")
    at = session("../pages/allocation.py", BROWSER_A)
    at.file_uploader(key="up:allocation:file:0").set_value(("县表.csv", upload, "text/csv")).run()
    at.button(key="up:allocation:confirm").click().run()
    assert not at.exception
    at.number_input(key=STANDARD).set_value(200).run()
    ws = at.session_state["ws:allocation"]
    assert ws["dataset"] == "upload:县表.csv"
    assert int(ws["base_table"].set_index("county").at["麒麟区", "not_lifted_people"]) == 5000

    at.switch_page("../pages/scenarios.py").run()
    text = shown("\n".join(c.value for c in at.caption))
    assert "上传的表格「县表.csv」" in text
    at.text_input(key="sc:name").set_value("上传的表").run()
    at.button(key="sc:save").click().run()
    assert not at.exception and not at.error
    [entry] = db.list()
    assert entry.source == "县表.csv"

    fresh = session("../pages/scenarios.py", BROWSER_B)
    text = shown("\n".join(c.value for c in fresh.caption))
    assert "上传的表格「县表.csv」" in text  # the chosen scenario is described by its table, not the document
    fresh.button(key="sc:open").click().run()
    assert not fresh.exception
    ws = fresh.session_state["ws:allocation"]
    assert ws["dataset"] == "upload:县表.csv"
    assert int(ws["base_table"].set_index("county").at["麒麟区", "not_lifted_people"]) == 5000
    assert int(ws["table"].set_index("county").at["麒麟区", "not_lifted_people"]) == 5000
    assert ws["overrides"] == {"not_lifted.standard_yuan": 200}
    assert any("用户数据" in m.value for m in fresh.markdown)


def test_saved_times_are_beijing_time(db):
    db.save(Scenario("时间", "allocation", "qujing_2018"), author="browser:" + BROWSER_A)
    at = session("../pages/scenarios.py", BROWSER_A)
    listing = at.dataframe[0].value
    [column] = [c for c in listing.columns if "北京时间" in c]
    stored = db.list()[0].updated_at  # UTC, e.g. 2026-11-30T21:40:00.123456+00:00
    utc = datetime.strptime(stored[:19], "%Y-%m-%dT%H:%M:%S")
    assert stored.endswith("+00:00")
    assert listing[column].iloc[0] == (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
    assert not any("UTC" in c for c in listing.columns)


def test_a_table_edit_then_parameter_changes_are_all_in_the_draft(db):
    """The draft's table part is encoded once per table revision and reused for parameter changes: the body
    kept after a table edit and two later parameter changes replays to the edit and the latest parameter."""
    from tests.test_app_allocation import seed_edit

    at = session("../pages/allocation.py", BROWSER_A)
    seed_edit(at, {"edited_rows": {0: {"not_lifted_people": 5000}}})
    at.run()
    at.number_input(key=STANDARD).set_value(200).run()
    at.number_input(key=STANDARD).set_value(210).run()
    settled()
    _dataset, body = db.draft("browser:" + BROWSER_A, "allocation")
    s = Scenario.from_json(body)
    assert s.overrides == {"not_lifted.standard_yuan": 210}
    assert s.edits.changed == {"麒麟区": {"not_lifted_people": 5000}}
    again = session("../pages/allocation.py", BROWSER_A)
    assert again.number_input(key=STANDARD).value == 210
    assert again.session_state["ws:allocation"]["table"]["not_lifted_people"].iloc[0] == 5000

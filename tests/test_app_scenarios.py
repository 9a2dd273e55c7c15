"""方案 page (AppTest): save the workspace, rename, duplicate, delete, open, the share link; and the
URL binding of ui/share.py: a link opened in a new session shows the same parameter values."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.scenario import Scenario, TableEdits
from fundcalc.store import Store
from tests.apptest_helpers import shown

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
STANDARD = "p:allocation:not_lifted.standard_yuan"
LIFTED = "p:allocation:lifted.standard_yuan"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))
    return Store()


def start(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def linked_page(query: dict[str, str]) -> AppTest:
    """A new session opening /allocation?<query>, run as app.py runs it: share.on_page, then the page."""
    def app():
        import runpy
        from pathlib import Path as _P

        from ui.share import on_page
        on_page("allocation")
        runpy.run_path(str(_P.cwd() / "pages" / "allocation.py"))

    at = AppTest.from_function(app, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def query(at: AppTest) -> dict[str, str]:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in dict(at.query_params).items()}


def test_save_the_workspace_then_rename_duplicate_delete(db):
    at = start("../pages/allocation.py")
    at.number_input(key=STANDARD).set_value(200).run()
    at.switch_page("../pages/scenarios.py").run()
    at.text_input(key="sc:name").set_value("标准200").run()
    at.button(key="sc:save").click().run()
    assert not at.exception
    assert "已保存方案「标准200」" in at.success[0].value
    [entry] = db.list()
    saved = db.get(entry.id)
    assert saved.overrides == {"not_lifted.standard_yuan": 200} and saved.edits.is_empty()

    at.text_input(key="sc:rename").set_value("标准两百").run()
    at.button(key="sc:do_rename").click().run()
    assert db.get(entry.id).name == "标准两百"

    at.button(key="sc:dup").click().run()
    assert sorted(e.name for e in db.list()) == ["标准两百", "标准两百 (副本)"]
    copy_id = next(e.id for e in db.list() if e.name.endswith("(副本)"))
    assert at.selectbox(key="sc:selected").value == copy_id

    at.checkbox(key="sc:confirm").check().run()
    at.button(key="sc:delete").click().run()
    assert [e.name for e in db.list()] == ["标准两百"]


def test_saving_twice_under_one_name_makes_a_second_version(db):
    at = start("../pages/scenarios.py")
    at.text_input(key="sc:name").set_value("同名").run()
    at.button(key="sc:save").click().run()
    at.button(key="sc:save").click().run()
    assert not at.error
    assert "第 2 版" in at.success[0].value
    assert sorted((e.name, e.version) for e in db.list()) == [("同名", 1), ("同名", 2)]
    assert len({e.id for e in db.list()}) == 2


def test_share_link_names_the_scenario_and_its_values(db):
    sid = db.save(Scenario("链接", "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": 200}))
    at = start("../pages/scenarios.py")
    brief, link = at.code[0].value, at.code[1].value   # the brief is the link to send first
    assert "/story?scenario=" in brief
    parts = urlsplit(link)
    assert parts.path.endswith("/allocation")
    assert dict(parse_qsl(parts.query)) == {"not_lifted.standard_yuan": "200", "scenario": str(sid)}


def test_open_puts_every_input_back(db):
    """Opening restores parameters and table edits into the allocation workspace."""
    sid = db.save(Scenario("打开我", "allocation", "qujing_2018", overrides={"lifted.standard_yuan": 150},
                           edits=TableEdits(changed={"麒麟区": {"lifted_people": 7000}}, removed=["师宗县"])))
    at = start("../pages/scenarios.py")
    at.selectbox(key="sc:selected").set_value(sid).run()
    at.button(key="sc:open").click().run()
    assert not at.exception
    ws = at.session_state["ws:allocation"]
    assert ws["overrides"] == {"lifted.standard_yuan": 150}
    table = ws["table"].set_index("county")
    assert int(table.at["麒麟区", "lifted_people"]) == 7000 and "师宗县" not in table.index
    assert ws["scenario"]["id"] == sid


def test_link_reopens_the_same_values_in_a_new_session(db):
    """/allocation?scenario=ID&lifted.standard_yuan=190: the scenario's table edit and 200 元, and 190 元
    from the link. 麒麟区 then: 未脱贫 4,773 × (120 + 80) 元 = 954,600 元 → 57.28 + 38.18 万元;
    已脱贫 7,000 × (76 + 114) 元 = 1,330,000 元 → 53.20 + 79.80 万元; total 228.46 万元."""
    sid = db.save(Scenario("链接方案", "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": 200},
                           edits=TableEdits(changed={"麒麟区": {"lifted_people": 7000}})))
    at = linked_page({"scenario": str(sid), "lifted.standard_yuan": "190"})
    assert at.number_input(key=STANDARD).value == 200
    assert at.number_input(key=LIFTED).value == 190
    ws = at.session_state["ws:allocation"]
    assert int(ws["table"].set_index("county").at["麒麟区", "lifted_people"]) == 7000
    result = at.session_state["ws:allocation"]["_memo"]["current"][1].result
    assert result.table.set_index("county").at["麒麟区", "total_fen"] == 228_460_000
    # the address bar now holds every value, so it can be copied as it is
    assert query(at) == {"scenario": str(sid), "not_lifted.standard_yuan": "200", "lifted.standard_yuan": "190"}
    # a change moves the URL along, and drops nothing else
    at.number_input(key=LIFTED).set_value(185).run()
    assert query(at) == {"scenario": str(sid), "not_lifted.standard_yuan": "200", "lifted.standard_yuan": "185"}
    # back to the document's value: still in the link, or the scenario's 200 would come back with it
    at.number_input(key=STANDARD).set_value(180).run()
    assert query(at)["not_lifted.standard_yuan"] == "180"


def test_refused_link_value_is_skipped(db):
    at = linked_page({"not_lifted.standard_yuan": "-5", "lifted.standard_yuan": "190"})
    assert at.number_input(key=STANDARD).value == 180
    assert at.number_input(key=LIFTED).value == 190
    assert any("not_lifted.standard_yuan" in shown(t.value) for t in at.toast)


def test_link_to_a_deleted_scenario_says_so(db):
    at = linked_page({"scenario": "999"})
    assert any("没有这个方案" in t.value for t in at.toast)
    assert at.number_input(key=STANDARD).value == 180



def test_link_with_a_bad_id_or_another_mechanism(db):
    sid = db.save(Scenario("结算", "settlement", "tacheng_2020"))
    at = linked_page({"scenario": "abc"})
    assert any("方案编号无效" in t.value for t in at.toast)
    at = linked_page({"scenario": str(sid)})
    assert any("另一类测算" in t.value for t in at.toast)

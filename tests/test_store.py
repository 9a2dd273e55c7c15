"""The SQLite scenario store: save and reload, rename/duplicate/delete, migration from schema
versions 1 and 2, two writers at once (threads and processes), and atomic saves; immutable versions,
authors, and drafts of unsaved work."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from fundcalc.errors import InputError
from fundcalc.scenario import Scenario, TableEdits
from fundcalc.store import MIGRATIONS, SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]


def scenario(name: str, standard=200) -> Scenario:
    return Scenario(name, "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": standard},
                    edits=TableEdits(changed={"麒麟区": {"lifted_people": 7000}}, removed=["师宗县"]))


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "s.sqlite3")


def test_save_and_reload_in_a_new_store_object(tmp_path):
    path = tmp_path / "s.sqlite3"
    sid = Store(path).save(scenario("甲"))
    again = Store(path).get(sid)
    assert again.id == sid
    assert again.name == "甲"
    assert again.overrides == {"not_lifted.standard_yuan": 200}
    assert again.edits.changed == {"麒麟区": {"lifted_people": 7000}}
    assert again.edits.removed == ["师宗县"]
    [entry] = Store(path).list()
    assert (entry.id, entry.name, entry.mechanism, entry.dataset) == (sid, "甲", "allocation", "qujing_2018")


def test_path_from_environment(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "db.sqlite3"
    monkeypatch.setenv("FUNDCALC_DB", str(target))
    sid = Store().save(scenario("环境变量"))
    assert target.exists()
    assert Store(target).get(sid).name == "环境变量"


def test_file_is_in_wal_mode_and_at_the_current_version(store):
    store.save(scenario("a"))
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    con.close()


def test_rename_duplicate_delete(store):
    sid = store.save(scenario("原名"), author="A")
    store.rename(sid, "新名", author="A")
    assert store.get(sid).name == "新名"
    copy1 = store.duplicate(sid, author="A")
    copy2 = store.duplicate(sid, author="A")
    named = store.duplicate(sid, "指定名称", author="A")
    names = {e.id: e.name for e in store.list()}
    assert names == {sid: "新名", copy1: "新名 (副本)", copy2: "新名 (副本 2)", named: "指定名称"}
    assert store.get(copy1).overrides == store.get(sid).overrides
    store.delete(copy1, author="A")
    assert copy1 not in {e.id for e in store.list()}
    with pytest.raises(InputError) as err:
        store.get(copy1)
    assert err.value.value == copy1


def test_name_rules(store):
    store.save(scenario("同名"), author="A")
    with pytest.raises(InputError, match="不能为空"):
        store.save(scenario("   "), author="A")
    other = store.save(scenario("别的"), author="A")
    with pytest.raises(InputError, match="同名"):
        store.rename(other, "同名", author="A")
    assert store.get(other).name == "别的"


def test_saving_under_an_existing_name_adds_a_version_and_changes_nothing_saved(store):
    """A share link names an id: what it shows must never change, whoever saves under the same name."""
    first = store.save(scenario("同名", standard=190), author="A")
    second = store.save(scenario("同名", standard=210), author="B")
    third = store.save(scenario("同名", standard=230), author="A")
    assert len({first, second, third}) == 3
    assert store.get(first).overrides["not_lifted.standard_yuan"] == 190
    assert store.get(second).overrides["not_lifted.standard_yuan"] == 210
    assert [(e.id, e.version, e.author) for e in sorted(store.list(), key=lambda e: e.id)] == [
        (first, 1, "A"), (second, 2, "B"), (third, 3, "A")]
    assert store.find("同名") == third


def test_only_the_author_renames_or_deletes(store):
    sid = store.save(scenario("甲的方案"), author="browser:a")
    for who in ("browser:b", None, ""):
        with pytest.raises(InputError, match="只有方案的作者"):
            store.rename(sid, "乙改的名", author=who)
        with pytest.raises(InputError, match="只有方案的作者"):
            store.delete(sid, author=who)
    assert store.entry(sid).name == "甲的方案"
    # anyone may copy it: the copy is the copier's own
    copy = store.duplicate(sid, author="browser:b")
    assert store.entry(copy).author == "browser:b"
    store.rename(copy, "乙的副本", author="browser:b")
    store.delete(copy, author="browser:b")
    store.rename(sid, "甲改名", author="browser:a")
    assert store.entry(sid).name == "甲改名"
    store.delete(sid, author="browser:a")
    assert store.list() == []


def test_ids_are_never_given_again(store):
    """A deleted scenario's id (perhaps in someone's link) never comes back as another scenario."""
    a = store.save(scenario("一"), author="A")
    b = store.save(scenario("二"), author="A")
    store.delete(b, author="A")
    c = store.save(scenario("三"), author="A")
    assert c > b > a


def test_list_filters_by_mechanism(store):
    store.save(scenario("分配"))
    store.save(Scenario("结算", "settlement", "tacheng_2020"))
    assert [e.name for e in store.list("settlement")] == ["结算"]
    assert {e.name for e in store.list()} == {"分配", "结算"}


def test_migrates_a_version_1_file(tmp_path):
    """A file written by schema version 1 (no mechanism/dataset columns) is upgraded on open
    and its rows listed with the mechanism read from their bodies."""
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0])
    con.execute("PRAGMA user_version = 1")
    body = scenario("旧方案").to_json()
    con.execute("INSERT INTO scenarios (name, body, created_at, updated_at) VALUES (?, ?, ?, ?)",
                ("旧方案", body, "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00"))
    con.commit()
    con.close()

    store = Store(path)
    [entry] = store.list("allocation")
    assert (entry.name, entry.mechanism, entry.dataset) == ("旧方案", "allocation", "qujing_2018")
    assert store.get(entry.id).overrides == {"not_lifted.standard_yuan": 200}
    assert entry.author is None and entry.version == 1
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


def test_migrates_a_version_2_file_keeping_ids_and_leaving_old_scenarios_read_only(tmp_path):
    """A version-2 file (names unique, no authors): its scenarios stay readable under their ids, have no
    author (so nobody can rename or delete them), a name can now take a second version, and an id freed
    before the upgrade is not given again."""
    path = tmp_path / "v2.sqlite3"
    con = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        con.executescript(step)
    con.execute("PRAGMA user_version = 2")
    for name in ("旧一", "旧二", "旧三"):
        con.execute("INSERT INTO scenarios (name, body, created_at, updated_at, mechanism, dataset) "
                    "VALUES (?, ?, ?, ?, 'allocation', 'qujing_2018')",
                    (name, scenario(name).to_json(), "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00"))
    con.execute("DELETE FROM scenarios WHERE name = '旧三'")
    con.commit()
    con.close()

    store = Store(path)
    entries = sorted(store.list(), key=lambda e: e.id)
    assert [(e.id, e.name, e.author, e.version) for e in entries] == [(1, "旧一", None, 1), (2, "旧二", None, 1)]
    assert store.get(1).edits.removed == ["师宗县"]
    with pytest.raises(InputError, match="没有记录作者"):
        store.rename(1, "改名", author="browser:x")
    with pytest.raises(InputError, match="没有记录作者"):
        store.delete(2, author="browser:x")
    again = store.save(scenario("旧一", standard=300), author="browser:x")
    assert again == 4 and store.entry(again).version == 2
    assert store.get(1).overrides["not_lifted.standard_yuan"] == 200


def test_refuses_a_newer_file(tmp_path):
    path = tmp_path / "new.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(InputError, match="比本程序新"):
        Store(path)


def test_two_threads_saving_at_once(tmp_path):
    path = tmp_path / "threads.sqlite3"
    Store(path)
    errors = []

    def work(tag: str) -> None:
        s = Store(path)  # each session its own store, each operation its own connection
        try:
            for i in range(40):
                s.save(scenario(f"{tag}-{i}", standard=100 + i))
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    names = {e.name for e in Store(path).list()}
    assert names == {f"{t}-{i}" for t in ("甲", "乙") for i in range(40)}


WRITER = textwrap.dedent("""
    import sys
    from fundcalc.scenario import Scenario
    from fundcalc.store import Store
    s = Store()
    for i in range(30):
        s.save(Scenario(f"{sys.argv[1]}-{i}", "allocation", "qujing_2018",
                        overrides={"not_lifted.standard_yuan": 100 + i}), author=sys.argv[1])
        s.rename(s.find(f"{sys.argv[1]}-{i}"), f"{sys.argv[1]}-{i}-ok", author=sys.argv[1])
""")


def test_two_processes_saving_at_once(tmp_path):
    path = tmp_path / "procs.sqlite3"
    env = os.environ | {"FUNDCALC_DB": str(path), "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, tag], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for tag in ("P", "Q")]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1].decode()[-2000:] for o in outs]
    names = {e.name for e in Store(path).list()}
    assert names == {f"{t}-{i}-ok" for t in ("P", "Q") for i in range(30)}


def test_failure_mid_save_keeps_the_previous_content(store):
    sid = store.save(scenario("稳定", standard=190), author="A")

    def boom():
        raise RuntimeError("power cut")

    store.before_commit = boom
    with pytest.raises(RuntimeError):
        store.save(scenario("稳定", standard=250), author="A")
    with pytest.raises(RuntimeError):
        store.save(scenario("新的"), author="A")
    with pytest.raises(RuntimeError):
        store.delete(sid, author="A")
    store.before_commit = None
    assert [e.name for e in store.list()] == ["稳定"]
    assert store.get(sid).overrides["not_lifted.standard_yuan"] == 190


CRASHER = textwrap.dedent("""
    import os, sys
    from fundcalc.scenario import Scenario
    from fundcalc.store import Store
    s = Store()
    s.before_commit = lambda: os._exit(3)   # the process dies inside the transaction
    s.save(Scenario("稳定", "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": 999}))
""")


def test_process_killed_mid_save_loses_nothing_saved_before(tmp_path):
    path = tmp_path / "crash.sqlite3"
    store = Store(path)
    sid = store.save(scenario("稳定", standard=190))
    other = store.save(scenario("其他", standard=170))
    env = os.environ | {"FUNDCALC_DB": str(path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CRASHER], env=env, cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == 3, proc.stderr.decode()[-2000:]
    after = Store(path)
    assert after.get(sid).overrides["not_lifted.standard_yuan"] == 190
    assert after.get(other).overrides["not_lifted.standard_yuan"] == 170
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    # and the store still takes writes
    newer = after.save(scenario("稳定", standard=200))
    assert json.loads(after.get(newer).to_json())["overrides"]["not_lifted.standard_yuan"] == 200
    assert [e.name for e in after.list()] == ["稳定", "其他", "稳定"]


# --- drafts ---------------------------------------------------------------------------

def test_a_draft_per_author_mechanism_and_dataset(store):
    store.save_draft("browser:a", "allocation", "qujing_2018", '{"v": 1}')
    store.save_draft("browser:a", "allocation", "qujing_2018", '{"v": 2}')  # replaces, not adds
    store.save_draft("browser:a", "settlement", "tacheng_2020", '{"v": 3}')
    store.save_draft("browser:b", "allocation", "qujing_2018", '{"v": 4}')
    assert store.draft("browser:a", "allocation") == ("qujing_2018", '{"v": 2}')
    assert store.draft("browser:a", "allocation", "qujing_2018") == ("qujing_2018", '{"v": 2}')
    assert store.draft("browser:a", "allocation", "other") is None
    assert store.draft("browser:b", "allocation")[1] == '{"v": 4}'
    assert store.draft("browser:c", "allocation") is None
    store.delete_draft("browser:a", "allocation", "qujing_2018")
    assert store.draft("browser:a", "allocation") is None
    assert store.draft("browser:b", "allocation") is not None


def test_drafts_are_bounded_and_hold_no_id_numbers(store, monkeypatch):
    from fundcalc import store as store_module

    with pytest.raises(InputError, match="草稿过大"):
        store.save_draft("browser:a", "allocation", "x", "x" * (store_module.MAX_DRAFT_CHARS + 1))
    synthetic_id = "11010519491231002" + "X"  # made-up, in the 身份证号 shape
    with pytest.raises(InputError, match="身份证号"):
        store.save_draft("browser:a", "allocation", "x", '{"county": "' + synthetic_id + '"}')
    assert store.draft("browser:a", "allocation") is None
    monkeypatch.setattr(store_module, "MAX_DRAFTS_PER_OWNER", 3)
    for i in range(5):
        store.save_draft("browser:a", "allocation", f"d{i}", "{}")
    con = sqlite3.connect(store.path)
    kept = sorted(r[0] for r in con.execute("SELECT dataset FROM drafts WHERE owner = 'browser:a'"))
    con.close()
    assert kept == ["d2", "d3", "d4"]

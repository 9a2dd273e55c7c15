"""The SQLite scenario store: save and reload, rename/duplicate/delete, migration from schema
version 1, two writers at once (threads and processes), and atomic saves."""

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
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    con.close()


def test_rename_duplicate_delete(store):
    sid = store.save(scenario("原名"))
    store.rename(sid, "新名")
    assert store.get(sid).name == "新名"
    copy1 = store.duplicate(sid)
    copy2 = store.duplicate(sid)
    named = store.duplicate(sid, "指定名称")
    names = {e.id: e.name for e in store.list()}
    assert names == {sid: "新名", copy1: "新名 (副本)", copy2: "新名 (副本 2)", named: "指定名称"}
    assert store.get(copy1).overrides == store.get(sid).overrides
    store.delete(copy1)
    assert copy1 not in {e.id for e in store.list()}
    with pytest.raises(InputError) as err:
        store.get(copy1)
    assert err.value.value == copy1


def test_name_rules(store):
    store.save(scenario("同名"))
    with pytest.raises(InputError, match="同名"):
        store.save(scenario("同名", standard=300))
    with pytest.raises(InputError, match="不能为空"):
        store.save(scenario("   "))
    other = store.save(scenario("别的"))
    with pytest.raises(InputError, match="同名"):
        store.rename(other, "同名")
    assert store.get(other).name == "别的"


def test_overwrite_keeps_the_id(store):
    sid = store.save(scenario("覆盖", standard=190))
    again = store.save(scenario("覆盖", standard=210), overwrite=True)
    assert again == sid
    assert store.get(sid).overrides["not_lifted.standard_yuan"] == 210
    assert len(store.list()) == 1


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
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    con.close()


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
                        overrides={"not_lifted.standard_yuan": 100 + i}))
        s.rename(s.find(f"{sys.argv[1]}-{i}"), f"{sys.argv[1]}-{i}-ok")
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
    sid = store.save(scenario("稳定", standard=190))

    def boom():
        raise RuntimeError("power cut")

    store.before_commit = boom
    with pytest.raises(RuntimeError):
        store.save(scenario("稳定", standard=250), overwrite=True)
    with pytest.raises(RuntimeError):
        store.save(scenario("新的"))
    with pytest.raises(RuntimeError):
        store.delete(sid)
    store.before_commit = None
    assert [e.name for e in store.list()] == ["稳定"]
    assert store.get(sid).overrides["not_lifted.standard_yuan"] == 190


CRASHER = textwrap.dedent("""
    import os, sys
    from fundcalc.scenario import Scenario
    from fundcalc.store import Store
    s = Store()
    s.before_commit = lambda: os._exit(3)   # the process dies inside the transaction
    s.save(Scenario("稳定", "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": 999}),
           overwrite=True)
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
    after.save(scenario("稳定", standard=200), overwrite=True)
    assert json.loads(after.get(sid).to_json())["overrides"]["not_lifted.standard_yuan"] == 200

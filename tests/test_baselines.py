"""The user's own baselines (fundcalc/baselines.py): save, list, get, delete, versions, the dataset id
"baseline:<id>" for scenarios, the store's migration from the previous schema, and bounds on what is saved."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from fundcalc import baselines, datasets, mechanisms
from fundcalc import scenario as sc
from fundcalc.baselines import delete_baseline, get_baseline, list_baselines, save_baseline
from fundcalc.errors import InputError
from fundcalc.limits import MAX_BASELINE_TABLE_BYTES, MAX_POLICY_BYTES
from fundcalc.scenario import Scenario, TableEdits
from fundcalc.store import MIGRATIONS, SCHEMA_VERSION, Store
from tests import sample_city_baseline as city


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "s.sqlite3")


def save(store, name=city.NAME, author="A", **kw) -> int:
    return save_baseline(name, "allocation", kw.pop("policy", city.policy_toml()), kw.pop("table", city.table_csv()),
                         author=author, store=store, **kw)


def test_save_list_get(store):
    bid = save(store)
    [entry] = list_baselines("allocation", store=store)
    assert (entry.id, entry.name, entry.mechanism, entry.region, entry.year, entry.doc_no, entry.author,
            entry.version) == (bid, city.NAME, "allocation", "样例市", 2025, "样财社〔2025〕1号", "A", 1)
    assert entry.policy_toml is None and entry.table_csv is None   # the list carries no texts
    assert list_baselines("pooling", store=store) == []
    full = get_baseline(bid, store=store)
    assert full.policy_toml == city.policy_toml()
    # The table is kept as the validated frame's CSV: keys as headers, one line per county (the optional
    # 行政区划代码 column blank: the city's file gives none).
    lines = full.table_csv.splitlines()
    assert lines[0] == "county,code,destitute_people,min_living_people,relapse_people"
    assert lines[1:] == [",".join(map(str, (row[0], "", *row[1:]))) for row in city.COUNTIES]
    assert full.dataset_id == f"baseline:{bid}"


def test_dataset_of_a_baseline_computes_the_independent_figures(store, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    bid = save(store)
    ds = datasets.get(f"baseline:{bid}")
    assert ds.mechanism == "allocation" and not ds.illustrative
    assert ds.zh == f"{city.NAME} v1"
    policy = ds.policy()
    assert (policy.region("zh"), policy.year, policy.doc_no) == ("样例市", 2025, "样财社〔2025〕1号")
    result = mechanisms.get("allocation").compute(ds.load(), policy)
    want = city.expected_fen()
    assert {k: result.totals[k] for k in want} == want


def test_sample_flag_in_meta_makes_it_illustrative(store, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    text = city.policy_toml().replace('region_en = "Sample City"', 'region_en = "Sample City"\nsample = true')
    bid = save(store, policy=text)
    assert datasets.get(f"baseline:{bid}").illustrative


def test_same_name_adds_a_version_and_the_old_one_stays(store, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    v1 = save(store)
    v2 = save(store, policy=city.policy_toml(standard_yuan=450))
    assert v2 != v1
    assert [(e.id, e.version) for e in list_baselines(store=store)] == [(v2, 2), (v1, 1)]
    assert get_baseline(v1, store=store).policy_toml == city.policy_toml()
    assert datasets.get(f"baseline:{v1}").policy().values["destitute.standard_yuan"] == 400
    assert datasets.get(f"baseline:{v2}").policy().values["destitute.standard_yuan"] == 450


def test_scenario_on_v1_replays_unchanged_after_v2_is_saved(store, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    v1 = save(store)
    s = Scenario("加标准", "allocation", f"baseline:{v1}", overrides={"destitute.standard_yuan": 500},
                 edits=TableEdits(changed={"甲县": {"destitute_people": 1300}}))
    sid = store.save(s, author="A")
    before = sc.compute(store.get(sid))
    base_before = sc.compute(sc.baseline("allocation", f"baseline:{v1}"))
    save(store, policy=city.policy_toml(standard_yuan=999), table=city.table_csv(city.COUNTIES[:5]))
    again = store.get(sid)
    assert again.dataset == f"baseline:{v1}"
    after = sc.compute(again)
    assert after.totals == before.totals
    assert sc.compute(sc.baseline("allocation", f"baseline:{v1}")).totals == base_before.totals
    # The figures themselves, computed apart: 甲县 has 1300 特困人员 at 500 元, the rest as saved at 400 元
    # except that the standard override applies to every 特困人员 line.
    counties = [("甲县", 1300, 8467, 311)] + city.COUNTIES[1:]
    want_destitute_500 = city.expected_fen([(c, d, 0, 0) for c, d, _, _ in counties], standard=500)
    want_rest_400 = city.expected_fen([(c, 0, m, r) for c, _, m, r in counties])
    assert after.totals["total_fen"] == want_destitute_500["total_fen"] + want_rest_400["total_fen"]


def test_scenario_json_names_the_baseline_and_reads_back(store, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    bid = save(store)
    s = Scenario("x", "allocation", f"baseline:{bid}")
    again = Scenario.from_json(s.to_json())
    assert again.dataset == f"baseline:{bid}"
    assert not again.is_sample


def test_scenario_on_an_unknown_or_foreign_baseline_is_refused(store, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    bid = save(store)
    for dataset in ("baseline:999", "baseline:abc", "baseline:", "baseline:99999999999999999999", "nope"):
        with pytest.raises(InputError) as err:
            Scenario.from_json(Scenario("x", "allocation", dataset).to_json())
        assert err.value.column in ("dataset", "baseline")
    with pytest.raises(InputError) as err:
        Scenario.from_json(Scenario("x", "pooling", f"baseline:{bid}").to_json())
    assert "测算类型不符" in err.value.zh and err.value.value == f"baseline:{bid}"


def test_bad_cell_is_refused_naming_row_column_value(store):
    rows = city.COUNTIES[:2] + [("丙县", "十二", 3, 4)]
    with pytest.raises(InputError) as err:
        save(store, table=city.table_csv(rows))
    assert err.value.row == 4 and err.value.column == "特困人员人数" and err.value.value == "十二"
    assert list_baselines(store=store) == []


def test_missing_category_column_is_refused_naming_it(store):
    text = "县,特困人员人数,低保对象人数\n甲县,1,2\n"
    with pytest.raises(InputError) as err:
        save(store, table=text)
    assert "返贫致贫人口" in err.value.message("zh")
    assert list_baselines(store=store) == []


def test_policy_errors_are_refused_without_a_temporary_path(store):
    with pytest.raises(InputError) as err:
        save(store, policy="[meta\nmechanism=")
    assert err.value.value == baselines.POLICY_NAME and "TOML" in err.value.en
    with pytest.raises(InputError) as err:
        save(store, policy=city.policy_toml().replace('doc_no = "样财社〔2025〕1号"\n', ""))
    assert "doc_no" in err.value.zh and err.value.value == baselines.POLICY_NAME
    with pytest.raises(InputError) as err:
        save_baseline("x", "pooling", city.policy_toml(), city.table_csv(), store=store)
    assert err.value.value == "allocation"
    with pytest.raises(InputError):
        save_baseline("x", "no_such_mechanism", city.policy_toml(), city.table_csv(), store=store)
    with pytest.raises(InputError) as err:
        save(store, name="   ")
    assert err.value.column == "基准名称"
    assert list_baselines(store=store) == []


def test_hostile_sizes_are_refused_before_parsing(store):
    huge_policy = city.policy_toml() + "#" * (MAX_POLICY_BYTES + 1)
    with pytest.raises(InputError) as err:
        save(store, policy=huge_policy)
    assert "过大" in err.value.zh
    huge_table = city.table_csv() + "甲县,1,1,1\n" * (MAX_BASELINE_TABLE_BYTES // 10)
    with pytest.raises(InputError) as err:
        save(store, table=huge_table)
    assert "过大" in err.value.zh and "too large" in err.value.en
    with pytest.raises(InputError):
        save(store, table=b"county,destitute_people\n")  # bytes, not text
    with pytest.raises(InputError) as err:
        save(store, name="名" * 201)
    assert "过长" in err.value.zh
    assert list_baselines(store=store) == []


def test_delete_is_for_the_author_and_not_while_a_scenario_rests_on_it(store):
    bid = save(store, author="A")
    with pytest.raises(InputError) as err:
        delete_baseline(bid, "B", store=store)
    assert "作者" in err.value.zh
    with pytest.raises(InputError):
        delete_baseline(bid, None, store=store)
    sid = store.save(Scenario("s", "allocation", f"baseline:{bid}"), author="B")
    with pytest.raises(InputError) as err:
        delete_baseline(bid, "A", store=store)
    assert "1 个已保存的方案" in err.value.zh
    store.delete(sid, author="B")
    delete_baseline(bid, "A", store=store)
    assert list_baselines(store=store) == []
    with pytest.raises(InputError) as err:
        get_baseline(bid, store=store)
    assert "没有这个基准" in err.value.zh
    # An id is never given again: the next baseline gets a new one.
    assert save(store) > bid


def test_pooling_baseline_with_its_monthly_table(store, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    shipped = datasets.get("yuncheng_2019_sample")
    policy_text = (datasets.PARAMS_DIR / shipped.params_file).read_text("utf-8")
    table = shipped.load().to_csv(index=False)
    monthly = sc.monthly_table(shipped).to_csv(index=False)
    bid = save_baseline("池", "pooling", policy_text, table, monthly_csv=monthly, author="A", store=store)
    s = Scenario("池方案", "pooling", f"baseline:{bid}")
    shipped_s = sc.baseline("pooling", "yuncheng_2019_sample")
    assert sc.compute(s).totals == sc.compute(shipped_s).totals
    assert sc.apply_monthly(s).equals(sc.apply_monthly(shipped_s))
    with pytest.raises(InputError):
        save(store, monthly_csv="county,m01\n甲县,1\n")   # the allocation takes no monthly table


def test_migration_from_the_previous_schema_keeps_scenarios(tmp_path):
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:3]:
        for statement in (s.strip() for s in step.split(";") if s.strip()):
            con.execute(statement)
    con.execute("PRAGMA user_version = 3")
    body = Scenario("旧方案", "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": 200}).to_json()
    con.execute("INSERT INTO scenarios (name, body, created_at, updated_at, mechanism, dataset, author, version) "
                "VALUES ('旧方案', ?, '2026-01-01', '2026-01-01', 'allocation', 'qujing_2018', 'A', 1)", (body,))
    con.close()
    store = Store(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {"scenarios",
                                                                                                   "baselines"}
    con.close()
    [entry] = store.list()
    assert store.get(entry.id).overrides == {"not_lifted.standard_yuan": 200}
    bid = save(store)
    assert get_baseline(bid, store=store).name == city.NAME


# --- backup ---------------------------------------------------------------------------------

def _filled(store, monkeypatch) -> tuple[int, int, int, int]:
    """Store A: two versions of the city's baseline, a scenario on v1, one on the shipped document."""
    monkeypatch.setenv("FUNDCALC_DB", str(store.path))
    v1 = save(store, author="A")
    v2 = save(store, author="A", policy=city.policy_toml(standard_yuan=450))
    on_v1 = store.save(Scenario("特困500", "allocation", f"baseline:{v1}", overrides={"destitute.standard_yuan": 500},
                                edits=TableEdits(changed={"乙县": {"relapse_people": 200}})), author="A")
    shipped = store.save(Scenario("标准200", "allocation", "qujing_2018",
                                  overrides={"not_lifted.standard_yuan": 200}), author="A")
    return v1, v2, on_v1, shipped


def test_backup_round_trip_points_scenarios_to_the_new_ids(tmp_path, monkeypatch):
    from fundcalc.backup import export_backup, import_backup

    a = Store(tmp_path / "a.sqlite3")
    v1, v2, on_v1, shipped = _filled(a, monkeypatch)
    want_v1 = sc.compute(a.get(on_v1)).totals
    want_shipped = sc.compute(a.get(shipped)).totals
    b = Store(tmp_path / "b.sqlite3")
    monkeypatch.setenv("FUNDCALC_DB", str(b.path))
    text = export_backup(store=a)       # the store given, whatever $FUNDCALC_DB names
    save(b, name="别的基准", author="C")      # ids in B are taken: the imported ones must move
    b.save(Scenario("别的", "allocation", "qujing_2018"), author="C")
    done = import_backup(text, author="D", store=b)
    assert (done.baselines, done.scenarios, done.baselines_present, done.scenarios_present) == (2, 2, 0, 0)
    id_map = dict(done.id_map)
    assert set(id_map) == {v1, v2} and id_map[v1] != v1
    names = {e.id: (e.name, e.version, e.author) for e in list_baselines(store=b)}
    assert names[id_map[v1]] == (city.NAME, 1, "D") and names[id_map[v2]] == (city.NAME, 2, "D")
    imported = {e.name: e for e in b.list()}
    s_v1 = b.get(imported["特困500"].id)
    assert s_v1.dataset == f"baseline:{id_map[v1]}" and imported["特困500"].author == "D"
    assert sc.compute(s_v1).totals == want_v1
    assert sc.compute(b.get(imported["标准200"].id)).totals == want_shipped
    # The same file again adds nothing.
    again = import_backup(text, author="D", store=b)
    assert (again.baselines, again.scenarios, again.baselines_present, again.scenarios_present) == (0, 0, 2, 2)
    assert len(list_baselines(store=b)) == 3 and len(b.list()) == 3


def test_backup_of_one_author_takes_the_baselines_their_scenarios_need(tmp_path, monkeypatch):
    from fundcalc.backup import export_backup

    a = Store(tmp_path / "a.sqlite3")
    v1, v2, on_v1, _ = _filled(a, monkeypatch)
    other = save(a, name="他人的基准", author="B")
    mine_on_other = a.save(Scenario("借用", "allocation", f"baseline:{other}"), author="E")
    data = json.loads(export_backup("E", store=a))
    assert [b["id"] for b in data["baselines"]] == [other]
    assert [s["id"] for s in data["scenarios"]] == [mine_on_other]
    data = json.loads(export_backup("A", store=a))
    assert [b["id"] for b in data["baselines"]] == [v1, v2]
    assert "author" not in json.dumps(data)    # no one's identity leaves the store


def test_backup_import_refuses_and_writes_nothing(tmp_path, monkeypatch):
    from fundcalc.backup import export_backup, import_backup

    a = Store(tmp_path / "a.sqlite3")
    v1, *_ = _filled(a, monkeypatch)
    good = json.loads(export_backup(store=a))
    b = Store(tmp_path / "b.sqlite3")
    monkeypatch.setenv("FUNDCALC_DB", str(b.path))

    def refused(data) -> InputError:
        with pytest.raises(InputError) as err:
            import_backup(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), store=b)
        assert list_baselines(store=b) == [] and b.list() == []
        return err.value

    bad_cell = json.loads(json.dumps(good))
    table = bad_cell["baselines"][1]["table_csv"]
    assert "\n乙县,,977," in table   # county, its (blank) 行政区划代码, 特困人员人数
    bad_cell["baselines"][1]["table_csv"] = table.replace("\n乙县,,977,", "\n乙县,,九七七,")
    err = refused(bad_cell)
    assert "第 2 个基准" in err.zh and err.row == 3 and err.column == "特困人员人数" and err.value == "九七七"
    orphan = json.loads(json.dumps(good))
    orphan["baselines"] = [b for b in orphan["baselines"] if b["id"] != v1]
    err = refused(orphan)
    assert "不在备份中" in err.zh and err.value == f"baseline:{v1}"
    wrong_key = json.loads(json.dumps(good))
    wrong_key["scenarios"][0]["scenario"]["overrides"] = {"destitute.standard_yuan": -1}
    err = refused(wrong_key)
    assert "第 1 个方案" in err.zh and "不能小于" in err.zh
    assert "not a backup" in refused({"format": "fundcalc.scenario"}).en
    assert "newer" in refused(good | {"schema_version": 99}).en
    assert "repeated" in refused(good | {"baselines": good["baselines"] + good["baselines"][:1]}).en
    assert "too many" in refused(good | {"scenarios": [good["scenarios"][0]] * 5_001}).en
    assert "not valid JSON" in refused("{").en


def test_backup_hostile_sizes_are_refused_before_parsing(tmp_path, monkeypatch):
    from fundcalc.backup import import_backup
    from fundcalc.limits import MAX_BACKUP_BYTES

    b = Store(tmp_path / "b.sqlite3")
    with pytest.raises(InputError) as err:
        import_backup(" " * (MAX_BACKUP_BYTES + 1), store=b)
    assert "备份文件过大" in err.value.zh
    deep = '{"a":' * 100 + "1" + "}" * 100
    with pytest.raises(InputError) as err:
        import_backup(deep, store=b)
    assert "嵌套" in err.value.zh or "过深" in err.value.zh
    with pytest.raises(InputError) as err:
        import_backup('{"format": "fundcalc.backup", "schema_version": 1, "x": ' + "9" * 5000 + "}", store=b)
    assert err.value.value is not None and len(str(err.value.value)) <= 20
    huge_text = json.dumps({"format": "fundcalc.backup", "schema_version": 1,
                            "baselines": [{"id": 1, "table_csv": "x" * (MAX_BASELINE_TABLE_BYTES + 1)}]})
    with pytest.raises(InputError) as err:
        import_backup(huge_text, store=b)
    assert "过长" in err.value.zh


def test_backup_command_line_round_trip(tmp_path, monkeypatch):
    import subprocess
    import sys

    a = Store(tmp_path / "a.sqlite3")
    _, _, on_v1, _ = _filled(a, monkeypatch)
    want = sc.compute(a.get(on_v1)).totals
    out = tmp_path / "backup.json"
    root = Path(__file__).resolve().parents[1]

    def cli(*args, db):
        return subprocess.run([sys.executable, "-m", "fundcalc", "backup", *args], cwd=root, capture_output=True,
                              text=True, env=os.environ | {"FUNDCALC_DB": str(db)}, timeout=120)

    done = cli("export", str(out), db=a.path)
    assert done.returncode == 0, done.stderr
    done = cli("import", str(out), "--author", "Z", db=tmp_path / "c.sqlite3")
    assert done.returncode == 0, done.stderr
    assert "已导入 2 个基准、2 个方案" in done.stdout
    c = Store(tmp_path / "c.sqlite3")
    monkeypatch.setenv("FUNDCALC_DB", str(c.path))
    [imported] = [e for e in c.list() if e.name == "特困500"]
    assert sc.compute(c.get(imported.id)).totals == want
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nope"}', encoding="utf-8")
    done = cli("import", str(bad), db=tmp_path / "c.sqlite3")
    assert done.returncode == 1 and "不是测算台的备份文件" in done.stderr and "Traceback" not in done.stderr

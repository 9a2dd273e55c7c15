"""The user's own baselines (fundcalc/baselines.py): save, list, get, delete, versions, the dataset id
"baseline:<id>" for scenarios, the store's migration from the previous schema, and bounds on what is saved."""

from __future__ import annotations

import sqlite3

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
    # The table is kept as the validated frame's CSV: keys as headers, one line per county.
    lines = full.table_csv.splitlines()
    assert lines[0] == "county,destitute_people,min_living_people,relapse_people"
    assert lines[1:] == [",".join(map(str, row)) for row in city.COUNTIES]
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

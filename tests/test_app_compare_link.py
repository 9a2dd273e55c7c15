"""方案对比 as a link (AppTest): the link reopens the same baseline, scenarios and figure; each part is read
strictly; the cards follow the chosen figure; selections survive a visit to another page; a changes-only view."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.scenario import Scenario
from fundcalc.store import Store
from ui import compare_link

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
EXAMPLES = ROOT / "data" / "scenarios"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))
    return Store()


@pytest.fixture
def ids(db) -> dict[str, int]:
    return {stem: db.save(Scenario.load(EXAMPLES / f"{stem}.json"), author="a")
            for stem in ("qujing_2018_standard_200", "yuncheng_2019_sample_county_gap_80pct")}


def compare_page(query: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("../pages/compare.py")
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def test_a_link_reopens_the_same_comparison(ids):
    sid = ids["qujing_2018_standard_200"]
    at = compare_page({"mech": "allocation", "base": "doc:qujing_2018", "s": f"db:{sid}", "figure": "city_total_fen"})
    assert at.selectbox(key="cmp:base:allocation").value == "doc:qujing_2018"
    assert at.multiselect(key="cmp:picked:allocation").value == [f"db:{sid}"]
    assert at.selectbox(key="cmp:figure:allocation").value == "city_total_fen"
    # the cards follow the chosen figure (not the mechanism's 补助资金合计)
    assert [m.label for m in at.metric] == ["文件原样 · 市级合计", "曲靖 2018 标准提高到 200 元 · 市级合计"]
    assert at.metric[1].value == "8,933.01 万元" and at.metric[1].delta == "+893.28 万元（+11.11%）"
    assert any(c.value.endswith(f"/compare?mech=allocation&base=doc:qujing_2018&s=db:{sid}&figure=city_total_fen")
               for c in at.code)
    assert len(at.toast) == 0


def test_changing_the_figure_moves_the_cards_and_the_link(ids):
    sid = ids["qujing_2018_standard_200"]
    at = compare_page({"mech": "allocation", "base": "doc:qujing_2018", "s": f"db:{sid}", "figure": "city_total_fen"})
    at.selectbox(key="cmp:figure:allocation").set_value("province_total_fen").run()
    assert at.metric[0].label.endswith("省级合计")
    assert any(c.value.endswith("&figure=province_total_fen") for c in at.code)


def test_each_part_of_a_link_is_checked(ids):
    pooling = ids["yuncheng_2019_sample_county_gap_80pct"]
    chosen, problems = compare_link.parse({"mech": ["allocation"], "base": ["doc:tacheng_2020"],
                                           "s": [f"db:{pooling}", "db:999999", "ws", "ex:../../etc/passwd",
                                                 "ex:qujing_2018_standard_200", "ex:qujing_2018_standard_200"],
                                           "figure": ["balance_fen"]})
    assert chosen == {"mech": "allocation", "picked": ["ex:qujing_2018_standard_200"]}
    assert [(p.column, p.value) for p in problems] == [
        ("base", "doc:tacheng_2020"), ("s", f"db:{pooling}"), ("s", "db:999999"), ("s", "ws"),
        ("s", "ex:../../etc/passwd"), ("figure", "balance_fen")]
    assert compare_link.parse({"mech": ["曲靖"]})[0] == {}
    too_many = compare_link.parse({"mech": ["allocation"], "s": [f"ex:{p.stem}" for p in EXAMPLES.glob("*.json")]
                                   + ["doc:qujing_2018"] * 9})
    assert len(too_many[0]["picked"]) <= compare_link.SHOWN


def test_a_refused_part_is_reported_in_both_languages_and_the_rest_applies(ids):
    sid = ids["qujing_2018_standard_200"]
    at = compare_page({"mech": "allocation", "base": "doc:qujing_2018", "s": [f"db:{sid}", "db:424242"],
                       "figure": "no_such"})
    assert at.multiselect(key="cmp:picked:allocation").value == [f"db:{sid}"]
    messages = [t.value for t in at.toast]
    assert len(messages) == 2
    assert all("链接中的内容未被接受" in m and ("not one of" in m or "cannot be compared" in m) for m in messages)


def test_selections_survive_a_visit_to_another_page(ids):
    sid = ids["qujing_2018_standard_200"]
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("../pages/compare.py").run()
    at.multiselect(key="cmp:picked:allocation").set_value([f"db:{sid}"]).run()
    at.selectbox(key="cmp:figure:allocation").set_value("city_total_fen").run()
    at.switch_page("../pages/scenarios.py").run()
    at.switch_page("../pages/compare.py").run()
    assert not at.exception
    assert at.multiselect(key="cmp:picked:allocation").value == [f"db:{sid}"]
    assert at.selectbox(key="cmp:figure:allocation").value == "city_total_fen"


def test_the_changes_only_view_keeps_the_county_and_the_changes(ids):
    sid = ids["qujing_2018_standard_200"]
    at = compare_page({"mech": "allocation", "base": "doc:qujing_2018", "s": f"db:{sid}", "figure": "city_total_fen"})
    table = next(d for d in at.dataframe if "县(市、区)" in d.value.columns)
    assert len(table.value.columns) == 5  # county, baseline, scenario, change, change %
    at.toggle(key="cmp:deltas_only").set_value(True).run()
    table = next(d for d in at.dataframe if "县(市、区)" in d.value.columns)
    assert list(table.value.columns) == ["县(市、区)", "曲靖 2018 标准提高到 200 元 增减(万元)",
                                         "曲靖 2018 标准提高到 200 元 增减(%)"]
    assert table.value.iloc[-1, 1] == pytest.approx(893.28)  # the 合计 row's change

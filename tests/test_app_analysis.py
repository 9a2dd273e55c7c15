"""目标测算与敏感性 page (AppTest): goal-seek answer with its neighbours, tornado, heat map, and the
multi-year projection's reading of when the 调剂金 runs out."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.mechanisms import pooling
from fundcalc.scenario import Scenario, apply

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("../pages/analysis.py").run()
    assert not at.exception
    return at


def test_goal_seek_on_the_city_budget_of_the_document():
    """Budget 8,039.73 万元 (附表 city 合计): 180 元 fits exactly, 181 元 is over."""
    at = open_page()
    at.selectbox(key="gs:knob:allocation").set_value("not_lifted.standard_yuan").run()
    at.selectbox(key="gs:metric:allocation").set_value("city_total_fen").run()
    at.text_input(key="gs:limit:allocation:city_total_fen").set_value("8039.73").run()
    assert not at.exception
    assert at.metric[0].value == "180 元/人"
    around = [d.value for d in at.dataframe if "在限额内" in d.value.columns][0]
    assert dict(zip(around.iloc[:, 0], around["在限额内"], strict=True)) == {179: "✓", 180: "✓", 181: "✗", 182: "✗"}
    assert around.set_index(around.columns[0]).at[180, "合计（万元）"] == pytest.approx(8039.73)


def test_goal_seek_refuses_a_bad_limit():
    at = open_page()
    at.text_input(key="gs:limit:allocation:total_fen").set_value("很多").run()
    assert not at.exception
    assert any("万元" in e.value for e in at.error)


def test_use_the_answer_in_the_workspace():
    at = open_page()
    at.selectbox(key="gs:knob:allocation").set_value("lifted.standard_yuan").run()
    at.text_input(key="gs:limit:allocation:total_fen").set_value("17000").run()
    answer = int(at.metric[0].value.split()[0])
    assert answer > 180  # 17,000 万元 allows more than the document's 15,991.39
    at.button(key="gs:apply:allocation").click().run()
    assert at.session_state["ws:allocation"]["overrides"] == {"lifted.standard_yuan": answer}


def test_tornado_and_heat_map_render():
    at = open_page()
    tables = [d.value for d in at.dataframe if "参数" in d.value.columns]
    assert tables and tables[0].iloc[0]["下调后"] in (162, 54, 36)
    assert len(at.get("plotly_chart")) >= 2


def test_reserve_never_runs_out_under_the_document():
    """County share of a gap 100% (the document): the reserve pays nothing and only grows."""
    at = open_page()
    at.selectbox(key="an:mech").set_value("pooling").run()
    assert not at.exception
    assert any("不会用尽" in s.value and "100%" in s.value for s in at.success)


def test_reserve_runs_out_when_it_pays_part_of_the_gaps():
    """The 80% example (the reserve pays 20% of gaps) with spending growing faster than revenue."""
    at = open_page()
    at.selectbox(key="an:mech").set_value("pooling").run()
    at.selectbox(key="an:src:pooling").set_value("ex:yuncheng_2019_sample_county_gap_80pct").run()
    at.number_input(key="my:years").set_value(20).run()
    at.number_input(key="my:gexp").set_value(8.0).run()
    assert not at.exception
    table, policy = apply(Scenario.load(ROOT / "data" / "scenarios" / "yuncheng_2019_sample_county_gap_80pct.json"))
    proj = pooling.project(table, policy, 20, "3.0", "8.0")
    year = int(proj[proj["reserve_exhausted"]].iloc[0]["year"])
    assert any(f"调剂金在 {year} 年用尽" in e.value for e in at.error)
    assert 2019 < year < 2039


def test_goal_seek_on_the_uniform_standard():
    """统一补助标准 s sets both categories: at 180 元 it is the document's own standards, so the 附表's city 合计
    8,039.73 万元 is met exactly; 181 元 is over it (each category's city part grows by 0.4 or 0.6 元 per person)."""
    at = open_page()
    at.selectbox(key="gs:knob:allocation").set_value("uniform_standard_yuan").run()
    at.selectbox(key="gs:metric:allocation").set_value("city_total_fen").run()
    at.text_input(key="gs:limit:allocation:city_total_fen").set_value("8039.73").run()
    assert not at.exception
    assert at.metric[0].value == "180 元/人"
    around = [d.value for d in at.dataframe if "在限额内" in d.value.columns][0]
    assert dict(zip(around.iloc[:, 0], around["在限额内"], strict=True))[181] == "✗"
    assert around.set_index(around.columns[0]).at[180, "合计（万元）"] == pytest.approx(8039.73)

"""方案简报 page (AppTest): a shared scenario opens on its story; the figure is chosen when saving; older
files open on the mechanism's figure; the edit list is grouped; presentation mode; bad links refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.scenario import Scenario, TableEdits
from fundcalc.store import Store
from tests.apptest_helpers import shown

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
EXAMPLES = ROOT / "data" / "scenarios"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))
    return Store()


def story_page(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("../pages/story.py")
    for k, v in query.items():  # a link opened on this page
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join(shown(m.value) for m in at.markdown) + "\n".join(e.label for e in at.expander)


def test_a_shared_scenario_opens_on_its_story(db):
    sid = db.save(Scenario.load(EXAMPLES / "qujing_2018_standard_200.json"), author="a")
    at = story_page({"scenario": str(sid)})
    assert [shown(t.value) for t in at.title] == ["曲靖 2018 标准提高到 200 元"]
    figure = at.metric[0]
    assert figure.label == "市级合计（方案）"  # the file names no figure: the allocation's 市级合计
    assert figure.value == "8,933.01 万元"
    assert figure.delta == "+893.28 万元（+11.11%）"
    assert "基准：**8,039.73** 万元" in "\n".join(m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) == 1
    assert "2 项参数，0 处县表修改" in texts(at)
    assert "官方数据" not in texts(at)  # no badge: the story names its own baseline


def test_the_figure_chosen_when_saving_is_what_the_story_is_about(db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("../pages/allocation.py").run()
    at.number_input(key="p:allocation:not_lifted.standard_yuan").set_value(200).run()
    at.switch_page("../pages/scenarios.py").run()
    assert not at.exception
    at.text_input(key="sc:name").set_value("标准 200").run()
    at.selectbox(key="sc:figure").set_value("total_fen").run()
    at.button(key="sc:save").click().run()
    assert not at.exception
    entry = db.list()[0]
    assert db.get(entry.id).figure == "total_fen"
    link = [c.value for c in at.code if "/story?" in c.value]
    assert link and link[0].endswith(f"/story?scenario={entry.id}")
    story = story_page({"scenario": str(entry.id)})
    assert story.metric[0].label == "补助资金合计（方案）"


def test_the_edit_list_groups_repeated_lines(db):
    s = Scenario.load(EXAMPLES / "yuncheng_2019_sample_county_gap_80pct.json")
    table = ["盐湖区", "永济市", "河津市", "临猗县", "万荣县", "闻喜县", "稷山县", "新绛县", "绛县"]
    s.edits = TableEdits(removed=table)
    sid = db.save(s.with_name("删掉九个县"), author="a")
    at = story_page({"scenario": str(sid)})
    lines = [shown(m.value) for m in at.markdown if "删除县" in m.value]
    assert len(lines) == 1 and lines[0].startswith("- 删除县 ×9：盐湖区、永济市")
    assert "9 处县表修改" in texts(at)


def test_presentation_mode_puts_the_county_table_in_view(db):
    sid = db.save(Scenario.load(EXAMPLES / "qujing_2018_standard_200.json"), author="a")
    at = story_page({"scenario": str(sid), "present": "1"})
    assert at.toggle(key="story:present").value is True
    assert len(at.dataframe) == 1  # the county table in view, not in an expander
    assert len(at.expander) == 0  # the parameter list is out of the way
    assert len(at.dataframe[0].value) == 9


def test_english_counts_its_nouns(db):
    s = Scenario.load(EXAMPLES / "qujing_2018_standard_200.json")
    one = Scenario(name="one", mechanism=s.mechanism, dataset=s.dataset, overrides={"lifted.standard_yuan": 200})
    sid = db.save(one, author="a")
    at = story_page({"scenario": str(sid), "lang": "en"})
    assert "1 parameter, 0 table edits" in texts(at)
    assert at.metric[0].delta.endswith("10k yuan (+" + at.metric[0].delta.split("(+")[1])


@pytest.mark.parametrize("raw", ["abc", "１２", "99999", "9" * 30])
def test_a_bad_link_is_refused_in_both_languages(db, raw):
    at = story_page({"scenario": raw})
    assert len(at.error) == 1
    message = at.error[0].value
    assert "链接中的方案无法打开" in message and len(at.get("plotly_chart")) == 0
    assert "scenario" in message.lower()


def test_english_plurals_never_say_parameter_s():
    from ui import plural

    assert [plural.en(n, "parameter") for n in (0, 1, 4)] == ["0 parameters", "1 parameter", "4 parameters"]
    assert [plural.en(n, "county") for n in (1, 9)] == ["1 county", "9 counties"]
    assert plural.en(2, "category") == "2 categories"

"""User text stays text on every page (AppTest): a scenario, county or category named with Markdown and HTML
reaches each place it is shown only through ui/safe_text, and a crafted link is refused with a message while
the page keeps working.

An element's value here is the Markdown Streamlit receives; ``md(text) in value`` means the text went through
the one escaping boundary, ``text not in value`` that no raw copy slipped past it.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.scenario import ExtraCategory, Scenario
from fundcalc.store import Store
from tests.apptest_helpers import metric, open_app_page, shown
from ui.safe_text import md

LOOPBACK = "http://127.0.0.1:9"  # nothing listens there; the browser test serves a real one
NAME = f"[link]({LOOPBACK}/n) <a href={LOOPBACK}/a>a</a> **b** :smile:"
DESC = f"![img]({LOOPBACK}/i.png) {LOOPBACK}/bare www.example.org _em_ $x$"
STANDARD = "p:allocation:not_lifted.standard_yuan"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))
    return Store()


def markdown_texts(at: AppTest) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown: text elements, messages, labels, help."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "success", "info", "warning", "error",
                 "toast"):
        out += [e.value for e in getattr(at, kind)]
    for kind in ("button", "checkbox", "text_input", "number_input", "selectbox", "multiselect", "toggle",
                 "metric", "expander"):
        for e in getattr(at, kind):
            out += [t for t in (getattr(e, "label", None), getattr(e, "help", None)) if isinstance(t, str)]
    return out


def assert_no_raw(at: AppTest, *texts: str) -> None:
    for value in markdown_texts(at):
        for text in texts:
            assert text not in value, value
        for piece in ("](http", "http://127", "www.example"):
            assert piece not in value, value
        assert not re.search(r"(?<!\\)<(a|img)\b", value), value


def test_scenario_name_and_description_on_the_scenarios_page(db):
    at = open_app_page("../pages/scenarios.py")
    at.text_input(key="sc:name").set_value(NAME).run()
    at.text_input(key="sc:desc").set_value(DESC).run()
    at.button(key="sc:save").click().run()
    assert not at.exception
    # the save message, "打开自方案", the description, the delete label
    assert md(NAME) in at.success[0].value
    assert shown(at.success[0].value).startswith(f"已保存方案「{NAME}」")
    assert any(f"打开自方案「{md(NAME)}」" in c.value for c in at.caption)
    assert any(c.value == md(DESC) for c in at.caption)
    assert at.checkbox(key="sc:confirm").label == f"确认删除「{md(NAME)}」"
    assert_no_raw(at, NAME, DESC)


def test_messages_of_duplicate_and_delete(db):
    db.save(Scenario(NAME, "allocation", "qujing_2018", description=DESC))
    at = open_app_page("../pages/scenarios.py")
    at.button(key="sc:dup").click().run()
    assert f"已复制为「{md(NAME + ' (副本)')}」" in at.success[0].value
    at.checkbox(key="sc:confirm").check().run()
    at.button(key="sc:delete").click().run()
    assert not at.exception
    assert md(NAME) in at.success[0].value
    assert_no_raw(at, NAME, DESC)


def test_compare_page_labels_and_plotly_legends(db):
    sid = db.save(Scenario(NAME, "allocation", "qujing_2018", description=DESC,
                           overrides={"not_lifted.standard_yuan": 200}))
    at = open_app_page("../pages/compare.py")
    at.multiselect(key="cmp:picked:allocation").set_value([f"db:{sid}"]).run()
    assert not at.exception
    assert metric(at, md(NAME) + " · 补助资金合计").value
    assert_no_raw(at, NAME)
    charts = at.get("plotly_chart")
    assert len(charts) == 3  # the per-county change chart, the totals, the counties
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        names = [trace["name"] for trace in spec["data"]]
        assert any("&lt;a href=" in n for n in names), names
        assert not any("<a" in t for t in strings(spec))


def test_crafted_link_value_in_the_toast(db):
    at = linked_page({"not_lifted.standard_yuan": f"[x]({LOOPBACK}/t)"})
    assert at.toast, "no message for the refused value"
    value = at.toast[0].value
    assert f"[x]({LOOPBACK}/t)"[:20] in shown(value)
    assert "](http" not in value and "http://127" not in value
    # both languages, and the page still computes the document's figures
    assert "不是数字" in shown(value) and "is not a number" in shown(value)   # fundcalc.numbers' one wording
    assert at.number_input(key=STANDARD).value == 180


def test_county_name_inside_a_computation_error():
    """A county whose outpatient spending exceeds its expenditure is refused by name (fundcalc.pooling)."""
    county = f"[县]({LOOPBACK}/c)"
    at = open_app_page("../pages/pooling.py")
    ws = at.session_state["ws:pooling"]
    at.session_state[f"ed:pooling:county:{ws['editor_rev']}"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"county": county, "revenue_wan": 100.0, "insured": 1000, "expenditure_wan": 10.0,
                        "outpatient_spending_wan": 50.0, "carried_balance_wan": 0.0}]}
    at.run()
    assert not at.exception
    found = [e.value for e in at.error if "门诊统筹支出大于基金支出" in e.value]
    assert found, [e.value for e in at.error]
    assert md(county) in found[0] and county not in found[0]


def test_extra_category_name_in_the_parameter_panel():
    name = f"特困[x]({LOOPBACK}/k)"
    at = open_app_page("../pages/allocation.py")
    at.session_state["newcat:panel"] = True
    at.run()
    at.text_input(key="newcat:zh").input(name)
    [b for b in at.button if b.label == "添加"][0].click().run()
    assert not at.exception and not at.error
    assert any(m.value == f"**{md(name)}**" for m in at.markdown)
    assert_no_raw(at, name)


@pytest.mark.parametrize("sid", ["9223372036854775808", "9" * 4301, "²", "١٢", "-1", "1.0", " "])
def test_a_crafted_scenario_id_is_refused_and_the_page_works(db, sid):
    at = linked_page({"scenario": sid})
    assert any("方案编号无效" in shown(t.value) and "invalid scenario id" in shown(t.value) for t in at.toast), \
        [t.value for t in at.toast]
    # still usable: the document's figures, and a change is computed
    assert at.number_input(key=STANDARD).value == 180
    at.number_input(key=STANDARD).set_value(200).run()
    assert not at.exception
    assert metric(at, "市级合计").value == "8,385.28"


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
    assert not at.exception, at.exception
    return at


def test_category_name_in_the_analysis_charts_and_summary(db):
    """A saved scenario's added category names a parameter: the tornado's rows, the heat map's axes and the
    goal-seek sentence show it as text."""
    cat = f"<b>特困</b>[x]({LOOPBACK}/k)"
    sid = db.save(Scenario("带类别", "allocation", "qujing_2018", extra_categories=[
        ExtraCategory("cat1", cat, cat, 180, {"province": 60, "city": 40, "county": 0})]))
    at = open_app_page("../pages/analysis.py")
    at.selectbox(key="an:src:allocation").set_value(f"db:{sid}").run()
    at.selectbox(key="gs:knob:allocation").set_value("cat1.standard_yuan").run()
    at.selectbox(key="hm:x:allocation").set_value("cat1.standard_yuan").run()
    assert not at.exception
    summary = [m.value for m in [*at.success, *at.warning]]
    assert summary and md(cat) in summary[0], summary
    assert_no_raw(at, cat)
    texts = [t for chart in at.get("plotly_chart") for t in strings(json.loads(chart.proto.spec)) if "特困" in t]
    assert len(texts) >= 3, texts  # tornado rows, heat map axis title and hover
    assert all("&lt;b&gt;特困&lt;/b&gt;" in t and "<b>特" not in t for t in texts), texts


def strings(node):
    """Every string in a plotly figure's JSON (plotly reads its pseudo-HTML in any of them)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def test_a_policy_files_words_in_the_page_header(monkeypatch):
    """A policy file can be the user's own: its region, title and 文号 reach the source line as text."""
    import dataclasses

    import ui.state

    original = ui.state.dataset_policy
    region, title, doc_no = "**某市**", f"[标题]({LOOPBACK}/t)", "<b>文号</b>"

    def hostile(dataset_id):
        p = original(dataset_id)
        return dataclasses.replace(p, title_zh=title, doc_no=doc_no, meta=p.meta | {"region_zh": region})

    monkeypatch.setattr(ui.state, "dataset_policy", hostile)
    at = open_app_page("../pages/allocation.py")
    source = [m.value for m in at.markdown if "官方数据" in m.value]
    assert source, [m.value for m in at.markdown]
    assert md(region) in source[0] and md(title) in source[0] and md(doc_no) in source[0]
    assert_no_raw(at, region, title, doc_no)

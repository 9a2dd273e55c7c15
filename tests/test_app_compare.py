"""方案对比 page (AppTest): baseline and scenarios side by side, metrics with changes, per-county
figures, status changes, up to five scenarios, English labels.

Expected figures: tests/reference/qujing_2018_poverty_insurance_subsidy.csv and tacheng_2020_settlement.csv,
or worked out by hand in the docstrings."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.scenario import Scenario, TableEdits
from fundcalc.store import Store
from tests.apptest_helpers import metric, open_app_page

PAGE = "../pages/compare.py"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))
    return Store()


def open_page(lang: str | None = None) -> AppTest:
    return open_app_page(PAGE, lang)


def frame(at: AppTest, first_column: str):
    """The table whose first column is ``first_column`` (st.dataframe keys are not visible to AppTest)."""
    found = [d.value for d in at.dataframe if d.value.columns[0] == first_column]
    assert found, f"no table starting with {first_column!r}: {[d.value.columns[0] for d in at.dataframe]}"
    return found[0]


def changes_table(at: AppTest):
    found = [d.value for d in at.dataframe if "基准状态" in d.value.columns]
    assert found, "no status-change table"
    return found[0]


def test_nothing_picked_asks_for_a_scenario(db):
    at = open_page()
    assert any("选择至少一个方案" in i.value for i in at.info)
    assert not at.metric


def test_removed_county_against_the_document(db):
    """Without 师宗县 the total is 15,991.39 − 582.94 = 15,408.45 万元 (附表 figures): −3.65%."""
    sid = db.save(Scenario("删去师宗县", "allocation", "qujing_2018", edits=TableEdits(removed=["师宗县"])))
    at = open_page()
    at.multiselect(key="cmp:picked:allocation").set_value([f"db:{sid}"]).run()
    assert not at.exception
    assert metric(at, "文件原样 · 补助资金合计").value == "15,991.39 万元"
    m = metric(at, "删去师宗县 · 补助资金合计")
    assert m.value == "15,408.45 万元"
    assert m.delta == "-582.94 万元（-3.65%）"
    changes = changes_table(at)
    assert changes.iloc[0].tolist() == ["师宗县", "删去师宗县", "有补助", "不在表中"]


def test_per_county_figures_of_the_200_yuan_example(db):
    """麒麟区 at 200 元 (hand-worked in tests/test_scenario.py): 219.54 → 243.92, +24.38, +11.11%."""
    at = open_page()
    at.multiselect(key="cmp:picked:allocation").set_value(["ex:qujing_2018_standard_200"]).run()
    table = frame(at, "县(市、区)").set_index("县(市、区)")
    row = table.loc["麒麟区"].tolist()
    assert row == pytest.approx([219.54, 243.92, 24.38, 11.11])
    totals = frame(at, "项目").set_index("项目")
    assert totals.at["市级合计(万元)", "文件原样"] == pytest.approx(8039.73)
    assert totals.at["省级合计(万元)", "文件原样"] == pytest.approx(7951.66)


def test_settlement_status_changes(db):
    """塔城市 721 − 731 = −10 clawed back; with due 741 it is +10, a top-up."""
    sid = db.save(Scenario("塔城市多补", "settlement", "tacheng_2020",
                           edits=TableEdits(changed={"塔城市": {"due_wan": 741}})))
    at = open_page()
    at.selectbox(key="cmp:mech").set_value("settlement").run()
    at.multiselect(key="cmp:picked:settlement").set_value([f"db:{sid}"]).run()
    assert not at.exception
    assert metric(at, "文件原样 · 此次结算").value == "-96.00 万元"
    assert metric(at, "塔城市多补 · 此次结算").value == "-76.00 万元"
    changes = changes_table(at)
    assert changes.iloc[0].tolist() == ["塔城市", "塔城市多补", "扣回", "补拨"]
    assert len(at.get("download_button")) == 2


def test_five_scenarios_side_by_side(db):
    """未脱贫 standard 170…210 元; at 180 元 the total equals the document's."""
    ids = [db.save(Scenario(f"标准{s}", "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": s}))
           for s in (170, 180, 190, 200, 210)]
    at = open_page()
    at.multiselect(key="cmp:picked:allocation").set_value([f"db:{i}" for i in ids]).run()
    assert not at.exception
    totals = frame(at, "项目")
    assert [c for c in totals.columns if c.startswith("标准") and "增减" not in c] == \
        ["标准170", "标准180", "标准190", "标准200", "标准210"]
    assert totals.set_index("项目").at["补助资金合计(万元)", "标准180 增减"] == 0
    assert metric(at, "标准180 · 补助资金合计").delta == "+0.00 万元（+0.00%）"


def test_english(db):
    at = open_page("en")
    at.multiselect(key="cmp:picked:allocation").set_value(["ex:qujing_2018_standard_200"]).run()
    assert at.title[0].value == "Compare scenarios"
    assert frame(at, "County") is not None
    assert metric(at, "As published · Total subsidy").value == "15,991.39 (10k yuan)"

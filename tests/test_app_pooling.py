"""基金缺口分担 page (AppTest): county gap sharing and the inpatient global budget on the 示例数据.

Expected figures are worked out by hand below from data/yuncheng_2019_sample.csv and
data/yuncheng_2019_monthly_sample.csv (盐湖区), under 运政办发〔2019〕30号.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_app_page, open_tab, shown_table

PAGE = "../pages/pooling.py"


def open_page(lang: str | None = None) -> AppTest:
    return open_app_page(PAGE, lang)


def table(at: AppTest, which: str) -> pd.DataFrame:
    """One of the page's result tables: "pooling" (gap sharing) or "global_budget"."""
    return shown_table(at, f"table:{which}")


def test_sample_is_labelled_and_yanhu_gap_is_borne_by_the_county():
    at = open_page()
    assert any("示例数据" in m.value for m in at.markdown)
    t = table(at, "pooling")
    # 盐湖区: reserve 3% × 42,622.08 = 1,278.66; outpatient 548,061 × 75 元 = 4,110.46;
    # counted revenue 42,622.08 − 1,278.66 − 4,110.46 = 37,232.96; counted spending 43,993.61 − 3,661.37 = 40,332.24;
    # gap 3,099.28: retained surplus 511.80 first, the county government the other 2,587.48
    assert t.loc["盐湖区", "reserve_fen"] == pytest.approx(1278.66)
    assert t.loc["盐湖区", "outpatient_fund_fen"] == pytest.approx(4110.46)
    assert t.loc["盐湖区", "balance_fen"] == pytest.approx(-3099.28)
    assert t.loc["盐湖区", "covered_by_retained_fen"] == pytest.approx(511.80)
    assert t.loc["盐湖区", "county_burden_fen"] == pytest.approx(2587.48)
    assert t.loc["盐湖区", "status"] == "缺口"


def test_reserve_takes_part_of_a_gap_when_the_county_share_is_lowered():
    at = open_page()
    at.number_input(key="p:pooling:county_gap_pct").set_value(80.0).run()
    assert not at.error
    t = table(at, "pooling")
    # 80% × 2,587.48 = 2,069.984 → 2,069.98 for the county; the 调剂金 the remaining 517.50
    assert t.loc["盐湖区", "county_burden_fen"] == pytest.approx(2069.98)
    assert t.loc["盐湖区", "gap_from_reserve_fen"] == pytest.approx(517.50)
    assert any("调剂金弥补 20%" in c.value for c in at.caption)


def test_global_budget_of_yanhu():
    at = open_page()
    open_tab(at, "details:pooling", "住院总额预算与按月预拨（三、四）")
    g = table(at, "global_budget")
    # index 28,792.00 × 90% = 25,912.80, 2,159.40 a month; paid min(actual, 2,159.40) each month:
    # 2,159.40 × 8 + 1,866.87 + 2,113.91 + 2,153.47 + 2,078.02 = 25,487.47; actual 26,536.66;
    # year end (capped at the index): 25,912.80 − 25,487.47 = 425.33
    assert g.loc["盐湖区", "annual_index_fen"] == pytest.approx(25912.80)
    assert g.loc["盐湖区", "monthly_index_fen"] == pytest.approx(2159.40)
    assert g.loc["盐湖区", "paid_monthly_fen"] == pytest.approx(25487.47)
    assert g.loc["盐湖区", "actual_fen"] == pytest.approx(26536.66)
    assert g.loc["盐湖区", "clearing_fen"] == pytest.approx(425.33)
    # employees' index, 105%: 30,231.60, 2,519.30 a month; only December (2,526.62) is above it, by 7.32
    at.selectbox(key="p:pooling:scheme").select("employee").run()
    g = table(at, "global_budget")
    assert g.loc["盐湖区", "annual_index_fen"] == pytest.approx(30231.60)
    assert g.loc["盐湖区", "paid_monthly_fen"] == pytest.approx(26529.34)
    assert g.loc["盐湖区", "clearing_fen"] == pytest.approx(7.32)


def test_out_of_range_share_is_refused():
    at = open_page()
    at.number_input(key="p:pooling:reserve_pct").set_value(120.0).run()
    assert any("不能大于 100" in e.value for e in at.error)
    assert at.number_input(key="p:pooling:reserve_pct").value == 3.0
    assert table(at, "pooling").loc["盐湖区", "reserve_fen"] == pytest.approx(1278.66)


def test_english_labels():
    at = open_page("en")
    assert at.title[0].value == "Fund gap sharing"
    assert table(at, "pooling").loc["盐湖区", "status"] == "Gap"

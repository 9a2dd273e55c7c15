"""补助资金结算 page (AppTest): the published 附件1, headcount mode, a standard change, an edit, English.

Expected figures come from tests/reference/tacheng_2020_settlement.csv or are worked
out by hand below from data/tacheng_2020_headcount_sample.csv.
"""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import metric, open_app_page, open_tab, shown_table

PAGE = "../pages/settlement.py"


def open_page(lang: str | None = None) -> AppTest:
    return open_app_page(PAGE, lang)


def result_table(at: AppTest) -> pd.DataFrame:
    return shown_table(at, "table:settlement")


def seed_edit(at: AppTest, delta: dict) -> None:
    ws = at.session_state["ws:settlement"]
    at.session_state[f"ed:settlement:county:{ws['editor_rev']}"] = {
        "edited_rows": {}, "added_rows": [], "deleted_rows": []} | delta
    at.run()


def test_opens_with_the_published_settlement():
    at = open_page()
    # 附件1 合计: due 5,031, pre-allocated 5,127, settlement −96 (whole 万元); 6 of 7 counties clawed back
    assert metric(at, "应补助资金合计").value == "5,031"
    assert metric(at, "已预拨资金合计").value == "5,127"
    assert metric(at, "此次结算合计").value == "-96"
    assert metric(at, "扣回的县").value == "6 / 7"
    table = result_table(at)
    assert table.loc["塔城市", "settlement_fen"] == -10
    assert table.loc["乌苏市", "settlement_fen"] == 3
    assert table.loc["合计", "settlement_fen"] == -96
    assert table.loc["塔城市", "clawback"] == "是"
    assert any("塔地财社〔2021〕87号" in m.value for m in at.markdown)


def test_headcount_sample_is_labelled_and_computed():
    at = open_page()
    at.selectbox(key="ds:settlement").select("tacheng_2020_headcount_sample").run()
    assert not at.exception and not at.error
    assert any("示例数据" in m.value for m in at.markdown)
    # (insured − duplicates) × 78 元, rounded to whole 万元:
    # 塔城市 92,450 × 78 = 7,211,100 → 721; 额敏县 112,530 → 878; 乌苏市 148,720 → 1,160; 沙湾县 150,370 → 1,173;
    # 托里县 69,440 → 542; 裕民县 37,990 → 296; 和丰县 34,930 → 272; sum 5,042; − 5,127 = −85
    assert metric(at, "应补助资金合计").value == "5,042"
    assert metric(at, "此次结算合计").value == "-85"
    assert result_table(at).loc["塔城市", "headcount"] == 92450
    # at 80 元: 740 + 900 + 1,190 + 1,203 + 556 + 304 + 279 = 5,172; settlement +45; only 托里县 (556 − 572) negative
    at.number_input(key="p:settlement:standard_yuan").set_value(80.0).run()
    assert metric(at, "应补助资金合计").value == "5,172"
    assert metric(at, "此次结算合计").value == "45"
    assert metric(at, "扣回的县").value == "1 / 7"
    assert result_table(at).loc["托里县", "settlement_fen"] == -16


def test_edited_preallocation_turns_a_top_up_into_a_clawback():
    at = open_page()
    seed_edit(at, {"edited_rows": {2: {"preallocated_wan": 1160}}})
    # 乌苏市 1,156 − 1,160 = −4: now 7 of 7 clawed back; total 5,031 − 5,134 = −103
    assert metric(at, "此次结算合计").value == "-103"
    assert metric(at, "扣回的县").value == "7 / 7"
    assert result_table(at).loc["乌苏市", "note"] == "从塔地财社〔2021〕8号文件扣回"
    at.button(key="reset:settlement").click().run()
    assert metric(at, "此次结算合计").value == "-96"


def test_blank_due_is_refused():
    at = open_page()
    open_tab(at, "details:settlement", "县级结算表（可编辑）")  # where the edit is made, and refused
    seed_edit(at, {"edited_rows": {0: {"due_wan": None}}})
    assert any("不能为空" in e.value for e in at.error)
    assert metric(at, "应补助资金合计").value == "5,031"


def test_english_labels():
    at = open_page("en")
    assert metric(at, "Net settlement").value == "-96"
    assert at.title[0].value == "Subsidy settlement"

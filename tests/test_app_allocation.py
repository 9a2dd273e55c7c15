"""资助参保补助分配 page (AppTest): official figures, a parameter change, refusals, table edits, reset.

Expected figures come from tests/reference/qujing_2018_poverty_insurance_subsidy.csv
or are worked out by hand below from the county headcounts of that table.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.errors import InputError
from fundcalc.mechanisms.allocation.table import allocation_schema
from fundcalc.validate import validate_table
from tests.apptest_helpers import metric, open_app_page, open_tab, shown_table
from ui.editor import apply_delta

PAGE = "../pages/allocation.py"
STANDARD = "p:allocation:not_lifted.standard_yuan"


def open_page(lang: str | None = None) -> AppTest:
    return open_app_page(PAGE, lang)


def errors(at: AppTest) -> str:
    return " | ".join(e.value for e in at.error)


def result_table(at: AppTest) -> pd.DataFrame:
    return shown_table(at, "table:allocation")


def seed_edit(at: AppTest, delta: dict) -> None:
    """What the grid sends after an edit: AppTest's documented way to drive a keyed data_editor."""
    ws = at.session_state["ws:allocation"]
    at.session_state[f"ed:allocation:county:{ws['editor_rev']}"] = {
        "edited_rows": {}, "added_rows": [], "deleted_rows": []} | delta
    at.run()


def test_opens_with_the_official_figures():
    at = open_page()
    # 合计 row of the 附表 (reference CSV): province 7,951.66, city 8,039.73, total 15,991.39, 888,409 people
    assert metric(at, "省级合计").value == "7,951.66"
    assert metric(at, "市级合计").value == "8,039.73"
    assert metric(at, "补助资金合计").value == "15,991.39"
    assert metric(at, "资助人数").value == "888,409"
    assert not metric(at, "市级合计").proto.delta
    table = result_table(at)
    assert table.loc["合计", "city_total_fen"] == pytest.approx(8039.73)
    assert table.loc["麒麟区", "not_lifted_province_fen"] == pytest.approx(51.55)  # 4,773 × 108 = 515,484 元
    assert any("曲财社〔2018〕106号" in m.value for m in at.markdown)
    assert not at.warning  # nothing changed yet


def test_standard_200_costs_the_city_8385_28():
    at = open_page()
    at.number_input(key=STANDARD).set_value(200.0).run()
    # 未脱贫 at 200 元: city 40% = 80 元/人; per county n × 80 元 rounded to 0.01 万元:
    # 38.18 + 75.74 + 106.78 + 222.14 + 68.76 + 460.62 + 1,611.26 + 68.20 + 804.06 = 3,455.74
    # plus 已脱贫 city (unchanged, reference 合计) 4,929.54 = 8,385.28; +345.55 against 8,039.73.
    city = metric(at, "市级合计")
    assert city.value == "8,385.28"
    assert city.proto.delta == "+345.55"
    assert "参数改了 1 项" in at.warning[0].value
    assert any("已修改" in c.value and "180" in c.value for c in at.caption)
    at.button(key="reset:allocation").click().run()
    assert metric(at, "市级合计").value == "8,039.73"
    assert at.number_input(key=STANDARD).value == 180.0


def test_out_of_range_standard_is_refused_with_a_message():
    at = open_page()
    at.number_input(key=STANDARD).set_value(-5.0).run()
    assert "不能小于 0" in errors(at)
    assert at.number_input(key=STANDARD).value == 180.0
    assert metric(at, "市级合计").value == "8,039.73"
    at.number_input(key=STANDARD).set_value(200_000.0).run()
    assert "不能大于" in errors(at)
    assert metric(at, "市级合计").value == "8,039.73"


def test_shares_not_adding_up_keep_the_last_good_result():
    at = open_page()
    at.number_input(key="p:allocation:not_lifted.province_pct").set_value(50.0).run()
    text = errors(at)
    assert "90%" in text and "100%" in text
    assert "上一次有效" in text
    assert metric(at, "市级合计").value == "8,039.73"
    at.number_input(key="p:allocation:not_lifted.city_pct").set_value(50.0).run()
    assert not at.error
    # 未脱贫 city at 50% = 90 元/人; 4,773 × 90 = 429,570 元 → 42.96 万元
    assert result_table(at).loc["麒麟区", "not_lifted_city_fen"] == pytest.approx(42.96)


def test_changed_county_is_marked_in_the_result_table():
    at = open_page()
    assert "changed" not in result_table(at).columns
    seed_edit(at, {"edited_rows": {0: {"not_lifted_people": 5000}}})
    marks = result_table(at)["changed"]
    assert marks["麒麟区"] == "✎"
    assert (marks.drop("麒麟区") == "").all()


def test_edited_cell_changes_that_county_and_survives_a_page_switch():
    at = open_page()
    seed_edit(at, {"edited_rows": {0: {"not_lifted_people": 5000}}})
    # 麒麟区 未脱贫 5,000 × 72 = 360,000 元 → 36.00 (was 34.37): city 8,039.73 − 34.37 + 36.00 = 8,041.36
    assert result_table(at).loc["麒麟区", "not_lifted_city_fen"] == pytest.approx(36.00)
    assert metric(at, "市级合计").value == "8,041.36"
    assert "县表改了 1 处" in at.warning[0].value
    at.switch_page("../pages/settlement.py").run()
    at.switch_page(PAGE).run()
    assert metric(at, "市级合计").value == "8,041.36"
    # a second edit on top of the first: both stay (the data-editor pitfall loses every second one)
    seed_edit(at, {"edited_rows": {1: {"not_lifted_people": 10000}}})
    # 马龙区 10,000 × 72 = 720,000 元 → 72.00 (was 68.16): 8,041.36 − 68.16 + 72.00 = 8,045.20
    assert metric(at, "市级合计").value == "8,045.20"
    assert result_table(at).loc["麒麟区", "not_lifted_city_fen"] == pytest.approx(36.00)


def test_bad_cell_is_refused_and_the_table_kept():
    at = open_page()
    open_tab(at, "details:allocation", "县级人数表（可编辑）")  # where the edit is made, and refused
    seed_edit(at, {"edited_rows": {2: {"lifted_people": -3}}})
    assert "不能小于 0" in errors(at) and "第 3 行" in errors(at)
    assert metric(at, "市级合计").value == "8,039.73"
    open_tab(at, "details:allocation", "测算结果（万元）")
    assert result_table(at).loc["师宗县", "lifted_people"] == 19037


def test_added_county_counts_in_the_totals():
    at = open_page()
    seed_edit(at, {"added_rows": [{"county": "新县", "not_lifted_people": 100, "lifted_people": 200}]})
    # 100 × 72 = 7,200 元 → 0.72; 200 × 108 = 21,600 元 → 2.16: city 8,039.73 + 2.88 = 8,042.61
    assert metric(at, "市级合计").value == "8,042.61"
    assert metric(at, "资助人数").value == "888,709"


def test_extra_category_gets_its_own_standard_and_shares():
    at = open_page()
    at.session_state["newcat:panel"] = True  # open the lazy 添加人员类别 panel
    at.run()
    at.text_input(key="newcat:zh").input("特困")
    at.number_input(key="newcat:std").set_value(180.0)
    submit = [b for b in at.button if b.label == "添加"][0]
    submit.click().run()
    assert not at.exception and not at.error
    assert "cat1_people" in at.session_state["ws:allocation"]["table"].columns
    assert metric(at, "市级合计").value == "8,039.73"  # headcounts start at 0
    seed_edit(at, {"edited_rows": {0: {"cat1_people": 100}}})
    # 特困 at 180 元, province:city 60:40 → 72 元/人 for the city: 100 × 72 = 7,200 元 → 0.72
    assert metric(at, "市级合计").value == "8,040.45"


def test_english_labels():
    at = open_page("en")
    assert metric(at, "City total").value == "8,039.73"
    assert at.title[0].value == "Contribution subsidy allocation"
    assert any(s.value == "Parameters" for s in at.subheader)


def test_apply_delta_edits_deletes_and_adds_once():
    schema = allocation_schema([type("C", (), {"key": "a", "zh": "甲", "en": "A"})()])
    base = pd.DataFrame({"county": ["x", "y", "z"], "a_people": [1, 2, 3]})
    out = apply_delta(base, {"edited_rows": {"2": {"a_people": 30}}, "deleted_rows": [0],
                             "added_rows": [{"a_people": 5}]}, schema, "新增县")
    clean = validate_table(out, schema)
    assert clean["county"].tolist() == ["y", "z", "新增县1"]
    assert clean["a_people"].tolist() == [2, 30, 5]
    with pytest.raises(InputError):
        validate_table(apply_delta(base, {"edited_rows": {0: {"a_people": None}}}, schema), schema)


def test_the_chosen_view_survives_a_visit_to_another_page():
    at = open_page()
    open_tab(at, "details:allocation", "这个数怎么来的")
    at.switch_page("../pages/pooling.py").run()
    at.switch_page("../pages/allocation.py").run()
    assert not at.exception
    assert at.segmented_control(key="details:allocation").value == "这个数怎么来的"


def test_uniform_standard_200_sets_both_categories_unless_one_is_changed():
    """统一补助标准 200 元: city 40% of 未脱贫 = 80 元/人 (3,455.74, worked above) and 60% of 已脱贫 = 120 元/人.
    A category whose own standard is then changed keeps its own: 未脱贫 at 190 元 pays the city 76 元/人.
    Each county's amount is half-up to 100 元, worked here from the 附表's headcounts (data/qujing_2018.csv)."""
    rows = [line.split(",") for line in
            (Path(__file__).resolve().parents[1] / "data" / "qujing_2018.csv").read_text(encoding="utf-8").splitlines()]

    def city_yuan(column: str, per_person: int) -> int:
        return sum((int(r[rows[0].index(column)]) * per_person + 50) // 100 * 100 for r in rows[1:])

    at = open_page()
    at.number_input(key="p:allocation:uniform_standard_yuan").set_value(200.0).run()
    assert not at.exception
    want = Decimal("3455.74") + Decimal(city_yuan("lifted_people", 120)) / 10_000
    assert city_yuan("not_lifted_people", 80) == 34_557_400  # the 3,455.74 above, from the same headcounts
    assert metric(at, "市级合计").value == f"{want:,.2f}"
    at.number_input(key=STANDARD).set_value(190.0).run()
    want = Decimal(city_yuan("not_lifted_people", 76) + city_yuan("lifted_people", 120)) / 10_000
    assert metric(at, "市级合计").value == f"{want:,.2f}"

"""The fourth mechanism (tests/fourth_mechanism.py, 按人头定额补助) on the dashboard: registering it is all
it takes for the navigation to list it and for the generic mechanism page (pages/mechanism.py) to show its
figures, take a parameter change and draw its table; the other pages open with it registered.

Figures worked by hand (as in tests/test_fourth_mechanism.py): standard 75 元, rounding to 100 元:
甲县 1234 × 75 = 92,550 元 → 9.26 万元; 乙县 2000 × 75 = 150,000 → 15.00; 丙县 0; 合计 24.26 万元.
Standard 80: 1234 × 80 = 98,720 → 9.87; 2000 × 80 = 160,000 → 16.00; 合计 25.87 万元."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc import mechanisms
from tests import fourth_mechanism
from tests.apptest_helpers import APP, metric, shown_table
from tests.fourth_mechanism import NAME

PAGE = "../pages/mechanism.py"
STANDARD = f"p:{NAME}:standard_yuan"


@pytest.fixture
def capitation(tmp_path, monkeypatch):
    with fourth_mechanism.installed(tmp_path, monkeypatch) as installed:
        yield installed


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_navigation_lists_it_and_its_page_shows_its_figures(capitation):
    at = open_page(PAGE)
    assert at.title[0].value == "按人头定额补助"
    assert metric(at, "补助金额").value == "24.26"
    table = shown_table(at, f"table:{NAME}")
    assert table.loc["甲县", "amount_fen"] == 9.26
    assert table.loc["乙县", "amount_fen"] == 15.00


def test_a_parameter_change_recomputes(capitation):
    at = open_page(PAGE)
    at.number_input(key=STANDARD).set_value(80).run()
    assert not at.exception
    assert metric(at, "补助金额").value == "25.87"
    assert shown_table(at, f"table:{NAME}").loc["甲县", "amount_fen"] == 9.87


@pytest.mark.parametrize("page", ["../pages/overview.py", "../pages/scenarios.py", "../pages/compare.py",
                                  "../pages/analysis.py", "../pages/forms.py"])
def test_the_other_pages_open_with_it_registered(capitation, page):
    open_page(page)


def test_without_registration_there_is_no_page_for_it():
    assert NAME not in mechanisms.names()
    at = AppTest.from_file(APP, default_timeout=60).run()
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_goal_seek_on_its_page_of_analysis(capitation):
    """Highest standard with 合计 ≤ 20.00 万元: 61 元 (1234 × 61 = 75,274 → 7.53 万元; 2000 × 61 = 122,000 →
    12.20; 合计 19.73). 62 元: 76,508 → 7.65; 124,000 → 12.40; 合计 20.05, over."""
    at = open_page("../pages/analysis.py")
    at.selectbox(key="an:mech").set_value(NAME).run()
    at.selectbox(key=f"gs:knob:{NAME}").set_value("standard_yuan").run()
    at.selectbox(key=f"gs:metric:{NAME}").set_value("amount_fen").run()
    at.text_input(key=f"gs:limit:{NAME}:amount_fen").set_value("20").run()
    assert not at.exception
    assert at.metric[0].value == "61 元/人"


def test_save_it_as_a_scenario_and_compare_with_the_document(capitation):
    """Standard 80 saved, compared with the document's 75: 25.87 against 24.26 万元, Δ +1.61 万元."""
    from fundcalc.store import Store

    at = open_page(PAGE)
    at.number_input(key=STANDARD).set_value(80).run()
    at.switch_page("../pages/scenarios.py").run()
    at.selectbox(key="sc:mech").set_value(NAME).run()
    at.text_input(key="sc:name").set_value("标准80").run()
    at.button(key="sc:save").click().run()
    assert not at.exception
    [entry] = Store().list()
    assert Store().get(entry.id).overrides == {"standard_yuan": 80}

    at.switch_page("../pages/compare.py").run()
    at.selectbox(key="cmp:mech").set_value(NAME).run()
    at.multiselect(key=f"cmp:picked:{NAME}").set_value([f"db:{entry.id}"]).run()
    assert not at.exception
    base, scenario = at.metric[0], at.metric[1]
    assert base.value.startswith("24.26") and scenario.value.startswith("25.87")
    assert scenario.delta.startswith("+1.61")

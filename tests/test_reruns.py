"""What an input reruns (ui/live.py): the results always; the parameter panel only when it shows something
new; a note only when it reads the parameter; a key not drawn in the run is refused. AppTest runs the
callbacks; the keys each one asks for are recorded here (the browser tests check that those reruns draw the
right thing: tests/browser/test_fragments.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_app_page
from ui import live


@pytest.fixture
def asked(monkeypatch):
    calls: list[list[str] | None] = []
    monkeypatch.setattr(live, "_st_rerun", lambda keys: calls.append(keys))
    return calls


def change(at, key: str, value) -> None:
    at.number_input(key=key).set_value(value).run()
    assert not at.exception


def test_first_change_redraws_the_panel_then_only_the_results(asked):
    at = open_app_page("../pages/allocation.py")
    change(at, "p:allocation:not_lifted.standard_yuan", 200.0)   # ✎ appears on the widget
    change(at, "p:allocation:not_lifted.standard_yuan", 210.0)   # nothing new in the panel
    change(at, "p:allocation:not_lifted.standard_yuan", 180.0)   # back to the document: ✎ goes
    panel = ["params:allocation", "status:allocation"]
    assert asked == [["results:allocation", *panel], ["results:allocation"], ["results:allocation", *panel]]


def test_a_share_reruns_its_categorys_sum(asked):
    at = open_app_page("../pages/allocation.py")
    change(at, "p:allocation:lifted.province_pct", 30.0)
    change(at, "p:allocation:lifted.province_pct", 35.0)
    assert asked[1] == ["results:allocation", "note:allocation:sum:lifted"]


def test_a_refused_value_redraws_only_the_panel(asked):
    at = open_app_page("../pages/allocation.py")
    change(at, "p:allocation:not_lifted.standard_yuan", -5.0)
    assert asked == [["params:allocation"]]
    change(at, "p:allocation:not_lifted.standard_yuan", 200.0)   # the message goes: the panel again
    assert asked[1] == ["results:allocation", "params:allocation", "status:allocation"]


def test_a_budget_parameter_reruns_the_results_where_the_budget_view_is_drawn(asked):
    at = open_app_page("../pages/pooling.py")
    change(at, "p:pooling:county_gap_pct", 80.0)
    change(at, "p:pooling:county_gap_pct", 70.0)
    change(at, "p:pooling:resident_budget_pct", 95.0)
    change(at, "p:pooling:resident_budget_pct", 100.0)
    assert asked[1] == ["results:pooling", "note:pooling:county_gap_pct"]
    assert asked[3] == ["results:pooling"]


def test_the_rerun_table():
    assert live.keys("table_edited", "pooling") == ["results:pooling", "status:pooling"]
    assert live.keys("param_changed", "pooling", notes=["county_gap_pct"]) == [
        "results:pooling", "note:pooling:county_gap_pct"]
    assert live.keys("reset", "allocation") is None
    with pytest.raises(KeyError):
        live.keys("no_such_event", "allocation")


def _app_with_an_undrawn_key():
    import streamlit as st

    from ui import live as lv

    lv.new_run()
    st.session_state.setdefault("runs", 0)
    st.session_state.runs += 1

    @lv.fragment("results", "demo")
    def results():
        st.write("results")

    results()
    st.button("go", key="go", on_click=lambda: lv.rerun("param_marked", "demo"))  # params/status never drawn
    st.write(f"runs {st.session_state.runs}")


def test_an_undrawn_key_is_an_error_under_strict_reruns(caplog):
    at = AppTest.from_function(_app_with_an_undrawn_key).run()
    at.button(key="go").click().run()
    assert at.exception  # the message shown is redacted (client.showErrorDetails); the log names the keys
    assert "fragment keys ['params:demo', 'status:demo'] were not drawn" in caplog.text


def test_an_undrawn_key_reruns_the_page_otherwise(monkeypatch, asked):
    monkeypatch.delenv("FUNDCALC_STRICT_RERUNS")
    at = AppTest.from_function(_app_with_an_undrawn_key).run()
    at.button(key="go").click().run()
    assert not at.exception
    assert asked == [None]  # the whole page, not the keys asked for

"""AppTest cannot show a page after st.rerun(<fragment keys>): its element tree then holds only the rerun
fragments. Every AppTest run is a full run anyway, so ui.live._st_rerun ignores fragment keys here (a whole-page
rerun is still made: a category added in the script's flow needs it); ui.live.rerun
still checks that every key it is asked for was drawn (strict: an undrawn key raises). The browser tests run
the real servers, where nothing is replaced (see ui/live.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _full_reruns_under_apptest(monkeypatch):
    from ui import live

    monkeypatch.setenv("FUNDCALC_STRICT_RERUNS", "1")
    monkeypatch.setattr(live, "_st_rerun", _whole_page_only)


def _whole_page_only(fragment_keys):
    if fragment_keys is None:
        import streamlit as st

        st.rerun()


@pytest.fixture(autouse=True)
def _own_scenario_database(tmp_path, monkeypatch):
    """Every AppTest session keeps drafts of its work (ui/draft.py): each test gets a database of its own
    unless it names one, so no test writes into data/scenarios.sqlite3 or reads another test's drafts."""
    import os

    if not os.environ.get("FUNDCALC_DB"):
        monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "scenarios.sqlite3"))

@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """One local[2] SparkSession for the whole run (it takes ~15 s to start); its local folders in a temp dir."""
    from fundcalc.roster.engines import quiet, spark_session

    session = spark_session("local[2]", tmp_path_factory.mktemp("spark"), app_name="fundcalc-tests")
    quiet(session)
    yield session
    session.stop()

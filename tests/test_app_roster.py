"""The 名单去重 step in Streamlit's AppTest: uploaded rosters become the settlement county table.

The roster is generated (valid numbers, planted duplicates); the expected counts are the generator's plan,
已预拨 comes from the shipped table by county name, and an unmatched county is listed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from fundcalc.datasets import DATASETS
from fundcalc.roster.generate import generate


def roster_script() -> None:
    import streamlit as st

    from ui import roster_step, state

    roster_step.panel("settlement")
    ws = state.workspace("settlement")
    st.session_state["probe"] = {"dataset": ws["dataset"], "table": ws["table"].copy(),
                                 "mode": state.current_policy("settlement").values["mode"]}


def uploader(at: AppTest, label: str):
    found = [u for u in at.file_uploader if u.label.startswith(label)]
    assert len(found) == 1, [u.label for u in at.file_uploader]
    return found[0]


def test_uploaded_roster_becomes_the_settlement_table(tmp_path):
    shipped = DATASETS["tacheng_2020"].load()
    names = shipped["county"].tolist()[:3] + ["新设县"]
    plan = generate(tmp_path, persons=2_000, seed=4, fmt="csv", county_names=names)
    at = AppTest.from_function(roster_script, default_timeout=120)
    at.run()
    assert not at.exception
    assert at.button(key="roster:run").disabled
    for label, key in (("参保名单", "roster"), ("兵团", "bingtuan"), ("跨省", "cross_province"), ("职工", "employee")):
        uploader(at, label).set_value((plan.paths[key].name, plan.paths[key].read_bytes(), "text/csv"))
    at.run()
    at.button(key="roster:run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert all(u.value is None for u in at.file_uploader)        # the uploaded bytes are gone after the run
    at.button(key="roster:use").click().run()
    assert not at.exception
    probe = at.session_state["probe"]
    assert probe["mode"] == "headcount"
    table = probe["table"].set_index("county")
    expected = plan.expected().set_index("county")
    for key in ("insured", "dup_in_province", "dup_bingtuan", "dup_cross_province", "dup_cross_system"):
        assert table[key].to_dict() == expected[key].to_dict(), key
    pre = shipped.set_index("county")["preallocated_wan"]
    assert [table.loc[n, "preallocated_wan"] for n in names[:3]] == [pre[n] for n in names[:3]]
    assert table.loc["新设县", "preallocated_wan"] == 0
    assert any("新设县" in w.value for w in at.warning)
    # The settlement itself now runs on the roster's counts.
    from fundcalc.datasets import DATASETS as D
    from fundcalc.mechanisms import settlement

    policy = D["tacheng_2020"].policy()
    policy = policy.with_overrides({"mode": "headcount"}, settlement.param_specs(policy))
    result = settlement.compute(probe["table"], policy)
    assert result.table.set_index("county")["headcount"].to_dict() == (
        expected["insured"] - expected[["dup_in_province", "dup_bingtuan", "dup_cross_province",
                                        "dup_cross_system"]].sum(axis=1)).to_dict()


def test_large_files_come_from_the_configured_folder_by_name_only(tmp_path, monkeypatch):
    folder = tmp_path / "rosters"
    plan = generate(folder, persons=1_500, counties=3, seed=9, fmt="parquet")
    (tmp_path / "outside.parquet").write_bytes(plan.paths["roster"].read_bytes())
    monkeypatch.setenv("FUNDCALC_ROSTER_DIR", str(folder))
    at = AppTest.from_function(roster_script, default_timeout=120)
    at.run()
    at.radio(key="roster:source").set_value(at.radio(key="roster:source").options[1]).run()
    assert not at.file_uploader
    pick = at.selectbox(key="roster:pick:roster")
    assert sorted(o for o in pick.options if o) == sorted(p.name for p in plan.paths.values())   # names, no paths
    pick.set_value("roster.parquet")
    at.selectbox(key="roster:pick:bingtuan").set_value("bingtuan.parquet")
    at.run()
    at.button(key="roster:run").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.button(key="roster:use").click().run()
    table = at.session_state["probe"]["table"].set_index("county")
    expected = plan.expected().set_index("county")
    assert table["insured"].to_dict() == expected["insured"].to_dict()
    assert table["dup_bingtuan"].to_dict() == expected["dup_bingtuan"].to_dict()
    assert sum(table["dup_cross_province"]) == 0            # that list was not picked: an empty list

"""A mechanism defined in the tests (tests/fourth_mechanism.py, 按人头定额补助) works everywhere fundcalc reaches
once it is registered: command line, scenarios and the store, compare, sweep, goal-seek, sensitivity, forms.

Hand-worked figures (standard 75 元/人, amounts rounded half-up to 100 元 per county):
  甲县 1,234 × 75 = 92,550 元 → 92,600 元 = 9.26 万元
  乙县 2,000 × 75 = 150,000 元           = 15.00 万元
  丙县     0 × 75 = 0                    =  0.00 万元        合计 24.26 万元 (2,426 万分 = 24,260,000 分)
At 80 元/人: 1,234 × 80 = 98,720 → 98,700 元 = 9.87; 2,000 × 80 = 160,000 = 16.00; 合计 25.87 万元.
Scenario (80 元/人, 乙县 2,500, 丙县 100): 9.87 + 2,500 × 80 = 200,000 → 20.00 + 100 × 80 = 8,000 → 0.80
  = 30.67 万元; Δ against the baseline 30.67 − 24.26 = 6.41 万元 = 6,410,000 分; 丙县 无补助 → 有补助.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from fundcalc import cli, mechanisms
from fundcalc.compare import compare, county_status
from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.forms import FormOptions, build_forms, default_texts
from fundcalc.goalseek import seek
from fundcalc.scenario import Scenario, diff_tables
from fundcalc.scenario import compute as compute_scenario
from fundcalc.sensitivity import tornado
from fundcalc.store import Store
from fundcalc.sweep import evaluate, knob
from tests.fourth_mechanism import DATASET_ID, NAME, SPEC, installed

WAN = 1_000_000  # 分 per 万元


@pytest.fixture
def capitation(tmp_path, monkeypatch):
    with installed(tmp_path, monkeypatch) as i:
        yield i


def rows_of(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def base(installed):
    ds = installed.dataset
    return ds.load(), ds.policy()


def scenario() -> Scenario:
    table = DATASETS[DATASET_ID].load()
    edited = table.copy()
    edited.loc[edited["county"] == "乙县", "insured"] = 2500
    edited.loc[edited["county"] == "丙县", "insured"] = 100
    return Scenario(name="标准80", mechanism=NAME, dataset=DATASET_ID, overrides={"standard_yuan": 80},
                    edits=diff_tables(table, edited))


# --- command line ---------------------------------------------------------------------------------

def test_cli_writes_the_table_with_its_total(capitation, tmp_path):
    out = tmp_path / "x.csv"
    code = cli.main([NAME, "--params", str(capitation.policy_path), "--data", str(capitation.data_path),
                     "--out", str(out)])
    assert code == 0
    rows = rows_of(out)
    assert rows[0] == ["county", "insured", "amount_wan"]
    assert rows[1:] == [["甲县", "1234", "9.26"], ["乙县", "2000", "15.00"], ["丙县", "0", "0.00"],
                        ["合计", "3234", "24.26"]]


def test_cli_writes_xlsx(capitation, tmp_path):
    out = tmp_path / "x.xlsx"
    assert cli.main([NAME, "--params", str(capitation.policy_path), "--data", str(capitation.data_path),
                     "--out", str(out)]) == 0
    ws = load_workbook(out).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert 24.26 in values and 9.26 in values


def test_cli_set_overrides_the_standard(capitation, tmp_path):
    out = tmp_path / "x.csv"
    assert cli.main([NAME, "--set", "standard_yuan=80", "--out", str(out)]) == 0   # the dataset's files by default
    assert rows_of(out)[-1] == ["合计", "3234", "25.87"]


def test_cli_help_lists_the_parameters(capitation, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([NAME, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "standard_yuan [元/人] = 75 (文件规定)" in text and "rounding_unit_yuan" in text


def test_cli_forms_workbook(capitation, tmp_path):
    out = tmp_path / "f.xlsx"
    assert cli.main(["forms", NAME, "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["补助金额测算表"]
    values = [c.value for row in wb.active.iter_rows() for c in row]
    assert values.count(24.26) == 1 and "合计" in values


def test_cli_forms_refuses_inputs_the_mechanism_has_no_form_for(capitation, tmp_path, capsys):
    assert cli.main(["forms", NAME, "--spent", "甲县=1", "--out", str(tmp_path / "f.xlsx")]) == 1
    assert "跟踪反馈表" in capsys.readouterr().err


def test_cli_runs_a_saved_scenario(capitation, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(scenario().to_json(), encoding="utf-8")
    out = tmp_path / "s.csv"
    assert cli.main(["run", str(path), "--out", str(out)]) == 0
    assert rows_of(out)[1:] == [["甲县", "1234", "9.87"], ["乙县", "2500", "20.00"], ["丙县", "100", "0.80"],
                                ["合计", "3834", "30.67"]]


# --- scenarios and the store ----------------------------------------------------------------------

def test_scenario_round_trip_replay_and_store(capitation):
    s = scenario()
    again = Scenario.from_json(s.to_json())
    assert again.to_dict() == s.to_dict()
    assert compute_scenario(again).totals["amount_fen"] == 30_670_000
    store = Store()
    sid = store.save(s, author="tester")
    assert compute_scenario(store.get(sid)).totals["amount_fen"] == 30_670_000


def test_scenario_refuses_extra_categories(capitation):
    d = scenario().to_dict()
    d["extra_categories"] = [{"key": "x", "zh": "新类", "en": "New", "standard_yuan": 1, "shares": {}}]
    with pytest.raises(InputError):
        Scenario.from_dict(d)


# --- compare, sweep, goal-seek, sensitivity -------------------------------------------------------

def test_compare_totals_and_status_changes(capitation):
    table, policy = base(capitation)
    baseline = SPEC.compute(table, policy)
    comp = compare(baseline, [("标准80", compute_scenario(scenario()))], baseline_name="文件")
    t = comp.totals.set_index("key")
    assert t.at["amount_fen", "文件"] == 24_260_000
    assert t.at["amount_fen", "标准80"] == 30_670_000
    assert t.at["amount_fen", "Δ 标准80"] == 6_410_000
    assert t.at["insured", "Δ 标准80"] == 600          # 2,500 − 2,000 + 100 − 0
    assert comp.figure == "amount_fen"
    assert comp.status_changes.to_dict("records") == [
        {"county": "丙县", "scenario": "标准80", "from": "none", "to": "funded"}]
    assert county_status(baseline).to_dict() == {"甲县": "funded", "乙县": "funded", "丙县": "none"}


def test_sweep_evaluates_settings(capitation):
    table, policy = base(capitation)
    got = evaluate(table, policy, NAME, [{}, {"standard_yuan": 80}], ["amount_fen"])
    assert got["amount_fen"].tolist() == [24_260_000, 25_870_000]


def test_goal_seek_finds_the_highest_standard_within_20_wan(capitation):
    table, policy = base(capitation)
    # 61: 1,234 × 61 = 75,274 → 75,300 + 122,000 = 197,300 元 ≤ 200,000; 62: 76,500 + 124,000 = 200,500 元
    r = seek(table, policy, NAME, knob(NAME, policy, "standard_yuan"), "amount_fen", 20 * WAN)
    assert (r.answer, r.answer_fen, r.over, r.over_fen) == (61, 19_730_000, 62, 20_050_000)


def test_sensitivity_tornado(capitation):
    table, policy = base(capitation)
    frame = tornado(table, policy, NAME, "amount_fen", pct=10)
    # 75 ± 10% → 67.5 → 68 and 82.5 → 83 (half-up):
    # 68: 83,912 → 83,900 + 136,000 = 219,900 元; 83: 102,422 → 102,400 + 166,000 = 268,400 元
    assert frame[["key", "low_value", "high_value", "base_fen", "low_fen", "high_fen"]].to_dict("records") == [
        {"key": "standard_yuan", "low_value": 68, "high_value": 83, "base_fen": 24_260_000,
         "low_fen": 21_990_000, "high_fen": 26_840_000}]


# --- forms ----------------------------------------------------------------------------------------

def test_forms_and_their_wording(capitation):
    table, policy = base(capitation)
    result = SPEC.compute(table, policy)
    assert default_texts(result) == {"capitation.attachment": "附件"}
    forms = build_forms(result, FormOptions(texts={"capitation.attachment": "附件2"}))
    assert [f.sheet for f in forms] == ["补助金额测算表"]
    assert forms[0].above == [("附件2", "left")]
    with pytest.raises(InputError):
        build_forms(result, FormOptions(texts={"performance.title": "x"}))   # a form this mechanism lacks


def test_explain_cites_the_document(capitation):
    table, policy = base(capitation)
    steps = SPEC.explain(SPEC.compute(table, policy), "甲县")
    assert steps[0].clause == "样财社〔2025〕1号" and "9.26 万元" in steps[0].zh


# --- the registry ---------------------------------------------------------------------------------

def test_registry_refuses_unknown_and_duplicate_names(capitation):
    assert NAME in mechanisms.names()
    with pytest.raises(InputError):
        mechanisms.get("no_such_mechanism")
    with pytest.raises(InputError):
        mechanisms.register(SPEC)


def test_unregistered_mechanism_is_unknown_everywhere(tmp_path):
    assert NAME not in mechanisms.names()
    with pytest.raises(InputError):
        mechanisms.get(NAME)
    with pytest.raises(SystemExit):
        cli.main([NAME, "--out", str(tmp_path / "x.csv")])     # no such subcommand without the registration

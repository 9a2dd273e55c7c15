"""True to the source: each value says whether the document gives it, the notice facts read back against the
documents' text, 运城 二(一) has an effect, the two 可支配月数 figures are kept apart, 曲靖's table declares
its stage, and the 塔城 forms print what 附件2 prints.

The documents' text is in tests/seeds/ (copies of the seed texts); expected figures are the documents' own
or worked by hand in the comments.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.forms import allocation_table, pooling_table, settlement_table, tracking
from fundcalc.forms.layout import workbook_bytes
from fundcalc.mechanisms import allocation, pooling, settlement
from fundcalc.params import PARAMS_DIR, SOURCE_KINDS, load_policy
from fundcalc.sources import assumption_lines
from fundcalc.tables import official_frame
from ui.downloads import labelled_csv
from ui.format import total_values

SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_OF = {"qujing_2018.toml": "qujing_2018.txt", "tacheng_2020.toml": "tacheng_2020.txt",
           "yuncheng_2019.toml": "yuncheng_2019.txt"}
POLICY_FILES = sorted(PARAMS_DIR.glob("*.toml"))
MECH = {"allocation": allocation, "settlement": settlement, "pooling": pooling}


def squeeze(text: str) -> str:
    """The extracted text breaks lines and spaces at random: compare without whitespace."""
    return re.sub(r"\s+", "", text)


def seed(policy_file: Path) -> str:
    return squeeze((SEEDS / SEED_OF[policy_file.name]).read_text(encoding="utf-8"))


def run(dataset: str, **overrides):
    d = DATASETS[dataset]
    policy = d.policy()
    if overrides:
        policy = policy.with_overrides(overrides, MECH[d.mechanism].param_specs(policy))
    return MECH[d.mechanism].compute(d.load(policy), policy, validated=True)


# --- every value declares its source ---------------------------------------------------------

def test_the_policy_files_are_all_checked():
    assert {p.name for p in POLICY_FILES} == set(SEED_OF)


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_every_value_declares_where_it_comes_from(path):
    policy = load_policy(path)
    assert policy.values
    for key in policy.values:
        assert key in policy.sources, key
        src = policy.source(key)
        assert src.kind in SOURCE_KINDS and src.kind not in ("user", "undeclared"), key
        if src.from_document:
            assert policy.doc_no in src.clause, (key, src.clause)
        else:
            assert src.why_zh and src.why_en, key


@pytest.mark.parametrize("key,kind", [
    ("city_reserve_opening_wan", "sample"), ("city_budget_revenue_wan", "sample"), ("months_band_low", "assumption"),
    ("months_band_high", "assumption"), ("clearing_mode", "assumption"), ("monthly_split", "assumption"),
    ("excess_reserve_mode", "assumption"), ("rounding_unit_yuan", "assumption"), ("reserve_pct", "document"),
    ("outpatient_yuan", "document"), ("surplus_reserve_pct", "document"), ("resident_budget_pct", "document")])
def test_yuncheng_sources(key, kind):
    assert DATASETS["yuncheng_2019_sample"].policy().source(key).kind == kind


def test_the_months_band_is_said_to_come_from_tacheng():
    src = DATASETS["yuncheng_2019_sample"].policy().source("months_band_low")
    assert "塔地财社〔2021〕87号" in src.why_zh and "运政办发〔2019〕30号未规定" in src.why_zh


def test_an_undeclared_value_is_never_shown_as_the_documents():
    from dataclasses import replace
    policy = replace(DATASETS["yuncheng_2019_sample"].policy(), sources={})
    src = policy.source("reserve_pct")
    assert not src.from_document and src.note("zh").startswith("未注明来源")


def test_tacheng_standard_and_qujing_county_name_are_not_the_documents():
    assert DATASETS["tacheng_2020"].policy().source("standard_yuan").kind == "sample"
    qj = DATASETS["qujing_2018"].policy()
    assert qj.source("inferred_county").kind == "assumption" and qj.meta["inferred_county"] == "师宗县"


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_document_values_appear_in_the_document(path):
    """A number given as 文件规定 is printed in the document (180, 3%, 75元, 10%, 90%, 105%…)."""
    policy, text = load_policy(path), seed(path)
    for key, value in policy.values.items():
        src = policy.source(key)
        if not src.from_document or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if key.endswith("_pct") and value in (0, 100):
            continue  # 全额补贴 / 县级不承担: stated in words, not as a number
        if key.endswith(("province_pct", "city_pct")):
            assert f"{value // 10}:{(100 - value) // 10}" in text, key  # 6:4 / 4:6
        elif key == "rounding_unit_yuan":
            continue
        else:
            assert str(value) in text, (key, value)
    for key in ("clawback_doc", "insured_target_total_10k"):  # the document's words, as text values
        if key in policy.values:
            assert policy.source(key).from_document and str(policy.values[key]) in text


# --- notice facts ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_notice_facts_read_back_against_the_document(path):
    policy, text = load_policy(path), seed(path)
    assert policy.notice
    for fact in policy.notice:
        assert fact.clause.startswith(policy.doc_no), fact.key
        assert squeeze(fact.value) in text, (fact.key, fact.value)


def test_the_notice_facts_the_issue_names():
    qj = {f.key: f.value for f in DATASETS["qujing_2018"].policy().notice}
    tc = {f.key: f.value for f in DATASETS["tacheng_2020"].policy().notice}
    yc = {f.key: f.value for f in DATASETS["yuncheng_2019_sample"].policy().notice}
    assert qj["function_code"].startswith("2101399") and qj["economic_code"] == "509"
    assert tc["income_code"].startswith("1100249") and tc["expenditure_code"].startswith("2101202")
    assert tc["direct_fund_mark"] == "01 自治区直达资金"
    assert "市级城乡居民医疗保险财政专户" in qj["payment"] and "市级财政专户" in yc["payment"]
    assert qj["copied_to"] == "本局预算局、国库科" and yc["addressees"] == "各县（市、区）人民政府，市直各有关单位"


# --- 运城 二(一) -----------------------------------------------------------------------------------

def test_budgeted_revenue_changes_the_city_figures():
    base = run("yuncheng_2019_sample")
    r = run("yuncheng_2019_sample", city_budget_revenue_wan="300000")
    city = r.figures
    # revenue 338,219.06 万元 − budget 300,000 = excess 38,219.06; cap 3% of 338,219.06 = 10,146.5718 → down to
    # 0.01 万元: 10,146.57; the rest 28,072.49 may cover budget shortfalls.
    assert city["excess_fen"] == 38_219_060_000
    assert city["excess_to_reserve_fen"] == 10_146_570_000
    assert city["excess_for_shortfalls_fen"] == 28_072_490_000
    # default (假设 "same"): the reserve part is 二(二)'s 3%, already in the reserve
    assert city["excess_added_fen"] == 0
    assert city["reserve_closing_fen"] == base.figures["reserve_closing_fen"]
    # shown: form notes, CSV notes, explanation
    notes = "\n".join(pooling_table.build(r).notes)
    assert "超收 38,219.06 万元" in notes and "28,072.49" in notes
    csv = labelled_csv(r, "zh").decode("utf-8-sig")
    assert "超收 38219.06 万元" in csv
    steps = pooling.explain(r, r.table["county"].iat[0])
    assert any("超收 38,219.06" in s.zh and "假设" in s.clause for s in steps)


def test_on_top_adds_the_reserve_part_to_the_reserve():
    same = run("yuncheng_2019_sample", city_budget_revenue_wan="300000")
    top = run("yuncheng_2019_sample", city_budget_revenue_wan="300000", excess_reserve_mode="on_top")
    gained = top.figures["reserve_closing_fen"] - same.figures["reserve_closing_fen"]
    assert gained == 10_146_570_000 == top.figures["excess_added_fen"]
    # (170,938.82 + 10,146.57 + 11,926.59) ÷ (325,559.46 ÷ 12) = 7.114… → 7.11 months
    assert top.figures["months_available"] == 7.11
    # the projection's first year takes it too
    p = top.policy
    proj = pooling.project(DATASETS["yuncheng_2019_sample"].load(p), p, 2)
    proj_same = pooling.project(DATASETS["yuncheng_2019_sample"].load(same.policy), same.policy, 2)
    assert int(proj["reserve_end_fen"].iat[0] - proj_same["reserve_end_fen"].iat[0]) == 10_146_570_000


# --- 可支配月数: the counties' own and the city's ------------------------------------------------

def test_months_total_is_the_counties_own_on_page_csv_and_form():
    r = run("yuncheng_2019_sample")
    city = r.figures
    # counties' retained 11,926.59 万元 ÷ (325,559.46 ÷ 12) = 0.4396… → 0.44; with the reserve 6.74
    assert city["counties_months_available"] == 0.44 and city["months_available"] == 6.74
    assert official_frame(r)["months_available"].iat[-1] == 0.44
    assert total_values(r)["months_available"] == 0.44
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([pooling_table.build(r)]))).active
    total_row = next(row for row in ws.iter_rows() if any(c.value == "合计" for c in row))
    assert float(total_row[-1].value) == 0.44
    # the city's figure is named apart, and says what it rests on
    notes = "\n".join(pooling_table.build(r).notes)
    assert "全市可支配月数（含调剂金）" in notes and "6.74" in notes and "示例值" in notes
    csv = labelled_csv(r, "zh").decode("utf-8-sig")
    assert "全市可支配月数（含调剂金）6.74" in csv and "160000 万元 — 示例值" in csv


# --- 曲靖: the table declares its stage ----------------------------------------------------------

def test_the_documents_table_is_after_the_deduction():
    r = run("qujing_2018")
    assert r.policy.values["table_stage"] == "after_deduction"
    assert r.totals["total_people"] == 888_409  # the 附表's 合计, not deducted again
    with pytest.raises(InputError):  # the old switch that deducted from any table is gone
        run("qujing_2018", deduction_enabled="true")


def test_a_before_deduction_table_is_deducted_once():
    r = run("qujing_2018", table_stage="before_deduction")
    assert r.totals["total_people"] == 888_409 - 4_463
    lines = "\n".join(assumption_lines(r))
    assert "调减人数 4,463" in lines and "假设" in lines


def test_allocation_form_names_the_inferred_county():
    notes = allocation_table.build(run("qujing_2018")).notes
    assert notes[0] == "备注：人数为省补助人数，省级参保大学生按比例分配调减各县资助参保人数。"
    assert any("师宗县" in n and "假设" in n for n in notes[1:])


# --- 塔城 ----------------------------------------------------------------------------------------

def test_tracking_form_says_how_the_amount_is_made_up():
    r = run("tacheng_2020")
    lines = tracking.default_lines(r, "塔城市")
    assert lines[0].amount_fen == 721 * 1_000_000
    form = tracking.build(lines, "塔城市", r)
    assert form.notes[-1] == ("注：资金金额 721 万元 = 提前下达 731 万元（塔地财社〔2021〕8号）+ 此次结算 -10 万元"
                              "（塔地财社〔2021〕87号），即2020年应补助资金全额。")
    # the settlement amount alone is what it says
    assert not tracking.build(tracking.default_lines(r, "塔城市", amount="net"), "塔城市", r).notes[-1] \
        .startswith("注：资金金额")


def test_headcount_standard_is_marked_sample_on_the_settlement_form():
    notes = settlement_table.build(run("tacheng_2020_headcount_sample")).notes
    assert any(n.startswith("补助标准 78 元/人 — 示例值") for n in notes)
    assert not any("示例值" in n for n in settlement_table.build(run("tacheng_2020")).notes)


def test_explanations_say_what_is_not_the_documents():
    qj = run("qujing_2018")
    first = allocation.explain(qj, "师宗县")[0]
    assert first.zh.startswith("县名「师宗县」：假设") and "假设" in first.clause
    assert not allocation.explain(qj, "麒麟区")[0].zh.startswith("县名")
    tc = run("tacheng_2020_headcount_sample")
    assert any("示例值" in s.clause for s in settlement.explain(tc, "塔城市"))
    yc = run("yuncheng_2019_sample")
    last = pooling.explain(yc, yc.table["county"].iat[0])[-1]
    assert "6.74 月（目标 6–9 个月，假设）" in last.zh and last.clause.startswith("示例值")


def test_a_scenario_saved_with_the_old_switch_keeps_its_figures():
    from fundcalc.scenario import SCHEMA_VERSION, Scenario
    from fundcalc.scenario import compute as run_scenario
    old = {"schema_version": SCHEMA_VERSION, "name": "旧方案", "mechanism": "allocation", "dataset": "qujing_2018",
           "overrides": {"deduction_enabled": True}}
    s = Scenario.from_dict(old)
    assert s.overrides == {"table_stage": "before_deduction"}
    assert run_scenario(s).totals["total_people"] == 888_409 - 4_463  # what it showed when saved
    off = Scenario.from_dict(old | {"overrides": {"deduction_enabled": "false"}})
    assert off.overrides == {}

"""Goal-seek over whole-number parameter values: the answer's total is within the limit and the
next value's is over it, checked by recomputing with the mechanism's own compute."""

from __future__ import annotations

import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.goalseek import seek
from fundcalc.mechanisms import allocation, pooling
from fundcalc.money import wan_to_fen
from fundcalc.sweep import knob

QJ = DATASETS["qujing_2018"]


def city_total(table, policy, setting) -> int:
    p = policy.with_overrides(setting, allocation.param_specs(policy))
    return allocation.compute(table, p, validated=True).totals["city_total_fen"]


def test_hand_worked_single_county():
    """1,000 未脱贫 people, city pays 40%: the city pays 400 × s 元 at standard s; a 1.00 万元 budget
    allows s = 25 (10,000 元) and not 26 (10,400 元)."""
    policy = QJ.policy()
    table = allocation.validate_table(pd.DataFrame({"county": ["甲"], "not_lifted_people": [1000],
                                                    "lifted_people": [0]}), allocation.schema(policy))
    r = seek(table, policy, "allocation", knob("allocation", policy, "not_lifted.standard_yuan"),
             "city_total_fen", wan_to_fen("1.00"), lo=0, hi=5000)
    assert (r.answer, r.answer_fen, r.over, r.over_fen) == (25, 1_000_000, 26, 1_040_000)
    assert r.direction == "increasing" and r.method == "search" and r.exact


def test_qujing_city_budget_of_the_document():
    """The 附表's city 合计, 8,039.73 万元, is exactly the budget at 180 元; 181 元 is over it."""
    policy, table = QJ.policy(), QJ.load()
    k = knob("allocation", policy, "not_lifted.standard_yuan")
    r = seek(table, policy, "allocation", k, "city_total_fen", wan_to_fen("8039.73"))
    assert r.answer == 180 and r.over == 181
    assert city_total(table, policy, k.setting(180)) == wan_to_fen("8039.73") == r.answer_fen
    assert city_total(table, policy, k.setting(181)) > wan_to_fen("8039.73")


@pytest.mark.parametrize("budget_wan", ["5000", "8100.5", "9000", "12345.67", "20000"])
def test_answer_within_and_answer_plus_one_over(budget_wan):
    policy, table = QJ.policy(), QJ.load()
    k = knob("allocation", policy, "lifted.standard_yuan")
    budget = wan_to_fen(budget_wan)
    r = seek(table, policy, "allocation", k, "city_total_fen", budget)
    assert city_total(table, policy, k.setting(r.answer)) <= budget
    assert city_total(table, policy, k.setting(r.answer + 1)) > budget
    assert r.answer_fen == city_total(table, policy, k.setting(r.answer))
    assert r.over == r.answer + 1 and r.over_fen == city_total(table, policy, k.setting(r.answer + 1))
    around = dict(r.around)
    assert around[r.answer - 1] == city_total(table, policy, k.setting(r.answer - 1))


def test_share_that_brings_the_city_total_to_a_target():
    """City total falls as the province's 未脱贫 share rises: the lowest share keeping it ≤ target."""
    policy, table = QJ.policy(), QJ.load()
    k = knob("allocation", policy, "not_lifted.province_pct")
    target = wan_to_fen("7500")
    r = seek(table, policy, "allocation", k, "city_total_fen", target)
    assert r.direction == "decreasing"
    assert city_total(table, policy, k.setting(r.answer)) <= target
    assert city_total(table, policy, k.setting(r.answer - 1)) > target
    assert r.over == r.answer - 1


def test_not_monotone_falls_back_to_a_scan():
    """The grand total hardly moves with the 未脱贫 province share; per-cell rounding makes it jitter
    up and down, so the search scans all 101 shares and returns the highest one within the limit."""
    policy, table = QJ.policy(), QJ.load()
    k = knob("allocation", policy, "not_lifted.province_pct")
    totals = {}
    for v in range(0, 101):
        p = policy.with_overrides(k.setting(v), allocation.param_specs(policy))
        totals[v] = allocation.compute(table, p, validated=True).totals["total_fen"]
    limit = sorted(set(totals.values()))[1]
    r = seek(table, policy, "allocation", k, "total_fen", limit)
    assert r.method == "scan" and r.direction == "not monotone"
    assert r.answer == max(v for v, t in totals.items() if t <= limit)
    assert r.answer_fen == totals[r.answer]
    if r.over is not None:
        assert totals[r.over] > limit


def test_nothing_fits_and_everything_fits():
    policy, table = QJ.policy(), QJ.load()
    k = knob("allocation", policy, "not_lifted.standard_yuan")
    none = seek(table, policy, "allocation", k, "city_total_fen", wan_to_fen("100"), lo=0, hi=500)
    assert none.answer is None and none.over == 0  # the 已脱贫 part alone is over 100 万元
    all_ = seek(table, policy, "allocation", k, "city_total_fen", wan_to_fen("99999"), lo=0, hi=500)
    assert all_.answer == 500 and all_.over is None


def test_pooling_reserve_rate_for_a_reserve_intake():
    """Whole-percent 调剂金 rate whose intake stays within 12,000 万元; checked with pooling.compute."""
    ds = DATASETS["yuncheng_2019_sample"]
    policy, table = ds.policy(), ds.load()
    k = knob("pooling", policy, "reserve_pct")
    limit = wan_to_fen("12000")
    r = seek(table, policy, "pooling", k, "reserve_fen", limit)

    def reserve(v):
        p = policy.with_overrides(k.setting(v), pooling.param_specs(policy))
        return pooling.compute(table, p, validated=True).totals["reserve_fen"]

    assert reserve(r.answer) <= limit < reserve(r.answer + 1)

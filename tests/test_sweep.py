"""The vectorised sweep equals allocation.compute exactly, on sampled settings and tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.mechanisms import allocation, pooling
from fundcalc.sweep import evaluate, knob, knobs

METRICS = ["total_fen", "province_total_fen", "city_total_fen", "county_total_fen"]


def random_table(rng, n: int, cats=("not_lifted", "lifted")) -> pd.DataFrame:
    data = {"county": [f"县{i}" for i in range(n)]}
    for c in cats:
        data[f"{c}_people"] = rng.integers(0, 400_000, n)
    return pd.DataFrame(data)


def compute_metric(table, policy, setting, metric):
    p = policy.with_overrides(setting, allocation.param_specs(policy))
    r = allocation.compute(table, p, validated=True)
    return int(r.totals.get(metric, 0))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sweep_equals_compute_on_sampled_settings(seed):
    rng = np.random.default_rng(seed)
    policy = DATASETS["qujing_2018"].policy()
    if seed == 3:  # a third category paid partly by the county level
        policy = allocation.with_category(policy, "tekun", "特困", "Destitute", 150,
                                          {"province": 40, "city": 35, "county": 25})
    table = allocation.validate_table(random_table(rng, 400, [c["key"] for c in policy.meta["categories"]]),
                                      allocation.schema(policy))
    settings = []
    for _ in range(25):
        prov = int(rng.integers(0, 101))
        settings.append({
            "not_lifted.standard_yuan": int(rng.integers(0, 2000)),
            "lifted.standard_yuan": str(rng.integers(0, 2000)) + ".5",   # 元 and 角: not only whole 元
            "lifted.subsidised_pct": int(rng.integers(0, 101)),
            "not_lifted.province_pct": prov, "not_lifted.city_pct": 100 - prov,
            "rounding_unit_yuan": int(rng.choice([1, 100, 10000])),
        })
    got = evaluate(table, policy, "allocation", settings, METRICS)
    for k, s in enumerate(settings):
        for m in METRICS:
            assert got[m][k] == compute_metric(table, policy, s, m), (s, m)


def test_sweep_with_the_deduction_equals_compute():
    policy = DATASETS["qujing_2018"].policy().with_overrides({"table_stage": "before_deduction"},
                                                             allocation.param_specs(DATASETS["qujing_2018"].policy()))
    table = DATASETS["qujing_2018"].load()
    k = knob("allocation", policy, "not_lifted.standard_yuan")
    values = [0, 1, 99, 180, 181, 4999]
    got = evaluate(table, policy, "allocation", [k.setting(v) for v in values], ["city_total_fen"])["city_total_fen"]
    assert list(got) == [compute_metric(table, policy, k.setting(v), "city_total_fen") for v in values]


def test_large_sweep_matches_compute_at_sampled_points():
    """The issue-6 size: 1,000 standards over 3,000 counties, checked at 8 points."""
    rng = np.random.default_rng(6)
    policy = DATASETS["qujing_2018"].policy()
    table = allocation.validate_table(random_table(rng, 3000), allocation.schema(policy))
    k = knob("allocation", policy, "lifted.standard_yuan")
    values = list(range(100, 1100))
    got = evaluate(table, policy, "allocation", [k.setting(v) for v in values], ["total_fen"])["total_fen"]
    for i in rng.choice(len(values), 8, replace=False):
        assert got[i] == compute_metric(table, policy, k.setting(values[i]), "total_fen")


def test_other_mechanisms_go_through_compute():
    ds = DATASETS["yuncheng_2019_sample"]
    policy = ds.policy()
    table = ds.load(policy)
    settings = [{"reserve_pct": 3}, {"reserve_pct": 5, "county_gap_pct": 80}]
    got = evaluate(table, policy, "pooling", settings, ["reserve_fen", "gap_from_reserve_fen", "reserve_closing_fen"])
    for k, s in enumerate(settings):
        r = pooling.compute(table, policy.with_overrides(s, pooling.param_specs(policy)), validated=True)
        assert got["reserve_fen"][k] == r.totals["reserve_fen"]
        assert got["gap_from_reserve_fen"][k] == r.totals["gap_from_reserve_fen"]
        assert got["reserve_closing_fen"][k] == r.figures["reserve_closing_fen"]


def test_share_knob_keeps_shares_whole():
    policy = DATASETS["qujing_2018"].policy()
    k = knob("allocation", policy, "not_lifted.province_pct")
    assert k.partner == "not_lifted.city_pct" and (k.lo, k.hi) == (0, 100)
    assert k.setting(70) == {"not_lifted.province_pct": 70, "not_lifted.city_pct": 30}
    with pytest.raises(InputError):
        k.setting(101)
    assert [x.key for x in knobs("settlement", DATASETS["tacheng_2020"].policy())] == []
    assert [x.key for x in knobs("settlement", DATASETS["tacheng_2020_headcount_sample"].policy())] == ["standard_yuan"]

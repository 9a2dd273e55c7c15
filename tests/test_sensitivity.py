"""Tornado and two-way grid: moved values as the documents write them, totals equal to compute."""

from __future__ import annotations

import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.mechanisms import allocation, pooling
from fundcalc.sensitivity import grid_values, heatmap, tornado
from fundcalc.sweep import knob

QJ = DATASETS["qujing_2018"]
YC = DATASETS["yuncheng_2019_sample"]


def total(module, table, policy, setting, metric):
    p = policy.with_overrides(setting, module.param_specs(policy))
    return module.compute(table, p, validated=True).totals[metric]


def test_tornado_moves_each_parameter_by_ten_percent():
    policy, table = QJ.policy(), QJ.load()
    t = tornado(table, policy, "allocation", "city_total_fen", 10).set_index("key")
    std = t.loc["not_lifted.standard_yuan"]
    assert (std.low_value, std.high_value) == (162, 198)          # 180 × 0.9, 180 × 1.1
    share = t.loc["not_lifted.province_pct"]
    assert (share.low_value, share.high_value) == (54, 66)        # 60 × 0.9, 60 × 1.1
    assert t["base_fen"].iloc[0] == 8_039_730_000                  # 附表 city 合计 8,039.73 万元
    k = knob("allocation", policy, "not_lifted.standard_yuan")
    assert std.low_fen == total(allocation, table, policy, k.setting(162), "city_total_fen")
    assert std.high_fen == total(allocation, table, policy, k.setting(198), "city_total_fen")
    s = knob("allocation", policy, "not_lifted.province_pct")
    assert share.high_fen == total(allocation, table, policy, s.setting(66), "city_total_fen")
    assert list(t["swing_fen"]) == sorted(t["swing_fen"], reverse=True)


def test_small_rates_move_by_at_least_one_step():
    """±10% of a 3% rate would round back to 3%: it moves to 2% and 4%."""
    policy, table = YC.policy(), YC.load()
    t = tornado(table, policy, "pooling", "reserve_fen", 10).set_index("key")
    r = t.loc["reserve_pct"]
    assert (r.low_value, r.high_value) == (2, 4)
    k = knob("pooling", policy, "reserve_pct")
    assert r.high_fen == total(pooling, table, policy, k.setting(4), "reserve_fen")
    # upper bound 100%: the county's share of a gap cannot rise above it
    c = t.loc["county_gap_pct"]
    assert (c.low_value, c.high_value) == (90, 100)


def test_heatmap_cells_equal_compute():
    policy, table = QJ.policy(), QJ.load()
    kx = knob("allocation", policy, "not_lifted.standard_yuan")
    ky = knob("allocation", policy, "not_lifted.province_pct")
    xs, ys = grid_values(policy, kx, 20, 5), grid_values(policy, ky, 20, 5)
    assert xs == [144, 162, 180, 198, 216] and ys == [48, 54, 60, 66, 72]
    h = heatmap(table, policy, "allocation", "city_total_fen", kx, xs, ky, ys)
    assert h.loc[60, 180] == 8_039_730_000
    assert h.loc[72, 144] == total(allocation, table, policy, kx.setting(144) | ky.setting(72), "city_total_fen")


def test_heatmap_refuses_two_sides_of_one_share():
    policy, table = QJ.policy(), QJ.load()
    k = knob("allocation", policy, "not_lifted.province_pct")
    with pytest.raises(InputError):
        heatmap(table, policy, "allocation", "city_total_fen", k, [50], k, [60])


@pytest.mark.parametrize("pct", [0, -5, 101, "abc"])
def test_bad_swing_is_refused(pct):
    with pytest.raises(InputError):
        tornado(QJ.load(), QJ.policy(), "allocation", "total_fen", pct)

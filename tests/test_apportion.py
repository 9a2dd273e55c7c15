"""Largest-remainder (Hamilton) apportionment: integer parts that add up exactly. Worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from fundcalc.apportion import largest_remainder
from fundcalc.errors import InputError


def test_worked_example():
    # 7 over weights 300, 200, 150, 250, 100, 0 (sum 1000): quotas 2.1, 1.4, 1.05, 1.75, 0.7, 0.
    # Floors 2, 1, 1, 1, 0, 0 = 5; the 2 left go to the largest remainders .75 and .7.
    got = largest_remainder([300, 200, 150, 250, 100, 0], 7)
    assert got.tolist() == [2, 1, 1, 2, 1, 0]


def test_ties_go_to_the_earlier_row():
    # 1 over 1, 1, 1: every quota is 1/3, so the first row takes it.
    assert largest_remainder([1, 1, 1], 1).tolist() == [1, 0, 0]
    # 10 over 300, 200, 150, 250, 100, 0: quotas 3, 2, 1.5, 2.5, 1, 0; tie of .5 between rows 3 and 4.
    assert largest_remainder([300, 200, 150, 250, 100, 0], 10).tolist() == [3, 2, 2, 2, 1, 0]


def test_exact_quotas_need_no_remainders():
    assert largest_remainder([10, 20, 30], 6).tolist() == [1, 2, 3]


def test_qujing_college_students():
    # 备注：省级参保大学生(4,463)按比例分配调减各县资助参保人数 — apportioned over the 892,872 people.
    weights = np.array([120_000, 250_000, 522_872])
    got = largest_remainder(weights, 4_463)
    assert int(got.sum()) == 4_463
    quotas = weights * 4_463 / weights.sum()
    assert np.all((got == np.floor(quotas)) | (got == np.ceil(quotas)))


def test_zero_total_over_zero_weights():
    assert largest_remainder([0, 0], 0).tolist() == [0, 0]


@pytest.mark.parametrize("weights, total, en", [
    ([10, 20], -1, "negative"),
    ([0, 0], 3, "zero total"),
    ([10, 20], 31, "exceeds"),
])
def test_refusals(weights, total, en):
    with pytest.raises(InputError) as exc:
        largest_remainder(weights, total)
    assert en in exc.value.en
    assert exc.value.value == total

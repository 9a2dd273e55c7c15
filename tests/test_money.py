"""money.py: exact 分, half-up rounding (away from zero), 万元 only at the edge.

Expected values are worked by hand in the comments; the property versions are in test_properties.py.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from fundcalc.money import (
    FEN_PER_WAN,
    div_half_up,
    fen_to_wan_decimal,
    format_wan,
    format_yuan,
    mul_fraction_half_up,
    pct,
    round_fen,
    wan_to_fen,
    yuan_to_fen,
)


@pytest.mark.parametrize("numer, denom, expected", [
    (5, 10, 1),       # 0.5 -> 1 (banker's rounding would give 0)
    (15, 10, 2),      # 1.5 -> 2
    (25, 10, 3),      # 2.5 -> 3 (banker's: 2)
    (24, 10, 2),
    (26, 10, 3),
    (-5, 10, -1),     # away from zero for negatives
    (-25, 10, -3),
    (-24, 10, -2),
    (0, 7, 0),
    (515484, 10000, 52),  # 4773 × 108 元 = 515,484 元 -> 51.5484 ≈ 52 hundreds of 元
])
def test_div_half_up_scalars(numer, denom, expected):
    assert div_half_up(numer, denom) == expected


def test_div_half_up_arrays_match_scalars():
    numer = np.array([5, 15, 25, -5, -25, 49, 50, 51, 0], dtype=np.int64)
    got = div_half_up(numer, 100)
    assert got.tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert div_half_up(np.array([150, -150, 149]), 100).tolist() == [2, -2, 1]


def test_round_fen_to_a_hundredth_of_wan():
    # 0.01 万元 = 100 元 = 10,000 分. 50 元 (25 people × 2 元) is exactly half of it: half-up gives 0.01 万元.
    assert round_fen(5_000, 10_000) == 10_000
    assert round_fen(4_999, 10_000) == 0
    # 曲靖 麒麟区 未脱贫 省级: 4773 × 108 元 = 515,484 元 = 51,548,400 分 -> 51.55 万元.
    assert round_fen(51_548_400, 10_000) == 51_550_000
    # 塔城 whole 万元: 771.42 万元 -> 771 万元; 19.5 万元 -> 20 万元.
    assert round_fen(771_420_000, 1_000_000) == 771_000_000
    assert round_fen(19_500_000, 1_000_000) == 20_000_000


def test_pct_is_exact():
    assert pct(60) == Fraction(3, 5)
    assert pct("2.5") == Fraction(1, 40)
    assert pct(Decimal("33.3333")) == Fraction(333333, 1000000)
    assert pct(0.1) == Fraction(1, 1000)  # a float is read through its shortest text, not its binary value


@pytest.mark.parametrize("text, fen", [
    (180, 18_000), ("180", 18_000), ("1,234.56", 123_456), (0.1, 10), ("0.005", 1), ("-2.5", -250), (75, 7_500),
])
def test_yuan_to_fen(text, fen):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("text, fen", [
    ("3110.19", 3_110_190_000), (3110.19, 3_110_190_000), ("-96", -96_000_000), ("0.01", 10_000),
    ("1,234.5", 1_234_500_000), ("0.0000005", 1),
])
def test_wan_to_fen(text, fen):
    assert wan_to_fen(text) == fen


def test_formatting_at_the_edge():
    assert format_wan(3_110_190_000) == "3,110.19"
    assert format_wan(-96_000_000) == "-96.00"
    assert format_wan(-96_000_000, 0) == "-96"
    assert format_wan(105_000_000) == "105.00"
    assert format_yuan(18_000) == "180.00"
    assert format_yuan(123_456_789) == "1,234,567.89"
    assert fen_to_wan_decimal(51_550_000) == Decimal("51.55")
    assert FEN_PER_WAN == 1_000_000


class TestMulFractionHalfUp:
    def test_scalar_and_array(self):
        # 3% of 10,000.00 万元 = 300.00 万元.
        assert mul_fraction_half_up(10_000_000_000, pct(3)) == 300_000_000
        got = mul_fraction_half_up(np.array([10_000_000_000, 1_234_570_000]), pct(3))
        # 3% × 1,234.57 万元 = 37.0371 万元 = 37,037,100 分 exactly.
        assert got.tolist() == [300_000_000, 37_037_100]

    def test_rounds_once_to_the_unit(self):
        # 3% of 1,666.50 元 (166,650 分) is 49.995 元: to 0.01 万元 that is 0.00, not the 0.01 that
        # rounding to the 分 first (50.00 元) and then to 0.01 万元 would give.
        assert mul_fraction_half_up(166_650, pct(3), 10_000) == 0
        assert mul_fraction_half_up(np.array([166_650, 166_667]), pct(3), 10_000).tolist() == [0, 10_000]

    def test_negative_values_round_away_from_zero(self):
        # −0.5 分 -> −1 分; −1.5 -> −2.
        assert mul_fraction_half_up(np.array([-1, -3, 1, 3]), Fraction(1, 2)).tolist() == [-1, -2, 1, 2]
        assert mul_fraction_half_up(-3, Fraction(1, 2)) == -2

    def test_large_values_do_not_overflow(self):
        # 1 万亿元 (10^14 分) × 99.9999%: the plain int64 product (10^14 × 999,999) would overflow.
        big = 10**14
        exact = Fraction(big) * pct("99.9999")
        assert mul_fraction_half_up(np.array([big]), pct("99.9999")).tolist() == [int(exact)]
        assert exact.denominator == 1

    def test_growth_factor(self):
        # 960.00 万元 × 1.2 = 1,152.00 万元.
        assert mul_fraction_half_up(np.array([960_000_000]), 1 + pct(20)).tolist() == [1_152_000_000]

"""fundcalc.story: the figure a scenario is about, its change against its own baseline, the county bars."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from fundcalc import scenario as sc
from fundcalc import story
from fundcalc.errors import InputError
from fundcalc.mechanisms.spec import Total
from fundcalc.scenario import Scenario, TableEdits

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "scenarios"


def test_each_mechanism_opens_on_its_story_figure():
    # the figures the brief names: 市级合计, 此次结算, 县级政府负担
    assert story.default_figure("allocation") == "city_total_fen"
    assert story.default_figure("settlement") == "settlement_fen"
    assert story.default_figure("pooling") == "county_burden_fen"
    for m in ("allocation", "settlement", "pooling"):
        figs = story.figures(m)
        assert figs[0].key == story.default_figure(m)
        assert all(t.kind == "fen" for t in figs) and len({t.key for t in figs}) == len(figs)


def test_an_older_file_without_a_figure_still_loads_and_writes_no_figure():
    text = (EXAMPLES / "qujing_2018_standard_200.json").read_text(encoding="utf-8")
    assert "figure" not in json.loads(text)
    s = Scenario.from_json(text)
    assert s.figure == ""
    assert "figure" not in s.to_dict()  # an unchanged file stays byte-for-byte what older programs write


def test_the_figure_is_kept_with_the_scenario_and_checked():
    s = Scenario.load(EXAMPLES / "qujing_2018_standard_200.json")
    s.figure = "total_fen"
    again = Scenario.from_json(s.to_json())
    assert again.figure == "total_fen"
    for bad in ("no_such_total", "total_people", 5, ["city_total_fen"]):  # people are not money; types refused
        d = s.to_dict() | {"figure": bad}
        with pytest.raises(InputError) as e:
            Scenario.from_dict(d)
        assert e.value.column == "figure"


def test_story_of_a_raised_standard_against_the_document():
    s = Scenario.load(EXAMPLES / "qujing_2018_standard_200.json")
    base = story.baseline_of(s)
    assert base.overrides == {} and base.edits.is_empty()
    told = story.tell(s, sc.compute(s), sc.compute(base))
    assert told.figure.key == "city_total_fen"
    assert told.base == 8_039_730_000  # the 绩效目标表's 市级合计 8,039.73 万元
    # 180 → 200 元 for both categories at unchanged shares: every amount grows by 1/9, up to the 100 元 rounding
    assert abs(told.value - told.base * 10 / 9) <= 9 * 10_000
    assert told.delta == told.value - told.base
    assert told.delta == sum(int(d) for d in told.counties["delta"])
    assert all(11.0 < p < 11.3 for p in told.counties["delta_pct"])
    assert told.pct == pytest.approx(11.11, abs=0.01)
    bars = told.bars()
    assert len(bars) == 9 and all(b.delta > 0 for b in bars)
    assert [b.delta for b in bars] == sorted((b.delta for b in bars), reverse=True)


def _story(deltas: list[int]) -> story.Story:
    frame = pd.DataFrame({"county": [f"县{i:02d}" for i in range(len(deltas))],
                          "base": [1_000_000] * len(deltas), "value": [1_000_000 + d for d in deltas],
                          "delta": deltas, "delta_pct": [None] * len(deltas)}).astype(object)
    total = Total("x_fen", "某项", "Some figure", "fen", county=("某项", "Some figure"))
    return story.Story("allocation", total, 0, sum(deltas), frame)


def test_many_counties_show_the_15_largest_each_way_and_the_rest_summed():
    gains = list(range(1, 21))          # 20 counties up: 20 … 6 shown, 1 … 5 summed
    losses = [-d for d in range(1, 19)]  # 18 down: −18 … −4 shown, −3 … −1 summed
    bars = _story(gains + losses + [0, 0]).bars()
    assert len(bars) == 15 + 1 + 15 + 1
    assert [b.delta for b in bars[:15]] == list(range(20, 5, -1))
    assert bars[15].rest == 5 and bars[15].delta == 1 + 2 + 3 + 4 + 5 and bars[15].county == ""
    assert [b.delta for b in bars[16:31]] == list(range(-18, -3))
    assert bars[31].rest == 3 and bars[31].delta == -6
    assert sum(b.delta for b in bars) == sum(gains) + sum(losses)  # nothing lost in the summing
    assert _story(gains + losses + [0, 0]).unchanged == 2


def test_few_counties_have_no_summed_bar():
    bars = _story([5, -3, 0, 7]).bars()
    assert [(b.county, b.delta, b.rest) for b in bars] == [("县03", 7, 0), ("县00", 5, 0), ("县01", -3, 0)]


def test_repeated_edits_are_one_line_each():
    removed = [f"县{i}" for i in range(9)]
    edits = TableEdits(changed={"甲县": {"insured": 1, "revenue_wan": 2}, "乙县": {"insured": 3}},
                       added=[{"county": "新县"}], removed=removed)
    lines = story.edit_lines(edits)
    assert [(x.kind, x.column, x.count) for x in lines] == [
        ("removed", "", 9), ("added", "", 1), ("changed", "insured", 2), ("changed", "revenue_wan", 1)]
    assert lines[0].counties == tuple(removed)

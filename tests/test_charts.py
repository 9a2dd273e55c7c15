"""The mechanism pages' charts (ui/charts.py, drawn as SVG by ui/svg.py): well-formed, every bar carrying the
figure the document publishes, top N counties plus one bar for the rest, data text escaped."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from fundcalc import mechanisms
from fundcalc.datasets import DATASETS
from fundcalc.importer import read_table
from fundcalc.mechanisms import allocation, settlement
from fundcalc.mechanisms.pooling import budget as global_budget
from fundcalc.mechanisms.pooling.table import monthly_schema
from ui import charts, svg

REF = Path(__file__).parent / "reference"
NS = "{http://www.w3.org/2000/svg}"


def official(dataset_id: str):
    ds = DATASETS[dataset_id]
    return mechanisms.get(ds.mechanism).compute(ds.load(), ds.policy())


def reference(name: str) -> dict[str, dict]:
    with open(REF / name, encoding="utf-8") as f:
        return {row["county"]: row for row in csv.DictReader(f) if row["county"] != "合计"}


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text)  # raises on anything that is not well-formed XML
    assert root.tag == NS + "svg"
    return root


def bars(root: ET.Element) -> list[dict]:
    """Every drawn value: its row, series and value (the data-* attributes) and its tooltip."""
    return [{"row": e.get("data-row"), "series": e.get("data-series"), "value": float(e.get("data-value")),
             "title": e.find(NS + "title").text}
            for e in root.iter() if e.get("data-value") is not None]


def texts(root: ET.Element) -> list[str]:
    return [e.text for e in root.iter(NS + "text")]


def budget_chart():
    ds = DATASETS["yuncheng_2019_sample"]
    monthly = read_table(ds.data_path.parent / ds.monthly_file, monthly_schema()).frame
    g = global_budget.compute(ds.load(), monthly, ds.policy())
    county = str(g.table["county"].iloc[0])
    return charts.monthly(global_budget.monthly_long(g, county), county), g, county


def all_charts():
    return {"allocation_levels": charts.allocation_levels(official("qujing_2018")),
            "allocation_categories": charts.allocation_categories(official("qujing_2018")),
            "settlement_diverging": charts.settlement_diverging(official("tacheng_2020")),
            "pooling_parts": charts.pooling_parts(official("yuncheng_2019_sample")),
            "monthly": budget_chart()[0]}


@pytest.mark.parametrize("name", list(all_charts()))
def test_every_chart_is_well_formed_svg_with_a_title(name):
    root = parse(all_charts()[name])
    assert root.get("data-chart", "").startswith("chart:")
    assert root.get("aria-label") and texts(root)[0] == root.get("aria-label")
    assert bars(root), name
    assert all(b["title"] and b["title"].endswith("万元") for b in bars(root))


def test_allocation_chart_shows_each_countys_published_levels_and_total():
    ref = reference("qujing_2018_poverty_insurance_subsidy.csv")
    root = parse(charts.allocation_levels(official("qujing_2018")))
    drawn = {}
    for b in bars(root):
        drawn.setdefault(b["row"], {})[b["series"]] = b["value"]
    assert set(drawn) == set(ref)
    for county, row in ref.items():
        assert Decimal(str(drawn[county]["省级"])) == Decimal(row["province_total_wan"]), county
        assert Decimal(str(drawn[county]["市级"])) == Decimal(row["city_total_wan"]), county
    labels = texts(root)
    for row in ref.values():  # each bar ends in the county's 合计, as published
        assert f"{Decimal(row['total_wan']):,}" in labels
    # largest first: 会泽县 7,047.24 on top
    assert [b["row"] for b in bars(root)][0] == max(ref, key=lambda c: Decimal(ref[c]["total_wan"]))


def test_settlement_chart_puts_clawbacks_left_in_red_and_the_total_last():
    ref = reference("tacheng_2020_settlement.csv")
    root = parse(charts.settlement_diverging(official("tacheng_2020")))
    drawn = {b["row"]: b for b in bars(root)}
    assert set(drawn) == set(ref) | {"合计"}
    for county, row in ref.items():
        assert drawn[county]["value"] == float(row["settlement_wan"])
        assert drawn[county]["series"] == ("扣回" if float(row["settlement_wan"]) < 0 else "补拨")
    assert drawn["合计"]["value"] == sum(float(r["settlement_wan"]) for r in ref.values()) == -96
    assert [b["row"] for b in bars(root)][-1] == "合计"
    assert "-96" in texts(root) and "+3" in texts(root)


def test_pooling_chart_stacks_each_countys_parts_to_its_balance():
    r = official("yuncheng_2019_sample")
    root = parse(charts.pooling_parts(r))
    per_row: dict[str, float] = {}
    for b in bars(root):
        per_row[b["row"]] = per_row.get(b["row"], 0) + b["value"]
    balance = dict(zip(r.table["county"].astype(str), r.table["balance_fen"], strict=False))
    assert set(per_row) == set(balance)
    for county, total in per_row.items():
        # the parts (gap: retained + county + reserve; surplus: kept + to reserve) add up to the balance
        assert round(total * 1_000_000) == balance[county], county


def test_monthly_chart_draws_twelve_months_of_three_series():
    text, g, county = budget_chart()
    root = parse(text)
    series = {}
    for b in bars(root):
        series.setdefault(b["series"], []).append(b["value"])
    assert set(series) == {"实际发生费用", "按月拨付", "月度预拨指标"}
    assert all(len(v) == 12 for v in series.values())
    long = global_budget.monthly_long(g, county)
    assert series["按月拨付"] == [v / 1_000_000 for v in long["paid_fen"]]


def test_many_counties_draw_the_top_n_and_one_bar_for_the_rest():
    counties = pd.DataFrame({"county": [f"县{i:02d}" for i in range(60)],
                             "not_lifted_people": range(1, 61), "lifted_people": [0] * 60})
    result = allocation.compute(counties, DATASETS["qujing_2018"].policy())
    names, values, hidden = charts.top_rows(result, result.table["total_fen"].to_numpy(), ["total_fen"])
    assert (len(names), hidden) == (charts.TOP_N + 1, 60 - charts.TOP_N)
    assert names[0] == "县59" and names[-1] == "其他 30 个县"
    # the other 30 counties hold 1..30 未脱贫 people: province n × 108 元 and city n × 72 元, each rounded
    # half-up to 100 元 (0.01 万元) per county; in 分: (n × 108 + 50) // 100 × 100 元 × 100 分/元
    expected = sum(((n * 108 + 50) // 100 + (n * 72 + 50) // 100) * 100 * 100 for n in range(1, 31))
    assert values["total_fen"][-1] == expected
    root = parse(charts.allocation_levels(result))
    assert len({b["row"] for b in bars(root)}) == charts.TOP_N + 1  # 31 rows, not 60
    assert "前 30 个县，其余 30 个县合为一条" in texts(root)


def test_county_names_are_escaped_for_html_and_markdown():
    """The SVG is shown by st.markdown: markup must stay text, and Markdown (**bold**, $math$, :red[…]) inert,
    or a county named "**县**" breaks the drawing after it (found by the browser test of test_upload.py)."""
    names = ['<script>x</script>', 'A&B "县"', "**粗体**县", "$x$ 县", ":red[县]", "_斜_ `码`"]
    table = pd.DataFrame({"county": names, "due_wan": [1.0] * 6, "preallocated_wan": [1.5, 0.5, 0.7, 0.2, 1.2, 0.9]})
    result = settlement.compute(table, DATASETS["tacheng_2020"].policy())
    text = charts.settlement_diverging(result, places=2)
    assert "<script>" not in text
    assert not any(ch in text for ch in "*$[]_`~"), "Markdown characters left in the SVG"
    root = parse(text)
    assert {b["row"] for b in bars(root)} >= set(names)
    assert set(names) <= set(texts(root))


@pytest.mark.parametrize("lo,hi", [(0, 7047.24), (-96, 3), (-3099.28, 3216.71), (0, 0.004), (5, 5)])
def test_ticks_are_round_and_cover_the_data(lo, hi):
    ticks = svg.nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi
    steps = {round(b - a, 10) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    if lo < 0 < hi:
        assert 0 in ticks

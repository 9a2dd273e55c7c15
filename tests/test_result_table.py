"""The result table under a mechanism's chart (ui/result_table.py): every cell of the official tables as the
document prints it, the 合计 row, clawbacks marked, changed counties flagged, data text escaped, and the grid
for national-size tables."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from fundcalc import mechanisms
from fundcalc.datasets import DATASETS
from fundcalc.mechanisms import allocation
from tests.apptest_helpers import _TableParser
from ui import result_table

REF = Path(__file__).parent / "reference"


def official(dataset_id: str):
    ds = DATASETS[dataset_id]
    return mechanisms.get(ds.mechanism).compute(ds.load(), ds.policy())


def cells(markup: str) -> dict[str, dict[str, str]]:
    """{row label: {column key: text as shown}} (the first column's text is the row label)."""
    parser = _TableParser()
    parser.feed(markup)
    header, *body = parser.rows
    return {row[0][1] if row[0][0] != "changed" else row[1][1]: {c: text for c, text, _ in row} for row in body}


def reference(name: str) -> list[dict]:
    with open(REF / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def shown_as_document(text: str, places: int) -> str:
    """The reference CSV's figure as the page prints it: 千分位, the document's places."""
    return f"{float(text):,.{places}f}"


ALLOCATION_COLUMNS = {  # reference CSV column -> result column key
    "not_lifted_people": "not_lifted_people", "lifted_people": "lifted_people", "total_people": "total_people",
    "not_lifted_province_wan": "not_lifted_province_fen", "not_lifted_city_wan": "not_lifted_city_fen",
    "lifted_province_wan": "lifted_province_fen", "lifted_city_wan": "lifted_city_fen", "total_wan": "total_fen",
    "province_total_wan": "province_total_fen", "city_total_wan": "city_total_fen",
}


def test_every_cell_of_the_qujing_table_and_its_total_row():
    shown = cells(result_table.html(official("qujing_2018"), "t"))
    rows = reference("qujing_2018_poverty_insurance_subsidy.csv")
    assert len(shown) == len(rows)  # nine counties and 合计
    for row in rows:
        label = row["county"]
        for ref_col, key in ALLOCATION_COLUMNS.items():
            places = 0 if ref_col.endswith("people") else 2
            assert shown[label][key] == shown_as_document(row[ref_col], places), (label, key)


def test_tacheng_settlement_in_whole_wan_with_clawbacks_in_red():
    r = official("tacheng_2020")
    markup = result_table.html(r, "t")
    shown = cells(markup)
    for row in reference("tacheng_2020_settlement.csv"):
        for ref_col, key in (("due_wan", "due_fen"), ("preallocated_wan", "preallocated_fen"),
                             ("settlement_wan", "settlement_fen")):
            assert shown[row["county"]][key] == shown_as_document(row[ref_col], 0), (row["county"], key)
    assert shown["合计"]["settlement_fen"] == "-96"
    assert shown["塔城市"]["clawback"] == "是"
    assert '<td class="num neg" data-col="settlement_fen">-10</td>' in markup


def test_changed_counties_are_flagged_in_a_first_column():
    shown = cells(result_table.html(official("qujing_2018"), "t", marked={"麒麟区"}))
    assert shown["麒麟区"]["changed"] == "✎"
    assert shown["马龙区"]["changed"] == ""
    assert "changed" not in cells(result_table.html(official("qujing_2018"), "t"))["麒麟区"]


def test_columns_asked_for_come_first():
    r = official("qujing_2018")
    markup = result_table.html(r, "t", order=["county", "city_total_fen"])
    parser = _TableParser()
    parser.feed(markup)
    assert [c for c, _, _ in parser.rows[0]][:3] == ["county", "city_total_fen", r.columns[1].key]


@pytest.mark.parametrize("name", ['<script>x</script>', 'A&B "县"', "**粗体**县", "<b>县</b>"])
def test_county_names_are_shown_as_written(name):
    table = DATASETS["qujing_2018"].load().copy()
    table.loc[0, "county"] = name
    r = allocation.compute(table, DATASETS["qujing_2018"].policy())
    markup = result_table.html(r, "t")
    assert "<script>" not in markup and "<b>县" not in markup
    assert name in cells(markup)
    parser = _TableParser()  # the attribute holds it whole too: a quote did not end it early
    rows = []
    parser.handle_starttag = lambda tag, attrs: rows.append(dict(attrs)) if tag == "tr" else None
    parser.feed(markup)
    assert rows[1]["data-row"] == name


def test_tiny_negatives_show_as_zero_and_missing_figures_as_a_dash():
    r = official("qujing_2018")
    table = r.table.copy()
    table.loc[0, "city_total_fen"] = -40  # −0.004 万元: 0.00 at two places, not "-0.00" in red
    table["total_people"] = table["total_people"].astype(object)
    table.loc[1, "total_people"] = None
    shown = result_table.html(r.__class__(**{**r.__dict__, "table": table}), "t")
    assert '<td class="num" data-col="city_total_fen">0.00</td>' in shown
    assert '<td class="num" data-col="total_people">—</td>' in shown


def _page_with_counties(n: int):
    import pandas as pd

    from fundcalc.datasets import DATASETS as D
    from fundcalc.mechanisms import allocation as alloc
    from ui import result_table as rt

    base = D["qujing_2018"].load()
    big = pd.concat([base] * (n // len(base) + 1), ignore_index=True).head(n)
    big["county"] = [f"县{i:04d}" for i in range(len(big))]
    rt.show(alloc.compute(big, D["qujing_2018"].policy()), "table:big")


@pytest.mark.parametrize("n, html", [(300, True), (301, False)])
def test_up_to_300_counties_is_html_and_more_the_grid(n, html):
    at = AppTest.from_function(_page_with_counties, args=(n,)).run()
    assert not at.exception
    assert bool(at.get("bidi_component")) is html
    assert bool(at.dataframe) is not html


def _page_with_a_large_table():
    import pandas as pd

    from fundcalc.datasets import DATASETS as D
    from fundcalc.mechanisms import allocation as alloc
    from ui import result_table as rt

    base = D["qujing_2018"].load()
    big = pd.concat([base] * 40, ignore_index=True)
    big["county"] = [f"县{i:04d}" for i in range(len(big))]
    rt.show(alloc.compute(big, D["qujing_2018"].policy()), "table:big")


def test_more_counties_than_a_page_holds_go_to_the_scrolling_grid():
    at = AppTest.from_function(_page_with_a_large_table).run()
    assert not at.exception
    assert not at.get("bidi_component")
    grid = at.dataframe[0].value
    assert len(grid) == 361  # 360 counties and 合计
    assert grid["county"].iloc[-1] == "合计"
    assert np.isclose(grid["city_total_fen"].iloc[-1], 40 * 8039.73)

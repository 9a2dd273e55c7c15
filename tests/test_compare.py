"""Comparison of a baseline and scenarios: totals per level, per-county deltas, status changes, exports."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from fundcalc import scenario as sc
from fundcalc.compare import compare, comparison_csv, comparison_xlsx, county_frame
from fundcalc.errors import InputError
from fundcalc.scenario import Scenario, TableEdits

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "scenarios"
REFERENCE = Path(__file__).resolve().parent / "reference"


def fen(wan: str) -> int:
    return round(float(wan) * 100) * 10_000


@pytest.fixture(scope="module")
def qujing():
    base = sc.compute(Scenario.load(SHIPPED / "qujing_2018.json"))
    s200 = sc.compute(Scenario.load(SHIPPED / "qujing_2018_standard_200.json"))
    dropped = sc.compute(Scenario("删师宗", "allocation", "qujing_2018",
                                  edits=TableEdits(removed=["师宗县"],
                                                   added=[{"county": "新县", "not_lifted_people": 100,
                                                           "lifted_people": 0}])))
    return compare(base, [("200元", s200), ("删师宗", dropped)])


def test_level_totals_and_their_changes(qujing):
    ref = pd.read_csv(REFERENCE / "qujing_2018_poverty_insurance_subsidy.csv", dtype=str).set_index("county")
    t = qujing.totals.set_index("key")
    assert t.at["city_total_fen", "基准"] == fen(ref.at["合计", "city_total_wan"])
    assert t.at["province_total_fen", "基准"] == fen(ref.at["合计", "province_total_wan"])
    # 删师宗: the city loses 师宗县's 301.71 and gains 新县's 100 × 72 元 = 7,200 元 = 0.72 万元
    assert t.at["city_total_fen", "Δ 删师宗"] == fen("-301.71") + fen("0.72")
    assert t.at["total_people", "Δ 删师宗"] == -32385 + 100
    assert "county_total_fen" not in t.index  # no category pays at county level


def test_per_county_deltas_by_hand(qujing):
    """麒麟区: 219.54 (附表) → 243.92 at 200 元 (hand-worked in test_scenario): +24.38, +11.11%."""
    c = qujing.counties.set_index(["scenario", "county"])
    row = c.loc[("200元", "麒麟区")]
    assert (row.base, row.value, row.delta) == (fen("219.54"), fen("243.92"), fen("24.38"))
    assert row.delta_pct == 11.11
    gone = c.loc[("删师宗", "师宗县")]
    assert gone.value is None and gone.delta == -fen("582.94") and gone.delta_pct == -100.0
    new = c.loc[("删师宗", "新县")]
    assert new.base is None and new.delta == new.value == fen("1.08") + fen("0.72") and new.delta_pct is None


def test_status_changes_for_added_and_removed_counties(qujing):
    ch = qujing.status_changes
    assert set(map(tuple, ch[["county", "scenario", "from", "to"]].to_numpy())) == {
        ("师宗县", "删师宗", "funded", "absent"), ("新县", "删师宗", "absent", "funded")}


def test_settlement_top_up_to_clawback_and_back():
    """塔城市 721 − 731 = −10 (clawback); due 741 gives +10 (top-up). 乌苏市 1156 − 1153 = +3; due 1150 gives −3."""
    base = sc.compute(Scenario.load(SHIPPED / "tacheng_2020.json"))
    s = sc.compute(Scenario("改", "settlement", "tacheng_2020",
                            edits=TableEdits(changed={"塔城市": {"due_wan": 741}, "乌苏市": {"due_wan": 1150}})))
    comp = compare(base, [("改", s)])
    moves = {(r.county, r._3, r.to) for r in comp.status_changes.itertuples()}
    assert moves == {("塔城市", "clawback", "topup"), ("乌苏市", "topup", "clawback")}
    t = comp.totals.set_index("key")
    assert t.at["settlement_fen", "基准"] == fen("-96")
    assert t.at["settlement_fen", "Δ 改"] == fen("14")        # +20 − 6
    assert t.at["clawback_count", "基准"] == 6 and t.at["clawback_count", "改"] == 6
    c = comp.counties.set_index("county")
    assert c.at["塔城市", "delta"] == fen("20") and c.at["塔城市", "delta_pct"] == 200.0


def test_pooling_surplus_to_gap():
    """永济市: 测算收入 30,200.51 − 906.02 (3%) − 2,857.07 (380,942 × 75 元) = 26,437.42; 测算支出
    27,792.22 − 2,760.62 = 25,031.60: surplus 1,405.82. Spending of 30,000 gives 27,239.38: gap 801.96."""
    base = sc.compute(Scenario.load(SHIPPED / "yuncheng_2019_sample.json"))
    s = sc.compute(Scenario("超支", "pooling", "yuncheng_2019_sample",
                            edits=TableEdits(changed={"永济市": {"expenditure_wan": 30000}})))
    comp = compare(base, [("超支", s)])
    assert list(map(tuple, comp.status_changes[["county", "from", "to"]].to_numpy())) == [("永济市", "surplus", "gap")]
    c = comp.counties.set_index("county")
    assert (c.at["永济市", "base"], c.at["永济市", "value"]) == (fen("1405.82"), fen("-801.96"))


def test_up_to_five_scenarios_side_by_side():
    base = sc.compute(Scenario.load(SHIPPED / "qujing_2018.json"))
    runs = []
    for s in (170, 180, 190, 200, 210):
        runs.append((f"{s}元", sc.compute(Scenario(f"{s}元", "allocation", "qujing_2018",
                                                  overrides={"not_lifted.standard_yuan": s}))))
    comp = compare(base, runs)
    assert comp.names == ["基准", "170元", "180元", "190元", "200元", "210元"]
    t = comp.totals.set_index("key")
    assert t.at["total_fen", "Δ 180元"] == 0
    assert comp.status_changes.empty


def test_mixed_mechanisms_are_refused():
    base = sc.compute(Scenario.load(SHIPPED / "qujing_2018.json"))
    other = sc.compute(Scenario.load(SHIPPED / "tacheng_2020.json"))
    with pytest.raises(InputError, match="同一类"):
        compare(base, [("x", other)])
    with pytest.raises(InputError):
        compare(base, [])


def test_csv_export(qujing):
    data = comparison_csv(qujing)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("县(市、区),基准 合计金额(万元),200元 合计金额(万元),200元 增减(万元),200元 增减(%)")
    assert lines[1] == "麒麟区,219.54,243.92,24.38,11.11,219.54,0.00,0.00"
    assert lines[-1].startswith("合计,15991.39,")
    frame, _ = county_frame(qujing, "en")
    assert frame.columns[0] == "County"


def test_xlsx_export(qujing):
    wb = load_workbook(io.BytesIO(comparison_xlsx(qujing)))
    assert wb.sheetnames == ["合计", "分县", "状态变化"]
    ws = wb["分县"]
    assert ws.cell(4, 1).value == "麒麟区" and ws.cell(4, 2).value == pytest.approx(219.54)
    assert ws.cell(4, 2).number_format == "#,##0.00"
    states = wb["状态变化"]
    assert {states.cell(r, 1).value for r in (4, 5)} == {"师宗县", "新县"}

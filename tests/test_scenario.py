"""Scenarios: the JSON file, the table diff, replay on the baseline, the shipped files and `run`."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from fundcalc import scenario as sc
from fundcalc.cli import main
from fundcalc.errors import InputError
from fundcalc.scenario import ExtraCategory, Scenario, TableEdits, apply_edits, diff_tables

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "scenarios"
REFERENCE = Path(__file__).resolve().parent / "reference"


def wan(fen: int) -> str:
    return f"{fen / 1_000_000:.2f}"


def test_json_round_trip_keeps_everything():
    s = Scenario("往返", "allocation", "qujing_2018", overrides={"not_lifted.standard_yuan": "180.5"},
                 extra_categories=[ExtraCategory("tekun", "特困", "Destitute", 180, {"province": 50, "city": 50})],
                 edits=TableEdits(changed={"麒麟区": {"tekun_people": 12}},
                                  added=[{"county": "新县", "lifted_people": 5}], removed=["师宗县"]),
                 description="说明")
    text = s.to_json()
    data = json.loads(text)
    assert data["schema_version"] == 1 and data["format"] == "fundcalc.scenario"
    back = Scenario.from_json(text)
    assert back.to_dict() == data
    assert back.overrides == {"not_lifted.standard_yuan": "180.5"}


def test_diff_then_replay_gives_the_edited_table():
    base = pd.DataFrame({"county": ["甲", "乙", "丙"], "not_lifted_people": [10, 20, 30], "lifted_people": [1, 2, 3]})
    edited = pd.DataFrame({"county": ["甲", "丙", "丁"], "not_lifted_people": [11, 30, 7], "lifted_people": [1, 3, 0],
                           "tekun_people": [4, 0, 2]})
    edits = diff_tables(base, edited)
    assert edits.changed == {"甲": {"not_lifted_people": 11, "tekun_people": 4}}
    assert edits.removed == ["乙"]
    assert edits.added == [{"county": "丁", "not_lifted_people": 7, "lifted_people": 0, "tekun_people": 2}]
    replayed = apply_edits(base, edits, {"tekun_people": 0})
    assert replayed["county"].tolist() == ["甲", "丙", "丁"]
    assert replayed["not_lifted_people"].astype(int).tolist() == [11, 30, 7]
    assert replayed["tekun_people"].astype(int).tolist() == [4, 0, 2]


def test_unchanged_table_has_an_empty_diff():
    base = sc.baseline_table(Scenario("x", "pooling", "yuncheng_2019_sample"))
    assert diff_tables(base, base.copy()).is_empty()


def test_edit_of_an_unknown_county_is_refused_by_name():
    s = Scenario("坏", "allocation", "qujing_2018", edits=TableEdits(changed={"不存在县": {"lifted_people": 1}}))
    with pytest.raises(InputError) as err:
        sc.apply(s)
    assert err.value.value == "不存在县"


def test_bad_cell_value_is_refused_with_row_and_column():
    s = Scenario("坏", "allocation", "qujing_2018", edits=TableEdits(changed={"马龙区": {"lifted_people": -5}}))
    with pytest.raises(InputError) as err:
        sc.apply(s)
    assert err.value.row == 2 and err.value.value == -5


@pytest.mark.parametrize("data, word", [
    ({"schema_version": 99, "name": "n", "mechanism": "allocation", "dataset": "qujing_2018"}, "比本程序新"),
    ({"name": "n", "mechanism": "allocation", "dataset": "qujing_2018"}, "schema_version"),
    ({"schema_version": 1, "name": "n", "mechanism": "nope", "dataset": "qujing_2018"}, "未知的测算类型"),
    ({"schema_version": 1, "name": "n", "mechanism": "settlement", "dataset": "qujing_2018"}, "数据集与测算类型不符"),
    ({"schema_version": 1, "name": "", "mechanism": "allocation", "dataset": "qujing_2018"}, "名称不能为空"),
])
def test_bad_files_are_refused(data, word):
    with pytest.raises(InputError, match=word):
        Scenario.from_dict(data)


def test_not_json_is_refused():
    with pytest.raises(InputError, match="不是有效的 JSON"):
        Scenario.from_json(b"{not json")


def test_shipped_files_all_compute_and_name_their_sample_data():
    files = sorted(SHIPPED.glob("*.json"))
    assert {f.stem for f in files} >= {"qujing_2018", "tacheng_2020", "yuncheng_2019_sample",
                                       "qujing_2018_standard_200", "yuncheng_2019_sample_reserve_5pct"}
    for f in files:
        s = Scenario.load(f)
        result = sc.compute(s)
        assert len(result.table) > 0
        raw = json.loads(f.read_text(encoding="utf-8"))
        if s.is_sample:
            assert raw["label"] == "示例数据" and "示例数据" in raw["name"], f.name


def test_qujing_as_published_reproduces_the_reference_totals():
    ref = pd.read_csv(REFERENCE / "qujing_2018_poverty_insurance_subsidy.csv", dtype=str).set_index("county")
    result = sc.compute(Scenario.load(SHIPPED / "qujing_2018.json"))
    assert wan(result.totals["city_total_fen"]) == ref.at["合计", "city_total_wan"] == "8039.73"
    assert wan(result.totals["total_fen"]) == ref.at["合计", "total_wan"]


def test_tacheng_as_published_reproduces_the_reference_settlement():
    ref = pd.read_csv(REFERENCE / "tacheng_2020_settlement.csv", dtype=str).set_index("county")
    result = sc.compute(Scenario.load(SHIPPED / "tacheng_2020.json"))
    assert result.totals["settlement_fen"] == int(ref.at["合计", "settlement_wan"]) * 1_000_000 == -96_000_000


def test_standard_200_what_if_by_hand():
    """麒麟区 at 200 元: 未脱贫 4,773 × 120 = 572,760 元 → 57.28 and × 80 = 381,840 → 38.18;
    已脱贫 7,423 × 80 = 593,840 → 59.38 and × 120 = 890,760 → 89.08; total 243.92 万元."""
    result = sc.compute(Scenario.load(SHIPPED / "qujing_2018_standard_200.json"))
    row = result.table.set_index("county").loc["麒麟区"]
    assert [wan(row[k]) for k in ("not_lifted_province_fen", "not_lifted_city_fen", "lifted_province_fen",
                                  "lifted_city_fen", "total_fen")] == ["57.28", "38.18", "59.38", "89.08", "243.92"]


def test_reserve_5pct_what_if_by_hand():
    """盐湖区: 42,622.08 万元 × 5% = 2,131.104 → 2,131.10 万元 kept as 调剂金."""
    result = sc.compute(Scenario.load(SHIPPED / "yuncheng_2019_sample_reserve_5pct.json"))
    assert wan(result.table.set_index("county").at["盐湖区", "reserve_fen"]) == "2131.10"


def test_extra_category_what_if_by_hand():
    """特困 at 180 元, province and city 50% each: 麒麟区 320 × 90 = 28,800 元 → 2.88 万元 per level."""
    result = sc.compute(Scenario.load(SHIPPED / "qujing_2018_tekun_sample.json"))
    row = result.table.set_index("county").loc["麒麟区"]
    assert wan(row["tekun_province_fen"]) == wan(row["tekun_city_fen"]) == "2.88"


def test_headcount_sample_uses_headcount_mode():
    """塔城市 sample: 93,500 − (420 + 310 + 180 + 140) = 92,450 people × 78 元 = 7,211,100 元 → 721 万元."""
    result = sc.compute(Scenario.load(SHIPPED / "tacheng_2020_headcount_sample.json"))
    row = result.table.set_index("county").loc["塔城市"]
    assert int(row["headcount"]) == 92_450
    assert int(row["due_fen"]) == 721 * 1_000_000


def test_cli_run_writes_the_scenario(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["run", str(SHIPPED / "qujing_2018_standard_200.json"), "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("麒麟区,") and lines[1].split(",")[8] == "243.92"


def test_cli_run_bad_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "name": "x", "mechanism": "allocation", "dataset": "qujing_2018", '
                   '"overrides": {"not_lifted.standard_yuan": -1}}', encoding="utf-8")
    assert main(["run", str(bad), "--out", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "not_lifted.standard_yuan" in err and "Traceback" not in err


def test_monthly_edits_of_the_global_budget_travel_with_the_scenario():
    """Pooling scenarios also keep edits of the monthly inpatient table (运政办发〔2019〕30号 三)."""
    probe = Scenario("m", "pooling", "yuncheng_2019_sample")
    base = sc.baseline_monthly(probe)
    edited = base.copy()
    edited.loc[edited["county"] == "盐湖区", "m01"] = 2500.00
    s = Scenario.from_tables("月度", "pooling", "yuncheng_2019_sample", sc.baseline_table(probe),
                             sc.baseline_table(probe), base_monthly=base, monthly=edited)
    assert s.edits.is_empty()
    assert s.monthly_edits.changed == {"盐湖区": {"m01": 2500}}
    back = Scenario.from_json(s.to_json())
    monthly = sc.apply_monthly(back)
    assert monthly.set_index("county").at["盐湖区", "m01"] == 2500.00
    assert monthly.set_index("county").at["永济市", "m01"] == 1415.06

"""python -m fundcalc, checked from outside: golden tables to the cent, --set, --help, one-line refusals.

Expected figures come from tests/reference/*.csv or are worked by hand here; never from the code.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fundcalc.datasets import DATASETS
from fundcalc.mechanisms import allocation, pooling, settlement

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference"
QUJING_REF = REF / "qujing_2018_poverty_insurance_subsidy.csv"
TACHENG_REF = REF / "tacheng_2020_settlement.csv"
# 附件1's columns; insured_at_least_10k is the 绩效目标表's target, not part of the settlement table
# (the settlement output = county, due_wan, preallocated_wan, settlement_wan, note).
NOT_IN_SETTLEMENT = "insured_at_least_10k"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fundcalc", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def assert_same_table(got_rows: list[dict], ref_rows: list[dict], columns: list[str]) -> int:
    """Cell by cell: county and note as text, every other cell as an exact decimal."""
    assert [r["county"] for r in got_rows] == [r["county"] for r in ref_rows]
    n = 0
    for g, r in zip(got_rows, ref_rows, strict=False):
        for c in columns:
            if c in ("county", "note"):
                assert g[c] == r[c], (r["county"], c)
            else:
                assert Decimal(g[c]) == Decimal(r[c]), (r["county"], c, g[c], r[c])
            n += 1
    return n


class TestGoldenCsv:
    def test_allocation(self, tmp_path):
        out = tmp_path / "a.csv"
        proc = cli("allocation", "--data", "data/qujing_2018.csv", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        ref_header, ref_rows = read_csv(QUJING_REF)
        header, rows = read_csv(out)
        assert header == ref_header
        assert assert_same_table(rows, ref_rows, ref_header) == 10 * 11  # 9 counties + 合计
        assert rows[-1]["city_total_wan"] == "8039.73"  # printed with its 2 decimals

    def test_settlement(self, tmp_path):
        out = tmp_path / "s.csv"
        proc = cli("settlement", "--data", "data/tacheng_2020.csv", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        ref_header, ref_rows = read_csv(TACHENG_REF)
        header, rows = read_csv(out)
        assert header == [c for c in ref_header if c != NOT_IN_SETTLEMENT]
        assert assert_same_table(rows, ref_rows, header) == 8 * 5
        assert rows[-1]["settlement_wan"] == "-96"  # whole 万元, as 附件1 prints them


def xlsx_figures(path: Path) -> dict[str, list[int]]:
    """Each row of the workbook's first sheet that names a county (or 合计): its numeric cells in 分.

    The sheet is laid out as the document's form (fundcalc.forms: title, 单位, merged headers,
    per-person standards), so figures are matched by row, not by column position.
    """
    ws = load_workbook(path).worksheets[0]
    out = {}
    for row in ws.iter_rows(values_only=True):
        numbers = [round(c * 1_000_000) for c in row if isinstance(c, (int, float)) and not isinstance(c, bool)]
        for name in (c for c in row if isinstance(c, str)):
            out.setdefault(name.strip(), numbers)
    return out


def assert_row_has(numbers: list[int], wanted: list[int], where: str) -> None:
    """Every wanted figure appears among the row's numbers (as many times as wanted)."""
    pool = list(numbers)
    for w in wanted:
        assert w in pool, (where, w / 1_000_000, [n / 1_000_000 for n in numbers])
        pool.remove(w)


@pytest.mark.parametrize("mechanism, data, ref, columns", [
    ("allocation", "data/qujing_2018.csv", QUJING_REF, None),
    ("settlement", "data/tacheng_2020.csv", TACHENG_REF, ["due_wan", "preallocated_wan", "settlement_wan"]),
])
def test_golden_xlsx(tmp_path, mechanism, data, ref, columns):
    out = tmp_path / f"{mechanism}.xlsx"
    proc = cli(mechanism, "--data", data, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    ref_header, ref_rows = read_csv(ref)
    columns = columns or ref_header[1:]
    figures = xlsx_figures(out)
    for r in ref_rows:  # every county and the 合计 row
        assert r["county"] in figures, r["county"]
        wanted = [int(Decimal(r[c]) * 1_000_000) if c.endswith("_wan") else int(r[c]) * 1_000_000 for c in columns]
        assert_row_has(figures[r["county"]], wanted, r["county"])
    if mechanism == "settlement":
        ws = load_workbook(out).worksheets[0]
        notes = {}
        for row in ws.iter_rows(values_only=True):
            names = [c for c in row if isinstance(c, str) and c in figures and c.endswith(("市", "县"))]
            if names:
                notes[names[0]] = next((c for c in row if isinstance(c, str) and "扣回" in c), "")
        assert notes == {r["county"]: r["note"] for r in ref_rows if r["county"] != "合计"}


def test_chinese_headers_give_the_same_table(tmp_path):
    src = tmp_path / "zh.csv"
    lines = (ROOT / "data" / "qujing_2018.csv").read_text(encoding="utf-8").splitlines()
    src.write_text("\n".join(["县(市、区),未脱贫人数,已脱贫人数"] + lines[1:]) + "\n", encoding="utf-8")
    out = tmp_path / "zh_out.csv"
    proc = cli("allocation", "--data", str(src), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    ref_header, ref_rows = read_csv(QUJING_REF)
    header, rows = read_csv(out)
    assert header == ref_header
    assert_same_table(rows, ref_rows, ref_header)


def test_set_changes_the_city_total(tmp_path):
    # 未脱贫 200 元 at 6:4 -> city 80 元/人. Hand-worked city column of 未脱贫 (people × 80, half-up to 0.01 万元):
    # 38.18 + 75.74 + 106.78 + 222.14 + 68.76 + 460.62 + 1,611.26 + 68.20 + 804.06 = 3,455.74;
    # 已脱贫 unchanged, 4,929.54 (reference); city total 3,455.74 + 4,929.54 = 8,385.28.
    out = tmp_path / "w.csv"
    proc = cli("allocation", "--data", "data/qujing_2018.csv", "--set", "not_lifted.standard_yuan=200",
               "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    _, rows = read_csv(out)
    total = rows[-1]
    assert (total["county"], total["not_lifted_city_wan"], total["lifted_city_wan"], total["city_total_wan"]) == (
        "合计", "3455.74", "4929.54", "8385.28")
    assert rows[0]["not_lifted_city_wan"] == "38.18"  # 麒麟区 4,773 × 80 = 381,840 元


def test_pooling_writes_the_sample_table(tmp_path):
    out = tmp_path / "p.csv"
    proc = cli("pooling", "--data", "data/yuncheng_2019_sample.csv", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    header, rows = read_csv(out)
    assert len(rows) == 14 and rows[-1]["county"] == "合计"
    assert {"county_burden_wan", "surplus_to_reserve_wan", "carried_end_wan"} <= set(header)
    # 合计 = sum of the county figures, as printed.
    assert sum(Decimal(r["county_burden_wan"]) for r in rows[:-1]) == Decimal(rows[-1]["county_burden_wan"])


@pytest.mark.parametrize("mechanism, module, units", [
    ("allocation", allocation, ["not_lifted.standard_yuan [元/人]", "not_lifted.province_pct [%]",
                                "deduction_people [人]"]),
    ("settlement", settlement, ["standard_yuan [元/人]", "rounding_unit_yuan [元]"]),
    ("pooling", pooling, ["reserve_pct [%]", "outpatient_yuan [元/人/年]", "city_budget_revenue_wan [万元]"]),
])
def test_help_lists_every_parameter_with_its_unit(mechanism, module, units):
    proc = cli(mechanism, "--help")
    assert proc.returncode == 0, proc.stderr
    ds = next(d for d in DATASETS.values() if d.mechanism == mechanism)
    for key, spec in module.param_specs(ds.policy()).items():
        assert key in proc.stdout, key
        if spec.unit_zh:
            assert f"{key} [{spec.unit_zh}]" in proc.stdout, key
    for text in units:
        assert text in proc.stdout


BAD_PEOPLE = "county,not_lifted_people,lifted_people\n麒麟区,4773,7423\n马龙区,-5,7843\n"
BAD_NUMBER = "县(市、区),未脱贫人数,已脱贫人数\n麒麟区,4773,7423\n马龙区,abc,7843\n"
BAD_DUPS = ("county,insured,dup_in_province,dup_bingtuan,dup_cross_province,dup_cross_system,preallocated_wan\n"
            "甲县,1000,0,0,0,0,1\n乙县,1000,600,300,100,1,1\n")
BAD_OUTPATIENT = ("county,revenue_wan,insured,expenditure_wan,outpatient_spending_wan\n"
                  "甲县,1000,10000,800,50\n乙县,1000,10000,800,800.01\n")


@pytest.mark.parametrize("mechanism, content, extra, must", [
    ("allocation", BAD_PEOPLE, [], ["row 3", "未脱贫人数", "-5", "马龙区"]),
    ("allocation", BAD_NUMBER, [], ["row 3", "未脱贫人数", "abc", "马龙区", "not a number"]),
    ("settlement", BAD_DUPS, ["--set", "mode=headcount"], ["row 3", "重复参保", "1001", "乙县"]),
    ("pooling", BAD_OUTPATIENT, [], ["row 3", "门诊统筹支出", "800.01", "乙县"]),
    ("allocation", None, ["--set", "not_lifted.province_pct=70"], ["未脱贫", "110%", "100%"]),
    ("allocation", None, ["--set", "not_lifted.standard_yuan=abc"], ["not_lifted.standard_yuan", "abc"]),
    ("allocation", None, ["--set", "no_such=1"], ["no_such", "no such parameter"]),
])
def test_bad_input_one_line_exit_1(tmp_path, mechanism, content, extra, must):
    args = [mechanism, *extra, "--out", str(tmp_path / "x.csv")]
    if content is not None:
        data = tmp_path / "bad.csv"
        data.write_text(content, encoding="utf-8")
        args += ["--data", str(data)]
    proc = cli(*args)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for text in must:
        assert text in lines[0], (text, lines[0])
    assert not (tmp_path / "x.csv").exists()

"""`python -m fundcalc forms …` end to end: a real process, real files, the workbook opened again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fundcalc", "forms", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def row_of(ws, text, col=1):
    for row in ws.iter_rows():
        if row[col - 1].value == text:
            return row[0].row
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def test_allocation_forms(tmp_path):
    out = tmp_path / "forms.xlsx"
    p = run("allocation", "--data", "data/qujing_2018.csv", "--out", str(out))
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["分配表", "绩效目标表"]
    ws = wb["分配表"]
    assert ws.cell(row_of(ws, "合计"), 16).value == pytest.approx(8039.73, abs=1e-9)
    perf = wb["绩效目标表"]
    assert perf.cell(row_of(perf, "预算安排金额（万元）"), 2).value == pytest.approx(8039.73, abs=1e-9)


def test_allocation_with_set_and_text(tmp_path):
    out = tmp_path / "forms.xlsx"
    p = run("allocation", "--set", "table_stage=before_deduction", "--text", "performance.period=2018年度",
            "--out", str(out))
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["分配表"]
    assert ws.cell(row_of(ws, "合计"), 2).value == 888409 - 4463
    assert ws.cell(row_of(ws, "合计") + 1, 1).value.startswith("备注：")
    perf = wb["绩效目标表"]
    assert perf.cell(row_of(perf, "预算安排金额（万元）"), 4).value == "项目实施期限"
    assert perf.cell(row_of(perf, "预算安排金额（万元）"), 5).value == "2018年度"


def test_settlement_forms_with_spending(tmp_path):
    out = tmp_path / "forms.xlsx"
    p = run("settlement", "--data", "data/tacheng_2020.csv", "--spent", "额敏县=436", "--out", str(out))
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 2 + 7
    ws = wb["结算分配表"]
    assert [ws.cell(5, c).value for c in (2, 5)] == ["合计", -96]
    tr = wb["跟踪反馈表-额敏县"]
    # 额敏县 due 872 (reference); spent 436 → unspent 436, progress exactly 50%
    assert [tr.cell(7, c).value for c in (4, 5, 7, 8)] == [872, 436, 436, 0.5]


def test_pooling_forms_with_the_shipped_monthly_table(tmp_path):
    out = tmp_path / "forms.xlsx"
    p = run("pooling", "--out", str(out))
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["缺口分担测算表", "总额预算表", "绩效目标表"]
    # the shipped county table is 示例数据: every form says so under its title
    assert all(wb[s]["A2"].value.startswith("示例数据") for s in ("缺口分担测算表", "总额预算表", "绩效目标表"))


def test_pooling_without_monthly_says_why(tmp_path):
    data = tmp_path / "counties.csv"
    data.write_text("county,revenue_wan,insured,expenditure_wan,outpatient_spending_wan\n"
                    "甲县,1000,10000,900,50\n", encoding="utf-8")
    out = tmp_path / "forms.xlsx"
    p = run("pooling", "--data", str(data), "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "--monthly" in p.stderr
    assert openpyxl.load_workbook(out).sheetnames == ["缺口分担测算表", "绩效目标表"]


@pytest.mark.parametrize("args, words", [
    (("allocation", "--out", "x.csv"), ".xlsx"),
    (("allocation", "--text", "performance.subsidised_people=1", "--out", "x.xlsx"), "performance.subsidised_people"),
    (("allocation", "--text", "nothing.here=1", "--out", "x.xlsx"), "nothing.here"),
    (("settlement", "--spent", "额敏县=abc", "--out", "x.xlsx"), "abc"),
    (("settlement", "--spent", "额敏县=-5", "--out", "x.xlsx"), "实际支出金额"),
    (("allocation", "--spent", "麒麟区=5", "--out", "x.xlsx"), "--spent"),
    (("allocation", "--set", "lifted.city_pct=70", "--out", "x.xlsx"), "100%"),
])
def test_refusals_are_one_line(tmp_path, args, words):
    args = tuple(str(tmp_path / a) if a.startswith("x.") else a for a in args)
    p = run(*args)
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and words in p.stderr
    assert not any(tmp_path.glob("x.*"))


def test_list_texts():
    p = run("settlement", "--list-texts")
    assert p.returncode == 0, p.stderr
    assert "performance.annual_goal = 1.巩固参保率; 2.稳步提高保障水平; 3.实现基金收支平衡" in p.stdout
    assert "tracking.direction = 财政对城乡居民基本医疗保险基金的补助" in p.stdout

"""A made-up city's own policy (tests/forms_sample_city.py: 样例市 2025, three categories of its own, three
levels) through `python -m fundcalc forms` and `notice`: every cell and paragraph read back holds none of the
shipped documents' words, the facts its policy lacks read （待填写） and are listed, the facts it states are
filled with its own figures, and the forms' figures are the allocation table's, checked against an
independent integer computation."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from tests import forms_sample_city as city

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_WORDS = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
                 "脱贫", "昆明", "自治区", "地区财政", "地区医疗")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fundcalc", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def cells_of(path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def shipped_words_in(texts) -> list[tuple[str, str]]:
    return [(w, t) for t in texts for w in SHIPPED_WORDS if w in t]


def row_values(ws, first: str) -> list:
    for row in ws.iter_rows(values_only=True):
        if row[0] == first:
            return list(row)
    raise AssertionError(f"no row {first!r} in {ws.title}")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample_city")
    return {"policy": city.write_policy(folder), "xlsx": city.write_xlsx(folder), "csv": city.write_gbk_csv(folder),
            "folder": folder}


@pytest.mark.parametrize("table", ["xlsx", "csv"])
def test_forms_hold_only_the_citys_words_and_its_figures(files, table):
    out = files["folder"] / f"forms_{table}.xlsx"
    p = run("forms", "allocation", "--params", str(files["policy"]), "--data", str(files[table]), "--out", str(out))
    assert p.returncode == 0, p.stderr
    cells = cells_of(out)
    assert shipped_words_in(cells) == []
    assert "2025年困难群众参保资助资金分配表" in cells                    # the policy's own title
    wb = openpyxl.load_workbook(out)
    ws = wb["分配表"]
    head = row_values(ws, "项目")
    assert [head[c] for c in (3, 10, 17)] == ["特困人员", "低保对象", "返贫致贫人口"]     # no prefix of another city
    # the last four columns: 合计金额, then 省级 / 市级 / 县级
    want = city.expected()
    for county in ("合计", "甲县", "子县"):
        got = row_values(ws, county)[-4:]
        assert [f"{x:,.2f}" for x in got] == [city.wan(want[county][k])
                                              for k in ("total", "province", "city", "county")]
    perf = wb["绩效目标表"]
    assert row_values(perf, "项目名称")[1] == "（待填写）"
    assert row_values(perf, "预算安排金额（万元）")[1] == pytest.approx(float(want["合计"]["city"]) / 1_000_000)
    # the facts the policy lacks are listed, bilingual, by key
    assert "待填写" in p.stderr and "to fill in" in p.stderr
    for key in ("performance.project_name", "performance.annual_goal", "performance.funding_deadline.basis"):
        assert key in p.stderr


def test_forms_figures_equal_the_allocation_command(files):
    table = files["folder"] / "allocation.csv"
    assert run("allocation", "--params", str(files["policy"]), "--data", str(files["xlsx"]),
               "--out", str(table)).returncode == 0
    rows = {r["county"]: r for r in csv.DictReader(table.open(encoding="utf-8-sig"))}
    out = files["folder"] / "forms.xlsx"
    assert run("forms", "allocation", "--params", str(files["policy"]), "--data", str(files["xlsx"]),
               "--out", str(out)).returncode == 0
    ws = openpyxl.load_workbook(out)["分配表"]
    for county in ("合计", "甲县", "丙县", "子县"):
        cols = ("total_wan", "province_total_wan", "city_total_wan", "county_total_wan")
        assert [f"{x:.2f}" for x in row_values(ws, county)[-4:]] == [rows[county][c] for c in cols]


def test_facts_the_policy_states_are_filled_with_its_figures(files):
    extra = """
[forms.performance]
title = "{year}年{region}项目绩效目标表"
project_name = "困难群众参保资助"
annual_goal = "按{doc_no}，{goal_shares}；提请市财政安排{budget_wan}万元。"
category_phrase = "{category}"
[forms.performance.indicators.satisfaction]
value = "≥ 95%"
basis = "{doc_no} 第五条"
"""
    policy = city.write_policy(files["folder"], extra, "filled.toml")
    out = files["folder"] / "filled.xlsx"
    p = run("forms", "allocation", "--params", str(policy), "--data", str(files["xlsx"]), "--out", str(out))
    assert p.returncode == 0, p.stderr
    perf = openpyxl.load_workbook(out)["绩效目标表"]
    cells = [str(c.value) for row in perf.iter_rows() for c in row if c.value is not None]
    assert "2025年样例市项目绩效目标表" in cells
    assert row_values(perf, "项目名称")[1] == "困难群众参保资助"
    # 市级合计 by hand: 173.89 万元; each category 5:3:2
    assert row_values(perf, "项目年度目标")[1] == (
        "按样财社〔2025〕1号，对特困人员按照5:3:2的比例承担，对低保对象按照5:3:2的比例承担，"
        "对返贫致贫人口按照5:3:2的比例承担；提请市财政安排173.89万元。")
    assert ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥ 95%", "样财社〔2025〕1号 第五条"] in [
        list(r) for r in perf.iter_rows(values_only=True)]
    assert "performance.project_name" not in p.stderr and "performance.period" in p.stderr


def test_an_unknown_placeholder_is_refused_by_name(files):
    policy = city.write_policy(files["folder"], '[forms.performance]\nproject_name = "{region}{nope}"\n', "bad.toml")
    p = run("forms", "allocation", "--params", str(policy), "--data", str(files["xlsx"]),
            "--out", str(files["folder"] / "x.xlsx"))
    assert p.returncode == 1
    assert "{nope}" in p.stderr and "forms.performance.project_name" in p.stderr and "Traceback" not in p.stderr


def test_notice_holds_only_the_citys_words(files):
    out = files["folder"] / "notice.docx"
    p = run("notice", "allocation", "--params", str(files["policy"]), "--data", str(files["csv"]), "--out", str(out))
    assert p.returncode == 0, p.stderr
    doc = Document(str(out))
    texts = [x.text for x in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert shipped_words_in(texts) == []
    body = "".join(x.text for x in doc.paragraphs)
    want = city.expected()["合计"]
    assert (f"合计{city.wan(want['total'])}万元，其中省级{city.wan(want['province'])}万元、"
            f"市级{city.wan(want['city'])}万元、县级{city.wan(want['county'])}万元") in body
    assert "绩效目标表（待填写）" in body                       # the 附件 list names the untitled form
    assert "performance.project_name" in p.stderr and "addressees" in p.stderr

"""The table model's writers (fundcalc.tables) for a city no shipped document describes: the XLSX title and
单位 rows name the user's own region and year, every figure is the hand-worked one, and no output carries a
shipped document's words.

样例市 (built here, never shipped): 11 counties, 2025, 文号 样财社〔2025〕1号, 400 元/人, 特困人员 100%,
低保对象 70%, 返贫致贫人口 100%, province:city:county 5:3:2, rounding 100 元.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from fundcalc import mechanisms, tables
from fundcalc.params import load_policy

FORBIDDEN = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
             "脱贫", "昆明", "自治区", "地区")

POLICY = """
[meta]
mechanism = "allocation"
year = 2025
doc_no = "样财社〔2025〕1号"
title_zh = "城乡居民医保资助参保补助资金分配表"
title_en = "Allocation of contribution subsidies"
region_zh = "样例市"
region_en = "Sample City"
levels = ["province", "city", "county"]

[[meta.categories]]
key = "destitute"
zh = "特困人员"
en = "Destitute"

[[meta.categories]]
key = "min_living"
zh = "低保对象"
en = "Minimum living allowance"

[[meta.categories]]
key = "relapse"
zh = "返贫致贫人口"
en = "Relapsed into poverty"

[values]
rounding_unit_yuan = 100
table_stage = "after_deduction"
deduction_people = 0
""" + "".join(f"""
[values.{key}]
standard_yuan = 400
subsidised_pct = {pct}
province_pct = 50
city_pct = 30
county_pct = 20
""" for key, pct in (("destitute", 100), ("min_living", 70), ("relapse", 100)))

COUNTIES = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县", "庚县", "辛县", "壬县", "癸县", "子县"]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample_2025.toml"
    path.write_text(POLICY, encoding="utf-8")
    policy = load_policy(path)
    # County n (1…11): 25n 特困, 50n 低保, 25n 返贫致贫: every line is a whole 100 元, so rounding changes nothing.
    n = pd.Series(range(1, 12))
    frame = pd.DataFrame({"county": COUNTIES, "destitute_people": 25 * n, "min_living_people": 50 * n,
                          "relapse_people": 25 * n})
    return mechanisms.get("allocation").compute(frame, policy)


def _no_forbidden(texts) -> None:
    for t in texts:
        assert not any(w in str(t) for w in FORBIDDEN), t


def test_xlsx_title_and_unit_rows_name_the_users_city(result):
    ws = load_workbook(io.BytesIO(tables.xlsx(tables.official(result)))).active
    assert ws.cell(1, 1).value == "样例市2025年城乡居民医保资助参保补助资金分配表"
    assert ws.cell(2, 1).value == "单位：万元"
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    _no_forbidden(c.value for c in cells)
    heads = [c.value for c in ws[3]]
    assert heads[0] == "县(市、区)" and "市级合计(万元)" in heads and "县级补助" in heads[7]
    # 甲县 (n = 1): 25 × 400 + 50 × 400 × 70% + 25 × 400 = 10,000 + 14,000 + 10,000 = 34,000 元 = 3.40 万元;
    # its 市级 share 30% = 10,200 元 = 1.02 万元.
    first = {h: c.value for h, c in zip(heads, ws[4], strict=True)}
    assert first["县(市、区)"] == "甲县"
    assert float(first["合计金额(万元)"]) == 3.40 and float(first["市级合计(万元)"]) == 1.02
    # 合计: Σn = 66, so 66 × 34,000 = 2,244,000 元 = 224.40 万元; 省 50% 112.20, 市 30% 67.32, 县 20% 44.88.
    total = {h: c.value for h, c in zip(heads, ws[4 + len(COUNTIES)], strict=True)}
    assert total["县(市、区)"] == "合计"
    assert [float(total[f"{lv}合计(万元)"]) for lv in ("省级", "市级", "县级")] == [112.20, 67.32, 44.88]
    assert float(total["合计金额(万元)"]) == 224.40 and total["人数合计(人)"] == 66 * 100
    assert ws.cell(4 + len(COUNTIES), heads.index("合计金额(万元)") + 1).data_type == "n"  # a number, not text


def test_xlsx_in_english_names_the_city_and_year(result):
    ws = load_workbook(io.BytesIO(tables.xlsx(tables.official(result, "en")))).active
    assert ws.cell(1, 1).value == "Sample City 2025: Allocation of contribution subsidies"
    assert ws.cell(2, 1).value == "Unit: 10k yuan"


def test_csv_is_a_plain_table_with_the_hand_worked_figures(result):
    data = tables.csv(tables.official(result))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    _no_forbidden(cell for row in rows for cell in row)
    head = rows[0]
    assert len(rows) == 1 + len(COUNTIES) + 1          # one header row, the counties, 合计
    assert rows[-1][0] == "合计" and rows[-1][head.index("合计金额(万元)")] == "224.40"
    assert rows[-1][head.index("人数合计(人)")] == "6600"   # no thousands separator: a number for a spreadsheet
    assert rows[11][0] == "子县" and rows[11][head.index("合计金额(万元)")] == "37.40"   # n = 11: 11 × 3.40


def test_shipped_title_keeps_its_own_year():
    """A title that already starts with its year is not dated twice."""
    from fundcalc.datasets import DATASETS

    policy = DATASETS["qujing_2018"].policy()
    assert tables.policy_title(policy) == "曲靖市2018年建档立卡贫困人口资助参保补助资金分配表"


def test_a_mechanism_without_forms_exports_the_table_model(tmp_path, monkeypatch):
    """official_xlsx falls back to the Table's own official layout when a mechanism declares no form; a title
    that already names its region and year is not prefixed again."""
    from dataclasses import replace

    from tests import fourth_mechanism as fm

    with fm.installed(tmp_path, monkeypatch) as inst:
        mechanisms.unregister(fm.NAME)
        with mechanisms.registered(replace(fm.SPEC, forms=())):
            policy = inst.dataset.policy()
            result = mechanisms.get(fm.NAME).compute(inst.dataset.load(policy), policy)
            ws = load_workbook(io.BytesIO(tables.official_xlsx(result))).active
        mechanisms.register(fm.SPEC)   # the fixture unregisters it on the way out
    assert ws.cell(1, 1).value == "样例市2025年城乡居民医保按人头定额补助测算表"
    assert ws.cell(2, 1).value == "单位：万元"
    # 1234 × 75 = 92,550 元 → 9.26 万元 (half-up at 100 元); 2000 × 75 = 15.00; 合计 24.26
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert rows[0][0] == "甲县" and float(rows[0][2]) == 9.26
    assert rows[-1][0] == "合计" and float(rows[-1][2]) == 24.26

"""The import's column mapping for a policy of the user's own (a made-up city, built here, never shipped).

样例市 2025 (样财社〔2025〕1号): 11 counties, categories 特困人员 / 低保对象 / 返贫致贫人口. Its county table
comes as a colleague sends it: XLSX with a title row, a 单位 row and a 合计 row, and a GBK CSV. A file whose
headers do not name one of the policy's categories is refused naming that category and the file's
headers that were not recognised (it used to be imported with that category as zeros); extra columns are
accepted and listed; an explicit mapping (what a mapping step confirms) decides the headers it names.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from fundcalc import mechanisms
from fundcalc.errors import InputError
from fundcalc.importer import load_grid, read_table
from fundcalc.importing import propose_mapping
from fundcalc.params import load_policy

COUNTIES = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县", "庚县", "辛县", "壬县", "癸县", "子县"]
CODES = [f"{990101 + i}" for i in range(11)]
# Headcounts typed by hand (not drawn from the code under test): 特困人员, 低保对象, 返贫致贫人口.
PEOPLE = [(120, 3400, 56), (98, 2875, 40), (311, 5120, 101), (45, 1999, 0), (77, 2460, 13), (150, 4012, 77),
          (63, 1500, 9), (204, 3777, 66), (39, 980, 4), (180, 4404, 88), (91, 2222, 21)]
TOTALS = (1378, 32749, 475)      # column sums of PEOPLE, added by hand

POLICY = """
[meta]
mechanism = "allocation"
year = 2025
doc_no = "样财社〔2025〕1号"
title_zh = "样例市2025年资助参保补助资金分配表"
title_en = "Sample City 2025 contribution subsidies"
region_zh = "样例市"
region_en = "Sample City"
levels = ["province", "city", "county"]

[[meta.categories]]
key = "destitute"
zh = "特困人员"
en = "Destitute"
{destitute_aliases}

[[meta.categories]]
key = "min_living"
zh = "低保对象"
en = "Minimum living allowance"
{min_living_aliases}

[[meta.categories]]
key = "relapse"
zh = "返贫致贫人口"
en = "Relapsed into poverty"

{aliases}

[values]
rounding_unit_yuan = 100
table_stage = "after_deduction"
deduction_people = 0

[values.destitute]
standard_yuan = 400
subsidised_pct = 100
province_pct = 50
city_pct = 30
county_pct = 20

[values.min_living]
standard_yuan = 400
subsidised_pct = 70
province_pct = 50
city_pct = 30
county_pct = 20

[values.relapse]
standard_yuan = 400
subsidised_pct = 100
province_pct = 50
city_pct = 30
county_pct = 20
"""

HEADERS = ["县(市、区)", "行政区划代码", "特困人员人数", "低保对象人数", "返贫致贫人口人数", "备注"]


def policy(tmp_path, destitute_aliases="", min_living_aliases="", aliases=""):
    path = tmp_path / "sample_city.toml"
    path.write_text(POLICY.format(destitute_aliases=destitute_aliases, min_living_aliases=min_living_aliases,
                                  aliases=aliases), encoding="utf-8")
    return load_policy(path)


def schema_of(p):
    return mechanisms.get("allocation").schema(p)


def table_rows(headers=HEADERS):
    rows = [["样例市2025年资助参保人数表"], ["单位：人"], list(headers)]
    for name, code, people in zip(COUNTIES, CODES, PEOPLE, strict=True):
        rows.append([name, code, *people, ""])
    rows.append(["合计", "", *TOTALS, ""])
    return rows


def xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def gbk_csv(rows) -> bytes:
    return "\n".join(",".join(str(v) for v in row) for row in rows).encode("gbk")


def refusal(data: bytes, name: str, schema, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        read_table(data, schema, filename=name, **kw)
    return info.value


@pytest.mark.parametrize("name, make", [("县表.xlsx", xlsx), ("县表.csv", gbk_csv)])
def test_sample_city_table_imports_with_title_unit_and_total_rows(tmp_path, name, make):
    imported = read_table(make(table_rows()), schema_of(policy(tmp_path)), filename=name)
    frame = imported.frame
    assert frame["county"].tolist() == COUNTIES
    assert frame["code"].tolist() == CODES
    for j, key in enumerate(("destitute_people", "min_living_people", "relapse_people")):
        assert frame[key].tolist() == [p[j] for p in PEOPLE]
    assert imported.totals == {"destitute_people": 1378, "min_living_people": 32749, "relapse_people": 475}
    assert imported.header_row == 3 and imported.row_numbers == list(range(4, 15))
    assert imported.ignored_columns == ["备注"]         # accepted, and said so
    assert any("合计行（第 15 行）已与各县之和核对一致" in zh for zh, en in imported.notes)


@pytest.mark.parametrize("name, make", [("县表.xlsx", xlsx), ("县表.csv", gbk_csv)])
def test_a_category_the_file_does_not_name_is_refused_naming_it_and_the_unmatched_headers(tmp_path, name, make):
    headers = ["县(市、区)", "行政区划代码", "特困人员人数", "低保户人数", "返贫致贫人口人数", "备注"]
    err = refusal(make(table_rows(headers)), name, schema_of(policy(tmp_path)))
    assert "缺少必需的列「低保对象人数」；文件中未能识别的列：「低保户人数」「备注」" in err.zh
    assert "'Minimum living allowance people'" in err.en and "'低保户人数', '备注'" in err.en
    assert err.column == "低保对象人数" and err.row == 3


def test_every_missing_category_is_named(tmp_path):
    headers = ["县(市、区)", "行政区划代码", "特困人员人数", "低保户人数", "返贫人口", "备注"]
    err = refusal(gbk_csv(table_rows(headers)), "t.csv", schema_of(policy(tmp_path)))
    assert "缺少必需的列「低保对象人数」「返贫致贫人口人数」" in err.zh
    assert "「低保户人数」「返贫人口」「备注」" in err.zh


def test_a_category_alias_in_the_policy_names_its_column(tmp_path):
    headers = ["县(市、区)", "行政区划代码", "特困供养人数", "低保户人数", "返贫致贫人口人数", "备注"]
    p = policy(tmp_path, destitute_aliases='aliases = ["特困供养人数"]', min_living_aliases='aliases = ["低保户人数"]')
    imported = read_table(xlsx(table_rows(headers)), schema_of(p), filename="t.xlsx")
    assert imported.recognised["特困供养人数"] == "destitute_people"
    assert imported.recognised["低保户人数"] == "min_living_people"
    assert imported.frame["min_living_people"].tolist() == [p[1] for p in PEOPLE]


def test_the_aliases_table_names_any_column(tmp_path):
    headers = ["单位名称", "区划编码", "特困人员人数", "城乡低保人数", "返贫致贫人口人数", "备注"]
    p = policy(tmp_path, aliases='[aliases]\ncode = ["区划编码"]\nmin_living_people = ["城乡低保人数"]')
    imported = read_table(gbk_csv(table_rows(headers)), schema_of(p), filename="t.csv")
    assert imported.recognised["区划编码"] == "code" and imported.recognised["城乡低保人数"] == "min_living_people"
    assert imported.frame["code"].tolist() == CODES


def test_malformed_aliases_are_refused(tmp_path):
    p = policy(tmp_path, aliases="[aliases]\nmin_living_people = 3")
    with pytest.raises(InputError) as info:
        schema_of(p)
    assert "别名" in info.value.zh and info.value.column == "aliases.min_living_people"


def test_an_explicit_mapping_decides_the_headers_it_names(tmp_path):
    headers = ["县(市、区)", "行政区划代码", "特困人员人数", "低保户人数", "返贫致贫人口人数", "备注"]
    data = gbk_csv(table_rows(headers))
    schema = schema_of(policy(tmp_path))
    imported = read_table(data, schema, {"低保户人数": "min_living_people", "备注": None}, filename="t.csv")
    assert imported.frame["min_living_people"].tolist() == [p[1] for p in PEOPLE]
    assert imported.recognised["低保户人数"] == "min_living_people"
    assert imported.ignored_columns == ["备注"]        # ignored on purpose is still listed
    # a mapping may also move a recognised header to another column, or drop it (then a required column is missing)
    err = refusal(data, "t.csv", schema, mapping={"低保户人数": "min_living_people", "特困人员人数": None})
    # the header ignored on purpose is not listed as unrecognised
    assert "缺少必需的列「特困人员人数」；文件中未能识别的列：「备注」；" in err.zh


@pytest.mark.parametrize("mapping, fragment", [
    ({"低保户人数": "no_such_key"}, "映射指向的列不存在"),
    ({"低保户人数": "min_living_people", "特困人员人数": "min_living_people"}, "映射中有两列都对应「低保对象人数」"),
    ({"低保人数": "min_living_people"}, "映射中的列不在文件的表头中"),
])
def test_a_wrong_mapping_is_refused(tmp_path, mapping, fragment):
    headers = ["县(市、区)", "行政区划代码", "特困人员人数", "低保户人数", "返贫致贫人口人数", "备注"]
    err = refusal(gbk_csv(table_rows(headers)), "t.csv", schema_of(policy(tmp_path)), mapping=mapping)
    assert fragment in err.zh and err.en


def test_propose_mapping_lists_every_column_with_what_it_would_be_read_as(tmp_path):
    headers = ["县(市、区)", "行政区划代码", "特困人员人数", "低保户人数", "返贫致贫人口人数", "备注"]
    grid = load_grid(xlsx(table_rows(headers)), "t.xlsx")
    proposals = propose_mapping(grid, schema_of(policy(tmp_path)))
    assert [(p.header, p.key) for p in proposals] == [
        ("县(市、区)", "county"), ("行政区划代码", "code"), ("特困人员人数", "destitute_people"),
        ("低保户人数", None), ("返贫致贫人口人数", "relapse_people"), ("备注", None)]
    header, key, (why_zh, why_en) = proposals[3]
    assert why_zh == "未能识别" and why_en == "not recognised"
    # what the step confirms is a mapping read_table takes as it is
    chosen = {p.header: p.key for p in proposals} | {"低保户人数": "min_living_people"}
    assert len(read_table(grid, schema_of(policy(tmp_path)), chosen).frame) == 11


def test_propose_mapping_without_any_known_header(tmp_path):
    grid = load_grid("甲,乙\n1,2\n".encode(), "t.csv")
    assert [(p.header, p.key) for p in propose_mapping(grid, schema_of(policy(tmp_path)))] == [("甲", None),
                                                                                               ("乙", None)]

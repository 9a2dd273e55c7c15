"""A city no shipped document describes, set up from its own policy file and run through the command line.

样例市 2025 (样财社〔2025〕1号) is built here and never shipped: 11 counties, 400 元/人, categories 特困人员 100%,
低保对象 70%, 返贫致贫人口 100%, province:city:county 5:3:2, rounding to 100 元. Its county table comes as XLSX
(title row, 单位 row, 合计 row) and as GBK CSV. Every figure is checked against the plain integer arithmetic
written below (not the package's), and every output is scanned for the words of the shipped documents.
"""

from __future__ import annotations

import csv
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from fundcalc.errors import InputError
from fundcalc.goalseek import seek
from fundcalc.mechanisms import allocation
from fundcalc.money import wan_to_fen
from fundcalc.params import PARAMS_DIR, load_policy
from fundcalc.sweep import knob, metrics
from tests.test_cli import assert_row_has, cli, read_csv, xlsx_figures

# The words of the shipped documents that a user's own policy must never see (it holds none of them).
FORBIDDEN = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
             "脱贫", "昆明", "自治区", "地区")

COUNTIES = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县", "庚县", "辛县", "壬县", "癸县", "子县"]
# (特困人员, 低保对象, 返贫致贫人口) people per county: odd counts, so amounts fall between 100 元 steps.
PEOPLE = [(1037, 5113, 307), (1043, 4891, 211), (988, 6021, 95), (1511, 7333, 402), (617, 2949, 58),
          (2203, 10457, 733), (451, 1999, 17), (1299, 5555, 129), (833, 3761, 311), (1777, 8123, 505),
          (263, 1205, 9)]
CATS = [("destitute", "特困人员", "Destitute", 100), ("min_living", "低保对象", "On minimum living allowance", 70),
        ("relapse", "返贫致贫人口", "Returned to poverty", 100)]
SHARES = {"province": 50, "city": 30, "county": 20}
STANDARD = 400
UNIT = 100  # 元

POLICY = """
[meta]
mechanism = "allocation"
year = 2025
doc_no = "样财社〔2025〕1号"
title_zh = "2025年城乡居民医保资助参保补助资金分配表"
title_en = "2025 allocation of enrolment subsidies"
region_zh = "样例市"
region_en = "Sample City"
region_code = "990100"
{categories}

[level_names.province]
zh = "省级"
en = "Province"

[level_names.city]
zh = "市级"
en = "City"

[level_names.county]
zh = "县级"
en = "County"

[[basis]]
doc_no = "样政办发〔2024〕9号"
title = "样例市城乡居民医保资助参保实施办法"
clause = "个人缴费部分由财政按类别补贴"

[clauses]
table = "样财社〔2025〕1号 附表"
rule = "样政办发〔2024〕9号"

[page]
intro_zh = "{{region}}{{year}}年：特困人员每人补助 {{destitute_standard_yuan}} 元。"

[values]
rounding_unit_yuan = 100
table_stage = "after_deduction"
deduction_people = 0
{values}
"""


def policy_text(**over) -> str:
    cats = "\n".join(f'[[meta.categories]]\nkey = "{k}"\nzh = "{zh}"\nen = "{en}"\nheading_zh = "{zh}"\n'
                     for k, zh, en, _ in CATS)
    values = "\n".join(f"[values.{k}]\nstandard_yuan = {STANDARD}\nsubsidised_pct = {sub}\n"
                       + "".join(f"{lv}_pct = {s}\n" for lv, s in SHARES.items()) for k, _, _, sub in CATS)
    text = POLICY.format(categories=cats, values=values)
    for old, new in over.items():
        text = text.replace(old, new)
    return text


@pytest.fixture
def city(tmp_path) -> Path:
    path = tmp_path / "样例市.toml"
    path.write_text(policy_text(), encoding="utf-8")
    return path


def half_up(x: Fraction, unit: int) -> int:
    """x rounded half-up to a multiple of unit (x ≥ 0)."""
    q = x / unit
    n = q.numerator // q.denominator
    return (n + (1 if q - n >= Fraction(1, 2) else 0)) * unit


def expected(people=PEOPLE) -> dict[str, dict[str, int]]:
    """Per county (and 合计): each category × level in 元, rounded per county and line; totals = sums of parts.

    people × 400 元 × subsidised % × level share: at 400 元 every per-person part is a whole 元 (200/120/80 and
    140/84/56), so the document's rule (the part per person to the 分, then the county's amount half-up to
    100 元) and the plain product agree."""
    out = {}
    for name, counts in zip(COUNTIES, people, strict=True):
        row = {}
        for (key, _, _, sub), n in zip(CATS, counts, strict=True):
            row[f"{key}_people"] = n
            for lv, share in SHARES.items():
                row[f"{key}_{lv}"] = half_up(Fraction(n * STANDARD * sub * share, 100 * 100), UNIT)
        for lv in SHARES:
            row[f"{lv}_total"] = sum(row[f"{k}_{lv}"] for k, *_ in CATS)
        row["total"] = sum(row[f"{lv}_total"] for lv in SHARES)
        row["total_people"] = sum(counts)
        out[name] = row
    out["合计"] = {k: sum(r[k] for r in out.values()) for k in next(iter(out.values()))}
    return out


def as_wan(yuan: int) -> Decimal:
    return Decimal(yuan) / 10_000


def write_gbk_csv(path: Path) -> Path:
    with path.open("w", encoding="gbk", newline="") as f:
        w = csv.writer(f)
        w.writerow(["县(市、区)"] + [f"{zh}人数" for _, zh, _, _ in CATS])
        for name, counts in zip(COUNTIES, PEOPLE, strict=True):
            w.writerow([name, *counts])
    return path


def write_xlsx(path: Path) -> Path:
    """As a colleague sends it: a title row, a 单位 row, the header, the counties, a 合计 row."""
    wb = Workbook()
    ws = wb.active
    ws.append(["样例市2025年资助参保人数表"])
    ws.append(["单位：人"])
    ws.append(["县(市、区)"] + [f"{zh}人数" for _, zh, _, _ in CATS])
    for name, counts in zip(COUNTIES, PEOPLE, strict=True):
        ws.append([name, *counts])
    ws.append(["合计"] + [sum(c[j] for c in PEOPLE) for j in range(3)])
    wb.save(path)
    return path


def xlsx_text(path: Path) -> str:
    wb = load_workbook(path)
    parts = [wb.properties.title or "", wb.properties.subject or ""]
    for ws in wb.worksheets:
        parts.append(ws.title)
        parts += [str(ws.oddHeader.center.text or ""), str(ws.oddFooter.center.text or "")]
        for row in ws.iter_rows(values_only=True):
            parts += [str(c) for c in row if c is not None]
    return "\n".join(parts)


def assert_clean(text: str, where: str) -> None:
    found = [w for w in FORBIDDEN if w in text]
    assert not found, (where, found)


@pytest.fixture(params=["xlsx", "gbk_csv"])
def county_table(request, tmp_path) -> Path:
    if request.param == "xlsx":
        return write_xlsx(tmp_path / "县级人数.xlsx")
    return write_gbk_csv(tmp_path / "县级人数.csv")


def test_every_figure_of_the_csv_output(city, county_table, tmp_path):
    out = tmp_path / "out.csv"
    proc = cli("allocation", "--params", str(city), "--data", str(county_table), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    header, rows = read_csv(out)
    want = expected()
    assert [r["county"] for r in rows] == [*COUNTIES, "合计"]
    checked = 0
    for r in rows:
        e = want[r["county"]]
        for key, *_ in CATS:
            assert int(r[f"{key}_people"]) == e[f"{key}_people"]
            for lv in SHARES:
                assert Decimal(r[f"{key}_{lv}_wan"]) == as_wan(e[f"{key}_{lv}"]), (r["county"], key, lv)
                checked += 1
        for lv in SHARES:
            assert Decimal(r[f"{lv}_total_wan"]) == as_wan(e[f"{lv}_total"]), (r["county"], lv)
        assert Decimal(r["total_wan"]) == as_wan(e["total"])
        assert int(r["total_people"]) == e["total_people"]
    assert checked == 12 * 9
    # A hand-worked county: 甲县's 低保对象 city part = 5,113 × 400 × 70% × 30% = 429,492 元 → 42.95 万元.
    assert rows[0]["min_living_city_wan"] == "42.95"
    assert_clean(out.read_text(encoding="utf-8-sig"), "csv")


def test_every_figure_of_the_xlsx_output(city, county_table, tmp_path):
    out = tmp_path / "out.xlsx"
    proc = cli("allocation", "--params", str(city), "--data", str(county_table), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    figures = xlsx_figures(out)
    for name, e in expected().items():
        assert name in figures, name
        wanted = [e[f"{k}_people"] * 1_000_000 for k, *_ in CATS]
        wanted += [int(as_wan(e[f"{k}_{lv}"]) * 1_000_000) for k, *_ in CATS for lv in SHARES]
        wanted += [int(as_wan(e[f"{lv}_total"]) * 1_000_000) for lv in SHARES]
        wanted.append(int(as_wan(e["total"]) * 1_000_000))
        assert_row_has(figures[name], wanted, name)
    text = xlsx_text(out)
    assert "样例市" in text or "2025" in text


def test_the_xlsx_output_holds_no_shipped_words(city, tmp_path):
    out = tmp_path / "out.xlsx"
    proc = cli("allocation", "--params", str(city), "--data", str(write_xlsx(tmp_path / "t.xlsx")),
               "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert_clean(xlsx_text(out), "xlsx")


def test_help_describes_the_users_policy(city):
    proc = cli("allocation", "--params", str(city), "--help")
    assert proc.returncode == 0, proc.stderr
    assert "样财社〔2025〕1号" in proc.stdout
    assert "min_living.subsidised_pct [%] = 70" in proc.stdout
    assert_clean(proc.stdout, "--help")


def test_explanation_cites_the_users_clauses_and_names(city, tmp_path):
    policy = load_policy(city)
    table = allocation.validate_table(pd.read_csv(write_gbk_csv(tmp_path / "t.csv"), encoding="gbk").rename(
        columns={"县(市、区)": "county", **{f"{zh}人数": f"{k}_people" for k, zh, _, _ in CATS}}),
        allocation.schema(policy))
    result = allocation.compute(table, policy, validated=True)
    steps = allocation.explain(result, "甲县")
    text = "\n".join(f"{s.zh}\n{s.en}\n{s.clause}" for s in steps)
    assert_clean(text, "explain")
    assert {s.clause for s in steps} == {"样政办发〔2024〕9号；样财社〔2025〕1号 附表", "样财社〔2025〕1号 附表"}
    # 低保对象 · 市级: 400 × 70% × 30% = 84 元/人; 5,113 × 84 = 429,492 元 → 42.95 万元.
    assert "低保对象·市级：400.00 元 × 70% × 30% = 84.00 元/人；5,113 人 × 84.00 元 = 429,492.00 元 → 42.95 万元" \
        "（四舍五入到 0.01 万元）" in [s.zh for s in steps]
    labels = "\n".join(f"{c.zh} {c.en}" for c in result.columns)
    assert_clean(labels, "result columns")
    assert_clean(policy.page_intro("zh"), "page intro")
    assert policy.page_intro("zh") == "样例市2025年：特困人员每人补助 400 元。"


def test_a_policy_without_clauses_cites_nothing_else(tmp_path):
    bare = policy_text().split("[clauses]")[0] + "[values]" + policy_text().split("[values]", 1)[1]
    path = tmp_path / "bare.toml"
    path.write_text(bare, encoding="utf-8")
    policy = load_policy(path)
    table = allocation.validate_table(pd.DataFrame({"county": ["甲县"], "destitute_people": [10],
                                                    "min_living_people": [10], "relapse_people": [10]}),
                                      allocation.schema(policy))
    steps = allocation.explain(allocation.compute(table, policy, validated=True), "甲县")
    assert {s.clause for s in steps} == {""}
    assert_clean("\n".join(f"{s.zh}{s.en}" for s in steps), "explain without clauses")


def test_level_names_come_from_the_policy(tmp_path):
    path = tmp_path / "named.toml"
    path.write_text(policy_text(**{'zh = "县级"': 'zh = "区县级"', 'en = "County"': 'en = "District"'}),
                    encoding="utf-8")
    policy = load_policy(path)
    table = allocation.validate_table(pd.DataFrame({"county": ["甲县"], "destitute_people": [10],
                                                    "min_living_people": [10], "relapse_people": [10]}),
                                      allocation.schema(policy))
    result = allocation.compute(table, policy, validated=True)
    labels = {c.key: (c.zh, c.en) for c in result.columns}
    assert labels["county_total_fen"] == ("区县级合计", "District total")
    assert labels["relapse_county_fen"] == ("返贫致贫人口区县级补助", "Returned to poverty District")
    totals = {t.key: (t.zh, t.en) for t in allocation.SPEC.totals_for(policy)}
    assert totals["county_total_fen"] == ("区县级合计", "District total")
    assert metrics("allocation", policy)["county_total_fen"] == ("区县级合计", "District total")
    # The spec's own labels stay generic for a policy that names no levels.
    assert {t.key: t.zh for t in allocation.SPEC.totals_for(None)}["county_total_fen"] == "县级合计"


def test_an_unknown_placeholder_is_refused_naming_it(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text(policy_text(**{"{destitute_standard_yuan}": "{destitude_standard_yuan}"}), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_policy(path)
    assert "{destitude_standard_yuan}" in err.value.one_line() and "page.intro_zh" in err.value.one_line()
    path.write_text(policy_text(**{"{destitute_standard_yuan}": "{destitute_standard_yuan:.2f}"}), encoding="utf-8")
    with pytest.raises(InputError) as err:   # a format spec on a value's text: refused, not a traceback
        load_policy(path)
    assert "page.intro_zh" in err.value.one_line()


def test_todays_format_still_loads_and_computes(tmp_path):
    """A file without any of the new sections (and with [meta] basis as one sentence) is still a policy."""
    head = policy_text().split("[level_names.province]")[0].replace('region_code = "990100"\n', "")
    old = head.replace("[meta]\n", '[meta]\nbasis = "一句话的依据"\n', 1) + "[values]" + policy_text().split(
        "[values]", 1)[1]
    path = tmp_path / "old.toml"
    path.write_text(old, encoding="utf-8")
    policy = load_policy(path)
    assert policy.page_intro() == "" and policy.clause("table") == "" and policy.level_name("county") == "县级"
    table = allocation.validate_table(pd.DataFrame({"county": ["甲县"], "destitute_people": [1037],
                                                    "min_living_people": [0], "relapse_people": [0]}),
                                      allocation.schema(policy))
    # 1,037 × 400 × 50% = 207,400 元 province; × 30% = 124,440 → 124,400; × 20% = 82,960 → 83,000.
    r = allocation.compute(table, policy, validated=True)
    assert (r.totals["province_total_fen"], r.totals["city_total_fen"], r.totals["county_total_fen"]) == (
        20_740_000, 12_440_000, 8_300_000)


# --- 统一补助标准 -------------------------------------------------------------------------------------------

TINY = pd.DataFrame({"county": ["甲县", "乙县"], "destitute_people": [1000, 500], "min_living_people": [2000, 1000],
                     "relapse_people": [100, 50]})


def tiny(policy):
    return allocation.validate_table(TINY, allocation.schema(policy))


def test_uniform_standard_and_its_precedence(city):
    """Uniform 500 元 sets every category; relapse's own standard, overridden to 300, keeps its own.
    City 30%: 特困 150 元/人, 低保 500 × 70% × 30% = 105 元/人, 返贫 300 × 30% = 90 元/人:
    甲县 1,000 × 150 + 2,000 × 105 + 100 × 90 = 369,000; 乙县 75,000 + 105,000 + 4,500 = 184,500; 553,500 元."""
    policy = load_policy(city)
    specs = allocation.param_specs(policy)
    both = policy.with_overrides({"uniform_standard_yuan": 500, "relapse.standard_yuan": 300}, specs)
    r = allocation.compute(tiny(policy), both, validated=True)
    assert r.totals["city_total_fen"] == 55_350_000
    # Without a uniform standard (0 or absent) each category's own 400 applies, city 120 / 84 / 120 元 per person:
    # 甲县 120,000 + 168,000 + 12,000 = 300,000; 乙县 60,000 + 84,000 + 6,000 = 150,000; 450,000 元.
    none = policy.with_overrides({"uniform_standard_yuan": 0}, specs)
    assert allocation.compute(tiny(policy), none, validated=True).totals["city_total_fen"] == \
        allocation.compute(tiny(policy), policy, validated=True).totals["city_total_fen"] == 45_000_000
    # In the file, the uniform standard wins over the file's own per-category standards (neither is an override).
    in_file = city.with_name("uniform.toml")
    in_file.write_text(policy_text(**{"deduction_people = 0": "deduction_people = 0\nuniform_standard_yuan = 500"}),
                       encoding="utf-8")
    p2 = load_policy(in_file)
    # 甲县 1,000 × 150 + 2,000 × 105 + 100 × 150 = 375,000; 乙县 187,500: 562,500 元.
    assert allocation.compute(tiny(p2), p2, validated=True).totals["city_total_fen"] == 56_250_000


def test_goal_seek_the_highest_uniform_standard_within_a_city_budget(city):
    """City 30% of every category: at standard s the city pays 300s + 420s + 30s (甲县) and 150s + 210s + 15s (乙县),
    each rounded half-up to 100 元. s = 88: 26,400 + 37,000 + 2,600 + 13,200 + 18,500 + 1,300 = 99,000 元 ≤ 10 万元;
    s = 89: 26,700 + 37,400 + 2,700 + 13,400 (13,350 half-up) + 18,700 + 1,300 = 100,200 元, over."""
    policy = load_policy(city)
    k = knob("allocation", policy, "uniform_standard_yuan")
    r = seek(tiny(policy), policy, "allocation", k, "city_total_fen", wan_to_fen("10"))
    assert (r.answer, r.answer_fen, r.over, r.over_fen) == (88, 9_900_000, 89, 10_020_000)
    assert r.direction == "increasing"
    assert r.summary("zh").startswith("统一补助标准 = 88 元/人：合计 9.90 万元 ≤ 10.00 万元")


# --- python -m fundcalc policy new --------------------------------------------------------------------------

def fill(text: str, answers: dict[str, str]) -> str:
    """Each `key = "待填写"` line of the template replaced by answers["section.key"] (a TOML literal)."""
    out, section = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.strip("[]")
        elif '"待填写"' in line and "=" in line and not stripped.startswith("#"):
            key = line.split("=", 1)[0].strip()
            literal = answers.get(f"{section}.{key}")
            if literal is not None:
                line = f"{key} = {literal}"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("mechanism", ["allocation", "settlement", "pooling"])
def test_the_template_names_what_to_fill(tmp_path, mechanism):
    path = tmp_path / "my.toml"
    proc = cli("policy", "new", mechanism, "--out", str(path))
    assert proc.returncode == 0, proc.stderr
    text = path.read_text(encoding="utf-8")
    tomllib.loads(text)  # valid TOML as written
    assert_clean(text, f"{mechanism} template")
    for section in ("[meta]", "[level_names.province]", "[[basis]]", "[clauses]", "[page]", "[values]", "[sources]"):
        assert section in text, section
    with pytest.raises(InputError) as err:
        load_policy(path)
    assert "meta.year" in err.value.one_line() and "待填写" in err.value.one_line()


def test_the_allocation_template_filled_in_computes(tmp_path):
    path = tmp_path / "my.toml"
    assert cli("policy", "new", "allocation", "--out", str(path)).returncode == 0
    answers = {"meta.year": "2025", "meta.doc_no": '"样财社〔2025〕1号"', "meta.title_zh": '"分配表"',
               "meta.title_en": '"Allocation"', "meta.region_zh": '"样例市"', "meta.categories.zh": '"特困人员"',
               "values.rounding_unit_yuan": "100", "values.table_stage": '"after_deduction"',
               "values.deduction_people": "0", "values.category_1.standard_yuan": "400",
               "values.category_1.subsidised_pct": "100", "values.category_1.province_pct": "50",
               "values.category_1.city_pct": "30", "values.category_1.county_pct": "20"}
    half = fill(path.read_text(encoding="utf-8"), {k: v for k, v in answers.items() if k != "values.table_stage"})
    path.write_text(half, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_policy(path)
    assert "values.table_stage" in err.value.one_line()
    path.write_text(fill(half, answers), encoding="utf-8")
    data = tmp_path / "t.csv"
    data.write_text("县(市、区),特困人员人数\n甲县,1037\n乙县,263\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = cli("allocation", "--params", str(path), "--data", str(data), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    _, rows = read_csv(out)
    # 甲县 1,037 × 400: province 50% 207,400; city 30% 124,440 → 124,400; county 20% 82,960 → 83,000 元.
    # 乙县 263 × 400: 52,600; 31,560 → 31,600; 21,040 → 21,000. 合计 = sums of the rounded parts.
    got = [(r["county"], r["province_total_wan"], r["city_total_wan"], r["county_total_wan"]) for r in rows]
    assert got == [("甲县", "20.74", "12.44", "8.30"), ("乙县", "5.26", "3.16", "2.10"),
                   ("合计", "26.00", "15.60", "10.40")]


@pytest.mark.parametrize("mechanism, shipped, data", [
    ("settlement", "tacheng_2020.toml", "data/tacheng_2020.csv"),
    ("pooling", "yuncheng_2019.toml", "data/yuncheng_2019_sample.csv"),
])
def test_a_template_filled_with_a_documents_values_gives_its_figures(tmp_path, mechanism, shipped, data):
    """The template holds every parameter the mechanism needs: filled with a shipped file's values, the same table
    gives the same output as the shipped file (which tests/test_cli.py checks against the documents)."""
    path = tmp_path / "my.toml"
    assert cli("policy", "new", mechanism, "--out", str(path)).returncode == 0
    src = tomllib.loads((PARAMS_DIR / shipped).read_text(encoding="utf-8"))
    answers = {f"meta.{k}": repr(src["meta"][k]) if isinstance(src["meta"][k], int) else f'"{src["meta"][k]}"'
               for k in ("year", "doc_no", "title_zh", "title_en", "region_zh")}
    answers |= {f"values.{k}": (f'"{v}"' if isinstance(v, str) else str(v)) for k, v in src["values"].items()}
    path.write_text(fill(path.read_text(encoding="utf-8"), answers), encoding="utf-8")
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    proc = cli(mechanism, "--params", str(path), "--data", data, "--out", str(ours))
    assert proc.returncode == 0, proc.stderr
    assert cli(mechanism, "--data", data, "--out", str(theirs)).returncode == 0
    assert ours.read_text(encoding="utf-8-sig") == theirs.read_text(encoding="utf-8-sig")


def test_a_documents_own_headers_come_from_its_policy_file(tmp_path):
    """运城's base-year column is headed 2018年住院医保费用 in its own tables: that header is in yuncheng_2019.toml's
    [aliases], not in the code, so a policy without it does not read the column as the base-year cost."""
    from dataclasses import replace

    from fundcalc import mechanisms
    from fundcalc.datasets import DATASETS
    from fundcalc.importer import read_table

    src = tmp_path / "t.csv"
    src.write_text("county,revenue_wan,insured,expenditure_wan,outpatient_spending_wan,2018年住院医保费用\n"
                   "甲县,100,1000,90,5,50\n", encoding="utf-8")
    shipped = DATASETS["yuncheng_2019_sample"].policy()
    assert read_table(src, mechanisms.get("pooling").schema(shipped)).frame["inpatient_base_wan"].tolist() == [50]
    own = replace(shipped, meta={k: v for k, v in shipped.meta.items() if k != "aliases"})
    assert read_table(src, mechanisms.get("pooling").schema(own)).frame["inpatient_base_wan"].isna().all()
    # The allocation's categories: 曲靖's 建档立卡 prefix is in its categories' aliases, a user's category has none.
    qj = DATASETS["qujing_2018"].policy()
    heads = {a for c in allocation.schema(qj).columns for a in c.aliases}
    assert "建档立卡未脱贫人数" in heads
    assert not any("建档立卡" in a for a in heads - {"建档立卡未脱贫人数", "建档立卡未脱贫", "建档立卡已脱贫人数",
                                                     "建档立卡已脱贫"})

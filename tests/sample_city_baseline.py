"""The made-up city the tests of saved baselines use (built here, never shipped): 样例市 2025, 11 counties,
400 元/人, 特困人员 100% · 低保对象 70% · 返贫致贫人口 100%, province:city:county 5:3:2, rounding 100 元.

``expected_fen`` is an independent computation in plain integer arithmetic (not the product's code): each
county's line (category × level) is people × 400 × subsidised % × share %, rounded half-up to 100 元; totals
are sums of the rounded parts."""

from __future__ import annotations

STANDARD_YUAN = 400
ROUNDING_YUAN = 100
SHARES = {"province": 50, "city": 30, "county": 20}
# key, 名称, English, subsidised %
CATEGORIES = [("destitute", "特困人员", "Destitute", 100), ("min_living", "低保对象", "Minimum living allowance", 70),
              ("relapse", "返贫致贫人口", "Relapsed into poverty", 100)]
# county, 特困人员, 低保对象, 返贫致贫人口
COUNTIES = [
    ("甲县", 1203, 8467, 311), ("乙县", 977, 6021, 129), ("丙县", 1530, 10993, 402), ("丁县", 412, 3385, 57),
    ("戊县", 866, 7214, 233), ("己县", 1119, 9002, 318), ("庚县", 733, 4518, 96), ("辛县", 1388, 12047, 507),
    ("壬县", 295, 2210, 41), ("癸县", 1044, 7799, 260), ("子县", 651, 5023, 118),
]
NAME = "样例市 2025"
FORBIDDEN = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
             "脱贫")


def policy_toml(standard_yuan: int = STANDARD_YUAN, title_zh: str = "2025年资助参保补助资金分配表") -> str:
    cats = "".join(f'\n[[meta.categories]]\nkey = "{k}"\nzh = "{zh}"\nen = "{en}"\n' for k, zh, en, _ in CATEGORIES)
    values = "".join(
        f"\n[values.{k}]\nstandard_yuan = {standard_yuan}\nsubsidised_pct = {pct}\n"
        + "".join(f"{lv}_pct = {share}\n" for lv, share in SHARES.items())
        for k, _, _, pct in CATEGORIES)
    sources = "".join(
        f'"{k}.{p}" = {{ kind = "assumption", why_zh = "用户设定", why_en = "set by the user" }}\n'
        for k, _, _, _ in CATEGORIES for p in ("standard_yuan", "subsidised_pct", "province_pct", "city_pct",
                                               "county_pct"))
    return f"""[meta]
mechanism = "allocation"
year = 2025
doc_no = "样财社〔2025〕1号"
title_zh = "{title_zh}"
title_en = "2025 allocation of contribution subsidies"
region_zh = "样例市"
region_en = "Sample City"
levels = ["province", "city", "county"]
{cats}
[values]
rounding_unit_yuan = {ROUNDING_YUAN}
table_stage = "after_deduction"
deduction_people = 0
{values}
[sources]
rounding_unit_yuan = {{ kind = "assumption", why_zh = "用户设定", why_en = "set by the user" }}
table_stage = {{ kind = "assumption", why_zh = "用户设定", why_en = "set by the user" }}
deduction_people = {{ kind = "assumption", why_zh = "用户设定", why_en = "set by the user" }}
{sources}"""


def table_csv(counties=COUNTIES) -> str:
    """The county table as a user's CSV: Chinese headers, the way the wizard hands it over."""
    head = "县（市、区）," + ",".join(f"{zh}人数" for _, zh, _, _ in CATEGORIES)
    return "\n".join([head] + [",".join(map(str, row)) for row in counties]) + "\n"


def _line_yuan(people: int, pct: int, share: int, standard: int) -> int:
    # people × standard × pct/100 × share/100, half-up to ROUNDING_YUAN, all in integers.
    scaled = people * standard * pct * share            # 元 × 10 000
    unit = ROUNDING_YUAN * 10_000
    return (scaled + unit // 2) // unit * ROUNDING_YUAN


def expected_fen(counties=COUNTIES, standard: int = STANDARD_YUAN) -> dict[str, int]:
    """The city's totals in 分: total_fen and <level>_total_fen, as sums of rounded county lines."""
    out = {"total_fen": 0} | {f"{lv}_total_fen": 0 for lv in SHARES}
    for row in counties:
        for (_, _, _, pct), people in zip(CATEGORIES, row[1:], strict=True):
            for lv, share in SHARES.items():
                fen = _line_yuan(people, pct, share, standard) * 100
                out[f"{lv}_total_fen"] += fen
                out["total_fen"] += fen
    return out

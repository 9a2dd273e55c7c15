"""The made-up city the forms' tests use (never shipped): 样例市 2025, 样财社〔2025〕1号, 11 counties, 400 元/人,
特困人员 100%, 低保对象 70%, 返贫致贫人口 100%, province:city:county 5:3:2, rounding 100 元. Its county table
comes as a bureau sends it: XLSX with a title row, a 单位 row and a 合计 row, and a GBK-encoded CSV.

``expected`` computes the allocation independently with integer arithmetic (分), so a test never takes its
expected figures from the code under test."""

from __future__ import annotations

from pathlib import Path

import openpyxl

COUNTIES = ("甲县", "乙县", "丙县", "丁县", "戊县", "己县", "庚县", "辛县", "壬县", "癸县", "子县")
# (key, name, subsidised %): the document's three categories.
CATEGORIES = (("destitute", "特困人员", 100), ("min_living", "低保对象", 70), ("relapse", "返贫致贫人口", 100))
SHARES = {"province": 5, "city": 3, "county": 2}
STANDARD_YUAN = 400
ROUND_FEN = 100 * 100   # 100 元
# People per county and category: odd numbers so that the 280 元 × 5:3:2 lines need rounding.
PEOPLE = {name: (37 + 11 * i, 1237 + 97 * i, 5 + 3 * i) for i, name in enumerate(COUNTIES)}

POLICY = """\
[meta]
mechanism = "allocation"
year = 2025
doc_no = "样财社〔2025〕1号"
title_zh = "2025年困难群众参保资助资金分配表"
title_en = "2025 contribution aid for people in hardship"
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
en = "Returned to poverty"

[values]
rounding_unit_yuan = 100
table_stage = "after_deduction"
deduction_people = 0
{values}
{extra}
"""


def policy_text(extra: str = "") -> str:
    values = "".join(f"\n[values.{key}]\nstandard_yuan = {STANDARD_YUAN}\nsubsidised_pct = {pct}\n"
                     + "".join(f"{lv}_pct = {s * 10}\n" for lv, s in SHARES.items())
                     for key, _, pct in CATEGORIES)
    return POLICY.format(values=values, extra=extra)


def write_policy(folder: Path, extra: str = "", name: str = "sample_city.toml") -> Path:
    path = folder / name
    path.write_text(policy_text(extra), encoding="utf-8")
    return path


def write_xlsx(folder: Path) -> Path:
    """Title row, 单位 row, header, the counties, 合计 — as a colleague sends it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["样例市2025年困难群众参保资助人数表"])
    ws.append(["单位：人"])
    ws.append(["县（市、区）"] + [name for _, name, _ in CATEGORIES])
    for county in COUNTIES:
        ws.append([county, *PEOPLE[county]])
    ws.append(["合计"] + [sum(PEOPLE[c][j] for c in COUNTIES) for j in range(len(CATEGORIES))])
    path = folder / "sample_city.xlsx"
    wb.save(path)
    return path


def write_gbk_csv(folder: Path) -> Path:
    lines = ["县（市、区）," + ",".join(name for _, name, _ in CATEGORIES)]
    lines += [f"{c}," + ",".join(str(n) for n in PEOPLE[c]) for c in COUNTIES]
    path = folder / "sample_city_gbk.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def _round(fen: int) -> int:
    """Half-up to 100 元, on non-negative 分."""
    return (fen + ROUND_FEN // 2) // ROUND_FEN * ROUND_FEN


def expected() -> dict:
    """county (and "合计") -> {"total", "province", "city", "county"} in 分: each category's level line
    rounded per county, the 合计 the sum of the rounded county figures."""
    out = {}
    for county in COUNTIES:
        row = dict.fromkeys(("province", "city", "county"), 0)
        for (_, _, pct), n in zip(CATEGORIES, PEOPLE[county], strict=True):
            for lv, share in SHARES.items():
                # 元/人 of this level: 400 × pct% × share/10, exact in 分 for these numbers.
                rate_fen = STANDARD_YUAN * 100 * pct * share // 1000
                row[lv] += _round(n * rate_fen)
        row["total"] = row["province"] + row["city"] + row["county"]
        out[county] = row
    out["合计"] = {k: sum(out[c][k] for c in COUNTIES) for k in ("total", "province", "city", "county")}
    return out


def wan(fen: int) -> str:
    """分 as the forms print 万元: 2 decimals with 千分位 (exact: fen is a multiple of 100 元)."""
    whole, rest = divmod(fen, 1_000_000)
    return f"{whole:,}.{rest // 10_000:02d}"

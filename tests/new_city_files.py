"""The made-up city of this round's tests (样例市 2025, 样财社〔2025〕1号), as a user sends its county table: an XLSX
with a title row, a 单位 row and a 合计 row, and a GBK CSV. Built here, never shipped; the expected figures are
plain integer arithmetic written out below, independent of fundcalc."""

from __future__ import annotations

import io

COUNTIES = ("甲县", "乙县", "丙县", "丁县", "戊县", "己县", "庚县", "辛县", "壬县", "癸县", "子县")
# key, 名称, English, subsidised %, the header the colleague's file uses
CATEGORIES = (
    ("destitute", "特困人员", "Destitute", 100, "特困人员人数（人）"),
    ("min_living", "低保对象", "Minimum living allowance", 70, "低保对象（人）"),
    ("relapse", "返贫致贫人口", "Relapse into poverty", 100, "返贫致贫人口人数"),
)
STANDARD_YUAN = 400
SHARES = {"province": 5, "city": 3, "county": 2}          # of 10
ROUND_YUAN = 100
# A shipped document's words: none may appear in what the made-up city's policy gives (it holds none of them).
FORBIDDEN = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
             "脱贫")


def headcounts() -> list[tuple[str, int, int, int]]:
    """Each county's three headcounts: uneven numbers, so the 100 元 rounding goes both ways."""
    return [(name, 1_003 + 137 * i + i * i, 5_021 + 911 * i, 301 + 53 * i) for i, name in enumerate(COUNTIES)]


def _round(yuan: int) -> int:
    """Half-up to 100 元, in 元 (all amounts here are whole 元 and positive)."""
    return (yuan + ROUND_YUAN // 2) // ROUND_YUAN * ROUND_YUAN


def expected() -> dict[str, dict[str, int]]:
    """Per county (and "合计"): each level's total and the grand total in 元, as the document's rule says:
    people × 400 元 × subsidised % × level share, each county × category × level rounded to 100 元, totals the
    sums of the rounded parts."""
    out = {}
    for name, *people in headcounts():
        row = {lv: 0 for lv in SHARES}
        for n, (_, _, _, pct, _) in zip(people, CATEGORIES, strict=True):
            for lv, share in SHARES.items():
                # 元 per person: 400 × pct/100 × share/10 is whole for these figures (200, 140, 84, …)
                per_person = STANDARD_YUAN * pct * share // 1000
                assert STANDARD_YUAN * pct * share % 1000 == 0
                row[lv] += _round(n * per_person)
        row["total"] = sum(row[lv] for lv in SHARES)
        out[name] = row
    out["合计"] = {k: sum(r[k] for r in out.values()) for k in ("province", "city", "county", "total")}
    return out


def header(renamed: dict[str, str] | None = None) -> list[str]:
    heads = ["序号", "县（市、区）", *(c[4] for c in CATEGORIES), "合计"]
    return [(renamed or {}).get(h, h) for h in heads]


def body() -> list[list]:
    rows = [[i + 1, name, *people, sum(people)] for i, (name, *people) in enumerate(headcounts())]
    totals = [sum(r[k] for r in rows) for k in range(2, 6)]
    return rows + [[None, "合计", *totals]]


def xlsx(renamed: dict[str, str] | None = None) -> bytes:
    """Title row (merged across the table), 单位 row, header, 11 counties, 合计 row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "分配表"
    heads = header(renamed)
    ws.append(["样例市2025年困难群众资助参保人数表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heads))
    ws.append(["单位：人"])
    ws.append(heads)
    for row in body():
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def gbk_csv(renamed: dict[str, str] | None = None) -> bytes:
    lines = ["样例市2025年困难群众资助参保人数表", "单位：人", ",".join(header(renamed))]
    lines += [",".join("" if v is None else str(v) for v in row) for row in body()]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")

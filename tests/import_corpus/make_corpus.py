"""Writes the import corpus: what bureaus really upload, good-but-messy and bad.

Run from the project root: `.venv/bin/python tests/import_corpus/make_corpus.py`.
The generated files are committed next to this script; expected.toml says what
each one must give (figures) or how it must be refused (row, column, message).
The county figures come from tests/reference/ (曲靖 2018, 塔城 2020), typed
into official layouts: title and unit rows, two-row headers, 合计 rows, GBK,
千分位, full-width digits, merged cells.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "reference"


def reference(name: str) -> list[dict]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


QJ = reference("qujing_2018_poverty_insurance_subsidy.csv")
QJ_COUNTIES, QJ_TOTAL = QJ[:-1], QJ[-1]
TC = reference("tacheng_2020_settlement.csv")
TC_COUNTIES, TC_TOTAL = TC[:-1], TC[-1]


def thousands(text: str) -> str:
    """'1381.91' -> '1,381.91', as the official forms print money and headcounts."""
    whole, _, frac = text.partition(".")
    neg = whole.startswith("-")
    whole = f"{int(whole.lstrip('-')):,}"
    return ("-" if neg else "") + whole + (("." + frac) if frac else "")


FULLWIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def write_csv(name: str, rows: list[list], encoding: str = "utf-8", lineterminator: str = "\r\n",
              delimiter: str = ",", prefix: str = "") -> None:
    buf = io.StringIO(newline="")
    buf.write(prefix)
    csv.writer(buf, lineterminator=lineterminator, delimiter=delimiter).writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode(encoding))


def write_bytes(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def workbook(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- 曲靖 2018 (曲财社〔2018〕106号) ----------------------------------------------------------

QJ_TITLE = "2018年建档立卡贫困人口资助参保补助资金分配表"
QJ_TOP = ["项目", "建档立卡贫困人口省级补助下达人数(人)", "补助标准(元/人)",
          "建档立卡未脱贫", "", "", "", "",
          "建档立卡已脱贫", "", "", "", "",
          "此次下达金额", "", ""]
_QJ_GROUP = ["人数(人)", "省级财政补助标准(元/人)", "市级财政补助标准(元/人)", "省级财政补助金额(万元)",
             "市级财政补助金额(万元)"]
QJ_SUB = ["", "", "", *_QJ_GROUP, *_QJ_GROUP,
          "合计金额(万元)", "省级合计(万元)", "市级合计(万元)"]
QJ_NOTE = "备注：人数为省补助人数，省级参保大学生按比例分配调减各县资助参保人数。"


def qj_form_row(r: dict, fmt=thousands) -> list:
    """One county in the 附表's layout (曲财社〔2018〕106号): headcounts, standards and the amounts the city printed."""
    return [r["county"], fmt(r["total_people"]), "180",
            fmt(r["not_lifted_people"]), "108", "72", fmt(r["not_lifted_province_wan"]), fmt(r["not_lifted_city_wan"]),
            fmt(r["lifted_people"]), "72", "108", fmt(r["lifted_province_wan"]), fmt(r["lifted_city_wan"]),
            fmt(r["total_wan"]), fmt(r["province_total_wan"]), fmt(r["city_total_wan"])]


def qj_official_rows(fmt=thousands) -> list[list]:
    total = qj_form_row(QJ_TOTAL, fmt)
    total[0] = "合计"
    return ([[QJ_TITLE] + [""] * 15, [""] * 15 + ["单位：人、元/人、万元"], QJ_TOP, QJ_SUB]
            + [qj_form_row(r, fmt) for r in QJ_COUNTIES] + [total, [QJ_NOTE] + [""] * 15])


def qj_simple(header=("县(市、区)", "未脱贫人数", "已脱贫人数"), fmt=str) -> list[list]:
    return [list(header)] + [[r["county"], fmt(r["not_lifted_people"]), fmt(r["lifted_people"])]
                             for r in QJ_COUNTIES]


def qj_with_total(header=("县(市、区)", "未脱贫人数", "已脱贫人数"), not_lifted_total=None) -> list[list]:
    rows = qj_simple(header)
    rows.append(["合计", not_lifted_total or QJ_TOTAL["not_lifted_people"], QJ_TOTAL["lifted_people"]])
    return rows


def make_qujing() -> None:
    write_csv("qj_plain_english.csv", qj_simple(("county", "not_lifted_people", "lifted_people")),
              lineterminator="\n")
    write_csv("qj_utf8_bom_chinese.csv", qj_with_total(), encoding="utf-8-sig")
    write_csv("qj_gbk_official_form.csv", qj_official_rows(), encoding="gbk")
    rows = qj_simple(("县市区", "未脱贫人数(人)", "已脱贫人数(人)"), fmt=thousands)
    rows = [rows[0]] + [[f"  {r[0]} ", f" {r[1]}", r[2]] for r in rows[1:]]
    rows.append(["合  计", thousands(QJ_TOTAL["not_lifted_people"]), thousands(QJ_TOTAL["lifted_people"])])
    write_csv("qj_gb18030_thousands_spaces.csv", rows, encoding="gb18030")
    rows = [["县（市、区）", "未脱贫人数（人）", "已脱贫人数（人）"]]
    rows += [["\u3000" + r["county"] + "\u3000", thousands(r["not_lifted_people"]).translate(FULLWIDTH),
              r["lifted_people"].translate(FULLWIDTH)] for r in QJ_COUNTIES]
    write_csv("qj_fullwidth_digits.csv", rows, encoding="utf-8-sig")
    rows = [["序号", "已脱贫人数", "备注", "地区", "人数合计", "未脱贫人数"]]
    rows += [[str(i), r["lifted_people"], "", r["county"], r["total_people"], r["not_lifted_people"]]
             for i, r in enumerate(QJ_COUNTIES, 1)]
    write_csv("qj_reordered_extra_columns.csv", rows)
    rows = qj_simple()
    rows = rows[:3] + [[], ["", "", ""]] + rows[3:7] + [[""] * 3] + rows[7:] + [[], [], ["", "", ""]]
    write_csv("qj_blank_rows.csv", rows)
    text = "\r\n".join("\t".join(r) for r in qj_with_total()) + "\r\n"
    write_bytes("qj_excel_unicode_text.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    rows = [["序号", "项目", "未脱贫人数", "已脱贫人数"], ["1", "合计", QJ_TOTAL["not_lifted_people"],
                                                   QJ_TOTAL["lifted_people"]]]
    rows += [[str(i), r["county"], r["not_lifted_people"], r["lifted_people"]] for i, r in enumerate(QJ_COUNTIES, 2)]
    write_csv("qj_total_first.csv", rows, encoding="gbk")
    write_csv("qj_sample_label.csv", qj_simple(), prefix="# 示例数据 / illustrative sample data\n# 仅供演示\n")
    write_csv("qj_alias_headers.csv", qj_simple(("地区", "建档立卡未脱贫人数（人）", "建档立卡已脱贫人数（人）")))
    rows = qj_simple(("County", "Not yet lifted people (persons)", "Lifted people (persons)"))
    write_csv("qj_english_labels.csv", rows)
    rows = qj_simple()
    rows = [rows[0], ["", "(人)", "(人)"]] + rows[1:]
    write_csv("qj_units_row.csv", rows, encoding="gbk")
    rows = qj_simple()
    rows = rows[:6] + [rows[0]] + rows[6:]
    write_csv("qj_repeated_header.csv", rows)
    rows = [["县(市、区)", "建档立卡贫困人口", ""], ["", "未脱贫人数", "已脱贫人数"]] + qj_simple()[1:]
    write_csv("qj_group_heading_above.csv", rows, encoding="gbk")
    rows = [["县(市、区)", "未脱贫", "", "已脱贫", ""], ["", "人数", "金额(万元)", "人数", "金额(万元)"]]
    rows += [[r["county"], r["not_lifted_people"], r["not_lifted_province_wan"], r["lifted_people"],
              r["lifted_province_wan"]] for r in QJ_COUNTIES]
    write_csv("qj_group_heading_two_subcolumns.csv", rows)
    # Excel: the 附表 layout with merged title, merged group headings and vertical merges.
    rows = qj_official_rows(fmt=lambda s: float(s) if "." in s else int(s))
    merges = ["A1:P1", "A3:A4", "B3:B4", "C3:C4", "D3:H3", "I3:M3", "N3:P3", "A15:P15"]
    write_bytes("qj_official_form.xlsx", workbook({"附表": rows}, {"附表": merges}))
    write_bytes("qj_second_sheet.xlsx", workbook({
        "说明": [["填表说明"], ["人数以省级下达为准"]],
        "分配表": qj_with_total(),
    }))
    rows = [["曲靖市资助参保人数"], ["县(市、区)", "未脱贫人数", "已脱贫人数"]]
    rows += [[f" {r['county']} ", thousands(r["not_lifted_people"]), thousands(r["lifted_people"])]
             for r in QJ_COUNTIES]
    rows += [["合计", thousands(QJ_TOTAL["not_lifted_people"]), int(QJ_TOTAL["lifted_people"])]]
    write_bytes("qj_numbers_as_text.xlsx", workbook({"Sheet1": rows}))
    import pandas as pd

    frame = pd.DataFrame({"县(市、区)": [r["county"] for r in QJ_COUNTIES],
                          "未脱贫人数": [int(r["not_lifted_people"]) for r in QJ_COUNTIES],
                          "已脱贫人数": [int(r["lifted_people"]) for r in QJ_COUNTIES],
                          "备注": [""] * len(QJ_COUNTIES)})
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    write_bytes("qj_chinese_columns.parquet", buf.getvalue())
    write_csv("qj_no_extension", qj_simple())


# --- 塔城 2020 (塔地财社〔2021〕87号) -----------------------------------------------------------

TC_TITLE = "2020年自治区财政城乡居民基本医疗保险补助资金结算分配表"


def tc_official_rows(total_due: str | None = None, num=str) -> list[list]:
    """附件1 as published: title, 单位, header with 序号, the 合计 row first."""
    rows = [["附件1", "", "", "", "", ""], [TC_TITLE, "", "", "", "", ""], ["", "", "", "", "", "单位：万元"],
            ["序号", "县(市)名称", "应补助资金", "已预拨资金", "此次结算补助资金", "备注"],
            ["1", "合计", num(total_due or TC_TOTAL["due_wan"]), num(TC_TOTAL["preallocated_wan"]),
             num(TC_TOTAL["settlement_wan"]), ""]]
    rows += [[str(i), r["county"], num(r["due_wan"]), num(r["preallocated_wan"]), num(r["settlement_wan"]), r["note"]]
             for i, r in enumerate(TC_COUNTIES, 2)]
    return rows


def make_tacheng() -> None:
    write_csv("tc_official_form_gbk.csv", tc_official_rows(), encoding="gbk")
    rows = tc_official_rows(num=int)
    write_bytes("tc_official_form.xlsx", workbook({"附件1": rows}, {"附件1": ["A2:F2"]}))
    write_csv("bad_tc_total_mismatch.csv", tc_official_rows(total_due="5032"), encoding="gbk")
    rows = [["县(市)名称", "应补助资金(元)", "已预拨资金(元)"]]
    rows += [[r["county"], str(int(r["due_wan"]) * 10000), str(int(r["preallocated_wan"]) * 10000)]
             for r in TC_COUNTIES]
    write_csv("bad_tc_unit_yuan.csv", rows)
    rows = [["县(市)名称", "应补助资金", "已预拨资金"]] + [[r["county"], r["due_wan"], r["preallocated_wan"]]
                                                 for r in TC_COUNTIES]
    write_csv("bad_tc_unit_line_yuan.csv", [["单位：元", "", ""]] + rows)
    # Headcount mode (illustrative sample headcounts, labelled as such).
    sample = [("塔城市", 93500, 420, 310, 180, 140, 731), ("额敏县", 113600, 510, 280, 160, 120, 893),
              ("乌苏市", 150300, 640, 520, 240, 180, 1153), ("沙湾县", 152000, 720, 560, 190, 160, 1198),
              ("托里县", 70200, 260, 300, 110, 90, 572), ("裕民县", 38400, 150, 130, 70, 60, 302),
              ("和丰县", 35300, 120, 150, 60, 40, 278)]
    header = ["县(市)名称", "6月底参保人数", "省内重复参保人数", "兵团重复参保人数", "跨省重复参保人数",
              "跨制度重复参保人数", "已预拨资金(万元)"]
    rows = [header] + [[r[0]] + [thousands(str(v)) for v in r[1:]] for r in sample]
    write_csv("tc_headcount_sample.csv", rows, encoding="gbk", prefix="# 示例数据：人数为演示用，非官方数据\r\n")
    bad = [list(r) for r in sample]
    bad[4][2] = 70_000   # 托里县: 70,000 + 300 + 110 + 90 duplicates > 70,200 insured
    rows = [header] + [[str(v) for v in r] for r in bad]
    write_csv("bad_tc_duplicates_above_insured.csv", rows, prefix="# 示例数据\n")


# --- 运城 2019 (运政办发〔2019〕30号, sample figures typed by hand) -------------------------------

POOLING_HEADER = ["县市区", "征缴收入(万元)", "参保人数(人)", "基金支出(万元)", "门诊统筹支出(万元)", "留存结余(万元)",
                  "上年住院医保费用(万元)"]
POOLING_ROWS = [["甲县", "1,000.50", "10,000", "900.25", "80.00", "12.30", "700.00"],
                ["乙县", "2,000.25", "20,000", "2,100.00", "150.50", "0", "1,500.00"],
                ["丙县", "500.00", "5,000", "480.10", "40.00", "5.70", "350.00"]]
POOLING_TOTAL = ["合计", "3,500.75", "35,000", "3,480.35", "270.50", "18.00", "2,550.00"]


def make_pooling() -> None:
    label = [["# 示例数据：县名与数字为演示用"]]
    write_csv("pool_sample_gbk.csv", label + [["县级基金收支表"], POOLING_HEADER] + POOLING_ROWS + [POOLING_TOTAL],
              encoding="gbk")

    def num(s):
        return float(s.replace(",", "")) if "." in s else int(s.replace(",", ""))
    rows = [["# 示例数据"], POOLING_HEADER] + [[r[0]] + [num(v) for v in r[1:]] for r in POOLING_ROWS + [POOLING_TOTAL]]
    write_bytes("pool_sample.xlsx", workbook({"收支": rows}))
    rows = [POOLING_HEADER] + POOLING_ROWS
    rows[2] = rows[2][:1] + ["2,000.2512345"] + rows[2][2:]
    write_csv("bad_pool_too_many_decimals.csv", rows)


# --- refusals ----------------------------------------------------------------------------

def make_bad() -> None:
    write_bytes("bad_empty.csv", b"")
    write_bytes("bad_whitespace_only.csv", b"\r\n   \r\n\t\r\n")
    write_bytes("bad_bom_only.csv", b"\xef\xbb\xbf")
    write_csv("bad_header_only.csv", [["县(市、区)", "未脱贫人数", "已脱贫人数"]])
    write_bytes("bad_header_only.xlsx", workbook({"Sheet1": [[QJ_TITLE], ["县(市、区)", "未脱贫人数", "已脱贫人数"]]}))
    write_csv("bad_only_labels.csv", [["# 示例数据"], ["# 没有表格"]])
    write_csv("bad_missing_column.csv", [[r[0], r[1]] for r in qj_simple()])

    def one_bad(name: str, county: str, column: int, value, encoding="utf-8"):
        rows = qj_simple()
        for r in rows:
            if r[0] == county:
                r[column] = value
        write_csv(name, rows, encoding=encoding)
    one_bad("bad_text_in_headcount.csv", "陆良县", 1, "约27000")
    one_bad("bad_fraction_headcount.csv", "罗平县", 2, "33121.5")
    one_bad("bad_negative.csv", "富源县", 1, "-57578")
    one_bad("bad_nan.csv", "会泽县", 2, "NaN")
    one_bad("bad_inf.csv", "沾益区", 1, "inf")
    one_bad("bad_too_large.csv", "宣威市", 2, "100508000000")
    one_bad("bad_blank_headcount.csv", "马龙区", 2, "")
    one_bad("bad_comma_not_thousands.csv", "麒麟区", 1, "47,73")
    one_bad("bad_blank_name.csv", "师宗县", 0, "  ")
    one_bad("bad_duplicate_name.csv", "沾益区", 0, " 麒麟区 ")
    write_csv("bad_total_mismatch.csv", qj_with_total(not_lifted_total="431971"), encoding="gbk")
    rows = qj_with_total()
    rows[-1][2] = "见附表"
    write_csv("bad_total_not_number.csv", rows)
    rows = qj_simple()
    rows.insert(5, ["小计", "56956", "113392"])
    write_csv("bad_subtotal.csv", rows)
    write_csv("bad_no_header.csv", [[r["not_lifted_people"], r["lifted_people"]] for r in QJ_COUNTIES])
    write_csv("bad_wrong_table.csv", [["county", "due_wan", "preallocated_wan"]]
              + [[r["county"], r["due_wan"], r["preallocated_wan"]] for r in TC_COUNTIES])
    # A file that is not what its name says.
    write_bytes("bad_xlsx_is_text.xlsx", (HERE / "qj_utf8_bom_chinese.csv").read_bytes())
    write_bytes("bad_csv_is_xlsx.csv", (HERE / "qj_second_sheet.xlsx").read_bytes())
    write_bytes("bad_parquet_is_csv.parquet", "县(市、区),未脱贫人数\n麒麟区,1\n".encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    write_bytes("bad_zip_not_xlsx.xlsx", buf.getvalue())
    whole = (HERE / "qj_official_form.xlsx").read_bytes()
    write_bytes("bad_truncated.xlsx", whole[: len(whole) // 2])
    write_bytes("bad_parquet_garbage.parquet", b"PAR1" + bytes(range(256)) * 4 + b"PAR1")
    write_bytes("bad_old_xls.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    # Deterministic "random" bytes: a linear congruential generator, so the file is the same on every run.
    x, junk = 12345, bytearray()
    for _ in range(4096):
        x = (1103515245 * x + 12345) % 2**31
        junk.append(x >> 23)
    write_bytes("bad_binary_garbage.csv", bytes(junk))
    write_bytes("bad_binary_garbage.dat", bytes(junk))
    write_bytes("bad_not_gbk_or_utf8.csv", "县(市、区),未脱贫人数,已脱贫人数\n".encode() + b"Caf\xe9\x80,1,2\n")
    write_bytes("bad_control_chars.csv", "county,not_lifted_people,lifted_people\n麒麟区,1,2\n".encode()
                + b"\x1b[31m,3,4\n")
    # Excel cells of the wrong type: TRUE and a date in headcounts, at known Excel rows.
    from datetime import datetime
    rows = [[QJ_TITLE], ["单位：人"], ["县(市、区)", "未脱贫人数", "已脱贫人数"]] + \
        [[r["county"], int(r["not_lifted_people"]), int(r["lifted_people"])] for r in QJ_COUNTIES]
    rows[6][2] = True            # Excel row 7 (陆良县), 已脱贫人数
    write_bytes("bad_bool_in_headcount.xlsx", workbook({"Sheet1": rows}))
    rows = [list(r) for r in rows]
    rows[6][2] = int(QJ_COUNTIES[3]["lifted_people"])
    rows[9][1] = datetime(2018, 9, 7)   # Excel row 10 (会泽县), 未脱贫人数
    write_bytes("bad_date_in_headcount.xlsx", workbook({"Sheet1": rows}))
    rows = [list(r) for r in rows]
    rows[9][1] = int(QJ_COUNTIES[6]["not_lifted_people"])
    rows[11][1] = -5             # Excel row 12 (宣威市)
    write_bytes("bad_negative.xlsx", workbook({"Sheet1": rows}))


if __name__ == "__main__":
    make_qujing()
    make_tacheng()
    make_pooling()
    make_bad()
    written = [f for f in HERE.iterdir() if f.is_file() and f.suffix not in (".py", ".toml")]
    print(f"corpus written: {len(written)} files in {HERE}")

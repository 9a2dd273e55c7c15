"""Exports are safe to open: text that a spreadsheet would run as a formula is neutralised in CSV and XLSX,
header cells and county names included; numbers stay numbers and negatives stay negative.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from fundcalc.datasets import DATASETS
from fundcalc.export import csv_bytes, neutralise
from fundcalc.forms.layout import workbook_bytes
from fundcalc.importer import read_table
from fundcalc.mechanisms import allocation, settlement
from fundcalc.tables import frame_form, keyed_csv, official_xlsx

ATTACKS = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "＝1+1", "－1"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")   # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("text", ATTACKS)
def test_neutralise_prefixes_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["麒麟区", "从塔地财社〔2021〕8号文件扣回", "", "a=b", -96, 3.5, None])
def test_neutralise_leaves_other_values(value):
    assert neutralise(value) == value


def test_csv_neutralises_names_and_headers_keeps_numbers():
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": ATTACKS, "people": range(-4, 4), "money": [-96.5] * 8})
    rows = read_csv(csv_bytes(frame, {"money": 2}))
    assert rows[0][0] == "'=cmd|' /C calc'!A0"
    assert [r[0] for r in rows[1:]] == ["'" + a for a in ATTACKS]
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(-4, 4)]   # negative numbers untouched
    assert {r[2] for r in rows[1:]} == {"-96.50"}


def test_xlsx_neutralises_title_headers_and_cells_keeps_numbers():
    frame = pd.DataFrame({"县(市、区)": ATTACKS + ["合计"], "@header": [-10] * len(ATTACKS) + [-80]})
    data = workbook_bytes([frame_form("t", "Sheet1", "=title", frame, {"@header": 0}, [("单位：万元", "right")])])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(1, 1).value == "'=title" and ws.cell(1, 1).data_type == "s"
    assert ws.cell(3, 2).value == "'@header"
    for i, attack in enumerate(ATTACKS, 4):
        name, amount = ws.cell(i, 1), ws.cell(i, 2)
        # A carriage return comes back as a line feed or as itself, by the XML library openpyxl finds (lxml keeps
        # it); the apostrophe is what matters
        assert name.value.replace("\r", "\n") == "'" + attack.replace("\r", "\n") and name.data_type == "s"
        assert amount.value == -10 and amount.data_type == "n"
    assert ws.cell(4 + len(ATTACKS), 2).value == -80


def test_uploaded_names_are_neutralised_in_the_official_exports():
    """End to end: a county called =HYPERLINK(...) uploaded, computed, exported as CSV and XLSX."""
    text = ("县(市)名称,应补助资金,已预拨资金\n"
            "\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",721,731\n"
            "@乌苏市,1156,1153\n"
            "-沙湾县,1174,1198\n")
    policy = DATASETS["tacheng_2020"].policy()
    imported = read_table(text.encode("gbk"), settlement.schema(policy), filename="evil.csv")
    result = settlement.compute(imported.frame, policy, validated=True)

    rows = read_csv(keyed_csv(result))
    names = [r[0] for r in rows[1:-1]]
    assert names == ["'=HYPERLINK(\"http://evil\",\"x\")", "'@乌苏市", "'-沙湾县"]
    # 721 − 731 = −10 and 1174 − 1198 = −24 (塔城 附件1): negatives stay plain numbers
    settlement_col = rows[0].index("settlement_wan")
    assert [r[settlement_col] for r in rows[1:]] == ["-10", "3", "-24", "-31"]

    ws = load_workbook(io.BytesIO(official_xlsx(result))).active
    cells = [c for row in ws.iter_rows() for c in row]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {"'=HYPERLINK(\"http://evil\",\"x\")", "'@乌苏市", "'-沙湾县"} <= texts
    assert not any("HYPERLINK" in str(c.value) for c in cells if c.data_type == "f")
    row = next(c.row for c in cells if c.value == "'-沙湾县")
    amounts = [c for c in ws[row] if c.data_type == "n" and c.value is not None]
    assert -24 in [c.value for c in amounts]   # 1174 − 1198, a number, still negative


def test_allocation_export_keeps_figures_of_the_reference():
    """Neutralising must not touch the figures: 曲靖's city 合计 stays 8039.73 (reference CSV)."""
    policy = DATASETS["qujing_2018"].policy()
    frame = DATASETS["qujing_2018"].load(policy)
    frame.loc[0, "county"] = "=麒麟区"
    rows = read_csv(keyed_csv(allocation.compute(frame, policy)))
    assert rows[1][0] == "'=麒麟区"
    assert rows[-1][rows[0].index("city_total_wan")] == "8039.73"

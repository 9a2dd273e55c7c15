"""A county is never swallowed as a header row, and the small refusals of hostile tables.

The first county row with blank, text or uncached-formula figures used to be taken as a
second header row ("两行表头已合并") and vanish from the totals; it must be validated as a
county and refused with its row, column and value.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fundcalc import cli
from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.importer import read_table
from fundcalc.mechanisms import allocation
from tests import hostile_files as hf

SCHEMA = allocation.schema(DATASETS["qujing_2018"].policy())
HEAD = "县(市、区),未脱贫人数,已脱贫人数\n"
REST = "乙县,20,30\n丙县,40,50\n"


def refusal(data: bytes, name: str) -> InputError:
    with pytest.raises(InputError) as exc:
        read_table(data, SCHEMA, filename=name)
    return exc.value


@pytest.mark.parametrize("first, zh, value", [
    ("甲县,,", "不能为空", ""),
    ("甲县,约10,二十", "不是数字", "约10"),
    ("甲县,-,-", "不是数字", "-"),
    ("甲县,人,人", "不是数字", "人"),
])
def test_first_county_with_bad_figures_is_refused_not_merged_into_the_header(first, zh, value):
    err = refusal((HEAD + first + "\n" + REST).encode(), "t.csv")
    assert zh in err.zh and err.row == 2 and err.column == "未脱贫人数" and err.value == value
    assert "甲县" in err.zh


def test_first_county_with_uncached_formulas_is_refused(tmp_path):
    # Excel writes a formula's last value in <v>; a file written by a program often has only <f>.
    rows = ('<row r="1">' + "".join(hf._inline(f"{c}1", h) for c, h in zip("ABC", hf.HEADER, strict=False)) + "</row>"
            '<row r="2">' + hf._inline("A2", "甲县") + '<c r="B2"><f>B3+1</f></c><c r="C2"><f>C3+1</f></c></row>'
            '<row r="3">' + hf._inline("A3", "乙县") + hf._num("B3", 20) + hf._num("C3", 30) + "</row>")
    path = hf._xlsx(tmp_path / "f.xlsx", [hf._SHEET_OPEN, rows, "</sheetData></worksheet>"])
    err = refusal(path.read_bytes(), "f.xlsx")
    assert "不能为空" in err.zh and err.row == 2 and err.column == "未脱贫人数"


def test_a_real_second_header_row_is_still_combined():
    text = HEAD.replace("未脱贫人数,已脱贫人数", "未脱贫人数,已脱贫人数") + ",(人),(人)\n甲县,1,2\n" + REST
    res = read_table(text.encode(), SCHEMA, filename="t.csv")
    assert res.frame["county"].tolist() == ["甲县", "乙县", "丙县"]
    assert any("两行表头" in zh for zh, _ in res.notes)


def test_invisible_characters_cannot_make_a_second_county():
    err = refusal((HEAD + "甲县,1,2\n甲\u200b县,3,4\n").encode(), "t.csv")
    assert "名称重复" in err.zh and err.row == 3 and err.value == "甲县"


def test_binary_parquet_column_name_is_a_bilingual_refusal():
    buf = io.BytesIO()
    pq.write_table(pa.table({"县(市、区)": ["甲县"], "未脱贫人数": [1], "zzzz": [2]}), buf, store_schema=False)
    data = buf.getvalue().replace(b"zzzz", b"\xff\xfe\xfd\xfc")
    err = refusal(data, "t.parquet")
    assert "列名不是可读的文字" in err.zh and "column name" in err.en


def test_inverted_months_band_is_refused(tmp_path, capsys):
    code = cli.main(["pooling", "--set", "months_band_low=10", "--set", "months_band_high=6",
                     "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "可支配月数下限（10）大于上限（6）" in err and "months band" in err

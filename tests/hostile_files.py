"""Hostile files built at test time (never shipped): each small on disk, each meant to exhaust something.

Written as raw XML / bytes, not through openpyxl cell by cell, so that building
them takes well under a second. Used by tests/test_hostile.py and
benchmarks/hostile.py; each builder writes into ``folder`` and returns the path.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

HEADER = ("县(市、区)", "未脱贫人数", "已脱贫人数")

_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?>'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  'spreadsheetml.sheet.main+xml"/>'
                  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_OPEN = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


def _inline(ref: str | None, text: str) -> str:
    r = f' r="{ref}"' if ref else ""
    return f'<c{r} t="inlineStr"><is><t>{text}</t></is></c>'


def _num(ref: str | None, value) -> str:
    r = f' r="{ref}"' if ref else ""
    return f"<c{r}><v>{value}</v></c>"


def _table_rows() -> str:
    rows = ["<row r=\"1\">" + "".join(_inline(f"{c}1", h) for c, h in zip("ABC", HEADER, strict=False)) + "</row>"]
    for i, (name, a, b) in enumerate((("甲县", 10, 20), ("乙县", 30, 40)), start=2):
        rows.append(f'<row r="{i}">{_inline(f"A{i}", name)}{_num(f"B{i}", a)}{_num(f"C{i}", b)}</row>')
    return "".join(rows)


def _xlsx(path: Path, sheet_parts, extra: dict[str, bytes] | None = None) -> Path:
    """A workbook whose sheet XML is written from ``sheet_parts`` (an iterable of str) as it streams."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for part in sheet_parts:
                fh.write(part.encode("utf-8"))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def merged_to_the_end(folder: Path) -> Path:
    """Three rows and one merged range D1:XFD1048576 (full openpyxl grew to 19.6 GB on this)."""
    return _xlsx(folder / "merged.xlsx", [_SHEET_OPEN, _table_rows(), "</sheetData>",
                                          '<mergeCells count="1"><mergeCell ref="D1:XFD1048576"/></mergeCells>',
                                          "</worksheet>"])


def rows_without_r(folder: Path, n: int = 2_400_000) -> Path:
    """A header, then millions of empty rows without r= attributes (each one counts; none can be skipped)."""
    def parts():
        yield _SHEET_OPEN
        yield "<row>" + "".join(_inline(None, h) for h in HEADER) + "</row>"
        chunk = "<row/>" * 100_000
        for _ in range(n // 100_000):
            yield chunk
        yield "</sheetData></worksheet>"
    return _xlsx(folder / "rows.xlsx", parts())


def rows_under_the_size_limits(folder: Path) -> Path:
    """500,000 rows without r= that stay under every zip bound: the row count itself must stop them."""
    path = rows_without_r(folder, 500_000)
    return path.rename(folder / "rows_small.xlsx")


def huge_cell(folder: Path, chars: int = 150_000_000) -> Path:
    """A county name of ``chars`` characters in an inline string (the preview crashed the browser tab)."""
    def parts():
        yield _SHEET_OPEN
        yield "<row r=\"1\">" + "".join(_inline(f"{c}1", h) for c, h in zip("ABC", HEADER, strict=False)) + "</row>"
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = "x" * 10_000_000
        for _ in range(chars // len(block)):
            yield block
        yield f'</t></is></c>{_num("B2", 1)}{_num("C2", 2)}</row></sheetData></worksheet>'
    return _xlsx(folder / "cell.xlsx", parts())


def long_cell_small(folder: Path, chars: int = 200_000) -> Path:
    """A county name far over the cell limit in a workbook well under every size limit."""
    return huge_cell(folder, chars) if chars >= 1_000_000 else _xlsx(
        folder / "cell_small.xlsx",
        [_SHEET_OPEN,
         "<row r=\"1\">" + "".join(_inline(f"{c}1", h) for c, h in zip("ABC", HEADER, strict=False)) + "</row>",
         f'<row r="2">{_inline("A2", "县" * chars)}{_num("B2", 1)}{_num("C2", 2)}</row>',
         "</sheetData></worksheet>"])


def wide_row(folder: Path, cells: int = 1_000_000) -> Path:
    """One row of a million cells: a reader that builds the row before counting holds it all."""
    return _xlsx(folder / "wide.xlsx", [_SHEET_OPEN, _table_rows(), '<row r="4">',
                                        "<c><v>1</v></c>" * cells, "</row></sheetData></worksheet>"])


def many_entries(folder: Path, n: int = 5_000) -> Path:
    return _xlsx(folder / "entries.xlsx", [_SHEET_OPEN, _table_rows(), "</sheetData></worksheet>"],
                 {f"xl/media/pad{i}.bin": b"" for i in range(n)})


def csv_many_rows(folder: Path, n: int = 300_000) -> Path:
    path = folder / "rows.csv"
    path.write_text(",".join(HEADER) + "\n" + "".join(f"县{i},1,2\n" for i in range(n)), "utf-8")
    return path


def csv_long_cell(folder: Path, chars: int = 5_000_000) -> Path:
    path = folder / "cell.csv"
    path.write_text(",".join(HEADER) + "\n" + "县" * (chars // 3) + ",1,2\n乙县,3,4\n", "utf-8")
    return path


def csv_unclosed_quote(folder: Path) -> Path:
    path = folder / "quote.csv"
    path.write_text(",".join(HEADER) + '\n甲县,1,2\n"乙县,3,4\n丙县,5,6\n', "utf-8")
    return path


def parquet_many_rows(folder: Path, n: int = 200_000) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "rows.parquet"
    pq.write_table(pa.table({HEADER[0]: pa.array(["县"] * n), HEADER[1]: pa.array([1] * n),
                             HEADER[2]: pa.array([2] * n)}), path)
    return path


def parquet_list_column(folder: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "list.parquet"
    pq.write_table(pa.table({HEADER[0]: pa.array([["甲县"], ["乙县"]]), HEADER[1]: [1, 2], HEADER[2]: [3, 4]}), path)
    return path


def scenario_deep(folder: Path, depth: int = 200_000) -> Path:
    path = folder / "deep.json"
    path.write_text('{"format": "fundcalc.scenario", "x": ' + "[" * depth + "]" * depth + "}", "utf-8")
    return path


def scenario_exponent(folder: Path) -> Path:
    path = folder / "exp.json"
    path.write_text(json.dumps({"format": "fundcalc.scenario", "schema_version": 1, "name": "x",
                                "mechanism": "allocation", "dataset": "qujing_2018",
                                "overrides": {"deduction_people": "1e1000000"}}), "utf-8")
    return path


def scenario_long_int(folder: Path) -> Path:
    path = folder / "int.json"
    path.write_text('{"format": "fundcalc.scenario", "schema_version": 1, "name": "x", "mechanism": "allocation",'
                    ' "dataset": "qujing_2018", "overrides": {"deduction_people": ' + "9" * 4000 + "}}", "utf-8")
    return path



"""A file's cells as a grid, whatever the format: the first half of the import (fundcalc.importer).

Tells formats apart by their bytes, not only their names (an .xlsx that is text,
a .csv that is a workbook, binary garbage are refused, each with its reason);
decodes CSV text strictly (UTF-16 with BOM, UTF-8 with or without BOM, then
GB18030, which covers GBK); reads XLSX with openpyxl in read-only mode, streamed,
after the zip directory and the sheet's XML have been measured (merged cells
filled from the sheet's <mergeCell> elements, rows numbered as Excel numbers them),
and Parquet with pyarrow after its footer. The bounds (fundcalc.limits) are checked
before the work they bound, so a mistaken or hostile file is refused at once.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .limits import (
    HEADER_SCAN_ROWS,
    MAX_CELL_CHARS,
    MAX_COLS,
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    MAX_MERGED_RANGES,
    MAX_PARQUET_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_CELLS,
    MAX_SHEETS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
)

SUFFIX_FORMAT = {".csv": "text", ".txt": "text", ".tsv": "text", ".xlsx": "xlsx", ".xlsm": "xlsx",
                 ".parquet": "parquet", ".pq": "parquet"}
CONTENT_NAME = {"xlsx": ("Excel 工作簿（或其他压缩包）", "an Excel workbook (or another zip archive)"),
                "parquet": ("Parquet 文件", "a Parquet file"),
                "ole": ("旧版 Office 文件（如 .xls）", "a legacy Office file (such as .xls)"),
                "pdf": ("PDF 文件", "a PDF file"),
                "text": ("文本", "text"),
                "binary": ("二进制数据", "binary data")}
FORMAT_NAME = {"text": ("CSV 文本", "CSV text"), "xlsx": ("Excel 工作簿", "an Excel workbook"),
               "parquet": ("Parquet 文件", "a Parquet file")}


@dataclass
class Grid:
    """The cells of one sheet or text file, before any header is known."""
    rows: list[list]
    numbers: list[int]
    file_format: str
    labels: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)


# --- reading bytes and telling formats apart ------------------------------------------

def source_bytes(source, filename: str | None) -> tuple[bytes, str]:
    """The bytes of a path, bytes or file-like object, and the name they go by."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise too_big(path.stat().st_size, name)
            return path.read_bytes(), name
        except FileNotFoundError:
            raise InputError("文件不存在", "the file does not exist", value=str(path)) from None
        except IsADirectoryError:
            raise InputError("这是一个文件夹，不是文件", "this is a folder, not a file", value=str(path)) from None
        except OSError as exc:
            raise InputError(f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc.strerror}",
                             value=str(path)) from None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), filename or ""
    if hasattr(source, "getvalue"):          # streamlit's UploadedFile, BytesIO
        return bytes(source.getvalue()), filename or str(getattr(source, "name", "") or "")
    if hasattr(source, "read"):
        return bytes(source.read()), filename or str(getattr(source, "name", "") or "")
    raise InputError("无法读取这个输入", "cannot read this input", value=type(source).__name__)


def too_big(size: int, name: str) -> InputError:
    return InputError(f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {MAX_FILE_MB} MB",
                      f"the file is too large ({size / 1024 / 1024:.1f} MB); the limit is {MAX_FILE_MB} MB",
                      value=name)


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the file is called."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "xlsx"
    if data[:4] == b"PAR1":
        return "parquet"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    if data[:5] == b"%PDF-":
        return "pdf"
    try:
        _decode(data[:65536], partial=True)
        return "text"
    except InputError:
        return "binary"


def _declared_format(name: str) -> str | None:
    suffix = Path(name).suffix.lower() if name else ""
    if not suffix:
        return None
    if suffix == ".xls":
        raise InputError("不支持旧版 .xls 格式，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV",
                         "the legacy .xls format is not supported; save it as .xlsx or CSV", value=name)
    if suffix not in SUFFIX_FORMAT:
        raise InputError("不支持这种文件类型，请上传 CSV、XLSX 或 Parquet",
                         "this file type is not supported; upload CSV, XLSX or Parquet", value=name)
    return SUFFIX_FORMAT[suffix]


def resolve_format(data: bytes, name: str) -> str:
    declared = _declared_format(name)
    content = sniff(data)
    if declared is None:
        if content in FORMAT_NAME:
            return content
        zh, en = CONTENT_NAME[content]
        raise InputError(f"无法识别文件内容（看起来是{zh}），请上传 CSV、XLSX 或 Parquet",
                         f"cannot tell what this file is (it looks like {en}); upload CSV, XLSX or Parquet",
                         value=name or None)
    if declared == content or (declared == "text" and content == "binary"):
        return declared   # a text file that does not decode gets the encoding's own, more precise refusal
    zh, en = CONTENT_NAME[content]
    dzh, den = FORMAT_NAME[declared]
    raise InputError(f"文件名表明是{dzh}，但内容是{zh}；请检查文件或改正扩展名",
                     f"the name says {den} but the content is {en}; check the file or its extension",
                     value=name)


def _decode(data: bytes, partial: bool = False) -> tuple[str, str]:
    """Text of a CSV: UTF-16 with BOM, else UTF-8 (BOM optional), else GB18030 (covers GBK); strict."""
    utf16 = _decode_utf16(data, partial)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise _binary(data.index(b"\x00"), data)
    for codec, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030/GBK")):
        text = _decode_as(data, codec, partial)
        if text is None:
            continue
        if codec == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            label = "UTF-8 (BOM)"
        return _check_text(text, partial), label
    raise InputError("无法识别文字编码：既不是 UTF-8，也不是 GBK/GB18030，可能不是文本表格",
                     "unknown text encoding: neither UTF-8 nor GBK/GB18030; this may not be a text table")


def _decode_utf16(data: bytes, partial: bool) -> tuple[str, str] | None:
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            if partial:
                body = body[:len(body) // 2 * 2]
            try:
                return _check_text(body.decode(codec, errors="strict"), partial), "UTF-16"
            except UnicodeDecodeError:
                return None
    return None


def _decode_as(data: bytes, codec: str, partial: bool) -> str | None:
    try:
        return data.decode(codec, errors="strict")
    except UnicodeDecodeError as exc:
        # a cut through a multi-byte character at the end of a sample is not an error
        if not (partial and exc.start >= len(data) - 4):
            return None
        try:
            return data[:exc.start].decode(codec, errors="strict")
        except UnicodeDecodeError:
            return None


def _binary(offset: int, data: bytes) -> InputError:
    line = data[:offset].count(b"\n") + 1
    return InputError("文件含有二进制内容，不是文本表格", "the file contains binary content, not a text table",
                      row=line)


def _check_text(text: str, partial: bool) -> str:
    odd = 0
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\r\n\x0c\x1a":
            raise InputError("文件含有控制字符，不是文本表格", "the file contains control characters, not a text table",
                             row=text.count("\n", 0, i) + 1)
        if cat in ("Co", "Cn", "Cs"):
            odd += 1
    if odd > max(3, len(text) // 100):
        raise InputError("文件内容大多无法识别，不是文本表格", "most of the content is unreadable: not a text table")
    return text


# --- one grid per format ----------------------------------------------------------------

def text_grid(data: bytes) -> Grid:
    text, encoding = _decode(data)
    text = text.rstrip("\x1a")     # the end-of-file mark old DOS tools still append
    lines = io.StringIO(text, newline="").readlines()
    labels, skip = _leading_labels(lines)
    body = "".join(lines[skip:])
    if not body.strip():
        if labels:
            raise InputError("文件只有说明行，没有表格", "the file has comment lines but no table", row=skip)
        raise InputError("文件为空", "the file is empty")
    delimiter = _choose_delimiter(body)
    rows, numbers = _records(body, delimiter, skip)
    if rows and any("\n" in v or "\r" in v for v in rows[-1]) and body.count('"') % 2 == 1:
        # csv reads an unclosed quote to the end of the file as one cell: say so, not "no county rows"
        raise InputError("引号没有闭合：从这一行起到文件末尾都被读成了一个单元格",
                         "a quote is not closed: from this row to the end of the file reads as one cell",
                         row=numbers[-1])
    notes = [(f"文字编码：{encoding}", f"text encoding: {encoding}")]
    if delimiter != ",":
        shown = {"\t": "制表符 / tab", ";": "分号 / semicolon", "，": "全角逗号 / full-width comma"}[delimiter]
        notes.append((f"分隔符：{shown.split(' / ')[0]}", f"separator: {shown.split(' / ')[1]}"))
    return Grid(rows, numbers, "csv", labels, notes, encoding)


def _leading_labels(lines: list[str]) -> tuple[list[str], int]:
    """Leading '#' lines (our 示例数据 label) and blank lines: their texts and how many lines they take."""
    labels, skip = [], 0
    for line in lines:
        stripped = line.strip().lstrip("\ufeff").strip()
        if stripped.startswith("#"):
            labels.append(stripped.lstrip("#").strip().rstrip(",;\t，").strip())
        elif stripped.strip(",;\t，") != "":
            break
        skip += 1
    return labels, skip


def _records(body: str, delimiter: str, skip: int) -> tuple[list[list], list[int]]:
    """The CSV's records and the line each starts on, bounded in rows and cell length."""
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    line_seen = 0
    csv.field_size_limit(4 * MAX_CELL_CHARS)   # a longer field stops the reader instead of filling memory
    try:
        for record in reader:
            numbers.append(skip + line_seen + 1)
            line_seen = reader.line_num
            rows.append(record[:MAX_COLS])
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _too_many_rows()
            _check_cells(rows[-1], numbers[-1])
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(f"单元格文字过长（上限 {MAX_CELL_CHARS:,} 个字符），或引号没有闭合",
                             f"a cell's text is too long (limit {MAX_CELL_CHARS:,} characters), or a quote is "
                             f"not closed", row=skip + line_seen + 1) from None
        raise InputError(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}", row=skip + line_seen + 1) from None
    return rows, numbers


def _check_cells(values: list, row: int) -> None:
    for j, v in enumerate(values):
        if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
            raise cell_too_long(row, j, v)


def _choose_delimiter(body: str) -> str:
    """The separator whose first lines give the most consistent table (Excel writes ',' or tab)."""
    head = "".join(io.StringIO(body, newline="").readlines()[:60])
    best, best_score = ",", (-1, -1)
    for d in (",", "\t", ";", "，"):
        try:
            rows = [r for r in csv.reader(io.StringIO(head, newline=""), delimiter=d) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        counts = [len(r) for r in rows if len(r) > 1]
        if not counts:
            continue
        modal = max(set(counts), key=counts.count)
        score = (counts.count(modal), modal)
        if score > best_score:
            best, best_score = d, score
    return best


def _too_many_rows() -> InputError:
    return InputError(f"行数过多（上限 {MAX_ROWS:,} 行），这不像一张县级表格",
                      f"too many rows (limit {MAX_ROWS:,}); this does not look like a county table")


def xlsx_grid(data: bytes, sheet) -> Grid:
    """One worksheet's cells, read streaming (openpyxl read-only) after the archive and the sheet's XML
    have been measured: whatever the file, the work and the memory stay bounded."""
    zf = _open_zip(data)
    wb = _open_workbook(data)
    try:
        sheets, ws, merged, rows, wide = _read_sheet(wb, zf, sheet)
    finally:
        wb.close()
        zf.close()
    _fill_merged(rows, merged)
    notes = []
    if len(sheets) > 1:
        notes.append((f"读取工作表「{ws.title}」（共 {len(sheets)} 个）",
                      f"read sheet '{ws.title}' (of {len(sheets)})"))
    if wide:
        notes.append((f"只读取前 {MAX_COLS} 列", f"only the first {MAX_COLS} columns are read"))
    return Grid(rows, list(range(1, len(rows) + 1)), "xlsx", [], notes, None, ws.title, sheets)


def _open_workbook(data: bytes):
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 — openpyxl raises many types on bad input
        raise InputError("无法打开 Excel 文件（可能已损坏或加密）",
                         "cannot open the Excel file (it may be damaged or encrypted)") from None


def _read_sheet(wb, zf, sheet):
    """(sheet names, the chosen sheet, its merged ranges, its rows, whether columns were cut off)."""
    try:
        sheets = [ws.title for ws in wb.worksheets]
        if not sheets:
            raise InputError("工作簿里没有工作表", "the workbook has no worksheet")
        if len(sheets) > MAX_SHEETS:
            raise InputError(f"工作表过多（上限 {MAX_SHEETS} 个）", f"too many sheets (limit {MAX_SHEETS})")
        ws = _pick_sheet(wb, sheets, sheet)
        merged = _scan_sheet(zf, ws._worksheet_path)
        rows, wide = _sheet_rows(ws)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 — a part that fails to parse midway
        raise InputError("无法读取 Excel 工作表（可能已损坏）",
                         "cannot read the worksheet (it may be damaged)") from None
    return sheets, ws, merged, rows, wide


def _fill_merged(rows: list[list], merged: list[tuple[int, int, int, int]]) -> None:
    """A merged cell holds its value in the top-left corner; the form means it for the whole block.
    Only the part inside the cells actually read is filled: a range to XFD1048576 costs nothing."""
    for min_row, min_col, max_row, max_col in merged:
        if min_row > len(rows) or min_col > MAX_COLS:
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        if value is None:
            continue
        last = min(max_col, MAX_COLS)
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < last:
                row.extend([None] * (last - len(row)))
            row[min_col - 1:last] = [value] * (last - min_col + 1)


def _open_zip(data: bytes):
    """The archive, once its directory shows a workbook of plausible size (declared sizes bind the reader)."""
    import zipfile

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:  # noqa: BLE001 — any failure here means a broken archive
        raise InputError("Excel 文件已损坏或不完整", "the Excel file is damaged or incomplete") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputError(f"压缩包内文件过多（{len(infos):,} 个，上限 {MAX_ZIP_ENTRIES:,}），不像一张县级表格",
                         f"the archive holds too many parts ({len(infos):,}; limit {MAX_ZIP_ENTRIES:,})")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise InputError("这是压缩包，但不是 Excel 工作簿（.xlsx）", "this is a zip archive, not an Excel workbook")
    inflated = sum(max(i.file_size, 0) for i in infos)
    if inflated > MAX_UNZIPPED_BYTES or inflated > MAX_ZIP_RATIO * max(len(data), 64 * 1024):
        raise InputError(f"Excel 文件解压后过大（{inflated / 1024 / 1024:,.0f} MB，上限 "
                         f"{MAX_UNZIPPED_BYTES // 1024 // 1024} MB），不像一张县级表格",
                         f"the workbook inflates to an implausible size ({inflated / 1024 / 1024:,.0f} MB; limit "
                         f"{MAX_UNZIPPED_BYTES // 1024 // 1024} MB)")
    return zf


class _Stop(Exception):
    def __init__(self, problem: InputError):
        super().__init__(problem.en)
        self.problem = problem


class _SheetScan:
    """What the sheet's XML holds, counted element by element: rows, cells, merged ranges."""

    def __init__(self):
        self.rows = self.cells = self.row_cells = 0
        self.merged: list[tuple[int, int, int, int]] = []

    def start(self, tag, attrs):
        local = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
        if local == "c":
            self._cell()
        elif local == "row":
            self._row()
        elif local == "mergeCell":
            self._merge_cell(attrs.get("ref", ""))

    def _cell(self):
        self.cells += 1
        self.row_cells += 1
        if self.row_cells > 16_384 or self.cells > MAX_SHEET_CELLS:
            raise _Stop(InputError(f"工作表的单元格过多（上限 {MAX_SHEET_CELLS:,} 个），不像一张县级表格",
                                   f"the sheet has too many cells (limit {MAX_SHEET_CELLS:,})", row=self.rows))

    def _row(self):
        self.rows += 1
        self.row_cells = 0
        if self.rows > MAX_ROWS + HEADER_SCAN_ROWS:
            raise _Stop(_too_many_rows())

    def _merge_cell(self, ref: str):
        from openpyxl.utils.cell import range_boundaries

        if len(self.merged) >= MAX_MERGED_RANGES:
            raise _Stop(InputError(f"合并单元格过多（上限 {MAX_MERGED_RANGES:,} 处）",
                                   f"too many merged ranges (limit {MAX_MERGED_RANGES:,})"))
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except Exception:  # noqa: BLE001 — a malformed reference
            raise _Stop(InputError("合并单元格的范围无效", "a merged range is invalid", value=ref)) from None
        if max_row and max_row > MAX_ROWS + HEADER_SCAN_ROWS:
            # No county table reaches this far down: such a range only makes every reader fill blocks.
            raise _Stop(InputError(f"合并单元格远远超出表格（到第 {max_row:,} 行；上限 "
                                   f"{MAX_ROWS + HEADER_SCAN_ROWS:,} 行）",
                                   f"a merged range reaches far beyond any table (row {max_row:,}; limit "
                                   f"{MAX_ROWS + HEADER_SCAN_ROWS:,})", value=ref[:40]))
        if min_row and min_col:
            self.merged.append((min_row, min_col, max_row or min_row, max_col or min_col))


def _scan_sheet(zf, path: str) -> list[tuple[int, int, int, int]]:
    """Count the sheet's rows and cells and read its merged ranges, without building any tree.

    openpyxl's read-only sheets do not expose merged ranges, and one row of a
    million cells would be built whole before any row limit applies; expat sees
    every element start as it streams, so both are bounded here.
    """
    from xml.parsers import expat

    scan = _SheetScan()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = scan.start
    try:
        with zf.open(path.lstrip("/")) as fh:
            while chunk := fh.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as stop:
        raise stop.problem from None
    except (expat.ExpatError, KeyError, OSError, EOFError, ValueError):
        raise InputError("Excel 工作表已损坏", "the worksheet is damaged") from None
    return scan.merged


def _sheet_rows(ws) -> tuple[list[list], bool]:
    """The sheet's values row by row (trailing blanks dropped), each text checked for length."""
    rows, wide = [], False
    for row in ws.iter_rows(min_col=1, max_col=MAX_COLS + 1, values_only=True):
        if len(rows) >= MAX_ROWS + HEADER_SCAN_ROWS:
            raise _too_many_rows()
        values = list(row)
        if len(values) > MAX_COLS:
            wide = wide or any(v is not None for v in values[MAX_COLS:])
            del values[MAX_COLS:]
        while values and values[-1] is None:
            values.pop()
        for j, v in enumerate(values):
            if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                raise cell_too_long(len(rows) + 1, j, v)
        rows.append(values)
    return rows, wide


def cell_too_long(row: int, col: int, value: str) -> InputError:
    return InputError(f"单元格文字过长（{len(value):,} 个字符，上限 {MAX_CELL_CHARS:,}），不像一张县级表格",
                      f"a cell's text is too long ({len(value):,} characters; limit {MAX_CELL_CHARS:,})",
                      row=row, column=f"第 {col + 1} 列 / column {col + 1}", value=value[:20])


def _pick_sheet(wb, sheets: list[str], sheet):
    if sheet is None or sheet == "":
        return wb.worksheets[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(sheets):
            return wb.worksheets[sheet]
    elif str(sheet) in sheets:
        return wb.worksheets[sheets.index(str(sheet))]
    else:
        stripped = [s.strip() for s in sheets]
        if str(sheet).strip() in stripped:
            return wb.worksheets[stripped.index(str(sheet).strip())]
    raise InputError(f"没有这个工作表；工作簿中有：{'、'.join(sheets)}",
                     f"no such sheet; the workbook has: {', '.join(sheets)}", value=sheet)


def parquet_grid(data: bytes) -> Grid:
    try:
        frame = _parquet_frame(data)
    except InputError:
        raise
    except UnicodeDecodeError:
        raise InputError("Parquet 文件的列名不是可读的文字（不是 UTF-8）",
                         "a column name in the Parquet file is not readable text (not UTF-8)") from None
    except Exception:  # noqa: BLE001 — pyarrow raises many types on bad input
        raise InputError("Parquet 文件无法读取（可能已损坏）", "the Parquet file cannot be read (it may be damaged)") \
            from None
    header = [str(c) for c in frame.columns]
    body = frame.astype(object).where(frame.notna(), None).values.tolist()
    for i, r in enumerate(body):
        _check_cells(r, i + 2)
        j = next((j for j, v in enumerate(r) if isinstance(v, bytes)), None)
        if j is not None:
            raise InputError("单元格是二进制数据，不是数字或文字", "a cell holds binary data, not numbers or text",
                             row=i + 2, column=header[j])
    rows = [header] + [list(r) for r in body]
    return Grid(rows, list(range(1, len(rows) + 1)), "parquet")


def _parquet_frame(data: bytes):
    """The file's first ``MAX_COLS`` columns, once its footer shows a table of plausible size and plain columns."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(io.BytesIO(data))
    meta = pf.metadata
    if meta.num_rows > MAX_ROWS:
        raise _too_many_rows()
    if meta.num_columns > MAX_PARQUET_COLUMNS:
        raise InputError(f"列数过多（{meta.num_columns:,} 列，上限 {MAX_PARQUET_COLUMNS:,}）",
                         f"too many columns ({meta.num_columns:,}; limit {MAX_PARQUET_COLUMNS:,})")
    fields = list(pf.schema_arrow)[:MAX_COLS]
    for j, f in enumerate(fields):
        _check_parquet_field(j, f)
    return pf.read(columns=[f.name for f in fields]).to_pandas()


def _check_parquet_field(j: int, f) -> None:
    import pyarrow as pa

    if isinstance(f.name, bytes) or len(f.name) > MAX_CELL_CHARS:
        raise InputError("列名不是可读的文字", "a column name is not readable text",
                         column=f"第 {j + 1} 列 / column {j + 1}")
    if pa.types.is_nested(f.type) or pa.types.is_dictionary(f.type) and pa.types.is_nested(f.type.value_type):
        raise InputError("这一列是列表或结构，不是数字或文字", "this column holds lists or structures, "
                         "not numbers or text", row=1, column=f.name, value=str(f.type)[:40])


def sheet_names(source, filename: str | None = None) -> list[str]:
    """The worksheets of an XLSX file, in order (empty for other formats), for the upload's sheet choice.

    Only the workbook's index is read (read-only openpyxl parses no sheet to list them)."""
    data, name = source_bytes(source, filename)
    if len(data) > MAX_FILE_BYTES:
        raise too_big(len(data), name)
    if resolve_format(data, name) != "xlsx":
        return []
    _open_zip(data).close()
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many types on bad input
        raise InputError("无法打开 Excel 文件（可能已损坏或加密）",
                         "cannot open the Excel file (it may be damaged or encrypted)") from None
    try:
        return [ws.title for ws in wb.worksheets][:MAX_SHEETS]
    finally:
        wb.close()


def read_grid(data: bytes, name: str, sheet=None) -> Grid:
    """The cells of ``data``, read as the format its bytes show (and its name, if any, must agree with)."""
    if len(data) > MAX_FILE_BYTES:
        raise too_big(len(data), name)
    if not data.strip() or data.strip() in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise InputError("文件为空", "the file is empty", value=Path(name).name or None)
    fmt = resolve_format(data, name)
    if fmt == "xlsx":
        return xlsx_grid(data, sheet)
    if fmt == "parquet":
        return parquet_grid(data)
    return text_grid(data)

"""A file's cells as a grid, whatever the format: the first half of the import (fundcalc.importer).

Tells formats apart by their bytes, not only their names (an .xlsx that is text,
a .csv that is a workbook, binary garbage are refused, each with its reason);
decodes CSV text strictly (UTF-16 with BOM, UTF-8 with or without BOM, then
GB18030, which covers GBK); reads XLSX with openpyxl (merged cells filled, rows
numbered as Excel numbers them) and Parquet with pyarrow. Limits on size, rows,
columns and inflated size keep a mistaken or hostile file from eating the server.
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

# A county table is a few kB; the limit keeps a mistaken upload from eating the server.
# .streamlit/config.toml's server.maxUploadSize carries the same figure.
MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024   # an XLSX that inflates beyond this is a zip bomb, not a table
MAX_ROWS = 100_000
MAX_COLS = 256
HEADER_SCAN_ROWS = 30

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
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            if partial:
                body = body[:len(body) // 2 * 2]
            try:
                return _check_text(body.decode(codec, errors="strict"), partial), "UTF-16"
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        raise _binary(data.index(b"\x00"), data)
    attempts = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030/GBK"))
    for codec, label in attempts:
        try:
            text = data.decode(codec, errors="strict")
        except UnicodeDecodeError as exc:
            # a cut through a multi-byte character at the end of a sample is not an error
            if partial and exc.start >= len(data) - 4:
                try:
                    text = data[:exc.start].decode(codec, errors="strict")
                except UnicodeDecodeError:
                    continue
            else:
                continue
        if codec == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            label = "UTF-8 (BOM)"
        return _check_text(text, partial), label
    raise InputError("无法识别文字编码：既不是 UTF-8，也不是 GBK/GB18030，可能不是文本表格",
                     "unknown text encoding: neither UTF-8 nor GBK/GB18030; this may not be a text table")


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
    labels, skip = [], 0
    for line in lines:
        stripped = line.strip().lstrip("\ufeff").strip()
        if stripped.startswith("#"):
            labels.append(stripped.lstrip("#").strip().rstrip(",;\t，").strip())
        elif stripped.strip(",;\t，") != "":
            break
        skip += 1
    body = "".join(lines[skip:])
    if not body.strip():
        if labels:
            raise InputError("文件只有说明行，没有表格", "the file has comment lines but no table", row=skip)
        raise InputError("文件为空", "the file is empty")
    delimiter = _choose_delimiter(body)
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    line_seen = 0
    try:
        for record in reader:
            numbers.append(skip + line_seen + 1)
            line_seen = reader.line_num
            rows.append(record[:MAX_COLS])
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _too_many_rows()
    except csv.Error as exc:
        raise InputError(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}", row=skip + line_seen + 1) from None
    notes = [(f"文字编码：{encoding}", f"text encoding: {encoding}")]
    if delimiter != ",":
        shown = {"\t": "制表符 / tab", ";": "分号 / semicolon", "，": "全角逗号 / full-width comma"}[delimiter]
        notes.append((f"分隔符：{shown.split(' / ')[0]}", f"separator: {shown.split(' / ')[1]}"))
    return Grid(rows, numbers, "csv", labels, notes, encoding)


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
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            inflated = sum(max(i.file_size, 0) for i in zf.infolist())
    except Exception:  # noqa: BLE001 — any failure here means a broken archive
        raise InputError("Excel 文件已损坏或不完整", "the Excel file is damaged or incomplete") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise InputError("这是压缩包，但不是 Excel 工作簿（.xlsx）", "this is a zip archive, not an Excel workbook")
    if inflated > MAX_UNZIPPED_BYTES:
        raise InputError("Excel 文件解压后过大，不像一张县级表格", "the workbook inflates to an implausible size")
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many types on bad input
        raise InputError("无法打开 Excel 文件（可能已损坏或加密）",
                         "cannot open the Excel file (it may be damaged or encrypted)") from None
    sheets = [ws.title for ws in wb.worksheets]
    if not sheets:
        raise InputError("工作簿里没有工作表", "the workbook has no worksheet")
    ws = _pick_sheet(wb, sheets, sheet)
    max_row, max_col = ws.max_row or 0, min(ws.max_column or 0, MAX_COLS)
    if max_row > MAX_ROWS + HEADER_SCAN_ROWS:
        raise _too_many_rows()
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_col,
                                          values_only=True)] if max_row and max_col else []
    for rng in ws.merged_cells.ranges:
        # A merged cell holds its value in the top-left corner; the form means it for the whole block.
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                rows[r - 1][c - 1] = value
    notes = []
    if len(sheets) > 1:
        notes.append((f"读取工作表「{ws.title}」（共 {len(sheets)} 个）",
                      f"read sheet '{ws.title}' (of {len(sheets)})"))
    if (ws.max_column or 0) > MAX_COLS:
        notes.append((f"只读取前 {MAX_COLS} 列", f"only the first {MAX_COLS} columns are read"))
    return Grid(rows, list(range(1, len(rows) + 1)), "xlsx", [], notes, None, ws.title, sheets)


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
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(io.BytesIO(data))
        if pf.metadata.num_rows > MAX_ROWS:
            raise _too_many_rows()
        frame = pf.read().to_pandas()
    except InputError:
        raise
    except Exception:  # noqa: BLE001 — pyarrow raises many types on bad input
        raise InputError("Parquet 文件无法读取（可能已损坏）", "the Parquet file cannot be read (it may be damaged)") \
            from None
    frame = frame.iloc[:, :MAX_COLS]
    header = [str(c) for c in frame.columns]
    body = frame.astype(object).where(frame.notna(), None).values.tolist()
    rows = [header] + [list(r) for r in body]
    return Grid(rows, list(range(1, len(rows) + 1)), "parquet")


def sheet_names(source, filename: str | None = None) -> list[str]:
    """The worksheets of an XLSX file, in order (empty for other formats), for the upload's sheet choice."""
    data, name = source_bytes(source, filename)
    if resolve_format(data, name) != "xlsx":
        return []
    return xlsx_grid(data, None).sheets


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

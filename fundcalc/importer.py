"""Reading a county table from a file: one code path for the dashboard's upload and the CLI's --data.

Minimal first version: CSV (UTF-8, with or without BOM), XLSX and Parquet;
leading '#' comment lines (the 示例数据 label); headers in English or Chinese
through the column registry's aliases; a 合计 row checked and dropped.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .columns import TableSchema
from .errors import InputError
from .validate import validate_table


@dataclass
class ImportResult:
    frame: pd.DataFrame                      # validated, keyed by the schema's column keys
    recognised: dict[str, str]               # original header -> column key
    ignored: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)   # (zh, en) remarks for the preview
    label_lines: list[str] = field(default_factory=list)         # leading '#' lines, e.g. 示例数据


def _norm(text: str) -> str:
    return re.sub(r"[\s　（）()：:]", "", str(text)).lower()


def header_map(headers, schema: TableSchema) -> dict[str, str]:
    lookup = {}
    for col in schema.columns:
        for name in (col.key, col.zh, col.en, col.label("zh"), col.label("en"), *col.aliases):
            lookup.setdefault(_norm(name), col.key)
    out = {}
    for h in headers:
        key = lookup.get(_norm(h))
        if key and key not in out.values():
            out[str(h)] = key
    return out


def read_table(source, schema: TableSchema, filename: str | None = None, sheet=None) -> ImportResult:
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    name = filename or (str(source) if isinstance(source, (str, Path)) else "upload.csv")
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise InputError("文件为空", "the file is empty", value=Path(name).name)
    labels: list[str] = []
    if suffix in (".xlsx", ".xlsm"):
        raw = pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, dtype=object)
    elif suffix == ".parquet":
        raw = pd.read_parquet(io.BytesIO(data))
    else:
        text = data.decode("utf-8-sig")
        lines = text.splitlines(keepends=True)
        while lines and lines[0].lstrip().startswith("#"):
            labels.append(lines.pop(0).strip().lstrip("#").strip())
        raw = pd.read_csv(io.StringIO("".join(lines)), dtype=str, keep_default_na=False)
    mapping = header_map(raw.columns, schema)
    frame = raw.rename(columns=mapping)[list(mapping.values())]
    notes = []
    first = frame[schema.key].astype(str).str.strip() if schema.key in frame else None
    if first is not None:
        total_rows = first.isin(schema.total_markers)
        if total_rows.any():
            frame = frame[~total_rows]
            notes.append(("已识别并去掉合计行", "the total row was recognised and dropped"))
    clean = validate_table(frame.reset_index(drop=True), schema, lang_rows=2)
    return ImportResult(clean, mapping, [str(c) for c in raw.columns if str(c) not in mapping], notes, labels)

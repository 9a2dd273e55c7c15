"""Step 3 of 新建测算: the county table — a file (CSV in any encoding, XLSX with title, 单位 and 合计 rows, Parquet)
read into cells, then every column of it mapped to a field or category of the policy's table, or ignored."""

from __future__ import annotations

import hashlib
import zlib

import pandas as pd
import streamlit as st

from fundcalc import mechanisms
from fundcalc.errors import InputError
from fundcalc.importer import ImportResult

from ..i18n import lang, tr
from ..safe_text import md
from . import column_map, kept
from .document_step import refusal

TYPES = ["csv", "xlsx", "parquet"]
UNSET = ""


def _read_file() -> None:
    """A newly chosen file replaces the kept one only when it reads; a refusal leaves the last one as it was."""
    upload = st.file_uploader(tr("县级表格（CSV、XLSX 或 Parquet；可带标题行、单位行、合计行）",
                                 "County table (CSV, XLSX or Parquet; title, unit and total rows are fine)"),
                              type=TYPES, key=f"nb:file:{kept.get('file_rev', 0)}")
    if upload is None:
        return
    data = upload.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    if sha == kept.get("upload_sha"):
        return
    try:
        read = column_map.read_upload(data, upload.name)
    except InputError as exc:
        refusal(exc)
        if kept.get("upload") is not None:
            st.caption(tr("上一份表格仍然有效，没有改动。", "The previous table still holds; nothing changed."))
        return
    use(read, sha)


def use(read: column_map.Upload, sha: str) -> None:
    """Take ``read`` as the county table; its columns' mapping is guessed afresh."""
    kept.put("upload", read)
    kept.put("upload_sha", sha)
    kept.drop("map")
    kept.forget_widgets("map:")


def _option_labels(schema) -> dict[str, str]:
    """Each choice's label in the current language, fixed when drawn (a format_func may run outside the run)."""
    return {UNSET: tr("— 请选择 —", "— choose —"), column_map.IGNORE: tr("忽略此列", "Ignore this column"),
            **{c.key: c.label(lang()) for c in schema.columns}}


def _mapping(read: column_map.Upload, schema) -> dict[int, str | None]:
    options = [UNSET, column_map.IGNORE, *schema.keys]
    guessed = column_map.guess(read, schema)
    stored = kept.get("map") or {}
    chosen = {j: stored[j] if stored.get(j) in options else (guessed[j] or UNSET) for j in read.columns}
    sig = zlib.crc32("|".join(schema.keys).encode()) & 0xFFFF      # new widgets when the table's fields change
    labels = _option_labels(schema)
    per_row = 4
    for start in range(0, len(read.columns), per_row):
        cols = st.columns(per_row)
        for box, j, header in zip(cols, read.columns[start:start + per_row], read.headers[start:start + per_row],
                                  strict=False):
            with box:
                chosen[j] = st.selectbox(md(header), options, key=kept.widget(f"map:{sig}:{j}", chosen[j]),
                                         format_func=labels.__getitem__)
    kept.put("map", chosen)
    return {j: (k or None) for j, k in chosen.items()}


def _peek(read: column_map.Upload) -> None:
    rows = read.grid.rows[read.header + 1:read.header + 6]
    frame = pd.DataFrame([[("" if j >= len(r) or r[j] is None else str(r[j])) for j in read.columns] for r in rows],
                         columns=[f"{i + 1}. {h}" for i, h in enumerate(read.headers)])
    st.dataframe(frame, hide_index=True, width="stretch")


def show(policy) -> ImportResult | None:
    """The validated county table under ``policy``'s schema, or None (with what is missing said)."""
    _read_file()
    read = kept.get("upload")
    if read is None:
        st.caption(tr("上传县级表格后，在这里为每一列指定对应的字段。",
                      "Upload the county table, then say what each of its columns is."))
        return None
    schema = mechanisms.get(policy.mechanism).schema(policy)
    st.caption(tr(f"文件「{md(read.name)}」：表头在第 {read.grid.numbers[read.header]} 行，共 {len(read.columns)} 列。"
                  "每一列请选对应的字段或类别，或选「忽略此列」。",
                  f"File '{md(read.name)}': header on row {read.grid.numbers[read.header]}, {len(read.columns)} "
                  "columns. Choose each column's field or category, or 'Ignore this column'."))
    _peek(read)
    choice = _mapping(read, schema)
    try:
        result = column_map.apply(read, choice, schema)
    except InputError as exc:
        refusal(exc)
        return None
    notes = [zh if lang() == "zh" else en for zh, en in result.notes]
    skipped = column_map.ignored(read, choice)
    if skipped:
        notes.append(tr("已忽略：", "Ignored: ") + "、".join(skipped))
    st.success(md(tr(f"已读取 {len(result.frame)} 个县。", f"{len(result.frame)} counties read.")) +
               ("  \n" + "  \n".join(md(n) for n in notes) if notes else ""))
    return result

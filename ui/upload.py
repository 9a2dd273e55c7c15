"""导入表格: a bureau's own county table, previewed before it replaces anything.

The file goes through fundcalc.importer.read_table, the same path as the command
line's --data. What will be imported is shown first (recognised and ignored
columns, notes, the first rows, the column totals); only the confirm button
replaces the workspace's table. A refusal shows the reason in Chinese and
English and leaves every table, edit and parameter as it was. No traceback
reaches the page: InputError is shown as is, anything else as a generic line.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import pandas as pd
import streamlit as st

from fundcalc import mechanisms
from fundcalc.columns import TableSchema
from fundcalc.errors import InputError
from fundcalc.importer import MAX_FILE_BYTES, MAX_FILE_MB, ImportResult, load_grid, read_table, sheet_names
from fundcalc.kinds import KINDS
from fundcalc.money import format_wan
from fundcalc.validate import wan_to_fen_array

from . import state
from .i18n import lang, tr
from .safe_text import md

log = logging.getLogger(__name__)
TYPES = ["csv", "xlsx", "parquet"]
PREVIEW_ROWS = 10
GENERIC = InputError("无法读取这个文件，请检查文件内容后重试",
                     "this file could not be read; check its content and try again")


@dataclass
class Prepared:
    """One uploaded file, imported but not yet applied."""
    result: ImportResult
    schema: TableSchema
    name: str
    mode: str | None = None        # the shape parameter's choice the file's columns call for, when it differs


def _key(mechanism: str, part: str) -> str:
    return f"up:{mechanism}:{part}"


def _rev(mechanism: str) -> int:
    return st.session_state.setdefault(_key(mechanism, "rev"), 0)


def _flash(mechanism: str, kind: str, zh: str, en: str) -> None:
    st.session_state[_key(mechanism, "flash")] = (kind, zh, en)


def both(exc: InputError) -> str:
    """The refusal in the current language, then the other one; user text in it cannot format the page."""
    first, second = ("zh", "en") if lang() == "zh" else ("en", "zh")
    return md(exc.message(first)) + "  \n" + md(exc.message(second))


def import_schema(mechanism: str, mode: str | None = None) -> TableSchema:
    """The county table's schema under the current parameters.

    Every person category of the policy is required, those the user added on this page too: a file
    that does not name one is refused naming it (never imported as zeros under it).
    """
    policy = _policy(mechanism)      # shares that do not add up yet leave the columns the same
    spec = mechanisms.get(mechanism)
    if mode is not None:
        policy = replace(policy, values=policy.values | {spec.shape_param: mode})
    return spec.schema(policy)


def prepare(mechanism: str, data: bytes, name: str, sheet=None) -> Prepared:
    """Import ``data`` for ``mechanism``; raises InputError with the reason when the file is refused.

    A mechanism whose table is shaped by a parameter (its spec's ``shape_param``, e.g. published amounts or
    headcounts) takes a file with another choice's columns: when the current choice's columns are missing but
    another's are all there, the file is read under that choice and the preview says the parameter will change.
    """
    schema = import_schema(mechanism)
    grid = load_grid(data, name, sheet)       # read once, whichever schema it is checked against
    try:
        return Prepared(read_table(grid, schema), schema, name)
    except InputError as exc:
        shape = mechanisms.get(mechanism).shape_param
        if shape is None or "缺少必需的列" not in exc.zh:
            raise
        for other in _other_shapes(mechanism, shape):
            alt = import_schema(mechanism, other)
            try:
                return Prepared(read_table(grid, alt), alt, name, mode=other)
            except InputError:
                continue
        raise exc from None


def _policy(mechanism: str):
    try:
        return state.current_policy(mechanism)
    except InputError:       # e.g. shares that do not add up yet: the shape parameter is still the user's
        return state.base_policy(mechanism)


def _other_shapes(mechanism: str, shape: str) -> list[str]:
    """The shape parameter's choices other than the current one."""
    policy = _policy(mechanism)
    param = _shape_param(mechanism)
    return [str(c) for c in param.choices if str(c) != str(policy.values.get(shape))]


def _shape_param(mechanism: str):
    spec = mechanisms.get(mechanism)
    return spec.param_specs(_policy(mechanism))[spec.shape_param]


def _shape_note(mechanism: str, choice: str) -> str:
    """What importing a file of another shape changes, naming the parameter and the choice as the panel does."""
    param = _shape_param(mechanism)
    zh, en = next(((z, e) for key, z, e in param.labels if key == choice), (choice, choice))
    return tr(f"这个文件的列对应“{param.zh}”的另一选项，导入后将改为：{zh}",
              f"This file's columns belong to another choice of '{param.en}'; importing switches it to: {en}")


def _prepared(mechanism: str, upload, sheet) -> Prepared | InputError:
    """The import of the uploaded file, kept across reruns until the file, sheet or columns change."""
    data = upload.getvalue()
    schema = import_schema(mechanism)
    sig = (hashlib.sha256(data).hexdigest(), upload.name, sheet, tuple((c.key, c.required) for c in schema.columns),
           state.workspace(mechanism).get("overrides", {}).get(mechanisms.get(mechanism).shape_param))
    cache = st.session_state.get(_key(mechanism, "cache"))
    if cache is not None and cache[0] == sig:
        return cache[1]
    try:
        outcome = prepare(mechanism, data, upload.name, sheet)
    except InputError as exc:
        outcome = exc
    st.session_state[_key(mechanism, "cache")] = (sig, outcome)
    return outcome


def _confirm(mechanism: str) -> None:
    """Apply the previewed import: the only place an upload changes the workspace."""
    cache = st.session_state.get(_key(mechanism, "cache"))
    if cache is None or not isinstance(cache[1], Prepared):
        return
    prep: Prepared = cache[1]
    label = prep.name + (f"（{prep.result.sheet}）" if len(prep.result.sheets) > 1 else "")
    if prep.result.illustrative:
        label += tr("（示例数据）", " (sample data)")
    if prep.mode is not None:
        shape = mechanisms.get(mechanism).shape_param
        state.set_override(mechanism, shape, prep.mode)
        st.session_state.pop(state.param_widget_key(mechanism, shape), None)
    state.replace_table(mechanism, prep.result.frame, label)
    n = len(prep.result.frame)
    _flash(mechanism, "success",
           f"已导入 {prep.name}：{n} 个县。如需恢复官方数据，请用上方的数据集选择或“恢复官方数据”。",
           f"Imported {prep.name}: {n} counties. To go back, choose a dataset above or 'Restore official data'.")
    _clear(mechanism)


def _clear(mechanism: str) -> None:
    st.session_state.pop(_key(mechanism, "cache"), None)
    st.session_state[_key(mechanism, "rev")] = _rev(mechanism) + 1


def _cancel(mechanism: str) -> None:
    _clear(mechanism)
    _flash(mechanism, "info", "已取消导入，表格没有改动。", "Import cancelled; the table is unchanged.")


def upload_panel(mechanism: str) -> None:
    """The import expander of a mechanism page: upload, preview, confirm."""
    # A fixed key and a constant ``expanded``: the expander keeps whatever the user did with it across
    # reruns (a changing ``expanded`` would make it a new element and fold it mid-import).
    with st.expander(tr("导入自己的表格（CSV、XLSX、Parquet）", "Import your own table (CSV, XLSX, Parquet)"),
                     icon=":material/upload_file:", key=_key(mechanism, "expander")):
        try:
            _panel(mechanism)
        except InputError as exc:
            st.error(both(exc), icon=":material/block:")
        except Exception:  # noqa: BLE001 — the promise is: never a traceback in front of the user
            log.exception("upload panel failed")
            st.error(both(GENERIC), icon=":material/block:")


def _panel(mechanism: str) -> None:
    flash = st.session_state.pop(_key(mechanism, "flash"), None)
    if flash:
        kind, zh, en = flash
        (st.success if kind == "success" else st.info)(md(tr(zh, en)))
    schema = import_schema(mechanism)
    # a category the user added is user text: shown as text, never as markup
    required = md("、".join(c.label("zh") for c in schema.columns if c.required))
    required_en = md(", ".join(c.label("en") for c in schema.columns if c.required))
    st.caption(tr(f"需要的列：{required}。列名可用中文或英文，顺序不限，其他列会被忽略（预览中列出）；可带标题行、"
                  f"两行表头、合计行（核对后去掉）、千分位和全角数字。文件不超过 {MAX_FILE_MB} MB。"
                  "导入前会先预览，确认后才替换当前表格。",
                  f"Columns needed: {required_en}. Chinese or English headers in any order; other columns are "
                  f"ignored (the preview lists them); title rows, two-row headers, a total row (checked, then "
                  f"dropped), thousands separators "
                  f"and full-width digits are fine. Up to {MAX_FILE_MB} MB. You see a preview first; the table is "
                  f"replaced only when you confirm."))
    try:
        upload = st.file_uploader(tr("选择文件", "Choose a file"), type=TYPES, max_upload_size=MAX_FILE_MB,
                                  key=_key(mechanism, f"file:{_rev(mechanism)}"))
    except InputError:
        raise
    except Exception:  # noqa: BLE001 — e.g. a file name the widget refuses server-side
        raise InputError("不支持这种文件，请上传 CSV、XLSX 或 Parquet",
                         "this file is not supported; upload CSV, XLSX or Parquet") from None
    if upload is None:
        return
    if upload.size > MAX_FILE_BYTES:   # Streamlit refuses these first; this holds if its limit is raised
        raise InputError(f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {MAX_FILE_MB} MB",
                         f"the file is too large ({upload.size / 1024 / 1024:.1f} MB); the limit is {MAX_FILE_MB} MB",
                         value=upload.name)
    sheet = None
    if upload.name.lower().endswith(".xlsx"):
        names = _sheets(mechanism, upload)
        if len(names) > 1:
            sheet = st.selectbox(tr("工作表", "Sheet"), names, key=_key(mechanism, f"sheet:{_rev(mechanism)}"))
    outcome = _prepared(mechanism, upload, sheet)
    if isinstance(outcome, InputError):
        st.error(tr("未导入，当前表格没有改动。", "Not imported; the current table is unchanged.") + "  \n"
                 + both(outcome), icon=":material/block:")
        return
    _preview(mechanism, outcome)


def _sheets(mechanism: str, upload) -> list[str]:
    key = _key(mechanism, "sheets")
    cached = st.session_state.get(key)
    if cached is not None and cached[0] == upload.file_id:
        return cached[1]
    try:
        names = sheet_names(upload.getvalue(), upload.name)
    except InputError:
        names = []      # the import itself will say what is wrong with the file
    st.session_state[key] = (upload.file_id, names)
    return names


def _preview(mechanism: str, prep: Prepared) -> None:
    res, schema = prep.result, prep.schema
    n = len(res.frame)
    st.markdown("**" + tr(f"预览：{md(prep.name)}，{n} 个县", f"Preview: {md(prep.name)}, {n} counties") + "**")
    if res.illustrative:
        st.warning(tr("文件标注为示例数据：", "The file is labelled as sample data: ")
                   + md("；".join(res.label_lines)), icon=":material/science:")
    elif res.label_lines:
        st.caption(tr("文件说明：", "File notes: ") + md("；".join(res.label_lines)))
    if prep.mode is not None:
        st.info(_shape_note(mechanism, prep.mode),
                icon=":material/swap_horiz:")
    recognised = pd.DataFrame({
        tr("文件中的列", "Column in the file"): list(res.recognised),
        tr("识别为", "Read as"): [schema.column(k).label(lang()) for k in res.recognised.values()],
    })
    a, b = st.columns([3, 2])
    with a:
        st.dataframe(recognised, hide_index=True, key=_key(mechanism, "recognised"))
    with b:
        if res.ignored_columns:
            st.caption(tr("忽略的列：", "Ignored columns: ") + md("、".join(res.ignored_columns)))
        for zh, en in res.notes:
            st.caption("· " + md(tr(zh, en)))
    names = res.frame[schema.key].tolist()
    shown = "、".join(names[:PREVIEW_ROWS]) + ("…" if len(names) > PREVIEW_ROWS else "")
    st.caption(tr("县(市、区)：", "Counties: ") + md(shown))
    st.dataframe(_labelled(res.frame.head(PREVIEW_ROWS), schema), hide_index=True, key=_key(mechanism, "rows"))
    totals = _totals(res.frame, schema)
    if totals:
        st.caption(tr("各列合计：", "Column totals: ") + md("；".join(totals)))
    a, b, _ = st.columns([2, 1, 3])
    a.button(tr("确认导入，替换当前表格", "Import and replace the current table"), type="primary",
             key=_key(mechanism, "confirm"), on_click=_confirm, args=(mechanism,), icon=":material/check:")
    b.button(tr("取消", "Cancel"), key=_key(mechanism, "cancel"), on_click=_cancel, args=(mechanism,))


def _labelled(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """The first rows as text with 千分位, so the preview shows the figures exactly as they will be used."""
    out = frame.copy()
    for col in schema.columns:
        kind = KINDS[col.kind]
        if kind.numeric and kind.decimals == 0:
            out[col.key] = [f"{int(v):,}" for v in out[col.key]]
        elif kind.numeric:
            out[col.key] = [_decimal_text(v) for v in out[col.key]]
    return out.rename(columns={c.key: c.label(lang()) for c in schema.columns})


def _decimal_text(value) -> str:
    if pd.isna(value):
        return ""
    d = Decimal(str(value))
    return f"{d:,.2f}" if d == d.quantize(Decimal("0.01")) else f"{d.normalize():,f}"


def _totals(frame: pd.DataFrame, schema: TableSchema) -> list[str]:
    """Column sums as the file would print them in its 合计 row: exact (分 for money)."""
    out = []
    for col in schema.columns:
        if col.kind == "people":
            out.append(f"{col.label(lang())} {int(frame[col.key].sum()):,}")
        elif col.kind == "wan" and col.unit_zh == "万元":
            values = frame[col.key].to_numpy(float)
            if np.isnan(values).all():
                continue
            out.append(f"{col.label(lang())} {format_wan(int(wan_to_fen_array(values).sum()))}")
    return out

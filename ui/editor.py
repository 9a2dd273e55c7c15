"""The editable county table: the workspace's table shown in st.data_editor, each edit applied once.

The known pitfall: feeding the editor's returned frame back in as its data makes
Streamlit treat it as a new editor state, and every second edit is lost. Here
the editor always shows the workspace's table; its delta (edited / added /
deleted rows) is applied to that table once, validated in Python, and the
editor's key moves on so that it restarts from the new table. A refused edit
leaves the table as it was and shows why.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fundcalc import mechanisms
from fundcalc.columns import TableSchema
from fundcalc.errors import InputError
from fundcalc.mechanisms.pooling.table import monthly_schema
from fundcalc.validate import validate_table

from . import live, state
from .format import editor_config, editor_text, mark_column
from .i18n import lang, tr
from .safe_text import md

TABLES = ("county", "monthly")
MARK_COL = "_changed"


def has_edits(delta) -> bool:
    return isinstance(delta, dict) and bool(delta.get("edited_rows") or delta.get("added_rows")
                                            or delta.get("deleted_rows"))


def _added_row(row: dict, schema: TableSchema, names: set[str], new_name: str) -> dict:
    """An added row with the editor's defaults: 0 in required numbers, a free placeholder name when blank."""
    new = {}
    for col in schema.columns:
        value = row.get(col.key)
        if (value is None or (isinstance(value, str) and not value.strip())) and col.key == schema.key:
            n = 1
            while f"{new_name}{n}" in names:
                n += 1
            value = f"{new_name}{n}"
        elif value is None and col.required and col.kind != "text":
            value = 0
        new[col.key] = value
    return new


def apply_delta(frame: pd.DataFrame, delta: dict, schema: TableSchema, new_name: str = "新增县") -> pd.DataFrame:
    """The table with the editor's delta applied (positions are those of ``frame``); not yet validated.

    Added rows start with 0 in required number columns (the editor's default) and, when no
    name was typed yet, a placeholder name the user can overwrite.
    """
    out = frame.reset_index(drop=True).astype(object)
    for pos, changes in (delta.get("edited_rows") or {}).items():
        for col, value in changes.items():
            if col in out.columns:
                out.iat[int(pos), out.columns.get_loc(col)] = value
    deleted = sorted({int(p) for p in (delta.get("deleted_rows") or [])})
    if deleted:
        out = out.drop(index=[p for p in deleted if p < len(out)]).reset_index(drop=True)
    added = []
    names = set(out[schema.key].astype(str))
    for row in delta.get("added_rows") or []:
        new = _added_row(row, schema, names, new_name)
        names.add(str(new[schema.key]))
        added.append(new)
    if added:
        out = pd.concat([out, pd.DataFrame(added, columns=out.columns, dtype=object)], ignore_index=True)
    return out


def table_schema(mechanism: str, which: str = "county") -> TableSchema:
    if which == "monthly":
        return monthly_schema()
    module = mechanisms.get(mechanism)
    try:
        return module.schema(state.current_policy(mechanism))
    except InputError:
        # e.g. shares not adding up to 100% while the user is still typing them: the columns are the same
        return module.schema(state.base_policy(mechanism))


def _frame(mechanism: str, which: str) -> pd.DataFrame:
    ws = state.workspace(mechanism)
    return ws["monthly"] if which == "monthly" else ws["table"]


def _on_edit(mechanism: str, which: str, key: str) -> None:
    """The editor's callback: apply the edit, then rerun what the table drives (ui/live.py)."""
    if _apply(mechanism, which, key):
        live.rerun("table_edited", mechanism)


def _apply(mechanism: str, which: str, key: str) -> bool:
    """Apply the editor's pending edit to the workspace; True when the table changed."""
    delta = st.session_state.get(key)
    if not has_edits(delta):
        return False
    ws = state.workspace(mechanism)
    if key != state.editor_key(mechanism, which):
        return False  # an editor that has already been replaced
    schema = table_schema(mechanism, which)
    try:
        edited = apply_delta(_frame(mechanism, which), delta, schema, tr("新增县", "New county "))
        clean = validate_table(edited, schema)
    except InputError as exc:
        ws["messages"][f"editor:{which}"] = exc
        state.bump(mechanism, table_changed=False)
        return False
    except (ValueError, TypeError, IndexError, KeyError) as exc:  # a delta the grid should never send
        ws["messages"][f"editor:{which}"] = InputError(f"无法应用此修改（{type(exc).__name__}）",
                                                      f"this edit could not be applied ({type(exc).__name__})")
        state.bump(mechanism, table_changed=False)
        return False
    ws["messages"].pop(f"editor:{which}", None)
    if which == "monthly":
        state.set_monthly(mechanism, clean)
    else:
        state.set_table(mechanism, clean)
    return True


def apply_pending(mechanism: str) -> None:
    """Apply edits that reached session state without the callback (e.g. AppTest seeding the editor)."""
    for which in TABLES:
        key = state.editor_key(mechanism, which)
        if has_edits(st.session_state.get(key)):
            _apply(mechanism, which, key)


def render_editor(mechanism: str, which: str = "county", height: int | str = "auto",
                  marked: set | None = None) -> None:
    """The editor of the county table (or the pooling page's monthly table), with its refusal message.

    ``marked``: county names flagged ✎ in a read-only first column (their inputs differ from the official data).
    """
    ws = state.workspace(mechanism)
    err = ws["messages"].get(f"editor:{which}")
    if err is not None:
        st.error(tr("此修改未被接受，表格保持原样：", "This edit was refused; the table is unchanged: ")
                 + md(err.message(lang())), icon=":material/block:")
    schema = table_schema(mechanism, which)
    frame = _frame(mechanism, which)
    key = state.editor_key(mechanism, which)
    data = editor_text(frame[[c for c in schema.keys if c in frame.columns]], schema)
    config = editor_config(schema)
    if marked:
        # read-only, and not a schema column: apply_delta and validation ignore it
        values, config[MARK_COL] = mark_column(data[schema.key], marked)
        data.insert(0, MARK_COL, values)
    st.data_editor(
        data, key=key, num_rows="dynamic", hide_index=True,
        column_config=config, on_change=_on_edit, args=(mechanism, which, key), width="stretch",
        height=height, placeholder="")


def editor_section(mechanism: str, title_zh: str | None = None, title_en: str | None = None, marked=None) -> None:
    """The editable county table with how-to-edit help, under its heading when given one (a view has its label)."""
    if title_zh:
        st.subheader(tr(title_zh, title_en), anchor=False)
    st.caption(tr("双击单元格修改，回车确认；表格下方“+”新增县，选中行后可删除。不合法的值会被拒绝并说明原因。",
                  "Double-click a cell to edit, Enter to confirm; '+' below the table adds a county, selected rows "
                  "can be deleted. Invalid values are refused with the reason."))
    render_editor(mechanism, marked=marked)


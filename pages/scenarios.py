"""方案: save the current workspace as a scenario; list, open, rename, duplicate, delete, import/export
JSON, and copy a link that reopens it. Scenarios live in the SQLite store (fundcalc.store), beside the user's
saved baselines (fundcalc.baselines), listed here too; both go into one backup file (fundcalc.backup)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import streamlit as st

from fundcalc import backup, baselines, mechanisms
from fundcalc import scenario as sc
from fundcalc.errors import InputError
from fundcalc.params import DATA_DIR
from fundcalc.scenario import Scenario
from ui import identity, nav, plural, share, state, story
from ui.i18n import lang, tr
from ui.names import mechanism_label
from ui.safe_text import md

EXAMPLES = DATA_DIR / "scenarios"
MSG = "sc:msg"
# Beijing time: Asia/Shanghai has kept UTC+8 without summer time since 1991, so a fixed offset is exact and
# needs no time-zone database on the server.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def beijing(stamp: str) -> str:
    """A stored UTC time stamp as Beijing time, to the second."""
    try:
        return datetime.fromisoformat(stamp).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp


def data_label(dataset: str, source: str = "") -> str:
    """What a scenario's figures are built on: the shipped dataset, or the user's own table (named as such,
    with the dataset whose rules apply)."""
    if source:
        rules = share.dataset_name(dataset)
        return tr(f"上传的表格「{source}」（规则依据：{rules}）", f"uploaded table '{source}' (rules of {rules})")
    return share.dataset_name(dataset)


def author_label(author: str | None) -> str:
    if author is None:
        return tr("未记录（只读）", "unknown (read-only)")
    return tr("我", "me") if author == identity.current() else tr("他人", "someone else")


def mech_name(m: str) -> str:
    return mechanism_label(m)


def say(kind: str, text: str) -> None:
    """A message shown after the rerun that a button's callback starts."""
    st.session_state[MSG] = (kind, text)


def refused(exc: InputError) -> None:
    say("error", md(exc.message(lang())))


def show_message() -> None:
    msg = st.session_state.pop(MSG, None)
    if msg:
        kind, text = msg
        (st.success if kind == "ok" else st.error)(text, icon=":material/check_circle:" if kind == "ok"
                                                   else ":material/error:")


# --- callbacks ---------------------------------------------------------------------------

def save_current(mechanism: str) -> None:
    name = st.session_state.get("sc:name", "")
    try:
        s = share.from_workspace(mechanism, name, st.session_state.get("sc:desc", ""))
        s.figure = st.session_state.get("sc:figure") or ""  # what its shared link opens on (ui/story.py)
        sc.apply(s)  # refuse a workspace that would not replay
        sid = share.store().save(s, author=identity.current())
        saved = share.store().get(sid)
        version = share.store().entry(sid).version
        ws = state.workspace(mechanism)
        ws["scenario"] = {"id": sid, "name": saved.name, "overrides": dict(ws["overrides"]),
                          "edits": saved.edits.to_dict(), "table_rev": ws["table_rev"]}
        st.session_state["sc:selected"] = sid
        say("ok", tr(f"已保存方案「{md(saved.name)}」（编号 {sid}，第 {version} 版）",
                     f"Saved scenario '{md(saved.name)}' (id {sid}, version {version})"))
    except InputError as exc:
        refused(exc)


def rename(sid: int) -> None:
    try:
        share.store().rename(sid, st.session_state.get("sc:rename", ""), author=identity.current())
        say("ok", tr("已重命名", "Renamed"))
    except InputError as exc:
        refused(exc)


def duplicate(sid: int) -> None:
    try:
        new = share.store().duplicate(sid, author=identity.current())
        st.session_state["sc:selected"] = new
        copy = md(share.store().get(new).name)
        say("ok", tr(f"已复制为「{copy}」", f"Copied as '{copy}'"))
    except InputError as exc:
        refused(exc)


def delete(sid: int) -> None:
    try:
        name = md(share.store().get(sid).name)
        share.store().delete(sid, author=identity.current())
        st.session_state.pop("sc:selected", None)
        st.session_state["sc:confirm"] = False
        say("ok", tr(f"已删除「{name}」", f"Deleted '{name}'"))
    except InputError as exc:
        refused(exc)


def open_saved(sid: int) -> None:
    try:
        s = share.store().get(sid)
        share.open_scenario(s)
        st.session_state["sc:goto"] = s.mechanism
    except InputError as exc:
        refused(exc)


def open_example(stem: str) -> None:
    try:
        share.open_scenario(Scenario.load(EXAMPLES / f"{stem}.json"))
        st.session_state["sc:goto"] = Scenario.load(EXAMPLES / f"{stem}.json").mechanism
    except InputError as exc:
        refused(exc)


def keep_example(stem: str) -> None:
    try:
        s = Scenario.load(EXAMPLES / f"{stem}.json")
        sid = share.store().save(s, author=identity.current())
        st.session_state["sc:selected"] = sid
        say("ok", tr(f"已存入方案库：「{md(s.name)}」（编号 {sid}）", f"Saved '{md(s.name)}' (id {sid})"))
    except InputError as exc:
        refused(exc)


def import_json() -> None:
    upload = st.session_state.get("sc:import")
    if upload is None:
        return
    try:
        s = Scenario.from_json(upload.getvalue())
        sc.apply(s)  # a file that does not replay on its baseline is refused, not stored
        store = share.store()
        name, k = s.name, 2
        while store.find(name) is not None:
            name, k = f"{s.name} ({k})", k + 1
        sid = store.save(s.with_name(name), author=identity.current())
        st.session_state["sc:selected"] = sid
        say("ok", tr(f"已导入方案「{md(name)}」（编号 {sid}）", f"Imported scenario '{md(name)}' (id {sid})"))
    except InputError as exc:
        refused(exc)


def open_baseline(bid: int) -> None:
    try:
        entry = baselines.get_baseline(bid, store=share.store())
        state.set_dataset(entry.mechanism, entry.dataset_id)
        st.session_state["sc:goto"] = entry.mechanism
    except InputError as exc:
        refused(exc)


def delete_baseline(bid: int) -> None:
    try:
        name = md(baselines.get_baseline(bid, store=share.store()).name)
        baselines.delete_baseline(bid, identity.current(), store=share.store())
        st.session_state["bl:confirm"] = False
        say("ok", tr(f"已删除基准「{name}」", f"Deleted baseline '{name}'"))
    except InputError as exc:
        refused(exc)


def prepare_backup() -> None:
    """The backup of this user's baselines and scenarios, made on request (it may be large): kept for the
    download button until the page is left."""
    try:
        st.session_state[BACKUP] = backup.export_backup(identity.current(), share.store()).encode("utf-8")
    except InputError as exc:
        st.session_state.pop(BACKUP, None)
        refused(exc)


def import_backup_file() -> None:
    upload = st.session_state.get("bk:import")
    if upload is None:
        return
    try:
        if upload.size > backup.MAX_BACKUP_BYTES:   # refused before it is read into memory twice
            raise InputError(f"备份文件过大（上限 {backup.MAX_BACKUP_BYTES // 1024 // 1024} MB）",
                             f"the backup file is too large (limit {backup.MAX_BACKUP_BYTES // 1024 // 1024} MB)")
        done = backup.import_backup(upload.getvalue(), identity.current(), share.store())
        say("ok", md(done.message(lang())))
    except InputError as exc:
        refused(exc)


BACKUP = "bk:data"


# --- the page ------------------------------------------------------------------------------

st.title(tr("方案", "Scenarios"))
st.caption(tr("把当前的参数与县表修改存为方案，随时打开、对比、分享。方案保存在本机数据库中，也可导出为 JSON 文件。",
              "Keep the current parameters and table edits as a scenario to reopen, compare and share. "
              "Scenarios are kept in a local database and can be exported as JSON files."))
goto = st.session_state.pop("sc:goto", None)
if goto:
    st.switch_page(nav.link(goto))
show_message()

# 1. save the current workspace
with st.container(border=True):
    st.subheader(tr("保存当前工作区", "Save the current workspace"), anchor=False)
    mech_labels = {m: mech_name(m) for m in mechanisms.names()}  # made now: format_func may run outside this run
    mech = st.selectbox(tr("测算", "Calculation"), mechanisms.names(), format_func=mech_labels.get, key="sc:mech")
    ws = state.workspace(mech)
    n_edits = share.from_workspace(mech, "_").edits.count()
    info = share.opened(mech)
    upload = ws["dataset"][len(state.UPLOAD_PREFIX):] if state.is_upload(ws["dataset"]) else ""
    parts = [tr("数据：", "Data: ") + md(data_label(ws["policy_dataset"], upload))]
    parts.append(tr(f"参数修改 {len(ws['overrides'])} 项，县表修改 {n_edits} 处",
                    f"{plural.en(len(ws['overrides']), 'parameter')} changed, {plural.en(n_edits, 'table edit')}"))
    if info:
        parts.append(tr(f"打开自方案「{md(info['name'])}」", f"opened from '{md(info['name'])}'"))
    st.caption(" · ".join(parts))
    a, b = st.columns([2, 3])
    with a:
        st.text_input(tr("方案名称", "Scenario name"), key="sc:name", max_chars=200,
                      placeholder=tr("例如：标准提高到 200 元", "e.g. standard raised to 200 yuan"))
    with b:
        st.text_input(tr("说明（可空）", "Description (optional)"), key="sc:desc")
    story.figure_picker(mech, "sc:figure")
    st.caption(tr("方案一经保存即不再改动：用已有的名称保存，会成为该名称的新版本（新编号），原来的分享链接仍显示原来的数字。",
                  "A saved scenario never changes: saving under an existing name adds a new version (a new id), "
                  "and links shared before still show what they showed."))
    st.button(tr("保存为方案", "Save as scenario"), key="sc:save", type="primary", icon=":material/save:",
              on_click=save_current, args=(mech,))

# 2. the saved scenarios
st.subheader(tr("已保存的方案", "Saved scenarios"), anchor=False)
try:
    entries = share.store().list()
except InputError as exc:
    st.error(md(exc.message(lang())))
    entries = []
if not entries:
    st.info(tr("还没有保存的方案。保存当前工作区，或从下方的示例方案、JSON 文件导入。",
               "No saved scenarios yet. Save the current workspace, or import an example or a JSON file below."))
else:
    listing = pd.DataFrame({
        tr("编号", "Id"): [e.id for e in entries],
        tr("名称", "Name"): [e.name for e in entries],
        tr("测算", "Calculation"): [mech_name(e.mechanism) for e in entries],
        tr("版本", "Version"): [e.version for e in entries],
        tr("数据", "Data"): [data_label(e.dataset, e.source) for e in entries],
        tr("作者", "Author"): [author_label(e.author) for e in entries],
        tr("保存时间（北京时间）", "Saved (Beijing time)"): [beijing(e.updated_at) for e in entries],
    })
    st.dataframe(listing, hide_index=True, key="sc:list")
    ids = [e.id for e in entries]
    names = {e.id: e.name for e in entries}
    by_id = {e.id: e for e in entries}
    if st.session_state.get("sc:selected") not in ids:
        st.session_state["sc:selected"] = ids[0]
    sid = st.selectbox(tr("选择方案", "Pick a scenario"), ids, key="sc:selected",
                       format_func=lambda i: f"{names.get(i, i)} · v{by_id[i].version if i in by_id else '?'}（#{i}）")
    try:
        chosen = share.store().get(sid)
    except InputError as exc:
        st.error(md(exc.message(lang())))
        chosen = None
    if chosen is not None:
        if chosen.is_sample:
            st.markdown(":orange-badge[:material/science: " + tr("示例数据", "Sample data") + "]")
        if chosen.description:
            st.caption(md(chosen.description))
        mine = by_id[sid].author is not None and by_id[sid].author == identity.current()
        st.caption(tr("数据：", "Data: ") + md(data_label(chosen.dataset, chosen.source)) + " · "
                   + tr(f"第 {by_id[sid].version} 版", f"version {by_id[sid].version}") + " · "
                   + tr("作者：", "Author: ") + author_label(by_id[sid].author)
                   + ("" if mine else tr("（只有作者可以重命名或删除；可复制后修改）",
                                         " (only its author can rename or delete it; copy it to make your own)")))
        c1, c2, c3, c4 = st.columns(4)
        c1.button(tr("打开", "Open"), key="sc:open", icon=":material/open_in_new:", type="primary",
                  on_click=open_saved, args=(sid,), width="stretch",
                  help=tr("用这个方案替换对应测算页的参数与县表",
                          "Replace the calculation page's inputs with this scenario"))
        c2.button(tr("复制", "Duplicate"), key="sc:dup", icon=":material/content_copy:", on_click=duplicate,
                  args=(sid,), width="stretch")
        c3.download_button(tr("导出 JSON", "Export JSON"), chosen.to_json().encode("utf-8"),
                           file_name=f"scenario_{sid}.json", mime="application/json", key="sc:export",
                           icon=":material/download:", on_click="ignore", width="stretch")
        with c4.popover(tr("删除", "Delete"), icon=":material/delete:", width="stretch", disabled=not mine):
            st.checkbox(tr(f"确认删除「{md(chosen.name)}」", f"Yes, delete '{md(chosen.name)}'"), key="sc:confirm")
            st.button(tr("删除", "Delete"), key="sc:delete", type="primary", on_click=delete, args=(sid,),
                      disabled=not st.session_state.get("sc:confirm"))
        r1, r2 = st.columns([3, 1], vertical_alignment="bottom")
        with r1:
            st.text_input(tr("新名称", "New name"), key="sc:rename", value=None, disabled=not mine,
                          placeholder=chosen.name)
        with r2:
            st.button(tr("重命名", "Rename"), key="sc:do_rename", icon=":material/edit:", on_click=rename,
                      args=(sid,), width="stretch", disabled=not mine)
        # The link to send first opens on the scenario's story (what it costs, who is affected); the editing
        # link is for whoever goes on working on it.
        st.markdown("**" + tr("分享链接：方案简报（打开即见方案要点，适合发给领导）",
                              "Share link: the brief (opens on the scenario's story)") + "**")
        with st.container(key="sc:story_link"):
            st.code(story.story_url(chosen), language=None)
        st.markdown("**" + tr("编辑链接（打开测算页，可继续修改）", "Editing link (opens the calculation page)") + "**")
        link = share.share_url(chosen.mechanism, share.scenario_link_params(chosen))
        with st.container(key="sc:share_link"):
            st.code(link, language=None)
        st.caption(tr("编辑链接中带有各参数的取值与方案编号（县表修改随编号从方案库读取）；在同一服务器上打开即可还原。",
                      "The editing link carries the parameter values and the scenario id (table edits are read "
                      "from the store by id); open it on the same server to get the same view."))

# 3. examples and import
st.subheader(tr("示例方案与导入", "Examples and import"), anchor=False)
a, b = st.columns(2, gap="large")
with a:
    stems = sorted(p.stem for p in EXAMPLES.glob("*.json"))
    labels = {}
    for stem in stems:
        try:
            labels[stem] = Scenario.load(EXAMPLES / f"{stem}.json").name
        except InputError:
            labels[stem] = stem
    ex = st.selectbox(tr("随程序提供的方案（data/scenarios）", "Shipped scenarios (data/scenarios)"), stems,
                      format_func=lambda s: labels.get(s, s), key="sc:example")
    e1, e2 = st.columns(2)
    e1.button(tr("打开", "Open"), key="sc:open_example", icon=":material/open_in_new:", on_click=open_example,
              args=(ex,), width="stretch")
    e2.button(tr("存入方案库", "Add to saved"), key="sc:keep_example", icon=":material/library_add:",
              on_click=keep_example, args=(ex,), width="stretch")
with b:
    st.file_uploader(tr("导入方案 JSON", "Import a scenario JSON"), type=["json"], key="sc:import",
                     on_change=import_json)

# 4. the user's own baselines (新建测算 saves them)
st.subheader(tr("我的基准", "My baselines"), anchor=False)
try:
    saved_baselines = baselines.list_baselines(store=share.store())
except InputError as exc:
    st.error(md(exc.message(lang())))
    saved_baselines = []
if not saved_baselines:
    st.caption(tr("还没有保存的基准。在「新建测算」中为自己的城市建立基准，或从备份文件导入。",
                  "No saved baselines yet. Set one up for your own city in 'New calculation', or import a backup."))
else:
    st.dataframe(pd.DataFrame({
        tr("编号", "Id"): [e.id for e in saved_baselines],
        tr("名称", "Name"): [e.name for e in saved_baselines],
        tr("版本", "Version"): [e.version for e in saved_baselines],
        tr("测算", "Calculation"): [mech_name(e.mechanism) for e in saved_baselines],
        tr("地区", "Region"): [e.region for e in saved_baselines],
        tr("年度", "Year"): [e.year for e in saved_baselines],
        tr("文号", "Document"): [e.doc_no for e in saved_baselines],
        tr("作者", "Author"): [author_label(e.author) for e in saved_baselines],
        tr("保存时间（北京时间）", "Saved (Beijing time)"): [beijing(e.created_at) for e in saved_baselines],
    }), hide_index=True, key="bl:list")
    by_bid = {e.id: e for e in saved_baselines}
    if st.session_state.get("bl:selected") not in by_bid:
        st.session_state["bl:selected"] = saved_baselines[0].id
    bid = st.selectbox(tr("选择基准", "Pick a baseline"), list(by_bid), key="bl:selected",
                       format_func=lambda i: f"{by_bid[i].name} · v{by_bid[i].version}（#{i}）" if i in by_bid else i)
    own = by_bid[bid].author is not None and by_bid[bid].author == identity.current()
    b1, b2 = st.columns(2)
    b1.button(tr("在测算页打开", "Open on its calculation page"), key="bl:open", icon=":material/open_in_new:",
              type="primary", on_click=open_baseline, args=(bid,), width="stretch")
    with b2.popover(tr("删除", "Delete"), icon=":material/delete:", width="stretch", disabled=not own):
        st.caption(tr("建立在此基准上的方案须先删除。", "Scenarios built on this baseline must be deleted first."))
        st.checkbox(tr(f"确认删除「{md(by_bid[bid].name)}」第 {by_bid[bid].version} 版",
                       f"Yes, delete '{md(by_bid[bid].name)}' version {by_bid[bid].version}"), key="bl:confirm")
        st.button(tr("删除", "Delete"), key="bl:delete", type="primary", on_click=delete_baseline, args=(bid,),
                  disabled=not st.session_state.get("bl:confirm"))

# 5. backup: every baseline and scenario of this user in one file
st.subheader(tr("备份", "Backup"), anchor=False)
st.caption(tr("把你保存的全部基准和方案导出为一个文件，需要时在这里（或另一台服务器上）导入。导入时方案会指向新导入的基准；"
              "已在库中的相同内容不会重复导入。",
              "Export all your saved baselines and scenarios as one file, and import it here (or on another "
              "server) when needed. Imported scenarios point to the imported baselines; what the store already "
              "holds is not added twice."))
k1, k2 = st.columns(2, gap="large")
with k1:
    st.button(tr("生成备份文件", "Prepare the backup"), key="bk:prepare", icon=":material/inventory_2:",
              on_click=prepare_backup, width="stretch")
    if st.session_state.get(BACKUP) is not None:
        st.download_button(tr("下载备份（JSON）", "Download the backup (JSON)"), st.session_state[BACKUP],
                           file_name="fundcalc_backup.json", mime="application/json", key="bk:download",
                           icon=":material/download:", on_click="ignore", width="stretch")
with k2:
    st.file_uploader(tr("导入备份文件", "Import a backup file"), type=["json"], key="bk:import",
                     on_change=import_backup_file)

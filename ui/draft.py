"""Unsaved work kept as a draft, so a reload, a server restart or a dataset switch loses nothing.

A draft is the workspace as a scenario (parameters, extra categories, the uploaded table and the edits as
diffs; fundcalc.scenario) stored in the scenario database (fundcalc/store.py) under this browser's or
signed-in user's identity (ui/identity.py), the mechanism and the dataset whose policy applies. So:

- a draft is written after each change that leaves the workspace different from what it was loaded as
  (the write runs on a background thread, off the page's per-change path), and removed when the user
  restores the official data;
- a new session of the same browser finds it again: the drafts are restored when the session first
  shows a page, except for a mechanism whose page was opened by a link, which shows what the link holds;
- switching the dataset keeps the draft of the dataset left and brings back the draft of the one chosen.

The identity travels in a cookie, never in the address bar: a copied link carries no one's draft.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor

import streamlit as st

from fundcalc import mechanisms
from fundcalc.errors import InputError
from fundcalc.scenario import Scenario, plain
from fundcalc.store import Store, draft_refusal

from . import identity, state
from .i18n import lang, tr

_LOG = logging.getLogger(__name__)
SIG = "_draft_sig"
TABLES = "_draft_tables"
CHECKED = "draft:checked"  # mechanisms whose draft this session has looked for
NAME = "草稿"
_MARK = "\u0000draft:overrides\u0000"
_MARK_JSON = json.dumps(_MARK, ensure_ascii=False)
_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fundcalc-draft")


def _signature(ws: dict) -> tuple:
    # What a draft holds, cheaply: the table revision stands for the tables, the rest is small.
    return (ws["dataset"], ws["policy_dataset"], ws["table_rev"], repr(sorted(ws["overrides"].items())),
            repr(ws.get("extra_categories")))


def mark_loaded(mechanism: str) -> None:
    """The workspace as it stands now was loaded (a scenario, a link, a draft): nothing to keep yet."""
    ws = state.workspace(mechanism)
    ws[SIG] = _signature(ws)


def _write(owner: str, mechanism: str, dataset: str, body: str | None) -> None:
    try:
        if body is None:
            Store().delete_draft(owner, mechanism, dataset)
        else:
            Store().save_draft(owner, mechanism, dataset, body)
    except InputError as exc:  # the store is unreachable: the work stays in the session
        _LOG.warning("draft not kept: %s", exc.message("en"))


def autosave(mechanism: str) -> None:
    """After a run of the results: keep the workspace as this identity's draft if it changed.

    Cheap when nothing changed (one tuple compared); otherwise the diff is made here and written on the
    background thread."""
    ws = state.workspace(mechanism)
    sig = _signature(ws)
    last = ws.get(SIG)
    if last == sig:
        return
    ws[SIG] = sig
    owner = identity.current()
    if not state.is_changed(mechanism):
        if last is None:
            return  # a fresh workspace: there was nothing of this session's to remove
        _writer.submit(_write, owner, mechanism, ws["policy_dataset"], None)
        return
    from .share import from_workspace  # share imports state and store; drafts come after both

    try:
        body, refusal = _body(mechanism, ws, from_workspace)
    except InputError:
        return  # a workspace that cannot be described (a refused value): the last draft stays
    if refusal is not None:  # said once per change; the last draft kept stays
        st.toast(refusal.message(lang()) + tr("。需要时请保存为方案。", ". Save a scenario if needed."),
                 icon=":material/warning:")
        return
    _writer.submit(_write, owner, mechanism, ws["policy_dataset"], body)


def _body(mechanism: str, ws: dict, from_workspace) -> tuple[str, InputError | None]:
    """The draft's JSON and why it is not kept (or None), cheaply on a parameter change.

    Encoding a 3,000-county table's diffs takes over 100 ms in the script thread, and a parameter change does
    not change them: the JSON of everything but the parameters is kept per table revision, with a marker where
    the parameters go, and checked (size, 身份证号) once. A change then encodes and checks only the parameters."""
    tables = (ws["table_rev"], ws["dataset"], ws["policy_dataset"], repr(ws.get("extra_categories")))
    memo = ws.get(TABLES)
    if memo is None or memo[0] != tables:
        d = from_workspace(mechanism, NAME).to_dict()
        d["overrides"] = _MARK
        template = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
        memo = ws[TABLES] = (tables, template, draft_refusal(template))
    _, template, refused = memo
    params = json.dumps({k: plain(v) for k, v in ws["overrides"].items()}, ensure_ascii=False,
                        separators=(",", ":"))
    body = template.replace(_MARK_JSON, params, 1)
    return body, refused or draft_refusal(params, len(body))


def discard(mechanism: str) -> None:
    """The user restored the official data: the draft of this dataset goes too."""
    ws = state.workspace(mechanism)
    _writer.submit(_write, identity.current(), mechanism, ws["policy_dataset"], None)


def _restore(mechanism: str, body: str) -> bool:
    from .share import open_scenario

    try:
        s = Scenario.from_json(body)
        if s.mechanism != mechanism:
            return False
        open_scenario(s)
    except InputError as exc:  # a draft that no longer replays (a changed policy file): left alone
        _LOG.warning("draft not restored: %s", exc.message("en"))
        return False
    ws = state.workspace(mechanism)
    ws.pop("scenario", None)  # a draft is not a saved scenario: no id, no "opened from"
    mark_loaded(mechanism)
    return True


def restore_on_start(linked: str | None) -> None:
    """Once per session and mechanism: bring back the newest draft.

    ``linked`` is the mechanism whose page a link opened (its query holds parameters or a scenario): that
    page shows the link, not the draft."""
    checked = st.session_state.setdefault(CHECKED, set())
    todo = [m for m in mechanisms.names() if m not in checked]
    if not todo:
        return
    owner = identity.current()
    for mechanism in todo:
        checked.add(mechanism)
        try:
            found = Store().draft(owner, mechanism)
        except InputError:
            continue
        if not found:
            continue
        restored = _reload_of(mechanism, found[1]) if mechanism == linked else _restore(mechanism, found[1])
        if restored:
            st.toast(tr("已恢复上次未保存的修改（草稿）。", "Your unsaved changes were restored (draft).")
                     + " " + _where(mechanism), icon=":material/history:")


def _reload_of(mechanism: str, body: str) -> bool:
    """Whether the page's query is the one this draft puts in the address bar: a reload of one's own tab
    (the bar always holds the current parameters), not someone's link. Then the draft, with its table
    edits, is what the tab showed; the query is taken as read."""
    from . import share

    before = st.session_state.get(state.state_key(mechanism))
    if not _restore(mechanism, body):
        return False
    try:
        same = share.url_params(mechanism) == share.query_of(mechanism)
    except InputError:
        same = False
    if same:
        share.write_url_quietly(mechanism)  # marks the query as seen, so it is not applied again
    elif before is None:
        del st.session_state[state.state_key(mechanism)]  # the link opens on a fresh workspace, as without drafts
    else:
        st.session_state[state.state_key(mechanism)] = before
    return same


def restore_dataset(mechanism: str, dataset: str) -> bool:
    """After a switch to ``dataset``: its draft, if this identity left one there."""
    try:
        found = Store().draft(identity.current(), mechanism, dataset)
    except InputError:
        return False
    return bool(found) and _restore(mechanism, found[1])


def _where(mechanism: str) -> str:
    from .share import dataset_name

    ws = state.workspace(mechanism)
    return tr("（数据集：", "(dataset: ") + dataset_name(ws["policy_dataset"]) + tr("）", ")")

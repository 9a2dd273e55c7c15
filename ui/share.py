"""Scenarios in the dashboard: workspace ↔ scenario, and links that reopen the same view.

A link carries the scalar parameters as query parameters named by their keys
(``/allocation?not_lifted.standard_yuan=200``) and the county-table edits by the id of a
saved scenario (``&scenario=12``), and a saved baseline the view is on by its dataset id
(``&dataset=baseline:3``: a link never shows another city's figures than the sender saw). The binding is done
here rather than with the widgets'
own ``bind="query-params"``: the parameter widgets are views re-seeded from the workspace
(ui/params_panel.py), and a bound widget's URL value would compete with that seeding.
So, on every run of a mechanism page (dashboard/app.py calls ``on_page`` before the page):

1. a query the session has not seen yet (a followed link, a reload with a new URL) is read
   into the workspace: the scenario is opened, then the URL's parameter values are applied
   on top, each checked by its Param (a refused value is reported and skipped);
2. the workspace's parameters are written back to the URL, so the address bar always holds
   the current values and can be copied as it is.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import streamlit as st

from fundcalc import datasets, mechanisms
from fundcalc import scenario as sc
from fundcalc.errors import InputError
from fundcalc.scenario import ExtraCategory, Scenario
from fundcalc.store import Store

from . import draft, nav, state
from .i18n import lang, tr
from .safe_text import md

SCENARIO_PARAM = "scenario"
DATASET_PARAM = "dataset"   # only for a saved baseline (a shipped dataset's link stays as it was)
MAX_ID = 2**63 - 1  # SQLite's INTEGER: a larger id overflows before the query runs
SEEN = "share:seen"  # the last query read or written, per mechanism


def _has_monthly(mechanism: str) -> bool:
    """A mechanism with a secondary calculation on a table of its own (the monthly table) keeps that table too."""
    return mechanisms.get(mechanism).secondary is not None


def _plain(spec, value):
    """A checked value as the parameter panel keeps it in the workspace: int when whole, else float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def store() -> Store:
    """A store object per call: it holds no connection, so nothing is shared between sessions."""
    return Store()


# --- workspace ↔ scenario ---------------------------------------------------------------

def from_workspace(mechanism: str, name: str, description: str = "") -> Scenario:
    """The current workspace as a scenario: its tables as diffs against the table it was built from.

    An uploaded table is kept as its diff against the dataset whose policy applies (``base_edits``, with
    the file's name as ``source``) and the edits as diffs against it, so the scenario replays without the
    uploaded file and keeps the uploaded table as its baseline."""
    ws = state.workspace(mechanism)
    dataset = ws["policy_dataset"]
    base = state.load_dataset(dataset)
    cats = [ExtraCategory(c["key"], c["zh"], c.get("en") or c["zh"], c["standard_yuan"], dict(c["shares"]),
                          c.get("subsidised_pct", 100)) for c in ws.get("extra_categories", [])]
    upload = state.is_upload(ws["dataset"])
    s = Scenario.from_tables(name, mechanism, dataset, ws["base_table"] if upload else base, ws["table"],
                             ws["overrides"], cats, description,
                             base_monthly=state.load_monthly(dataset) if _has_monthly(mechanism) else None,
                             monthly=ws.get("monthly") if _has_monthly(mechanism) else None)
    if upload:
        s.source = ws["dataset"][len(state.UPLOAD_PREFIX):] or "?"
        s.base_edits = sc.diff_tables(base, ws["base_table"])
    return s


def open_scenario(s: Scenario) -> None:
    """Make the workspace exactly the saved scenario: dataset, categories, table, monthly table,
    parameters. Parameter widgets are cleared so they re-seed from it (every input as saved).
    Raises InputError (nothing changed) when the scenario does not replay."""
    table, _policy = sc.apply(s)
    monthly = sc.apply_monthly(s) if _has_monthly(s.mechanism) else None
    specs = mechanisms.get(s.mechanism).param_specs(sc.scenario_policy(s))
    overrides = {k: _plain(specs[k], specs[k].coerce(v)) for k, v in s.overrides.items()}
    ws = state.set_dataset(s.mechanism, s.dataset)  # fresh workspace; clears the parameter widgets
    if s.source or not s.base_edits.is_empty():  # built on the user's own table: that table is the baseline
        ws["dataset"] = state.UPLOAD_PREFIX + (s.source or "?")
        ws["base_table"] = sc.baseline_table(s)
    if mechanisms.get(s.mechanism).categories is not None:  # the user may add person categories
        ws["extra_categories"] = [{"key": c.key, "zh": c.zh, "en": c.en, "standard_yuan": c.standard_yuan,
                                   "shares": dict(c.shares)} for c in s.extra_categories]
        for c in s.extra_categories:
            if str(c.subsidised_pct) != "100":
                overrides.setdefault(f"{c.key}.subsidised_pct", _plain(specs[f"{c.key}.subsidised_pct"],
                                                                        specs[f"{c.key}.subsidised_pct"].coerce(
                                                                            c.subsidised_pct)))
        base = ws["base_table"].copy()
        for c in s.extra_categories:
            base[f"{c.key}_people"] = 0
        ws["base_table"] = base
    ws["table"] = table
    if monthly is not None:
        ws["monthly"] = monthly
    ws["overrides"] = overrides
    state.bump(s.mechanism)
    ws["scenario"] = {"id": s.id, "name": s.name, "overrides": dict(overrides), "edits": s.edits.to_dict(),
                      "table_rev": ws["table_rev"]}
    draft.mark_loaded(s.mechanism)


def opened(mechanism: str) -> dict | None:
    """The saved scenario the workspace was opened from, if any: {"id", "name", "overrides", "edits"}."""
    return state.workspace(mechanism).get("scenario")


# --- the URL -----------------------------------------------------------------------------

def _param_keys(mechanism: str) -> set[str]:
    return set(state.param_specs(mechanism))


def _all_param_keys() -> set[str]:
    keys = set()
    for m in mechanisms.names():
        keys |= set(mechanisms.get(m).param_specs(state.dataset_policy(state.default_dataset(m))))
    return keys


def url_params(mechanism: str) -> dict[str, str]:
    """The query of the current view: every parameter that differs from the document (and, for an
    opened scenario, every parameter it set, even when now back at the document's value), and the
    scenario id while the table is still as saved."""
    ws = state.workspace(mechanism)
    info = opened(mechanism)
    values = dict(state.base_policy(mechanism).values) | ws["overrides"]
    keys = set(ws["overrides"]) | (set(info["overrides"]) if info else set())
    out = {k: _text(values[k]) for k in sorted(keys) if k in values}
    if info and info.get("id") is not None and _table_rev_as_opened(ws):
        out[SCENARIO_PARAM] = str(info["id"])
    elif state.is_baseline(ws["policy_dataset"]):   # the scenario, when there is one, names its baseline
        out[DATASET_PARAM] = ws["policy_dataset"]
    return out


def _table_rev_as_opened(ws: dict) -> bool:
    # Cheap check on every run: the table has not been replaced or edited since the scenario was opened.
    return (ws.get("scenario") or {}).get("table_rev") == ws["table_rev"]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _signature(mechanism: str, query: dict[str, str]) -> tuple:
    relevant = _param_keys(mechanism) | {SCENARIO_PARAM, DATASET_PARAM}
    return (mechanism, tuple(sorted((k, v) for k, v in query.items() if k in relevant)))


def scenario_id(raw: str) -> int:
    """A scenario id from a link: ASCII digits within SQLite's range, else InputError.

    Checked as text before int(): ``int`` takes other scripts' digits, refuses more than 4,300 digits
    with a ValueError, and SQLite overflows past 2**63 − 1."""
    text = str(raw).strip()
    if not text or len(text) > len(str(MAX_ID)) or not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise InputError("方案编号无效：应为正整数", "invalid scenario id: must be a positive whole number",
                         column=SCENARIO_PARAM, value=raw)
    return int(text)


def _current_query() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in st.query_params.keys()}


def read_url(mechanism: str) -> list[InputError]:
    """Apply a query this session has not seen yet; returns the refusals (also kept for a toast)."""
    query = _current_query()
    sig = _signature(mechanism, query)
    seen = st.session_state.setdefault(SEEN, {})
    if seen.get(mechanism) == sig:
        return []
    params = {k: v for k, v in query.items() if k in _param_keys(mechanism)}
    sid = query.get(SCENARIO_PARAM)
    linked_dataset = query.get(DATASET_PARAM)
    if not params and sid is None and linked_dataset is None:
        seen[mechanism] = sig
        return []
    problems: list[InputError] = []
    if sid is not None:
        problems += _open_linked_scenario(mechanism, sid)
    elif linked_dataset is not None:
        problems += _open_linked_dataset(mechanism, linked_dataset)
    # Read again once the scenario or baseline is open: a saved baseline's categories have parameters of their own.
    params = {k: v for k, v in query.items() if k in _param_keys(mechanism)}
    ws = state.workspace(mechanism)
    if sid is None:
        ws["overrides"] = {}
    specs = state.param_specs(mechanism)
    for key, raw in params.items():
        try:
            value = specs[key].coerce(raw)
            state.set_override(mechanism, key, _plain(specs[key], value))
        except InputError as exc:
            problems.append(exc)
        except (ValueError, ArithmeticError, TypeError):  # a value no parser foresaw: refused, never a crash
            problems.append(InputError("无法读取这个值", "this value cannot be read", column=key, value=raw))
    clear_param_widgets(mechanism)
    state.bump(mechanism, table_changed=False)
    draft.mark_loaded(mechanism)  # what the link holds is not unsaved work of this browser
    # Marked as read only now: a run stopped half-way (a rerun request interrupts it) reads the link again.
    seen[mechanism] = sig
    return problems


def _open_linked_scenario(mechanism: str, sid: str) -> list[InputError]:
    try:
        s = store().get(scenario_id(sid))
        if s.mechanism != mechanism:
            raise InputError("链接中的方案属于另一类测算", "the linked scenario belongs to another calculation",
                             column=SCENARIO_PARAM, value=sid)
        open_scenario(s)
        return []
    except InputError as exc:
        return [exc]


def _open_linked_dataset(mechanism: str, dataset: str) -> list[InputError]:
    try:
        open_dataset(mechanism, dataset)
        return []
    except InputError as exc:
        return [exc]


def open_dataset(mechanism: str, dataset: str) -> None:
    """A link's dataset (written for a saved baseline, ``dataset=baseline:<id>``; a shipped id is taken too)
    becomes the workspace's dataset, if it is not already. InputError (nothing changed) when there is none."""
    if datasets.get(dataset).mechanism != mechanism:
        raise InputError("链接中的基准属于另一类测算", "the linked baseline belongs to another calculation",
                         column=DATASET_PARAM, value=dataset)
    ws = state.workspace(mechanism)
    if ws["dataset"] != dataset or ws["policy_dataset"] != dataset:
        state.set_dataset(mechanism, dataset)


def clear_param_widgets(mechanism: str) -> None:
    prefix = state.param_widget_key(mechanism, "")
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[k]


def write_url(mechanism: str) -> None:
    """Put the current parameters into the address bar (only keys this module manages)."""
    wanted = url_params(mechanism)
    # The current policy's keys too: a saved baseline's own categories are not in any shipped document.
    managed = _all_param_keys() | _param_keys(mechanism) | {SCENARIO_PARAM, DATASET_PARAM}
    now = _current_query()
    for k in [k for k in now if k in managed and k not in wanted]:
        del st.query_params[k]
    for k, v in wanted.items():
        if now.get(k) != v:
            st.query_params[k] = v
    st.session_state.setdefault(SEEN, {})[mechanism] = _signature(mechanism, _current_query())


def query_of(mechanism: str) -> dict[str, str]:
    """The part of the page's query this module reads for ``mechanism``."""
    relevant = _param_keys(mechanism) | {SCENARIO_PARAM, DATASET_PARAM}
    return {k: v for k, v in _current_query().items() if k in relevant}


def is_linked(url_path: str) -> bool:
    """The page was opened with a query it reads (a share link or a reload of one): it shows that, not a draft."""
    if url_path not in mechanisms.names():
        return False
    query = _current_query()
    return SCENARIO_PARAM in query or DATASET_PARAM in query or any(k in query for k in _param_keys(url_path))


def on_page(url_path: str) -> None:
    """Called by dashboard/app.py before a page runs: the URL ↔ workspace binding of the mechanism pages."""
    if url_path not in mechanisms.names():
        return
    problems = read_url(url_path)
    for exc in problems:  # both languages: a link is often opened by someone else than its author
        first, second = ("zh", "en") if lang() == "zh" else ("en", "zh")
        st.toast(tr("链接中的参数未被接受：", "A value in the link was refused: ") + md(exc.message(first))
                 + "  \n" + md(exc.message(second)), icon=":material/link_off:")
    write_url_quietly(url_path)


def write_url_quietly(mechanism: str) -> None:
    """write_url, except that a workspace that cannot be described (a refused override) keeps the last URL."""
    try:
        write_url(mechanism)
    except InputError:
        pass


def share_url(mechanism: str, params: dict[str, str], app_url: str | None = None) -> str:
    """An absolute link to a mechanism page with ``params``; ``app_url`` defaults to this app's root."""
    root = app_url or app_root()
    query = urlencode(params | ({"lang": lang()} if lang() != "zh" else {}))
    return f"{root}/{mechanism}" + (f"?{query}" if query else "")


def scenario_link_params(s: Scenario) -> dict[str, str]:
    """The query that reopens a saved scenario: its id and its parameter values, readable in the link."""
    out = {k: _text(v) for k, v in sorted(s.overrides.items())}
    out[SCENARIO_PARAM] = str(s.id)
    return out


def app_root() -> str:
    """scheme://host[:port][/base path] of this app, without the current page's path."""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 — no browser context (AppTest): a relative link still works
        url = ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    pages = set(nav.url_paths())
    head, _, last = path.rpartition("/")
    if last in pages:
        path = head
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.netloc else path


def dataset_name(dataset: str) -> str:
    """A shipped dataset's name, or "我的基准 · <name> v<k>" for a saved baseline (the id when it is gone)."""
    try:
        d = datasets.get(dataset)
    except InputError:
        return dataset
    name = d.zh if lang() == "zh" else d.en
    return tr("我的基准 · ", "My baseline · ") + name if state.is_baseline(dataset) else name

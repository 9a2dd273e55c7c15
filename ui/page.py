"""The parts every mechanism page shares: header, dataset choice with its source, changed marks, metrics."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from fundcalc import baselines, datasets, mechanisms
from fundcalc.datasets import for_mechanism
from fundcalc.errors import InputError

from . import changes, draft, plural, state
from . import live as fragments  # page.live (below) is the page layout; ui/live.py its fragments
from .format import money, signed_money
from .i18n import lang, tr
from .params_panel import show_value
from .results import Outcome
from .safe_text import md


def header(title: str, intro: str) -> None:
    st.title(title)
    st.caption(intro)


def dataset_label(dataset: str) -> str:
    if state.is_upload(dataset):
        return tr("上传：", "Upload: ") + dataset[len(state.UPLOAD_PREFIX):]
    if state.is_baseline(dataset):
        return tr("我的基准 · ", "My baseline · ") + state.dataset_name(dataset)
    return state.dataset_name(dataset)


def _known(dataset) -> bool:
    try:
        datasets.get(dataset)
        return True
    except InputError:
        return False


def _choose(mechanism: str) -> None:
    chosen = st.session_state.get(f"ds:{mechanism}")
    if chosen != state.workspace(mechanism)["dataset"] and not state.is_upload(str(chosen)) and _known(chosen):
        # The work on the dataset left stays as its draft (ui/draft.py); the one chosen comes back with its own.
        state.set_dataset(mechanism, chosen)
        if draft.restore_dataset(mechanism, chosen):
            st.toast(tr("已恢复此数据集上未保存的修改（草稿）。",
                        "Your unsaved changes on this dataset were restored."),
                     icon=":material/history:")


def dataset_bar(mechanism: str) -> None:
    """The dataset choice and, next to it, where the figures come from (文号, year) or the 示例数据 badge.

    The shipped datasets come first, then the saved baselines of this mechanism (newest first)."""
    ws = state.workspace(mechanism)
    options = [d.id for d in for_mechanism(mechanism)] + saved_baselines(mechanism)
    if ws["dataset"] not in options:   # an upload, or a baseline deleted since it was opened
        options.append(ws["dataset"])
    key = f"ds:{mechanism}"
    st.session_state[key] = ws["dataset"]
    a, b = st.columns([2, 3], vertical_alignment="bottom")
    with a:
        st.selectbox(tr("数据集", "Dataset"), options, key=key, format_func=dataset_label,
                     on_change=_choose, args=(mechanism,))
    with b:
        source_note(mechanism)


def saved_baselines(mechanism: str) -> list[str]:
    """Dataset ids of the saved baselines of ``mechanism``; none when the store cannot be read (said elsewhere)."""
    try:
        return [e.dataset_id for e in baselines.list_baselines(mechanism)]
    except InputError:
        return []


def source_note(mechanism: str) -> None:
    ws = state.workspace(mechanism)
    policy = state.dataset_policy(ws["policy_dataset"])
    # A policy file can be the user's own: its words are user text.
    title = md(policy.title_zh if lang() == "zh" else policy.title_en)
    region = md(policy.meta.get("region_zh" if lang() == "zh" else "region_en", ""))
    doc_no = md(policy.doc_no)
    if state.is_upload(ws["dataset"]):
        name = ws["dataset"][len(state.UPLOAD_PREFIX):]
        st.markdown(":violet-badge[" + tr("用户数据", "Your data") + "] "
                    + tr(f"文件 {md(name)}；参数依据 {doc_no}（{md(policy.year)} 年）",
                         f"file {md(name)}; parameters from {doc_no} ({md(policy.year)})"))
    elif state.is_baseline(ws["dataset"]):
        # The user's own document: its badge and its words, never the 官方数据 badge.
        name = md(state.dataset_name(ws["dataset"]))
        sample = datasets.get(ws["dataset"]).illustrative
        st.markdown(":green-badge[:material/bookmark: " + tr("我的基准", "My baseline") + f" · {name}] "
                    + (":orange-badge[" + tr("示例数据", "Sample data") + "] " if sample else "")
                    + tr(f"{region} {md(policy.year)} 年 · {title} · {doc_no}",
                         f"{region} {md(policy.year)} · {title} · {doc_no}"))
    elif datasets.get(ws["dataset"]).illustrative:
        st.markdown(":orange-badge[:material/science: " + tr("示例数据", "Sample data") + "] "
                    + tr(f"县级数字为示例，非官方数据；规则依据 {doc_no}（{md(policy.year)} 年）",
                         f"county figures are illustrative, not official; rules from {doc_no} ({md(policy.year)})"))
    else:
        st.markdown(":blue-badge[:material/verified: " + tr("官方数据", "Official data") + "] "
                    + tr(f"来源：{doc_no}（{md(policy.year)} 年）{region}{title}",
                         f"Source: {doc_no} ({md(policy.year)}), {region} — {title}"))


def table_diff(ws: dict, table: str = "table") -> dict:
    """changes.table_changes of a workspace table ("table" or "monthly") against its baseline, once per table
    revision (not again on a parameter change)."""
    base = "base_" + table
    key = (id(ws[base]), id(ws[table]), ws["table_rev"])
    memo = ws.setdefault("_memo", {})
    hit = memo.get("diff:" + table)
    if hit is None or hit[0] != key:
        hit = memo["diff:" + table] = (key, changes.table_changes(ws[base], ws[table]))
    return hit[1]


def status_bar(mechanism: str) -> None:
    """Whether the inputs differ from the baseline (the dataset chosen), what differs, and the one button back.

    It runs as its own fragment (``live``), rerun when what it lists changes: which parameters differ from
    the document (not their values, which the panel shows), and any table edit (ui/live.py)."""
    ws = state.workspace(mechanism)
    diff = table_diff(ws)
    n_params = len(ws["overrides"])
    n_cells = changes.count(diff)
    n_cats = len(ws.get("extra_categories", []))
    n_monthly = 0
    if ws.get("monthly") is not None:
        n_monthly = changes.count(table_diff(ws, "monthly"))
    upload = state.is_upload(ws["dataset"])
    changed = bool(n_params or n_cells or n_cats or n_monthly or upload)
    lines = change_lines(mechanism, diff) if n_params or n_cells else []
    # A short list goes into the status line itself; a long one into an expander under it (fewer elements to
    # redraw on each change in the usual case, docs/speed.md §3).
    inline = lines if len(lines) <= INLINE_CHANGES else []
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    with bar:
        if changed:
            parts = []
            if upload:
                parts.append(tr("使用上传的表格", "your uploaded table"))
            if n_params:
                parts.append(tr(f"参数改了 {n_params} 项", f"{plural.en(n_params, 'parameter')} changed"))
            if n_cells:
                parts.append(tr(f"县表改了 {n_cells} 处", f"{plural.en(n_cells, 'change')} in the county table"))
            if n_monthly:
                parts.append(tr(f"月度表改了 {n_monthly} 处", f"{plural.en(n_monthly, 'change')} in the monthly table"))
            if n_cats:
                parts.append(tr(f"新增 {n_cats} 个人员类别", f"{plural.en(n_cats, 'category')} added"))
            st.warning(tr("当前是修改后的方案：", "This is a modified scenario: ") + tr("，", ", ").join(parts)
                       + tr("。改动处标有 ✎。", ". Changes are marked ✎.") + "".join("  \n" + ln for ln in inline),
                       icon=":material/edit:")
        else:
            name = md(state.baseline_name(mechanism))
            st.success(tr(f"当前与基准「{name}」一致。修改下方参数或县表，结果即时更新。",
                          f"Same as the baseline '{name}'. Change a parameter or the county table below: "
                          "results update at once."), icon=":material/check_circle:")
        # Discarding work asks first: the button that does it sits in a popover with what will be lost.
        with st.popover(tr("恢复基准", "Restore baseline"), type="primary", icon=":material/restart_alt:",
                        disabled=not changed, key=f"reset_ask:{mechanism}"):
            name = md(state.dataset_name(state.workspace(mechanism)["policy_dataset"]))
            st.markdown(tr(f"放弃当前的全部修改（含自动保存的草稿），回到基准「{name}」？如需保留，请先在「方案」页保存。",
                           f"Discard all current changes (and the autosaved draft) and go back to the baseline "
                           f"'{name}'? To keep them, save a scenario first."))
            st.button(tr("放弃修改并恢复", "Discard and restore"), key=f"reset:{mechanism}", type="primary",
                      icon=":material/restart_alt:", disabled=not changed, on_click=_reset, args=(mechanism,))
    if len(lines) > INLINE_CHANGES:
        with st.expander(tr(f"修改明细（{len(lines)} 处）", f"What changed ({len(lines)})"), icon=":material/list:",
                         expanded=len(lines) <= 8):
            st.markdown("  \n".join(lines[:CHANGE_LIMIT]))
            if len(lines) > CHANGE_LIMIT:
                st.caption(tr(f"另有 {len(lines) - CHANGE_LIMIT} 处未列出",
                              f"{len(lines) - CHANGE_LIMIT} more not listed"))


INLINE_CHANGES, CHANGE_LIMIT = 3, 60


def _reset(mechanism: str) -> None:
    draft.discard(mechanism)
    state.reset(mechanism)
    fragments.rerun("reset", mechanism)


def change_lines(mechanism: str, diff: dict) -> list[str]:
    """One Markdown line per changed parameter (with the document's value; the panel shows the current one)
    and per changed, added or removed county value."""
    ws = state.workspace(mechanism)
    specs = state.param_specs(mechanism)
    official = state.base_policy(mechanism).values
    lines = []
    for key in ws["overrides"]:
        spec = specs.get(key)
        if spec is not None:
            doc = md(show_value(spec, official.get(key)))
            kind = state.base_policy(mechanism).source(key).label(lang())  # 文件规定 only for the document's values
            lines.append(f"✎ **{md(spec.label(lang()))}**" + tr(f"（{kind} {doc}）", f" ({kind.lower()}: {doc})"))
    try:
        schema = mechanisms.get(mechanism).schema(state.base_policy(mechanism))
        labels = {c.key: c.label(lang()) for c in schema.columns}
    except Exception:  # noqa: BLE001 — labels only; fall back to the keys
        labels = {}
    for county, col, old, new in diff["cells"]:
        lines.append(f"✎ {md(county)} · {md(labels.get(col, col))}：{md(changes.show_number(old))} → "
                     f"**{md(changes.show_number(new))}**")
    for county in diff["added"]:
        lines.append("＋ " + tr("新增县：", "added: ") + md(county))
    for county in diff["removed"]:
        lines.append("－ " + tr("删除县：", "removed: ") + md(county))
    return lines


def outcome_message(outcome: Outcome) -> None:
    """A refused input: its message, and a note that the figures below are the last good ones."""
    if outcome.error is None:
        return
    msg = md(outcome.error.message(lang()))
    if outcome.stale:
        st.error(tr("当前输入无法计算，下方保留上一次有效的结果。原因：", "The current inputs cannot be computed; "
                    "the figures below are the last valid ones. Reason: ") + msg, icon=":material/error:")
    else:
        st.error(msg, icon=":material/error:")


def metrics_row():
    """A row of headline metrics: one horizontal container (not st.columns, which adds a block per column and
    so more to redraw on each change, docs/speed.md §3)."""
    return st.container(horizontal=True, gap="small")


def metric(label: str, fen: int, base_fen: int | None, places: int = 2, help: str | None = None,
           container=None) -> None:
    """A headline figure in 万元 (the unit in the label, so the number stays large and whole on a projector),
    with its change against the baseline's figure (the baseline named: the page may be on a user's own)."""
    target = container or st
    changed = base_fen is not None and fen != base_fen
    target.metric(f"{label}{tr('（万元）', ' (10k yuan)')}", money(fen, places),
                  delta=signed_money(fen - base_fen, places) if changed else None, delta_color="off",
                  help=help, border=True, delta_description=delta_description() if changed else None,
                  height="stretch")


RESULTS_OF = "page:results_of"   # the mechanism whose results fragment is running (its metrics name its baseline)


def delta_description(mechanism: str | None = None) -> str:
    """'较基准 <name>': what a delta is measured against, named (a shipped document or the user's own)."""
    name = state.baseline_name(mechanism or st.session_state[RESULTS_OF])
    return tr(f"较基准 {name}", f"vs baseline {name}")


def inputs(mechanism: str) -> None:
    """The top of every mechanism page, outside its live part: the dataset and the import.

    Both replace the whole table, so they rerun the whole page."""
    from .upload import upload_panel

    dataset_bar(mechanism)
    upload_panel(mechanism)  # 导入自己的表格：预览、确认后才替换


class ResultTab(NamedTuple):
    """A view under the chart that shows the result: its labels and ``draw(result, marked counties)``."""
    zh: str
    en: str
    draw: Callable


EXPLAIN_TAB = ("这个数怎么来的", "How was it computed?")


def live(mechanism: str, *, headline: Callable, chart: Callable, result_tabs: list[ResultTab],
         editor_tab: tuple[str, str], explain) -> None:
    """The part of a mechanism page that its inputs drive: status and ``headline(result, baseline)`` metrics,
    the parameter panel beside ``chart(result)`` (an SVG from ui.charts), and under them a view switch over
    ``result_tabs``, the county table's editor and the explanation (``explain`` from fundcalc).

    The page is laid out once, outside any fragment, and three fragments fill it (docs/speed.md §1): the status bar,
    the parameter panel, and the results, which stand in the head and write the chart and the chosen view from
    there. A parameter change or a cell edit reruns the results, and the status bar and the panel only when
    they show something new (ui/live.py); none of it reruns the navigation, the dataset bar or the import
    panel. The view switch is made outside the fragments, and only the chosen view is drawn: a change redraws
    that view and nothing else under the chart; choosing another view reruns the page. The downloads
    are drawn on full runs (``_downloads``). The URL is brought up to date after each results run, as dashboard/app.py
    does on a full run (ui/share.py)."""
    from . import editor
    from .params_panel import render_params
    from .share import write_url_quietly

    @fragments.fragment("status", mechanism)
    def status():
        editor.apply_pending(mechanism)  # edits that reached session state without their callback come first
        status_bar(mechanism)

    status()
    head = st.container()
    left, right = st.columns([1, 2], gap="large")
    labels = [(t.zh, t.en) for t in result_tabs] + [editor_tab, EXPLAIN_TAB]
    open_tab = view_switch(f"details:{mechanism}", [tr(zh, en) for zh, en in labels])
    panel = st.container()
    downloads = st.container()

    @fragments.fragment("params", mechanism)
    def params():
        st.subheader(tr("参数", "Parameters"), anchor=False)
        render_params(mechanism)

    # The results fragment stands where its first part goes (the head): only the chart and the chosen view are
    # written from outside it, and each such container is one more block to send on every run.
    @fragments.fragment("results", mechanism)
    def results():
        st.session_state[RESULTS_OF] = mechanism
        current, base, marked = outcome(mechanism)
        r = current.result
        if r is not None:
            headline(r, base)
        _chart(right, chart(r) if r is not None else None)
        _open_tab(panel, open_tab, mechanism, current, marked, result_tabs, explain)
        write_url_quietly(mechanism)
        draft.autosave(mechanism)

    with left:
        params()
    with head:
        results()
    with downloads:
        _downloads(mechanism)


def outcome(mechanism: str):
    """Inside the results: pending edits applied, the result and its baseline, a refused input's message.

    Returns (outcome, baseline result or None, counties marked as changed).
    """
    from . import editor, results

    editor.apply_pending(mechanism)
    current = results.current(mechanism)
    base = results.baseline(mechanism)
    marked = changes.changed_counties(table_diff(state.workspace(mechanism)))
    outcome_message(current)
    return current, base, marked


def view_switch(key: str, labels: list[str]) -> int:
    """The bar above a page's tables that chooses which one is drawn; returns its index. Only the chosen
    table is drawn, and choosing another reruns the page (or, for a switch drawn inside a fragment, that
    fragment).

    A segmented control rather than st.tabs (docs/speed.md §2): measured on the pooling page (benchmarks/README.md),
    a parameter change settled about 9 ms sooner. Tabs re-render, and measure themselves again, each time the
    script starts and stops, and a change starts and stops it twice; a button group is one plain widget.

    The choice is kept by its position under ``<key>:index``, a plain session key: it survives a change of
    language (new labels) and a visit to another page (Streamlit drops an undrawn widget's value)."""
    kept = f"{key}:index"
    if st.session_state.get(key) not in labels:
        st.session_state[key] = labels[min(st.session_state.get(kept, 0), len(labels) - 1)]
    choice = st.segmented_control(tr("查看", "View"), labels, key=key, required=True,
                                  label_visibility="collapsed")
    st.session_state[kept] = index = labels.index(choice)
    return index


def details(key: str, tabs: list[tuple[str, str, object]]) -> None:
    """The tables of a page section under a view switch, [(Chinese label, English label, draw function)]:
    only the chosen one is drawn, so a parameter change redraws it and not the others."""
    index = view_switch(f"details:{key}", [tr(zh, en) for zh, en, _ in tabs])
    with st.container():
        tabs[index][2]()


def _chart(place, svg: str | None) -> None:
    """The page's main chart; without a result (inputs refused before any good one), a line saying so, so the
    place is written on every run."""
    from . import charts

    with place:
        if svg is not None:
            charts.show(svg)
        else:
            st.info(tr("输入修正后，这里显示图表。", "The chart appears here once the inputs are corrected."),
                    icon=":material/bar_chart:")


def _open_tab(place, index: int, mechanism: str, current: Outcome, marked: set, result_tabs: list[ResultTab],
              explain) -> None:
    """The chosen view's content: a result view, the county editor, or the explanation.
    Without a result (the inputs were refused before any good one) the result views say where to correct them."""
    from . import editor

    r = current.result
    with place:
        if index == len(result_tabs):
            editor.editor_section(mechanism, marked=marked)
        elif r is None:
            st.info(tr("当前输入无法计算，暂无结果。请在可编辑的县表中修正，或恢复基准。",
                       "The current inputs cannot be computed, so there is no result yet. Correct the editable "
                       "county table, or restore the baseline."), icon=":material/info:")
        elif index < len(result_tabs):
            result_tabs[index].draw(r, marked)
            if current.stale:
                st.caption(tr("下载的是上一次有效的结果。", "The downloads hold the last valid result."))
        else:
            explanation(mechanism, r, explain)()


def _downloads(mechanism: str) -> None:
    """The download buttons under the views, drawn on full runs; each file is built from the result shown when it
    is clicked (results.last_computed), so the buttons need not be sent again on a parameter change."""
    from . import results
    from .downloads import render_downloads

    ws = state.workspace(mechanism)
    shown = results.last_computed(ws)
    if shown is None:
        return
    render_downloads(mechanism, lambda: results.last_computed(ws) or shown)


def explanation(mechanism: str, result, explain):
    """The "这个数怎么来的" view's draw function for a chosen county."""
    from .explain import render_explain

    return lambda: render_explain(f"explain:{mechanism}", result, explain)

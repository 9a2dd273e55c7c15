"""方案简报 (the leadership view): a shared scenario opens on its story.

``/story?scenario=12`` shows, above the fold at 1280×720: the scenario's name, the figure it is about, that
figure's change against the scenario's own baseline (万元 and %), and the county chart of the change. The
parameters, the edit list and the county table are one click away (expanders); ``?present=1`` (or the
switch) hides the sidebar, draws everything larger and puts the county table in view.

Nothing here runs on a mechanism page's per-change path: both results come from the content-keyed cache of
ui/scenario_sources.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fundcalc import mechanisms
from fundcalc import scenario as sc
from fundcalc import story as fs
from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.scenario import Scenario

from . import nav, share, story_chart
from . import scenario_sources as sources
from .i18n import lang, tr
from .plural import count, en
from .safe_text import md

PATH = "story"
PRESENT = "present"
PRESENT_KEY = "story:present"
PICK_KEY = "story:pick"
SHOWN_NAMES = 12  # counties named on one line of the edit list

COMPACT_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
.st-key-story-head h1 { padding-top: 0; }
</style>"""
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; max-width: 100%; }
.st-key-story-head h1 { font-size: 2.6rem; }
.st-key-story-figures [data-testid="stMetricValue"] { font-size: 2.8rem; }
.st-key-story-figures [data-testid="stMetricLabel"] p,
.st-key-story-figures [data-testid="stMetricDelta"] { font-size: 1.3rem; }
</style>"""


# --- links ---------------------------------------------------------------------------------

def story_url(s: Scenario) -> str:
    """The link that opens a saved scenario on its story."""
    return share.share_url(PATH, {share.SCENARIO_PARAM: str(s.id)})


def present_on() -> bool:
    """Presentation mode: the switch once it exists, else ``?present=1`` (``0`` or absent: off)."""
    if PRESENT_KEY in st.session_state:
        return bool(st.session_state[PRESENT_KEY])
    return st.query_params.get(PRESENT) == "1"


def _sync_present() -> None:
    if st.session_state.get(PRESENT_KEY):
        st.query_params[PRESENT] = "1"
    else:
        st.query_params.pop(PRESENT, None)


def figure_label(mechanism: str, key: str) -> str:
    t = mechanisms.get(mechanism).total(key)
    return tr(t.zh, t.en)


def figure_picker(mechanism: str, key: str) -> str:
    """The figure a scenario is about, chosen when saving (the mechanism's story figure first)."""
    keys = [t.key for t in fs.figures(mechanism)]
    labels = {k: figure_label(mechanism, k) for k in keys}  # made now: format_func may run outside this run
    if st.session_state.get(key) not in keys:
        st.session_state.pop(key, None)
    return st.selectbox(tr("方案关注的数字", "The figure it is about"), keys, format_func=labels.get, key=key,
                        help=tr("打开分享链接时首先显示这个数字的变化及各县增减。",
                                "A shared link opens on this figure's change and its county chart."))


# --- reading the link -------------------------------------------------------------------------

def _linked() -> Scenario | None:
    """The scenario the link names (``?scenario=<id>``, read strictly as in ui/share.py), or the one picked here."""
    raw = st.query_params.get(share.SCENARIO_PARAM)
    if raw is None:
        return _pick()
    try:
        return share.store().get(share.scenario_id(raw))
    except InputError as exc:
        first, second = ("zh", "en") if lang() == "zh" else ("en", "zh")
        st.error(tr("链接中的方案无法打开：", "The scenario in the link cannot be opened: ")
                 + md(exc.message(first)) + "  \n" + md(exc.message(second)), icon=":material/link_off:")
        return None


def _pick() -> Scenario | None:
    try:
        entries = share.store().list()
    except InputError as exc:
        st.error(md(exc.message(lang())))
        return None
    if not entries:
        st.info(tr("还没有保存的方案。在「方案」页保存一个方案后，这里显示它的要点，并可分享链接。",
                   "No saved scenarios yet. Save one on the Scenarios page; its story is shown here, with a link."),
                icon=":material/info:")
        return None
    names = {e.id: f"{e.name} · v{e.version}（#{e.id}）" for e in entries}
    sid = st.selectbox(tr("方案", "Scenario"), list(names), format_func=names.get, key=PICK_KEY)
    st.query_params[share.SCENARIO_PARAM] = str(sid)
    return share.store().get(sid)


# --- what changed ------------------------------------------------------------------------------

def _value_text(spec, value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return tr("是", "yes") if value else tr("否", "no")
    unit = spec.unit_zh if lang() == "zh" else spec.unit_en
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}".strip()


def param_rows(s: Scenario) -> pd.DataFrame:
    """Each changed parameter: its name, the baseline's value and the scenario's, with units."""
    policy = sc.scenario_policy(s)
    specs = mechanisms.get(s.mechanism).param_specs(policy)
    base = sc.scenario_policy(fs.baseline_of(s)).values  # whatever the scenario's dataset resolves to
    rows = []
    for key, value in s.overrides.items():
        spec = specs.get(key)
        if spec is None:
            continue
        rows.append({tr("参数", "Parameter"): spec.zh if lang() == "zh" else spec.en,
                     tr("基准", "Baseline"): _value_text(spec, base.get(key)),
                     tr("方案", "Scenario"): _value_text(spec, policy.values.get(key, value))})
    return pd.DataFrame(rows)


def edit_texts(s: Scenario) -> list[str]:
    """The edit list grouped: "删除县 ×9：…" rather than nine lines."""
    schema = mechanisms.get(s.mechanism).schema(sc.scenario_policy(s))
    out = []
    for c in s.extra_categories:
        out.append(tr(f"新增人员类别：{c.zh}（{c.standard_yuan} 元/人）",
                      f"Added person category: {c.en} ({c.standard_yuan} yuan per person)"))
    for line in fs.edit_lines(s.edits):
        names = "、".join(line.counties[:SHOWN_NAMES]) + ("…" if line.count > SHOWN_NAMES else "")
        names_en = ", ".join(line.counties[:SHOWN_NAMES]) + ("…" if line.count > SHOWN_NAMES else "")
        if line.kind == "removed":
            out.append(tr(f"删除县 ×{line.count}：{names}", f"Removed {en(line.count, 'county')}: {names_en}"))
        elif line.kind == "added":
            out.append(tr(f"新增县 ×{line.count}：{names}", f"Added {en(line.count, 'county')}: {names_en}"))
        else:
            try:
                col = schema.column(line.column).label(lang())
            except (KeyError, InputError):
                col = line.column
            out.append(tr(f"修改「{col}」×{line.count}：{names}",
                          f"Changed '{col}' in {en(line.count, 'county')}: {names_en}"))
    return out


def county_table(story: fs.Story) -> tuple[pd.DataFrame, dict]:
    """The county table of the change (万元: 2 decimals when every amount is whole 0.01 万元, else 6 — to
    the 分), the county column pinned so that it stays in view on a narrow screen."""
    c = story.counties
    unit = tr("万元", "10k yuan")
    money = {tr(f"基准({unit})", f"Baseline ({unit})"): c["base"],
             tr(f"方案({unit})", f"Scenario ({unit})"): c["value"],
             tr(f"增减({unit})", f"Change ({unit})"): c["delta"]}
    exact = all(int(v) % 10_000 == 0 for col in money.values() for v in col if v is not None)
    county = tr("县(市、区)", "County")
    frame = pd.DataFrame({county: c["county"].astype(str)}
                         | {h: [None if v is None else int(v) / 1_000_000 for v in col] for h, col in money.items()}
                         | {tr("增减(%)", "Change (%)"): [float("nan") if v is None else float(v)
                                                        for v in c["delta_pct"]]})
    config = {h: st.column_config.NumberColumn(h, format="%,.2f" if exact else "%,.6f") for h in money}
    config[tr("增减(%)", "Change (%)")] = st.column_config.NumberColumn(tr("增减(%)", "Change (%)"), format="%+.2f")
    config[county] = st.column_config.TextColumn(county, pinned=True)
    return frame, config


# --- the page ----------------------------------------------------------------------------------

def _summary(story: fs.Story) -> str:
    c = story.counties
    up, down = int((c["delta"] > 0).sum()), int((c["delta"] < 0).sum())
    return tr(f"{len(c)} 个县中，{up} 个增加，{down} 个减少，{story.unchanged} 个不变。",
              f"Of {en(len(c), 'county')}, {up} up, {down} down, {story.unchanged} unchanged.")


def _delta_text(story: fs.Story) -> str:
    unit = tr("万元", "10k yuan")
    pct = story_chart.pct_text(story.pct)
    return f"{story_chart.exact_wan(story.delta, signed=True)} {unit}" + (tr(f"（{pct}）", f" ({pct})") if pct else "")


def show(s: Scenario, present: bool) -> None:
    """The story of a saved scenario."""
    base_s = fs.baseline_of(s)
    try:
        result, base_result = sources.result(s), sources.result(base_s)
        story = fs.tell(s, result, base_result)
    except InputError as exc:
        st.error(md(tr("方案无法计算：", "The scenario cannot be computed: ") + exc.message(lang())))
        return
    spec = mechanisms.get(s.mechanism)
    fig_name = tr(story.figure.zh, story.figure.en)
    base_name = (share.dataset_name(s.dataset) if s.dataset in DATASETS else base_s.name) + (
        tr(f"（上传的表格「{s.source}」）", f" (uploaded table '{s.source}')") if s.source else "")
    with st.container(key="story-head"):
        st.title(md(s.name), anchor=False)
        badge = (":orange-badge[:material/science: " + tr("示例数据", "Sample data") + "] ") if s.is_sample else ""
        st.markdown(badge + md(spec.label(lang())) + " · " + tr("基准：", "Baseline: ") + md(base_name)
                    + " · " + tr("关注：", "Figure: ") + md(fig_name))
    left, right = st.columns([2, 3], gap="medium")
    with left, st.container(key="story-figures"):
        st.metric(tr(f"{fig_name}（方案）", f"{fig_name} (scenario)"),
                  f"{story_chart.exact_wan(story.value)} {tr('万元', '10k yuan')}",
                  delta=_delta_text(story) if story.delta else tr("与基准相同", "same as baseline"),
                  delta_color="off" if not story.delta else "normal", border=True,
                  help=tr("变化 = 方案 − 基准（各县取整后之和，精确到分）；% 相对基准。",
                          "Change = scenario − baseline (sums of the rounded county figures, exact to the fen); "
                          "% of the baseline."))
        line = tr("基准：", "Baseline: ") + f"**{story_chart.exact_wan(story.base)}** {tr('万元', '10k yuan')}"
        st.markdown(line + ("  \n" + _summary(story) if story.counties is not None else ""))
    with right, st.container(key="story-chart"):
        fig = story_chart.figure(story, present)
        if fig is not None:
            st.plotly_chart(fig, key="story:chart", config=story_chart.config(f"{spec.file_stem}_{s.id}"))
        elif story.counties is None:
            st.info(tr("这是全市一级的数字，没有分县数。", "This is a city-level figure: no county breakdown."))
        else:
            st.info(tr("没有县的这个数字发生变化。", "No county's figure changes."))
    if present and story.counties is not None:  # the county table in view
        table, config = county_table(story)
        st.dataframe(table, hide_index=True, column_config=config, key="story:counties")
    if not present:
        _details(s, story)


def _details(s: Scenario, story: fs.Story) -> None:
    params = param_rows(s)
    edits = edit_texts(s)
    n_edits = s.edits.count()
    with st.expander(tr("参数与修改明细", "Parameters and edits") + " · "
                     + count(len(params), "项参数", "parameter") + tr("，", ", ")
                     + count(n_edits, "处县表修改", "table edit"), icon=":material/tune:"):
        if len(params):
            st.dataframe(params, hide_index=True, key="story:params")
        else:
            st.caption(tr("参数与基准相同。", "Parameters as in the baseline."))
        for line in edits:
            st.markdown("- " + md(line))
        st.page_link(nav.link(s.mechanism), label=tr("在测算页打开并修改", "Open on the calculation page to edit"),
                     icon=":material/open_in_new:", query_params=share.scenario_link_params(s))
    if story.counties is not None:
        with st.expander(tr("分县明细", "County table"), icon=":material/table:"):
            table, config = county_table(story)
            st.dataframe(table, hide_index=True, column_config=config, key="story:counties")


def page() -> None:
    present = present_on()
    st.html(_PRESENT_CSS if present else COMPACT_CSS)
    s = _linked()
    if s is None:
        return
    show(s, present)
    st.toggle(tr("演示模式（投影用）", "Presentation mode (for a projector)"), value=present, key=PRESENT_KEY,
              on_change=_sync_present)
    st.caption(tr("分享此页：", "Share this page: ") + md(story_url(s)))

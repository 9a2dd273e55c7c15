"""方案对比: a baseline and up to eight scenarios side by side — totals per government level, a grouped
bar chart, per-county changes (万元 and %), the counties whose status changes, CSV/XLSX export."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from fundcalc import mechanisms
from fundcalc.compare import (
    MAX_SCENARIOS,
    compare,
    comparison_csv,
    comparison_xlsx,
    county_figures,
    status_label,
    totals_frame,
)
from fundcalc.errors import InputError
from fundcalc.export import file_name
from fundcalc.money import fen_to_wan_float, format_wan
from ui import compare_link, compare_view, story, story_chart
from ui import scenario_sources as sources
from ui.i18n import lang, tr
from ui.names import mechanism_labels
from ui.safe_text import md
from ui.safe_text import plotly as plot_text

SHOWN = min(8, MAX_SCENARIOS)
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOP_COUNTIES = 30

st.title(tr("方案对比", "Compare scenarios"))
shared = compare_link.read()  # a shared comparison's selections, before the widgets (ui/compare_link.py)
if shared:
    st.html(story.COMPACT_CSS)  # less space above the title: the figures and the chart on the first screen
else:
    st.caption(tr(f"选一个基准和最多 {SHOWN} 个方案并排比较：各级政府合计、分县增减（万元和 %）、状态发生变化的县。"
                  "金额为精确到分的测算结果，合计为各县取整后之和。",
                  f"Pick a baseline and up to {SHOWN} scenarios: totals per government level, per-county changes "
                  "(10k yuan and %), and the counties whose status changes. Totals are sums of the rounded county "
                  "figures."))
# Opened from a link: the settings one click away, so the first screen holds the figures and the chart.
with st.expander(tr("对比设置：基准、方案、比较项目", "Settings: baseline, scenarios, figure"), expanded=not shared,
                 icon=":material/tune:"):
    # Labels are made once per run: a format_func must not read the language later, outside the run.
    mech_labels = mechanism_labels()
    mech = st.selectbox(tr("测算", "Calculation"), mechanisms.names(), format_func=mech_labels.get,
                        key="cmp:mech", persist_state="session")  # kept while the user visits other pages
    keys = sources.options(mech)
    labels = {k: sources.label(k) for k in keys}
    a, b = st.columns([2, 3])
    with a:
        base_key = st.selectbox(tr("基准", "Baseline"), keys, format_func=lambda k: labels.get(k, k),
                                key=f"cmp:base:{mech}", persist_state="session")
    with b:
        picked = st.multiselect(tr(f"对比方案（最多 {SHOWN} 个）", f"Scenarios (up to {SHOWN})"),
                                [k for k in keys if k != base_key], format_func=lambda k: labels.get(k, k),
                                max_selections=SHOWN, key=f"cmp:picked:{mech}", persist_state="session",
                                placeholder=tr("选择方案…", "Choose scenarios…"))
    figure_labels = {t.key: tr(*t.county) for t in county_figures(mech)}
    figure = st.selectbox(tr("分县比较的项目", "Per-county figure"), list(figure_labels),
                          format_func=figure_labels.get, key=f"cmp:figure:{mech}", persist_state="session")
link = compare_link.write(mech, base_key, picked, figure)


def _run(key: str):
    s = sources.resolve(key, mech)
    return s, sources.result(s)


comp = None
if not picked:
    st.info(tr("请在上方选择至少一个方案。", "Choose at least one scenario above."), icon=":material/info:")
else:
    try:
        base_s, base_r = _run(base_key)
        runs, samples = [], base_s.is_sample
        for k in picked:
            try:
                s, r = _run(k)
            except InputError as exc:
                st.error(md(labels.get(k, k) + tr("：无法计算。", ": cannot be computed. ") + exc.message(lang())))
                continue
            runs.append((sources.short_name(k, s), r))
            samples = samples or s.is_sample
        if runs:
            comp = compare(base_r, runs, baseline_name=sources.short_name(base_key, base_s), figure=figure)
            st.caption(tr(f"增减（Δ）均较基准「{md(comp.names[0])}」。", f"Changes (Δ) are against the baseline "
                          f"'{md(comp.names[0])}'."))
        if samples:
            st.markdown(":orange-badge[:material/science: " + tr("示例数据", "Sample data") + "] "
                        + tr("所选方案含示例数据，数字仅作演示，非官方数据。",
                             "Some of these scenarios use sample data: illustrative figures, not official."))
    except InputError as exc:
        st.error(md(tr("基准无法计算：", "The baseline cannot be computed: ") + exc.message(lang())))

if comp is not None:
    current_lang = lang()
    # the cards follow the chosen figure (each per-county figure is also a total of the comparison)
    card = figure if figure in set(comp.totals["key"]) else mechanisms.get(mech).compare_headline()
    row = comp.totals.set_index("key").loc[card]
    heads = st.columns(min(len(comp.names), 5))
    for i, name in enumerate(comp.names):
        change = None if i == 0 else int(row[f"Δ {name}"])
        heads[i % len(heads)].metric(
            f"{md(name)} · {tr(row['zh'], row['en'])}", f"{format_wan(int(row[name]))} {tr('万元', '(10k yuan)')}",
            delta=None if change is None
            else f"{'+' if change >= 0 else ''}{format_wan(change)} {tr('万元', '')}".strip()
            + (f"（{row[f'Δ% {name}']:+.2f}%）" if pd.notna(row[f"Δ% {name}"]) else ""),
            delta_color="off", border=True)
    changes = compare_view.delta_chart(comp)  # who gains and who loses, right under the cards
    if changes is not None:
        st.plotly_chart(changes, key="cmp:chart:changes", config=story_chart.config(file_name("compare", "png")[:-4]))
    st.subheader(tr("合计（单位：万元）", "Totals (10k yuan)"), anchor=False)
    totals, fmt = totals_frame(comp, current_lang)
    is_money = (comp.totals["kind"] == "fen").to_numpy()
    config = {h: st.column_config.NumberColumn(h, format="%,.2f" if p == 2 else "%,.6f") for h, p in fmt.items()}
    st.dataframe(totals[is_money], hide_index=True, column_config=config, key="cmp:totals")
    if (~is_money).any():  # headcounts and numbers of counties: whole numbers, not 万元
        counts = totals[~is_money]
        st.dataframe(counts, hide_index=True, key="cmp:counts",
                     column_config={h: st.column_config.NumberColumn(h, format="%,.2f" if h.endswith("(%)") else "%,d")
                                    for h in counts.columns[1:]})

    money_rows = comp.totals[comp.totals["kind"] == "fen"]
    fig = go.Figure()
    for name in comp.names:
        fig.add_bar(name=plot_text(name),
                    x=[tr(zh, en) for zh, en in zip(money_rows["zh"], money_rows["en"], strict=True)],
                    y=fen_to_wan_float(money_rows[name].astype("int64").to_numpy()),
                    customdata=compare_view.exact_texts(money_rows[name]),
                    hovertemplate="%{x}：%{customdata}<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="group", title={"text": tr("各级合计对比（万元）", "Totals by level (10k yuan)")},
                      font={"family": FONT, "size": 14}, yaxis={"tickformat": ",.0f", "title": tr("万元", "10k yuan")},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"}, plot_bgcolor="white",
                      margin={"t": 90})
    st.plotly_chart(fig, key="cmp:chart:totals", config={"displaylogo": False})

    st.subheader(tr(f"分县增减：{comp.figure_label('zh')}", f"Per county: {comp.figure_label('en')}"), anchor=False)
    compare_view.county_table(comp, current_lang)  # county column pinned; a deltas-only view

    wide = comp.wide()
    shown = wide.head(TOP_COUNTIES)
    fig2 = go.Figure()
    counties = [plot_text(c) for c in shown["county"]]
    fig2.add_bar(name=plot_text(comp.names[0]), x=counties, y=[None if v is None else v / 1e6 for v in shown["base"]],
                 customdata=compare_view.exact_texts(shown["base"]), hovertemplate=compare_view.HOVER)
    for name in comp.scenario_names:
        fig2.add_bar(name=plot_text(name), x=counties,
                     y=[None if v is None else v / 1e6 for v in shown[f"value:{name}"]],
                     customdata=compare_view.exact_texts(shown[f"value:{name}"]), hovertemplate=compare_view.HOVER)
    fig2.update_layout(barmode="group", title={"text": tr(f"分县{comp.figure_label('zh')}（万元）",
                                                         f"{comp.figure_label('en')} per county (10k yuan)")},
                       font={"family": FONT, "size": 14}, yaxis={"tickformat": ",.0f"}, plot_bgcolor="white",
                       legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"}, margin={"t": 90})
    st.plotly_chart(fig2, key="cmp:chart:counties", config={"displaylogo": False})
    if len(wide) > TOP_COUNTIES:
        st.caption(tr(f"图中显示前 {TOP_COUNTIES} 个县，表格列出全部 {len(wide)} 个。",
                      f"The chart shows the first {TOP_COUNTIES} counties; the table lists all {len(wide)}."))

    st.subheader(tr("状态变化的县", "Counties whose status changes"), anchor=False)
    if comp.status_changes.empty:
        st.caption(tr("没有县的状态发生变化。", "No county changes status."))
    else:
        frame = comp.status_changes.copy()
        st.dataframe({
            tr("县(市、区)", "County"): frame["county"].tolist(),
            tr("方案", "Scenario"): frame["scenario"].tolist(),
            tr("基准状态", "Baseline"): [status_label(s, current_lang) for s in frame["from"]],
            tr("方案状态", "Scenario status"): [status_label(s, current_lang) for s in frame["to"]],
        }, hide_index=True, key="cmp:changes")

    st.subheader(tr("导出", "Export"), anchor=False)
    d1, d2 = st.columns(2)
    d1.download_button(tr("下载 CSV", "Download CSV"), comparison_csv(comp, current_lang),
                       file_name=file_name("compare", "csv"), mime="text/csv", key="cmp:csv", on_click="ignore",
                       icon=":material/download:", width="stretch")
    d2.download_button(tr("下载 XLSX", "Download XLSX"), lambda: comparison_xlsx(comp, current_lang),
                       file_name=file_name("compare", "xlsx"), mime=XLSX_MIME, key="cmp:xlsx", on_click="ignore",
                       icon=":material/table_view:", width="stretch")
compare_link.show_link(link, base_key, picked)

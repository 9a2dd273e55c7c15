"""基金缺口分担 (运政办发〔2019〕30号): county gaps and surpluses, the 调剂金, and the inpatient
global budget with its monthly prepayment (三、四)."""

from __future__ import annotations

import streamlit as st

from fundcalc import mechanisms
from fundcalc.mechanisms import pooling
from fundcalc.mechanisms.pooling import budget as global_budget
from fundcalc.params import plain
from ui import assumptions, charts, editor, page, results, state
from ui import result_table as result_table_view
from ui.downloads import render_budget_download
from ui.explain import render_explain
from ui.i18n import lang, tr

M = "pooling"

# The document's sentence ([page] intro, its rates filled from the values), else the mechanism's generic one.
_policy = state.base_policy(M)
page.header(tr("基金缺口分担", "Fund gap sharing"),
            _policy.page_intro(lang()) or tr(mechanisms.get(M).intro_zh, mechanisms.get(M).intro_en))
page.inputs(M)


def result_table(r, marked) -> None:
    result_table_view.show(r, "table:pooling", marked)


def gap_metrics(r, base) -> None:
    b = base.totals if base is not None else {}
    city = r.figures
    base_city = base.figures if base is not None else {}
    row = page.metrics_row()
    page.metric(tr("当年结余(+)/缺口(−)合计", "Net surplus (+) / gap (−)"), r.totals["balance_fen"],
                b.get("balance_fen"), container=row)
    page.metric(tr("县级政府负担缺口", "Gaps borne by counties"), r.totals["county_burden_fen"],
                b.get("county_burden_fen"), container=row)
    page.metric(tr("调剂金弥补缺口", "Gaps covered by the reserve"), r.totals["gap_from_reserve_fen"],
                b.get("gap_from_reserve_fen"), container=row)
    row = page.metrics_row()
    policy = r.policy
    opening, band = policy.source("city_reserve_opening_wan"), policy.source("months_band_low")
    page.metric(tr("调剂金期末余额", "City reserve at year end"), city["reserve_closing_fen"],
                base_city.get("reserve_closing_fen"), container=row,
                help=tr(f"期初余额 + 预留 {plain(policy.values['reserve_pct'])}% + 结余提取 "
                        f"{plain(policy.values['surplus_reserve_pct'])}%（+ 二(一) 另计部分）− 弥补缺口。期初余额：",
                        f"Opening + {plain(policy.values['reserve_pct'])}% kept + "
                        f"{plain(policy.values['surplus_reserve_pct'])}% of surpluses (+ II.1 when on top) − gaps "
                        "paid. Opening balance: ")
                + opening.note(lang()))
    low, high = city["band_low"], city["band_high"]
    months = city["months_available"]
    inside = low <= months <= high
    # The city's figure, with the 调剂金: it rests on the opening balance (示例值) and the band (假设), and says so.
    row.metric(tr("全市可支配月数（含调剂金）", "City months covered (with the reserve)"),
               f"{months:.2f} {tr('月', 'months')}", border=True,
               delta=tr(f"目标 {low:g}–{high:g} 个月（{band.label('zh')}）", f"target {low:g}–{high:g} "
                        f"({band.label('en').lower()})") + (" ✓" if inside else tr("，超出区间", ", outside")),
               delta_color="off" if inside else "inverse", delta_arrow="off", height="stretch",
               help=tr(f"（调剂金期末 + 各县留存结余）÷ 月均支出；期初余额为{opening.label('zh')}。各县自身的可支配月数"
                       f"（不含调剂金）为 {city['counties_months_available']:.2f} 个月，见表格合计行。",
                       f"(reserve + counties' retained surplus) ÷ monthly spending; the opening balance is a "
                       f"{opening.label('en').lower()}. The counties' own figure (without the reserve) is "
                       f"{city['counties_months_available']:.2f} months, the table's total row."))
    n_gap = int((r.table["status"] == "gap").sum())
    row.metric(tr("出现缺口的县（市、区）", "Counties with a gap"), f"{n_gap} / {len(r.table)}", border=True,
              help=tr("当年测算收入小于测算支出的县", "Counties whose counted revenue is below counted spending"),
              height="stretch")
    if city["budget_fen"] > 0:
        row = page.metrics_row()
        page.metric(tr("二(一) 超预算收入", "II.1 revenue above budget"), city["excess_fen"],
                    base_city.get("excess_fen"), container=row,
                    help=tr("征缴收入合计 − 市级预算基金收入", "Revenue − budgeted revenue"))
        page.metric(tr("其中留出调剂金", "of which reserve"), city["excess_to_reserve_fen"],
                    base_city.get("excess_to_reserve_fen"), container=row,
                    help=tr("不超过当年基金总收入的 3%。", "At most 3% of the year's revenue. ")
                    + policy.source("excess_reserve_mode").note(lang()))
        page.metric(tr("可弥补预算执行不足", "For budget shortfalls"), city["excess_for_shortfalls_fen"],
                    base_city.get("excess_for_shortfalls_fen"), container=row,
                    help=tr("其余结余部分，可用于弥补当年或以后年度预算执行不足（二(一)）",
                            "The rest, for shortfalls this year or later (II.1)"))
    assumptions.caption(r)




def budget_table(g) -> None:
    st.caption(tr("单位：万元", "Unit: 10k yuan"))
    result_table_view.show(g, "table:global_budget", places=2)
    render_budget_download(g)


def budget_view(r, marked) -> None:
    """三、四 of the document: the global budget, its monthly prepayment for a chosen county, and the monthly table."""
    st.caption(tr("年度指标 = 上年住院医保费用 × 90%（城乡居民）或 105%（城镇职工）；"
                  "每月低于指标据实拨付，高于指标按指标拨付；年终清算。",
                  "Annual index = base-year inpatient cost × 90% (residents) or 105% (employees); each month pays the "
                  "actual cost up to the monthly index; cleared at year end."))
    gb = results.budget(M)
    page.outcome_message(gb)
    g = gb.result
    views = []
    if g is not None:
        row = page.metrics_row()
        page.metric(tr("年度总额预算指标", "Annual index"), g.totals["annual_index_fen"], None, container=row)
        page.metric(tr("实际发生费用", "Actual cost"), g.totals["actual_fen"], None, container=row)
        page.metric(tr("全年拨付", "Paid for the year"), g.totals["paid_total_fen"], None, container=row)
        page.metric(tr("超指标未拨付", "Above index, unpaid"), g.totals["over_index_fen"], None, container=row)
        counties = [str(c) for c in g.table["county"]]
        key = "monthly:county"
        if st.session_state.get(key) not in counties:
            st.session_state[key] = counties[0]
        county = st.selectbox(tr("选择县(市、区)", "Choose a county"), counties, key=key, persist_state="session")
        charts.show(charts.monthly(global_budget.monthly_long(g, county), county))
        assumptions.caption(g)
        views.append(("总额预算结果", "Global budget results", lambda: budget_table(g)))
        views.append(("所选县的预算怎么来的", "The chosen county, step by step",
                      lambda: render_explain("explain:global_budget", g, global_budget.explain,
                                             title=tr(f"{county}：这个数怎么来的", f"{county}: how was it computed?"),
                                             county=county)))
    if state.workspace(M).get("monthly") is not None:
        views.append(("月度住院医保费用表（可编辑，万元）", "Monthly inpatient cost (editable, 10k yuan)",
                      lambda: editor.render_editor(M, "monthly")))
    if views:
        page.details("global_budget", views)


# The global budget is one of the views under the chart, drawn only when chosen: as a section of its own
# below the page it cost every gap-sharing change about 5 ms in the browser (docs/speed.md §2).
page.live(M, headline=gap_metrics, chart=charts.pooling_parts, explain=pooling.explain,
          result_tabs=[page.ResultTab("缺口分担测算结果（万元）", "Gap sharing results (10k yuan)", result_table),
                       page.ResultTab("住院总额预算与按月预拨（三、四）", "Inpatient global budget (III, IV)",
                                      budget_view)],
          editor_tab=("县级基金收支表（可编辑）", "County fund accounts (editable)"))

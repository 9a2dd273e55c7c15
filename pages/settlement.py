"""补助资金结算 (塔地财社〔2021〕87号): 此次结算 = 应补助 − 已预拨; negatives are clawed back."""

from __future__ import annotations

import streamlit as st

from fundcalc.mechanisms import settlement
from fundcalc.tables import wan_places
from ui import assumptions, charts, page, roster_step, state
from ui import result_table as result_table_view
from ui.i18n import lang, tr

M = "settlement"

_policy = state.base_policy(M)
page.header(tr("补助资金结算", "Subsidy settlement"),
            (_policy.page_intro(lang()) + ("" if lang() == "zh" else " ") if _policy.page_intro(lang()) else "")
            + tr("此次结算 = 应补助资金 − 已预拨资金；结算为负数的县（市）从年初提前下达的资金中扣回。"
                 f"按人数测算时，应补助 = ({settlement.cutoff(_policy, 'zh')}参保人数 − 各类重复参保人数) × 补助标准。",
                 "Settlement = amount due − amount pre-allocated; a negative settlement is clawed back from the "
                 f"early allocation. In headcount mode, due = (insured at {settlement.cutoff(_policy, 'en')} − "
                 "duplicates) × standard."))
page.inputs(M)
roster_step.panel(M)  # 名单去重: rosters → the county table


def result_table(r, marked) -> None:
    if wan_places(r) == 0:
        st.caption(tr("金额取整到万元", "Amounts rounded to 10k yuan"))
    result_table_view.show(r, "table:settlement", marked)
    assumptions.caption(r)


def headline(r, base) -> None:
    places = wan_places(r)
    b = base.totals if base is not None else {}
    row = page.metrics_row()
    page.metric(tr("应补助资金合计", "Total due"), r.totals["due_fen"], b.get("due_fen"), places, container=row)
    page.metric(tr("已预拨资金合计", "Total pre-allocated"), r.totals["preallocated_fen"],
                b.get("preallocated_fen"), places, container=row)
    page.metric(tr("此次结算合计", "Net settlement"), r.totals["settlement_fen"], b.get("settlement_fen"),
                places, container=row, help=tr("负数表示总体扣回", "Negative: clawed back overall"))
    n = len(r.table)
    row.metric(tr("扣回的县（市）", "Counties clawed back"), f"{r.totals['clawback_count']} / {n}", border=True,
              help=tr("结算为负数、需从预拨资金中扣回的县数", "Counties whose settlement is negative"),
              height="stretch")


page.live(M, headline=headline, chart=lambda r: charts.settlement_diverging(r, wan_places(r)),
          explain=settlement.explain,
          result_tabs=[page.ResultTab("结算结果（万元）", "Settlement (10k yuan)", result_table)],
          editor_tab=("县级结算表（可编辑）", "County settlement inputs (editable)"))

"""总览: the headline figure of each mechanism, the document it comes from, and the way to each page."""

from __future__ import annotations

import streamlit as st

from fundcalc.mechanisms import allocation
from fundcalc.tables import wan_places
from ui import nav, results, state
from ui.format import delta, money_unit, people
from ui.i18n import lang, tr
from ui.safe_text import md

st.title(tr("医保资金测算台", "Medical insurance fund calculator"))
st.markdown(tr(
    "按正式文件的规则测算三类医保资金：**资助参保补助分配**、**补助资金结算**、**基金缺口分担**。"
    "下面是各文件的核心数字及出处；点进任一页面即可修改标准、比例或县级数据，结果即时更新，每个数都能看到计算过程。",
    "Three kinds of medical-insurance funds computed by the rules of their official documents: **contribution "
    "subsidy allocation**, **subsidy settlement** and **fund gap sharing**. Below: each document's headline "
    "figure and its source. Open a page to change standards, shares or county figures; results update at once "
    "and every figure shows how it was computed."))


def _current_note(mechanism: str, key: str, official_fen: int, places: int) -> None:
    """The user's current scenario of this mechanism, when it differs from the document."""
    if state.state_key(mechanism) not in st.session_state or not state.is_changed(mechanism):
        return
    outcome = results.current(mechanism)
    if outcome.result is None or outcome.stale:
        st.caption(":orange[" + tr("当前方案有未接受的输入", "Your scenario has refused inputs") + "]")
        return
    fen = outcome.result.totals[key]
    change = delta(fen, official_fen, places) or tr("无变化", "no change")
    st.caption(":orange[✎ " + tr(f"当前方案：{money_unit(fen, places)}（{change}）",
                                 f"Your scenario: {money_unit(fen, places)} ({change})") + "]")


def _source(policy, illustrative: bool = False) -> None:
    region = md(policy.meta.get("region_zh" if lang() == "zh" else "region_en", ""))
    title = md(policy.title_zh if lang() == "zh" else policy.title_en)
    badge = (":orange-badge[:material/science: " + tr("示例数据", "Sample data") + "] ") if illustrative else \
        (":blue-badge[:material/verified: " + tr("官方数据", "Official data") + "] ")
    st.markdown(badge + tr(f"{region}{title}", f"{region}: {title}"))
    st.caption(tr("出处：", "Source: ") + md(f"{policy.doc_no}（{policy.year}）"))


cols = st.columns(3, gap="medium")

with cols[0], st.container(border=True, height="stretch"):
    st.subheader(tr("资助参保补助分配", "Contribution subsidy allocation"), anchor=False)
    r = results.official("qujing_2018")
    places = wan_places(r)
    _source(r.policy)
    st.metric(tr("市级补助合计（此次下达）", "City total (allocated now)"),
              money_unit(r.totals["city_total_fen"], places), border=False)
    st.markdown(tr(
        f"省级 {money_unit(r.totals['province_total_fen'], places)}，合计 {money_unit(r.totals['total_fen'], places)}；"
        f"资助 {people(r.totals['total_people'])}，{allocation.describe(r.policy, 'zh')}。",
        f"Province {money_unit(r.totals['province_total_fen'], places)}, total "
        f"{money_unit(r.totals['total_fen'], places)}; {people(r.totals['total_people'])} at "
        f"{allocation.describe(r.policy, 'en')}."))
    _current_note(r.mechanism, "city_total_fen", r.totals["city_total_fen"], places)
    st.page_link(nav.link(r.mechanism), label=tr("打开测算页面", "Open the page"), icon=":material/arrow_forward:")

with cols[1], st.container(border=True, height="stretch"):
    st.subheader(tr("补助资金结算", "Subsidy settlement"), anchor=False)
    r = results.official("tacheng_2020")
    places = wan_places(r)
    _source(r.policy)
    st.metric(tr("此次结算合计", "Net settlement"), money_unit(r.totals["settlement_fen"], places), border=False)
    st.markdown(tr(
        f"应补助 {money_unit(r.totals['due_fen'], places)} − "
        f"已预拨 {money_unit(r.totals['preallocated_fen'], places)}；"
        f"{len(r.table)} 个县（市）中 {r.totals['clawback_count']} 个结算为负数，"
        f"从{md(r.policy.values['clawback_doc'])}文件扣回。",
        f"Due {money_unit(r.totals['due_fen'], places)} − pre-allocated "
        f"{money_unit(r.totals['preallocated_fen'], places)}; {r.totals['clawback_count']} of {len(r.table)} "
        f"counties are negative and clawed back."))
    _current_note(r.mechanism, "settlement_fen", r.totals["settlement_fen"], places)
    st.page_link(nav.link(r.mechanism), label=tr("打开测算页面", "Open the page"), icon=":material/arrow_forward:")

with cols[2], st.container(border=True, height="stretch"):
    st.subheader(tr("基金缺口分担", "Fund gap sharing"), anchor=False)
    r = results.official("yuncheng_2019_sample")
    city = r.figures
    _source(r.policy, illustrative=True)
    st.metric(tr("县级政府负担缺口（示例数据）", "Gaps borne by counties (sample data)"),
              money_unit(r.totals["county_burden_fen"]), border=False)
    n_gap = int((r.table["status"] == "gap").sum())
    st.markdown(tr(
        f"{len(r.table)} 个县中 {n_gap} 个出现缺口；当年结余/缺口合计 {money_unit(r.totals['balance_fen'])}，"
        f"调剂金期末 {money_unit(city['reserve_closing_fen'])}，全市可支配 {city['months_available']:.2f} 个月"
        "（含调剂金，期初余额为示例值）。县级数字为示例，规则来自文件。",
        f"{n_gap} of {len(r.table)} counties have a gap; net {money_unit(r.totals['balance_fen'])}, reserve at year "
        f"end {money_unit(city['reserve_closing_fen'])}, city months covered {city['months_available']:.2f} (with "
        "the reserve, whose opening balance is a sample value). County figures are illustrative; the rules are "
        "the document's."))
    _current_note(r.mechanism, "county_burden_fen", r.totals["county_burden_fen"], 2)
    st.page_link(nav.link(r.mechanism), label=tr("打开测算页面", "Open the page"), icon=":material/arrow_forward:")

st.subheader(tr("怎么用", "How to use it"), anchor=False)
st.markdown(tr(
    "1. 左侧选择一个测算页面，默认载入文件的原始数据，结果与文件一致。\n"
    "2. 在“参数”里改标准或比例，或在县级表格里双击单元格改人数、金额；"
    "上方的合计与图表立即更新，并标出与基准（所选数据集）的差额。\n"
    "3. 在“这个数怎么来的”里选一个县，查看每一步算式及文件依据。\n"
    "4. 导出 CSV 或正式格式的 XLSX；“恢复基准”一键回到所选数据集的原貌。",
    "1. Pick a page on the left; it opens with the document's own data, and the results match the document.\n"
    "2. Change a standard or a share under 'Parameters', or double-click a cell of the county table; totals and "
    "charts update at once, with the difference from the baseline (the dataset chosen).\n"
    "3. Under 'How was this figure computed?', pick a county to see every step and the clause it rests on.\n"
    "4. Export CSV or the official-layout XLSX; 'Restore baseline' goes back to the dataset chosen."))

"""目标测算与敏感性: goal-seek over whole-number parameter values, a tornado chart and a two-way heat map,
and, for 基金缺口分担, a multi-year projection showing whether and when the 调剂金 runs out."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from fundcalc import mechanisms
from fundcalc.errors import InputError
from fundcalc.goalseek import seek
from fundcalc.mechanisms import pooling
from fundcalc.money import FEN_PER_WAN, format_wan, wan_to_fen
from fundcalc.sensitivity import grid_values, heatmap, tornado
from fundcalc.sweep import knob, knobs, metric_value
from fundcalc.sweep import metrics as sweep_metrics
from ui import scenario_sources as sources
from ui import share, state
from ui.i18n import lang, tr
from ui.names import mechanism_labels
from ui.safe_text import md
from ui.safe_text import plotly as plot_text

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def wan(fen) -> float:
    """分 as a display float of 万元 (views only)."""
    return int(fen) / FEN_PER_WAN


def metric_name(mech: str, key: str, policy=None) -> str:
    return tr(*sweep_metrics(mech, policy)[key])


def parse_wan(text: str, label: str) -> int:
    try:
        d = Decimal(str(text).strip().replace(",", ""))
        if not d.is_finite() or d.as_tuple().exponent < -6:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise InputError("应为以万元计的数字（最多 6 位小数）", "must be a number of 10k yuan (6 decimals at most)",
                         column=label, value=text) from None
    return wan_to_fen(d)


def _projection_reading(v, gap_ref: str) -> str:
    """How to read the multi-year projection, with the policy's current values."""
    keep = f"{100 - Decimal(str(v['surplus_reserve_pct'])):g}"
    opening = format_wan(wan_to_fen(v["city_reserve_opening_wan"]))
    zh = "\n".join((
        f"**读法**（{gap_ref + '，' if gap_ref else ''}见 `fundcalc/mechanisms/pooling/rules.py` 的 `project`）：",
        f"- 每年各县按当年收支计算结余或缺口；县的留存结余（结余的 {keep}%）结转下一年，先用来弥补本县以后的缺口。",
        f"- 市级调剂金每年收入：征缴收入的 {v['reserve_pct']}% 与各县结余的 {v['surplus_reserve_pct']}%；"
        "支出：各县缺口中**不由县政府负担**的部分。",
        "- 文件规定县级缺口由县政府负担（县级负担缺口比例 100%），此时调剂金从不支出，只会增加，**不会用尽**。"
        "只有把“县级负担缺口比例”调到 100% 以下（由调剂金弥补其余部分），调剂金才可能用尽。"
        f"当前取值：**{v['county_gap_pct']}%**。",
        f"- 年初余额取“调剂金期初余额”（{opening} 万元，示例值，文件未给；以下推演都以此为基础）；"
        f"二(一) 的超收调剂金只在“在{v['reserve_pct']}%之外另计”（假设）时计入第一年。收入与支出按下方增长率逐年增长。",
    ))
    en = "\n".join((
        f"**Reading** ({gap_ref + ', ' if gap_ref else ''}see `project` in `fundcalc/mechanisms/pooling/rules.py`):",
        f"- Each year every county's surplus or gap is computed; the surplus it keeps ({keep}% of it) carries "
        "forward and first covers its later gaps.",
        f"- The city reserve takes in {v['reserve_pct']}% of contribution revenue and {v['surplus_reserve_pct']}% "
        "of county surpluses; it pays the part of county gaps **not borne by the county governments**.",
        "- The document has county governments bear their gaps (county share 100%): then the reserve never pays "
        "and **cannot run out**. Only with a county share below 100% (the reserve covering the rest) can it run "
        f"out. Current value: **{v['county_gap_pct']}%**.",
        f"- The opening balance is the reserve opening balance ({opening}, a sample value the document does not "
        "give; the projection rests on it); II.1's reserve enters the first year only when set \"on top of the "
        f"{v['reserve_pct']}%\" (an assumption). Revenue and spending grow at the rates below.",
    ))
    return tr(zh, en)


st.title(tr("目标测算与敏感性", "Goal-seek and sensitivity"))
st.caption(tr("在文件使用的整数取值上精确搜索（标准到元、比例到 1%），每个合计都按文件规则逐县取整后求和。",
              "Exact search over the whole-number values the documents use (standards to the yuan, shares to 1%); "
              "every total is the sum of the counties' rounded figures, as in the documents."))

a, b = st.columns([1, 2])
with a:
    # Labels are made once per run: a format_func must not read the language later, outside the run.
    mech_labels = mechanism_labels()
    mech = st.selectbox(tr("测算", "Calculation"), mechanisms.names(), format_func=mech_labels.get,
                        key="an:mech")
with b:
    keys = sources.options(mech)
    src_labels = {k: sources.label(k) for k in keys}
    src = st.selectbox(tr("方案", "Scenario"), keys, index=keys.index(sources.WORKSPACE),
                       format_func=src_labels.get, key=f"an:src:{mech}")

try:
    scenario = sources.resolve(src, mech)
    table, policy = sources.table_and_policy(scenario)
    base_result = sources.result(scenario)
except InputError as exc:
    st.error(tr("这个方案无法计算：", "This scenario cannot be computed: ") + md(exc.message(lang())))
    st.stop()
if scenario.is_sample:
    st.markdown(":orange-badge[:material/science: " + tr("示例数据", "Sample data") + "] "
                + tr("县级数字为示例，非官方数据。", "County figures are illustrative, not official."))

all_knobs = knobs(mech, policy)
knob_labels = {k.key: k.label(lang()) for k in all_knobs}
metric_labels = {k: metric_name(mech, k, policy) for k in sweep_metrics(mech, policy)}
tabs = st.tabs([tr("目标测算", "Goal-seek"), tr("敏感性", "Sensitivity"), tr("多年预测", "Multi-year")])

# --- goal-seek -------------------------------------------------------------------------------
with tabs[0]:
    if not all_knobs:
        st.info(tr("这个方案没有可搜索的数值参数（例如按文件给定应补助资金的结算）。",
                   "This scenario has no numeric parameter to search (e.g. a settlement with the due amounts "
                   "given)."))
    else:
        c1, c2 = st.columns(2)
        with c1:
            kkey = st.selectbox(tr("调整的参数", "Parameter to adjust"), [k.key for k in all_knobs],
                                format_func=knob_labels.get, key=f"gs:knob:{mech}")
        with c2:
            mkey = st.selectbox(tr("控制的合计", "Total to control"), list(sweep_metrics(mech)),
                                format_func=metric_labels.get, key=f"gs:metric:{mech}")
        kb = knob(mech, policy, kkey)
        current_total = metric_value(base_result, mkey)
        c3, c4, c5 = st.columns(3)
        with c3:
            limit_text = st.text_input(tr("限额或目标（万元）", "Limit or target (10k yuan)"),
                                       value=format_wan(current_total).replace(",", ""), key=f"gs:limit:{mech}:{mkey}")
        with c4:
            lo = st.number_input(tr(f"搜索下限（{kb.unit_zh}）", f"Search from ({kb.unit_en})"), value=kb.lo, step=1,
                                 key=f"gs:lo:{mech}:{kkey}")
        with c5:
            hi = st.number_input(tr(f"搜索上限（{kb.unit_zh}）", f"Search to ({kb.unit_en})"), value=kb.hi, step=1,
                                 key=f"gs:hi:{mech}:{kkey}")
        try:
            limit = parse_wan(limit_text, tr("限额或目标", "Limit or target"))
            r = seek(table, policy, mech, kb, mkey, limit, int(lo), int(hi))
        except InputError as exc:
            st.error(md(exc.message(lang())))
            r = None
        if r is not None:
            unit = kb.unit_zh if lang() == "zh" else kb.unit_en
            if r.answer is None:
                st.warning(md(r.summary(lang())))
            else:
                st.metric(tr("答案", "Answer"), f"{r.answer} {unit}", border=True,
                          help=tr("合计不超过限额的边界取值", "The edge value whose total stays within the limit"))
                st.success(md(r.summary(lang())))
                near = r.closest()
                if not r.exact and near is not None:
                    st.caption(tr(f"作为目标：最接近 {format_wan(limit)} 万元的取值是 {near[0]} {unit}（合计 "
                                  f"{format_wan(near[1])} 万元，相差 {format_wan(near[1] - limit)} 万元）；"
                                  "按整数取值无法恰好达到。",
                                  f"As a target: the closest value to {format_wan(limit)} is {near[0]} {unit} (total "
                                  f"{format_wan(near[1])}, off by {format_wan(near[1] - limit)}); whole-number values "
                                  f"cannot hit it exactly."))
            how = {"increasing": tr("合计随该参数增加而增加，在整数上二分搜索",
                                    "the total grows with the parameter; searched over whole numbers by bisection"),
                   "decreasing": tr("合计随该参数增加而减少，答案是满足限额的最小取值",
                                    "the total falls as the parameter grows; the answer is the lowest value within "
                                    "the limit"),
                   "not monotone": tr("合计随该参数不单调（取整造成），已逐一计算区间内全部取值，"
                                      "答案是满足限额的最大取值",
                                      "the total is not monotone in this parameter (rounding): every value in the "
                                      "range was computed; the answer is the highest value within the limit")}
            st.caption(how[r.direction] + tr(f"；共计算 {r.evaluations:,} 个取值。",
                                             f"; {r.evaluations:,} values computed."))
            if r.around:
                st.dataframe(pd.DataFrame({
                    tr(f"取值（{kb.unit_zh}）", f"Value ({kb.unit_en})"): [v for v, _ in r.around],
                    tr("合计（万元）", "Total (10k yuan)"): [wan(t) for _, t in r.around],
                    tr("与限额之差（万元）", "Minus the limit (10k yuan)"): [wan(t - limit) for _, t in r.around],
                    tr("在限额内", "Within"): ["✓" if t <= limit else "✗" for _, t in r.around],
                }), hide_index=True, key=f"gs:around:{mech}",
                    column_config={tr("合计（万元）", "Total (10k yuan)"):
                                       st.column_config.NumberColumn(format="%,.2f"),
                                   tr("与限额之差（万元）", "Minus the limit (10k yuan)"):
                                       st.column_config.NumberColumn(format="%,.2f")})
            if r.answer is not None and src == sources.WORKSPACE:
                def _apply_answer(setting=kb.setting(r.answer)):  # noqa: B008 — bound now: the callback runs later
                    for k, v in setting.items():
                        state.set_override(mech, k, v)
                    share.clear_param_widgets(mech)
                    state.bump(mech, table_changed=False)
                st.button(tr("把答案用到工作区", "Use the answer in the workspace"), key=f"gs:apply:{mech}",
                          icon=":material/check:", on_click=_apply_answer)

# --- sensitivity -------------------------------------------------------------------------------
with tabs[1]:
    if not all_knobs:
        st.info(tr("这个方案没有可调整的数值参数。", "This scenario has no numeric parameter to vary."))
    else:
        c1, c2 = st.columns(2)
        with c1:
            skey = st.selectbox(tr("观察的合计", "Total"), list(sweep_metrics(mech)), format_func=metric_labels.get,
                                key=f"sa:metric:{mech}")
        with c2:
            swing = st.number_input(tr("各参数变动幅度 ±%", "Swing of each parameter ±%"), value=10, min_value=1,
                                    max_value=100, step=1, key=f"sa:pct:{mech}")
        try:
            t = tornado(table, policy, mech, skey, swing)
        except InputError as exc:
            st.error(md(exc.message(lang())))
            t = None
        if t is not None and len(t):
            names = [plot_text(f"{(r.zh if lang() == 'zh' else r.en)}  {r.low_value}–{r.high_value}")
                     for r in t.itertuples()]
            fig = go.Figure()
            fig.add_bar(y=names, x=[wan(v) for v in t["low_delta_fen"]], orientation="h", name=tr("下调", "Lower"),
                        marker_color="#1f5fa8")
            fig.add_bar(y=names, x=[wan(v) for v in t["high_delta_fen"]], orientation="h", name=tr("上调", "Higher"),
                        marker_color="#f28e2b")
            fig.update_layout(barmode="overlay", font={"family": FONT, "size": 14}, plot_bgcolor="white",
                              title={"text": tr(f"{metric_labels[skey]}对各参数 ±{swing}% 的变化（万元，基准 "
                                                f"{format_wan(int(t['base_fen'].iloc[0]))}）",
                                                f"{metric_labels[skey]}: change for ±{swing}% on each parameter "
                                                f"(10k yuan, base {format_wan(int(t['base_fen'].iloc[0]))})")},
                              yaxis={"autorange": "reversed", "automargin": True},
                              xaxis={"tickformat": ",.0f", "zeroline": True, "zerolinewidth": 2},
                              height=max(300, 120 + 48 * len(t)), margin={"t": 80},
                              legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"})
            st.plotly_chart(fig, key=f"sa:tornado:{mech}", config={"displaylogo": False})
            st.dataframe(pd.DataFrame({
                tr("参数", "Parameter"): [r.zh if lang() == "zh" else r.en for r in t.itertuples()],
                tr("当前值", "Value"): [str(v) for v in t["base_value"]],
                tr("下调后", "Lower"): t["low_value"], tr("上调后", "Higher"): t["high_value"],
                tr("下调时合计（万元）", "Total, lower (10k yuan)"): [wan(v) for v in t["low_fen"]],
                tr("上调时合计（万元）", "Total, higher (10k yuan)"): [wan(v) for v in t["high_fen"]],
                tr("变动区间（万元）", "Swing (10k yuan)"): [wan(v) for v in t["swing_fen"]],
            }), hide_index=True, key=f"sa:table:{mech}",
                column_config={h: st.column_config.NumberColumn(format="%,.2f") for h in (
                    tr("下调时合计（万元）", "Total, lower (10k yuan)"),
                    tr("上调时合计（万元）", "Total, higher (10k yuan)"),
                    tr("变动区间（万元）", "Swing (10k yuan)"))})
            st.caption(tr("变动后的取值按文件的写法取整（元、1%），且至少变动一个单位；"
                          "分担比例变动时，另一级比例随之调整，合计仍为 100%。",
                          "Moved values are rounded as the documents write them (yuan, 1%) and move at least one "
                          "step; when a level share moves, its partner level takes the rest so shares still add "
                          "up to 100%."))
        elif t is not None:
            st.info(tr("所有参数当前值为 0，无法按百分比变动。",
                       "Every parameter is 0; nothing to vary by a percentage."))

        st.markdown("#### " + tr("两个参数的热力图", "Heat map over two parameters"))
        h1, h2, h3, h4 = st.columns(4)
        kkeys = [k.key for k in all_knobs]
        with h1:
            xk = st.selectbox(tr("横轴参数", "Across"), kkeys, format_func=knob_labels.get,
                              key=f"hm:x:{mech}")
        with h2:
            rest = [k for k in kkeys if k != xk]
            yk = st.selectbox(tr("纵轴参数", "Down"), rest or kkeys,
                              format_func=knob_labels.get, key=f"hm:y:{mech}")
        with h3:
            hp = st.number_input(tr("范围 ±%", "Range ±%"), value=20, min_value=1, max_value=100, step=1,
                                 key=f"hm:pct:{mech}")
        with h4:
            steps = st.number_input(tr("每轴格点数", "Points per axis"), value=9, min_value=2, max_value=41, step=1,
                                    key=f"hm:steps:{mech}")
        try:
            kx, ky = knob(mech, policy, xk), knob(mech, policy, yk)
            xs, ys = grid_values(policy, kx, hp, steps), grid_values(policy, ky, hp, steps)
            grid = heatmap(table, policy, mech, skey, kx, xs, ky, ys)
        except InputError as exc:
            st.error(md(exc.message(lang())))
            grid = None
        if grid is not None:
            z = grid.to_numpy() / FEN_PER_WAN
            hm = go.Figure(go.Heatmap(z=z, x=[str(x) for x in xs], y=[str(y) for y in ys], colorscale="Blues",
                                      text=[[format_wan(int(v)) for v in row] for row in grid.to_numpy()],
                                      texttemplate="%{text}" if len(xs) * len(ys) <= 121 else None,
                                      hovertemplate=f"{plot_text(kx.label(lang()))}: %{{x}}<br>"
                                                    f"{plot_text(ky.label(lang()))}: %{{y}}<br>"
                                                    + tr("合计", "Total") + ": %{text}<extra></extra>",
                                      colorbar={"title": tr("万元", "10k yuan")}))
            hm.update_layout(font={"family": FONT, "size": 13},
                             xaxis={"title": plot_text(kx.label(lang())), "type": "category"},
                             yaxis={"title": plot_text(ky.label(lang())), "type": "category"},
                             title={"text": tr(f"{metric_labels[skey]}（万元）", f"{metric_labels[skey]} (10k yuan)")},
                             height=520)
            st.plotly_chart(hm, key=f"hm:chart:{mech}", config={"displaylogo": False})

# --- multi-year -------------------------------------------------------------------------------
with tabs[2]:
    if "projection" not in mechanisms.get(mech).plugins:
        st.info(tr("多年预测用于基金缺口分担：请在上方选择“基金缺口分担”。",
                   "The multi-year projection is for fund gap sharing: choose it above."))
    else:
        v = policy.values
        # The policy's own clause for the gap rule; a policy without one cites nothing here.
        gap_ref = md(policy.clause("gap"))
        st.markdown(_projection_reading(v, gap_ref))
        c1, c2, c3 = st.columns(3)
        with c1:
            years = st.number_input(tr("年数", "Years"), value=10, min_value=1, max_value=50, step=1, key="my:years")
        with c2:
            g_rev = st.number_input(tr("征缴收入年增长率（%）", "Revenue growth per year (%)"), value=3.0, step=0.5,
                                    format="%g", min_value=-50.0, max_value=100.0, key="my:grev")
        with c3:
            g_exp = st.number_input(tr("基金支出年增长率（%）", "Spending growth per year (%)"), value=6.0, step=0.5,
                                    format="%g", min_value=-50.0, max_value=100.0, key="my:gexp")
        try:
            proj = pooling.project(table, policy, int(years), str(g_rev), str(g_exp))
        except InputError as exc:
            st.error(md(exc.message(lang())))
            proj = None
        if proj is not None:
            out = proj[proj["reserve_exhausted"]]
            if len(out):
                first = out.iloc[0]
                st.error(tr(f"调剂金在 {int(first['year'])} 年用尽：年末余额 "
                            f"{format_wan(int(first['reserve_end_fen']))} 万元。",
                            f"The reserve runs out in {int(first['year'])}: year-end balance "
                            f"{format_wan(int(first['reserve_end_fen']))} (10k yuan)."), icon=":material/warning:")
            else:
                last = proj.iloc[-1]
                why = "" if Decimal(str(v["county_gap_pct"])) < 100 else tr(
                    "（县级负担缺口比例为 100%，调剂金不支出）", " (county share 100%: the reserve pays nothing)")
                st.success(tr(f"{int(years)} 年内调剂金不会用尽{why}：{int(last['year'])} 年末余额 "
                              f"{format_wan(int(last['reserve_end_fen']))} 万元。",
                              f"The reserve lasts the {int(years)} years{why}: "
                              f"{format_wan(int(last['reserve_end_fen']))} at the end of {int(last['year'])}."),
                           icon=":material/check_circle:")
            fig = go.Figure()
            fig.add_bar(x=proj["year"], y=[wan(x) for x in proj["gap_from_reserve_fen"]],
                        name=tr("调剂金弥补缺口", "Paid by the reserve"), marker_color="#c62828")
            fig.add_bar(x=proj["year"], y=[wan(x) for x in proj["county_burden_fen"]],
                        name=tr("县级政府负担", "Borne by counties"), marker_color="#f28e2b")
            fig.add_scatter(x=proj["year"], y=[wan(x) for x in proj["reserve_end_fen"]], mode="lines+markers",
                            name=tr("调剂金年末余额", "Reserve at year end"), line={"color": "#1f5fa8", "width": 3})
            fig.update_layout(barmode="group", font={"family": FONT, "size": 14}, plot_bgcolor="white",
                              title={"text": tr("多年预测（万元）", "Projection (10k yuan)")},
                              yaxis={"tickformat": ",.0f"}, xaxis={"dtick": 1},
                              legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"}, margin={"t": 90})
            st.plotly_chart(fig, key="my:chart", config={"displaylogo": False})
            money_cols = {"revenue_fen": ("征缴收入", "Revenue"), "expenditure_fen": ("基金支出", "Spending"),
                          "gap_fen": ("缺口合计", "Gaps"), "surplus_fen": ("结余合计", "Surpluses"),
                          "county_burden_fen": ("县级政府负担", "Borne by counties"),
                          "gap_from_reserve_fen": ("调剂金弥补", "Paid by the reserve"),
                          "reserve_start_fen": ("调剂金年初余额", "Reserve, start"),
                          "reserve_end_fen": ("调剂金年末余额", "Reserve, end"),
                          "retained_end_fen": ("各县留存结余", "Retained by counties")}
            show = pd.DataFrame({tr("年份", "Year"): proj["year"].astype(str)})
            cfg = {}
            for k, (zh, en) in money_cols.items():
                h = tr(f"{zh}（万元）", f"{en} (10k yuan)")
                show[h] = [wan(x) for x in proj[k]]
                cfg[h] = st.column_config.NumberColumn(format="%,.2f")
            show[tr("有缺口的县", "Counties with a gap")] = proj["gap_counties"]
            st.dataframe(show, hide_index=True, column_config=cfg, key="my:table")

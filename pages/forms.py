"""正式表格 / Official forms: the documents' attached forms built from the current scenario of each
mechanism — 分配表, 结算分配表, 绩效目标表, 跟踪反馈表, 缺口分担测算表 — shown for print and
downloaded as one workbook. Every figure comes from fundcalc.forms; this page only gathers the
wording, the amounts spent and the options."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from fundcalc import datasets, mechanisms
from fundcalc.errors import InputError
from fundcalc.forms import FormOptions, form_names, kinds
from fundcalc.forms import tracking as tracking_form
from fundcalc.forms.facts import TO_FILL
from fundcalc.forms.html import CSS, form_html
from fundcalc.forms.workbook import (
    build_kind,
    computed_keys,
    default_texts,
    file_name,
    missing_texts,
    prefix_names,
    text_labels,
    tracking_lines,
)
from fundcalc.forms.workbook import workbook as workbook_bytes
from fundcalc.money import format_wan, wan_to_fen
from ui import page, results, state
from ui.i18n import lang, tr
from ui.names import mechanism_labels
from ui.notice_section import render_notice_section
from ui.safe_text import md

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAMPLE_LABEL = "示例数据（县级数字为示例，非官方数据）"
TEXTS = "forms:texts"          # mechanism -> {text key: the user's wording}
TRACKING = "forms:tracking"    # county -> {"spent": float | None, "reason": str, "measures": str}


def _name(pair: tuple[str, str]) -> str:
    return tr(*pair)


def _with_attachment(name: str, attachment: str) -> str:
    """A form's name with the 附件 number its policy gives it (none when the policy has none)."""
    return f"{name}（{attachment}）" if attachment and TO_FILL not in attachment else name


# --- persistent inputs: widgets are views of these dicts, so values survive page and county switches ---

def _texts(mech: str) -> dict:
    return st.session_state.setdefault(TEXTS, {}).setdefault(mech, {})


def _save_text(mech: str, key: str, default: str, widget: str) -> None:
    value = st.session_state.get(widget, default)
    if value == default:
        _texts(mech).pop(key, None)
    else:
        _texts(mech)[key] = value


def _reset_texts(mech: str) -> None:
    st.session_state.get(TEXTS, {}).pop(mech, None)
    prefix = f"forms:text:{mech}:"
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[k]


def _entry(county: str) -> dict:
    return st.session_state.setdefault(TRACKING, {}).setdefault(county, {"spent": None, "reason": "",
                                                                          "measures": ""})


def _save_entry(county: str, field: str, widget: str) -> None:
    _entry(county)[field] = st.session_state.get(widget)


def _seed(widget: str, value) -> None:
    if widget not in st.session_state:
        st.session_state[widget] = value


# --- the page ----------------------------------------------------------------------------------------

page.header(tr("正式表格", "Official forms"),
            tr("按文件附表的格式生成正式表格：分配表、结算分配表、绩效目标表、资金使用跟踪反馈表、缺口分担测算表。"
               "数字取自各测算页的当前方案；文字指标可按需修改，默认为参数文件所载的文件原文（未载明的显示为（待填写））。"
               "下载的工作簿每张表一个工作表，A4 横向打印。",
               "The documents' attached forms, built from the current scenario of each calculation page: "
               "figures come from the calculation, wording defaults to the document's own as its policy file states "
               "it (（待填写）, to be filled in, where it does not) and can be edited. "
               "The workbook has one sheet per form, set up for A4 landscape printing."))
if lang() != "zh":
    st.caption(tr("表格与文件一致，用中文。", "The forms themselves are in Chinese, as the documents are."))

mech_labels = mechanism_labels()
mech = st.segmented_control(tr("测算", "Calculation"), list(mech_labels), default=next(iter(mech_labels)),
                            required=True, key="forms:mechanism", format_func=mech_labels.get)
page.source_note(mech)
outcome = results.current(mech)
page.outcome_message(outcome)
result = outcome.result
if result is None:
    st.info(tr("当前方案无法计算，请先在测算页修正输入。", "The current scenario cannot be computed: fix the inputs "
               "on the calculation page first."), icon=":material/info:")
    st.stop()
if state.is_changed(mech):
    name = md(state.baseline_name(mech))
    st.caption(tr(f"表格按修改后的方案生成（与基准「{name}」不同）。", f"The forms follow your modified scenario, not "
                  f"the baseline '{name}'."))

ws = state.workspace(mech)
illustrative = not state.is_upload(ws["dataset"]) and datasets.get(ws["dataset"]).illustrative
options = FormOptions(label=SAMPLE_LABEL if illustrative else "")
inputs = {i for kind in mechanisms.get(mech).forms for i in kind.inputs}  # what its forms take
if "budget" in inputs:
    options.budget = results.budget(mech).result

# --- form-specific inputs ---------------------------------------------------------------------------
county = None
if "include_deducted" in inputs and int(result.policy.values.get("deduction_people", 0) or 0) > 0:
    deducted = int(result.policy.values["deduction_people"])
    # Why the document counts them is the policy's own note on the value ([sources] deduction_people).
    options.include_deducted = st.checkbox(
        tr(f"绩效目标表的补贴人数含调减人数（{deducted:,} 人）",
           f"Count the {deducted:,} deducted people in the performance table's headcount"),
        value=True, key="forms:include_deducted", help=md(result.policy.source("deduction_people").note(lang())))
elif "tracking" in inputs:
    st.subheader(_with_attachment(tr("资金使用跟踪反馈表", "Spending feedback form"),
                                  tracking_form.default_texts(result)["tracking.attachment"]), anchor=False)
    c1, c2 = st.columns([1, 2])
    with c1:
        options.tracking_amount = st.radio(
            tr("资金金额取", "Amount received"), tracking_form.AMOUNT_BASES, key="forms:tracking_amount",
            format_func=lambda b: tr("应补助资金（全年）", "Due for the year") if b == "due"
            else tr("此次结算补助资金", "This settlement"), horizontal=True)
        counties = tracking_form.recipients(result)
        if st.session_state.get("forms:county") not in counties:
            st.session_state["forms:county"] = counties[0]
        county = st.selectbox(tr("县市（单位）名称", "Recipient"), counties, key="forms:county")
        line = tracking_form.default_lines(result, county, None, options.tracking_amount)[0]
        amount = line.amount_fen
        st.caption(tr(f"资金金额 {format_wan(amount)} 万元，取自当前方案。", f"Amount {format_wan(amount)} (10k yuan), "
                      "from the current scenario. ") + tr(line.made_up_zh, line.made_up_en))
    entry = _entry(county)
    with c2:
        a, b = st.columns(2)
        spent_key = f"forms:spent:{county}"
        _seed(spent_key, entry["spent"])
        a.number_input(tr("实际支出金额（万元）", "Amount spent (10k yuan)"), min_value=0.0, step=0.01, format="%.2f",
                       key=spent_key, on_change=_save_entry, args=(county, "spent", spent_key),
                       help=tr("以国库集中支付数据为准；留空表示尚未填报",
                               "As paid by the treasury; blank: not reported"))
        reason_key, measures_key = f"forms:reason:{county}", f"forms:measures:{county}"
        _seed(reason_key, entry["reason"])
        _seed(measures_key, entry["measures"])
        b.text_input(tr("未按计划或预算执行要求支出的", "Spending off plan or budget"), key=reason_key,
                     on_change=_save_entry, args=(county, "reason", reason_key))
        st.text_input(tr("整改措施及整改时间", "Corrective measures and dates"), key=measures_key,
                      on_change=_save_entry, args=(county, "measures", measures_key))
    for name, e in st.session_state.get(TRACKING, {}).items():
        if name not in counties:
            continue
        if e.get("spent") is not None:
            options.spent[name] = wan_to_fen(str(e["spent"]))

# --- editable wording -------------------------------------------------------------------------------
overrides = _texts(mech)
options.texts = {}
try:
    defaults = default_texts(result, options)
except InputError as exc:
    st.error(md(exc.message(lang())), icon=":material/error:")
    st.stop()
for key in list(overrides):
    if key not in defaults:  # a wording the current scenario no longer has (e.g. a total now computed)
        overrides.pop(key)
options.texts = dict(overrides)
labels = text_labels(result, options)
locked = computed_keys(result, options)
with st.expander(tr("表格文字（可修改，默认为文件原文）", "Form wording (editable; the documents' by default)"),
                 icon=":material/edit_note:"):
    st.caption(tr(f"由测算得出、不能改写的指标：{'、'.join(labels[k][0] for k in sorted(locked) if k in labels)}。",
                  f"Computed from the scenario, not editable: "
                  f"{'; '.join(labels[k][1] for k in sorted(locked) if k in labels)}."))
    groups = {}
    for key in defaults:
        groups.setdefault(key.split(".", 1)[0], []).append(key)
    group_names = prefix_names(mech)
    for prefix, keys in groups.items():
        st.markdown(f"**{_name(group_names.get(prefix, (prefix, prefix)))}**")
        cols = st.columns(2)
        for i, key in enumerate(keys):
            default = defaults[key]
            widget = f"forms:text:{mech}:{key}:{hash(default)}"
            _seed(widget, overrides.get(key, default))
            label = _name(labels.get(key, (key, key)))
            target = cols[i % 2]
            if len(default) > 40:
                target.text_area(label, key=widget, on_change=_save_text, args=(mech, key, default, widget),
                                 height=110)
            else:
                target.text_input(label, key=widget, on_change=_save_text, args=(mech, key, default, widget))
    if overrides:
        st.button(tr("全部恢复文件原文", "Restore the documents' wording"), key=f"forms:reset_texts:{mech}",
                  on_click=_reset_texts, args=(mech,), icon=":material/restart_alt:")

# facts the policy does not state: listed until the user fills them in (here or in the policy file)
unfilled = missing_texts(result, options)
if unfilled:
    st.warning(tr(f"参数文件未载明以下表格文字，表格中显示为{TO_FILL}，"
                  "请在上方“表格文字”中填写或补入参数文件 [forms.*]：",
                  "The policy does not state these form texts; the forms show them as （待填写） (to be filled in). "
                  "Fill them in under “Form wording” above, or add them to the policy's [forms.*]:")
               + "\n" + "\n".join(f"- {md(tr(zh, en))}" for _, zh, en in unfilled),
               icon=":material/edit_note:")

# reasons and measures go into the county's own lines
if "tracking" in inputs:
    for name, e in st.session_state.get(TRACKING, {}).items():
        if name in tracking_form.recipients(result) and (e.get("reason") or e.get("measures")):
            lines = tracking_lines(result, name, options)
            options.tracking_lines[name] = [replace(lines[0], reason=e.get("reason") or "",
                                                    measures=e.get("measures") or "")] + lines[1:]

# --- print view and downloads -----------------------------------------------------------------------
try:
    view = []
    for kind in kinds(mech):
        forms = build_kind(result, kind, options, counties=[county] if kind == "tracking" else None)
        view += [(kind, f) for f in forms]
except InputError as exc:
    st.error(md(exc.message(lang())), icon=":material/error:")
    st.stop()

d1, d2 = st.columns(2)
with d1:
    st.download_button(
        tr("下载全部正式表格（XLSX）", "Download all forms (XLSX)"), lambda: workbook_bytes(result, options),
        file_name=file_name(mech), mime=XLSX_MIME, key=f"dl:forms:{mech}", on_click="ignore",
        icon=":material/download:", type="primary", width="stretch",
        help=tr("每张表一个工作表；标题、单位、合并表头、合计行，A4 横向、按页宽缩放",
                "One sheet per form: title, unit, merged headers, totals; A4 landscape, fitted to the page width"))
with d2:
    printable = ("<!DOCTYPE html><html><head><meta charset='utf-8'>" + CSS + "</head><body>"
                 + "".join(form_html(f, with_css=False) for _, f in view) + "</body></html>")
    st.download_button(
        tr("下载打印版（HTML，浏览器中打印）", "Download print version (HTML, print from the browser)"),
        printable.encode("utf-8"), file_name=file_name(mech).replace(".xlsx", ".html"), mime="text/html",
        key=f"dl:forms:{mech}:html", on_click="ignore", icon=":material/print:", width="stretch")

tabs = st.tabs([_with_attachment(_name(form_names(mech)[k]), f.above[0][0] if f.above else "") for k, f in view])
for tab, (_, form) in zip(tabs, view, strict=True):
    with tab:
        st.html(form_html(form))

# --- the notice issuing these forms -----------------------------------------------------------------
render_notice_section(mech, result, options, [f for _, f in view], illustrative)

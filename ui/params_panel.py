"""The parameter panel of each mechanism page: one widget per fundcalc Param, keyed ``p:<mechanism>:<param key>``.

The workspace's overrides are the truth. A widget is seeded from them on every run
and writes back through its callback, where the value is parsed and range-checked by the Param itself:
an out-of-range value is refused with a message and the widget goes back to the
last accepted value. Widgets carry no min/max of their own, so nothing is
clamped silently.
"""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from fundcalc.errors import InputError
from fundcalc.mechanisms import allocation
from fundcalc.money import pct
from fundcalc.params import Param

from . import live, state
from .i18n import lang, tr
from .safe_text import md

CHOICE_LABELS = {
    "rounding_unit_yuan": {1: ("1 元", "1 yuan"), 100: ("100 元（0.01 万元）", "100 yuan (0.01 × 10k)"),
                           10000: ("10,000 元（1 万元）", "10,000 yuan (1 × 10k)"),
                           "0.01": ("0.01 元（分）", "0.01 yuan (fen)"), "1": ("1 元", "1 yuan"),
                           "100": ("100 元（0.01 万元）", "100 yuan (0.01 × 10k)")},
    "mode": {"given": ("按文件给定的应补助资金", "Due amounts as published"),
             "headcount": ("按结算人数 × 补助标准测算", "Headcount × standard")},
    "scheme": {"resident": ("城乡居民", "Urban and rural residents"), "employee": ("城镇职工", "Urban employees")},
    "table_stage": {"after_deduction": ("调减后（文件附表的人数）", "After the deduction (the document's table)"),
                    "before_deduction": ("调减前（按比例调减省级参保大学生）",
                                         "Before the deduction (deduct the province's college students)")},
    "excess_reserve_mode": {"same": ("与二(二)预留的3%调剂金为同一笔", "The same money as II.2's 3% reserve"),
                            "on_top": ("在二(二)的3%之外另计入调剂金", "On top of II.2's 3% reserve")},
    "clearing_mode": {"cap_annual": ("年终按年度指标封顶清算", "Year end: paid up to the annual index"),
                      "monthly_only": ("不清算，以按月拨付为准", "No clearing: monthly payments are final"),
                      "actual": ("年终按实际费用清算", "Year end: actual cost paid")},
}


def choice_label(spec: Param, value) -> str:
    labels = CHOICE_LABELS.get(spec.key.split(".")[-1], {})
    pair = labels.get(value)
    return tr(*pair) if pair else str(value)


def show_value(spec: Param, value) -> str:
    """A parameter value as a person reads it: '180 元/人', '60%', '是'."""
    if spec.kind == "bool":
        return tr("是", "yes") if value else tr("否", "no")
    if spec.kind == "choice":
        return choice_label(spec, value)
    if spec.kind in ("int", "decimal", "pct"):
        d = Decimal(str(value))
        text = f"{d.normalize():,f}"
        unit = spec.unit_zh if lang() == "zh" else spec.unit_en
        return f"{text}{'' if unit == '%' else ' '}{unit}".strip()
    return str(value)


def _to_widget(spec: Param, value):
    if spec.kind == "int":
        return int(value)
    if spec.kind in ("decimal", "pct"):
        return float(Decimal(str(value)))
    if spec.kind == "bool":
        return bool(value)
    return value


def _plain(spec: Param, value):
    """A coerced value as kept in overrides: JSON-friendly (int when whole, else float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def current_values(mechanism: str) -> dict:
    """Every parameter's current value: the document's, with the accepted overrides."""
    values = dict(state.base_policy(mechanism).values)
    values.update(state.workspace(mechanism)["overrides"])
    return values


def _commit(mechanism: str, key: str) -> None:
    ws = state.workspace(mechanism)
    spec = state.param_specs(mechanism)[key]
    wkey = state.param_widget_key(mechanism, key)
    raw = st.session_state.get(wkey)
    was_marked, had_message = key in ws["overrides"], "params" in ws["messages"]
    try:
        if raw is None:
            raise InputError("不能为空", "must not be blank", column=f"{spec.zh} {spec.key}", value="")
        value = spec.coerce(raw)
    except InputError as exc:
        ws["messages"]["params"] = exc
        st.session_state[wkey] = _to_widget(spec, current_values(mechanism)[key])
        live.rerun("param_refused", mechanism)  # the message and the restored value; results unchanged
        return
    ws["messages"].pop("params", None)
    state.set_override(mechanism, key, _plain(spec, value))
    # The panel itself is redrawn only when it shows something new (see ui/live.py).
    panel = had_message or spec.kind in ("bool", "choice") or (key in ws["overrides"]) != was_marked
    if panel:
        live.rerun("param_marked", mechanism)
    else:
        live.rerun("param_changed", mechanism, notes=_notes_of(mechanism, key))


def _notes_of(mechanism: str, key: str) -> list[str]:
    """The note fragments whose text depends on this parameter's value."""
    if mechanism == "allocation" and "." in key:
        cat, name = key.rsplit(".", 1)
        if name.removesuffix("_pct") in allocation.LEVELS:
            return ["sum:" + cat]
    if mechanism == "pooling" and key in COMPLEMENTS:
        return [key]
    return []


def param_widget(mechanism: str, key: str, disabled: bool = False, note: str | None = None,
                 label: str | None = None) -> None:
    """One parameter's widget, seeded from the workspace, with its changed mark and source."""
    specs = state.param_specs(mechanism)
    spec = specs[key]
    ws = state.workspace(mechanism)
    official = state.base_policy(mechanism).values.get(key)
    current = current_values(mechanism).get(key)
    wkey = state.param_widget_key(mechanism, key)
    # Seeded on every run, not only when the widget is created: the value then travels with the widget to
    # the browser each time, and a widget the browser remounts (it happens inside a fragment after a tab
    # switch) shows and sends the workspace's value instead of its default, 0.
    st.session_state[wkey] = _to_widget(spec, current)
    changed = key in ws["overrides"]
    # Labels, clauses and values can be the user's (an added category, an uploaded policy file): text only.
    label = ("✎ " if changed else "") + md(label or spec.label(lang()))
    help_ = source_help(mechanism, spec, official)
    kw = dict(key=wkey, on_change=_commit, args=(mechanism, key), help=help_, disabled=disabled)
    if spec.kind == "int":
        st.number_input(label, step=1, format="%d", **kw)
    elif spec.kind in ("decimal", "pct"):
        st.number_input(label, step=1.0, format="%g", **kw)
    elif spec.kind == "bool":
        st.toggle(label, **kw)
    elif spec.kind == "choice":
        st.selectbox(label, spec.choices, format_func=lambda v, s=spec: choice_label(s, v), **kw)
    else:
        st.text_input(label, **kw)
    if changed:
        kind = state.base_policy(mechanism).source(key).label(lang())
        shown = md(show_value(spec, official))
        st.caption(":orange[" + tr(f"已修改（{kind} {shown}）", f"changed ({kind.lower()}: {shown})") + "]")
    elif note:
        st.caption(note)


def source_help(mechanism: str, spec: Param, official) -> str:
    """The tooltip: "文件规定：value。依据：clause" only for a value the document states; otherwise what it is
    (示例值 / 假设) and why (the policy file's [sources])."""
    src = state.base_policy(mechanism).source(spec.key)
    # Values, clauses and reasons can come from the user's policy file: text only.
    shown, clause = md(show_value(spec, official)), md(src.clause)
    why_zh, why_en = md(src.why_zh), md(src.why_en or src.why_zh)
    if src.from_document:
        return tr(f"文件规定：{shown}。依据：{clause}", f"Document value: {shown}. Source: {clause}")
    return tr(f"{src.label('zh')}：{shown}。{why_zh}", f"{src.label('en')}: {shown}. {why_en}")


def _share_sum(mechanism: str, cat_key: str) -> None:
    """The running sum of a category's level shares, checked against 100% (its own fragment: it follows
    each share change without the rest of the panel)."""
    @live.note(mechanism, "sum:" + cat_key)
    def note() -> None:
        values = current_values(mechanism)
        total = sum(pct(values.get(f"{cat_key}.{lv}_pct", 0)) for lv in allocation.LEVELS) * 100
        text = f"{float(total):g}%"
        if total == 100:
            st.caption(":green[" + tr(f"各级合计 {text} ✓", f"levels add up to {text} ✓") + "]")
        else:
            st.error(tr(f"各级分担比例合计 {text}，应为 100%", f"the level shares add up to {text}, not 100%"),
                     icon=":material/error:")

    note()


def _message(mechanism: str) -> None:
    msg = state.workspace(mechanism)["messages"].get("params")
    if msg:
        exc = msg
        st.error(tr("输入未被接受，已恢复原值。", "Input refused; the previous value is back. ") + md(exc.message(lang())),
                 icon=":material/block:")


def _allocation(mechanism: str) -> None:
    policy = state.base_policy(mechanism)
    values = current_values(mechanism)
    if "uniform_standard_yuan" in policy.values:  # a policy file written before 统一补助标准 existed has none
        with st.container(border=True):
            param_widget(mechanism, "uniform_standard_yuan",
                         note=tr("0 = 不设；设定后，未单独修改标准的类别都按此标准",
                                 "0 = none; when set, every category whose own standard is unchanged follows it"))
    for cat in policy.meta["categories"]:
        k = cat["key"]
        with st.container(border=True):
            st.markdown(f"**{md(tr(cat['zh'], cat['en']))}**")
            a, b = st.columns(2)
            with a:
                param_widget(mechanism, f"{k}.standard_yuan", label=tr("补助标准(元/人)", "Standard (yuan/person)"))
            with b:
                param_widget(mechanism, f"{k}.subsidised_pct", label=tr("资助比例(%)", "Subsidised (%)"))
            cols = st.columns(3)
            for col, (lv, (lzh, len_)) in zip(cols, allocation.level_labels(policy).items(), strict=True):
                with col:
                    param_widget(mechanism, f"{k}.{lv}_pct", label=tr(f"{lzh}(%)", f"{len_} (%)"))
            _share_sum(mechanism, k)
            extra = [c for c in state.workspace(mechanism).get("extra_categories", []) if c["key"] == k]
            if extra:
                st.button(tr("删除此类别", "Remove this category"), key=f"rmcat:{k}", icon=":material/delete:",
                          on_click=_remove_category, args=(k,))
    with st.container(border=True):
        st.markdown(f"**{tr('取整与调减', 'Rounding and deduction')}**")
        param_widget(mechanism, "rounding_unit_yuan")
        param_widget(mechanism, "table_stage")
        before = values.get("table_stage") == "before_deduction"
        param_widget(mechanism, "deduction_people", disabled=not before,
                     note=None if before else tr("仅对调减前的县表按比例调减", "Deducted only from a before-deduction table"))
        if before and not state.workspace(mechanism)["dataset"].startswith(state.UPLOAD_PREFIX):
            st.warning(tr("文件附表的人数已是调减后的人数（见附表备注）：按“调减前”处理会再调减一次。",
                          "The document's table is already after the deduction (see its note): treating it as "
                          "before deducts a second time."), icon=":material/warning:")
    _add_category_form(policy)


def _remove_category(key: str) -> None:
    state.remove_category("allocation", key)
    live.rerun("category_changed", "allocation")


def _add_category_form(policy) -> None:
    # Lazy: the form's seven widgets are drawn only while the panel is open, not on every parameter change.
    panel = st.expander(tr("添加人员类别（如特困、低保）", "Add a person category (e.g. extreme poverty)"),
                        key="newcat:panel", on_change="rerun")
    if not panel.open:
        return
    with panel:
        # Enter in a field must not add the category with the defaults: only the button submits.
        with st.form("add_category", border=False, enter_to_submit=False):
            zh = st.text_input(tr("类别名称（中文）", "Name (Chinese)"), key="newcat:zh")
            en = st.text_input(tr("类别名称（英文，可空）", "Name (English, optional)"), key="newcat:en")
            a, b = st.columns(2)
            std = a.number_input(tr("补助标准(元/人)", "Standard (yuan/person)"), value=180.0, step=1.0,
                                 format="%g", key="newcat:std")
            subsidised = b.number_input(tr("资助比例(%)", "Subsidised (%)"), value=100.0, step=1.0, format="%g",
                                        key="newcat:subsidised")
            cols = st.columns(3)
            shares = {}
            names = allocation.level_labels(policy).items()
            for col, (lv, (lzh, len_)), default in zip(cols, names, (60.0, 40.0, 0.0), strict=True):
                with col:
                    shares[lv] = st.number_input(tr(f"{lzh}(%)", f"{len_} (%)"), value=default, step=1.0,
                                                 format="%g", key=f"newcat:{lv}")
            submitted = st.form_submit_button(tr("添加", "Add"), icon=":material/add:")
        if submitted:
            _add_category(zh, en, std, shares, subsidised)
        err = st.session_state.pop("newcat:error", None)
        if err:
            st.error(md(err.message(lang())), icon=":material/block:")


def _add_category(zh: str, en: str, std, shares: dict, subsidised=100) -> None:
    ws = state.workspace("allocation")
    try:
        name = (zh or "").strip()
        if not name:
            raise InputError("请填写类别名称", "a category name is needed", column=tr("类别名称", "Name"), value="")
        policy = state.base_policy("allocation")
        if any(c["zh"] == name for c in policy.meta["categories"]):
            raise InputError("类别名称重复", "this category already exists", column=tr("类别名称", "Name"), value=name)
        std_spec = Param("standard_yuan", "补助标准", "Standard", "decimal", min=0, max=100_000)
        pct_spec = Param("pct", "分担比例", "Share", "pct", min=0, max=100)
        standard = _plain(std_spec, std_spec.coerce(std))
        subsidised_pct = _plain(pct_spec, Param("subsidised_pct", "资助比例", "Subsidised share", "pct", min=0,
                                                max=100).coerce(subsidised))
        clean = {lv: _plain(pct_spec, pct_spec.coerce(v)) for lv, v in shares.items()}
        total = sum(Decimal(str(v)) for v in clean.values())
        if total != 100:
            raise InputError(f"各级分担比例之和为 {total:g}%，应为 100%", f"the shares add up to {total:g}%, not 100%",
                             column=tr("分担比例", "Shares"), value=f"{total:g}%")
        n = len(ws.get("extra_categories", [])) + 1
        while any(c["key"] == f"cat{n}" for c in policy.meta["categories"]):
            n += 1
        state.add_category("allocation", {"key": f"cat{n}", "zh": name, "en": (en or "").strip() or name,
                            "standard_yuan": standard, "subsidised_pct": subsidised_pct, "shares": clean})
    except InputError as exc:
        st.session_state["newcat:error"] = exc
    live.rerun("category_added", "allocation")


def _settlement(mechanism: str) -> None:
    mode = current_values(mechanism)["mode"]
    with st.container(border=True):
        param_widget(mechanism, "mode", disabled=True,
                     note=tr("由所选数据集决定", "Set by the chosen dataset"))
        param_widget(mechanism, "standard_yuan", disabled=mode != "headcount",
                     note=None if mode == "headcount" else tr("仅在按人数测算时使用", "Used in headcount mode only"))
        param_widget(mechanism, "rounding_unit_yuan")
        param_widget(mechanism, "clawback_doc")
        if mode == "headcount":
            st.caption(md(state.base_policy(mechanism).source("standard_yuan").note(lang())))


COMPLEMENTS = {"county_gap_pct": ("调剂金弥补", "reserve covers"), "surplus_reserve_pct": ("留县", "kept by the county")}


def _complement(mechanism: str, key: str) -> None:
    """What the other party bears, 100% − this share (its own fragment, like _share_sum)."""
    zh, en = COMPLEMENTS[key]

    @live.note(mechanism, key)
    def note() -> None:
        rest = 100 - Decimal(str(current_values(mechanism)[key]))
        st.caption(tr(f"{zh} {rest:g}%（合计 100%）", f"{en} {rest:g}% (adds up to 100%)"))

    note()


def _pooling(mechanism: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{tr('缺口分担（二(二)）', 'Gap sharing (II.2)')}**")
        param_widget(mechanism, "reserve_pct")
        param_widget(mechanism, "outpatient_yuan")
        param_widget(mechanism, "county_gap_pct")
        _complement(mechanism, "county_gap_pct")
        param_widget(mechanism, "surplus_reserve_pct")
        _complement(mechanism, "surplus_reserve_pct")
    with st.container(border=True):
        st.markdown(f"**{tr('市级调剂金（二(一)）', 'City reserve (II.1)')}**")
        param_widget(mechanism, "city_budget_revenue_wan")
        param_widget(mechanism, "excess_reserve_mode")
        param_widget(mechanism, "city_reserve_opening_wan")
    with st.container(border=True):
        st.markdown(f"**{tr('住院总额预算（三、四）', 'Inpatient global budget (III, IV)')}**")
        param_widget(mechanism, "scheme")
        param_widget(mechanism, "resident_budget_pct")
        param_widget(mechanism, "employee_budget_pct")
        param_widget(mechanism, "clearing_mode")
    with st.container(border=True):
        st.markdown(f"**{tr('绩效目标与取整', 'Targets and rounding')}**")
        a, b = st.columns(2)
        with a:
            param_widget(mechanism, "months_band_low")
        with b:
            param_widget(mechanism, "months_band_high")
        param_widget(mechanism, "rounding_unit_yuan")


def _generic(mechanism: str) -> None:
    """A mechanism without a layout of its own: each declared parameter, in the spec's order."""
    with st.container(border=True):
        for key in state.param_specs(mechanism):
            param_widget(mechanism, key)


LAYOUTS = {"allocation": _allocation, "settlement": _settlement, "pooling": _pooling}


def render_params(mechanism: str) -> None:
    """The whole parameter panel of a mechanism page (the one place its parameter widgets are made)."""
    _message(mechanism)
    LAYOUTS.get(mechanism, _generic)(mechanism)

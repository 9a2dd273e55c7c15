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

from fundcalc import mechanisms
from fundcalc.errors import InputError
from fundcalc.money import pct
from fundcalc.params import Param

from . import live, state
from .i18n import lang, tr
from .safe_text import md


def choice_label(spec: Param, value) -> str:
    """A choice as the schema labels it (``labels`` in schema.toml), else the value itself."""
    for choice, zh, en in spec.labels:
        if choice == str(value):
            return tr(zh, en)
    return str(value)


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
    """The note fragments whose text depends on this parameter's value (its complement, its shares' sum)."""
    spec = state.param_specs(mechanism)[key]
    if spec.note == "share_sum":
        return ["sum:" + key.rsplit(".", 1)[0]]
    return [key] if spec.complement else []


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


def _share_sum(mechanism: str, cat_key: str, keys: list[str]) -> None:
    """The running sum of a category's level shares, checked against 100% (its own fragment: it follows
    each share change without the rest of the panel)."""
    @live.note(mechanism, "sum:" + cat_key)
    def note() -> None:
        values = current_values(mechanism)
        total = sum(pct(values.get(k, 0)) for k in keys) * 100
        text = f"{float(total):g}%"
        if total == 100:
            st.caption(":green[" + tr(f"各级合计 {text} ✓", f"levels add up to {text} ✓") + "]")
        else:
            st.error(tr(f"各级分担比例合计 {text}，应为 100%", f"the level shares add up to {text}, not 100%"),
                     icon=":material/error:")

    note()


def _complement(mechanism: str, key: str, names: tuple[str, str]) -> None:
    """What the other party bears, 100% − this share (its own fragment, like _share_sum)."""
    zh, en = names

    @live.note(mechanism, key)
    def note() -> None:
        rest = 100 - Decimal(str(current_values(mechanism)[key]))
        st.caption(tr(f"{zh} {rest:g}%（合计 100%）", f"{en} {rest:g}% (adds up to 100%)"))

    note()


def _message(mechanism: str) -> None:
    msg = state.workspace(mechanism)["messages"].get("params")
    if msg:
        refused = tr("输入未被接受，已恢复原值。", "Input refused; the previous value is back. ")
        st.error(refused + md(msg.message(lang())), icon=":material/block:")


def _enabled(spec: Param, values: dict) -> bool:
    return not spec.enabled_by or values.get(spec.enabled_by[0]) == spec.enabled_by[1]


def _short_label(spec: Param) -> str:
    """The label inside a category's box, where the category is already said: 补助标准(元/人), Province (%)."""
    if lang() == "zh":
        name, unit = spec.short_zh or spec.zh, spec.unit_zh
        return f"{name}({unit})" if unit else name
    name, unit = spec.short_en or spec.en, spec.unit_en
    return f"{name} ({unit})" if unit else name


def _widget(mechanism: str, key: str, values: dict, label: str | None = None) -> None:
    """One parameter as its schema declares it: editable or not (the shape of the dataset, ``enabled_by``),
    with its note and the complement of a share."""
    spec = state.param_specs(mechanism)[key]
    if key == mechanisms.get(mechanism).shape_param:
        param_widget(mechanism, key, disabled=True, label=label,
                     note=tr("由所选数据集决定", "Set by the chosen dataset"))
        return
    enabled = _enabled(spec, values)
    note = tr(*spec.disabled_note) if spec.disabled_note and not enabled else None
    if note is None and spec.hint and enabled:
        note = tr(*spec.hint)
    param_widget(mechanism, key, disabled=not enabled, note=note, label=label)
    if spec.complement:
        _complement(mechanism, key, spec.complement)


def _row(mechanism: str, keys: list[str], values: dict, short: bool = False) -> None:
    """Parameters side by side (one: the full width). In English one per line: the panel's column is too narrow
    for "Standard (yuan/person)" or "Province (%)" side by side, and the labels broke inside their words."""
    if len(keys) == 1 or lang() != "zh":
        for key in keys:
            _widget(mechanism, key, values, _short_label(state.param_specs(mechanism)[key]) if short else None)
        return
    for col, key in zip(st.columns(len(keys)), keys, strict=True):
        with col:
            _widget(mechanism, key, values, _short_label(state.param_specs(mechanism)[key]) if short else None)


def _rows(declared: list, keys: list[str], expand) -> list[list[str]]:
    """A group's rows: its declared ``rows`` (a list inside = side by side; ``expand`` turns a name into keys),
    then its other parameters one per row, in declaration order."""
    out, placed = [], set()
    for row in declared:
        row_keys = [k for name in (row if isinstance(row, list) else [row]) for k in expand(name) if k in keys]
        if row_keys:
            out.append(row_keys)
            placed.update(row_keys)
    return out + [[k] for k in keys if k not in placed]


def _group_notes(mechanism: str, keys: list[str], values: dict) -> None:
    """Under a group: the warnings its values raise and the source notes of its editable parameters."""
    specs, policy = state.param_specs(mechanism), state.base_policy(mechanism)
    shipped = not state.workspace(mechanism)["dataset"].startswith(state.UPLOAD_PREFIX)
    for key in keys:
        spec = specs[key]
        if spec.warning and shipped and values.get(key) == spec.warning[0]:
            st.warning(tr(spec.warning[1], spec.warning[2]), icon=":material/warning:")
    for key in keys:
        if specs[key].source_note and _enabled(specs[key], values):
            st.caption(md(policy.source(key).note(lang())))


def _plain_group(mechanism: str, group: dict, keys: list[str], values: dict) -> None:
    with st.container(border=True):
        if group.get("heading", True):
            st.markdown("**" + tr(group.get("heading_zh", group["zh"]), group.get("heading_en", group["en"])) + "**")
        for row in _rows(group.get("rows", []), keys, lambda name: [name]):
            _row(mechanism, row, values)
        _group_notes(mechanism, keys, values)


def _category_group(mechanism: str, group: dict, cat: dict, keys: list[str], values: dict) -> None:
    """One person category's parameters in a box under its name, with the sum of its shares."""
    k = cat["key"]
    levels = [lv for lv, _, _ in mechanisms.get(mechanism).params.levels]

    def expand(name: str) -> list[str]:
        return [f"{k}.{name.format(level=lv)}" for lv in levels] if "{level}" in name else [f"{k}.{name}"]

    with st.container(border=True):
        st.markdown(f"**{md(tr(cat['zh'], cat['en']))}**")
        for row in _rows(group.get("rows", []), keys, expand):
            _row(mechanism, row, values, short=True)
        shares = [key for key in keys if state.param_specs(mechanism)[key].note == "share_sum"]
        if shares:
            _share_sum(mechanism, k, shares)
        if any(c["key"] == k for c in state.workspace(mechanism).get("extra_categories", [])):
            st.button(tr("删除此类别", "Remove this category"), key=f"rmcat:{k}", icon=":material/delete:",
                      on_click=_remove_category, args=(mechanism, k))
        _group_notes(mechanism, keys, values)


def render_params(mechanism: str) -> None:
    """The whole parameter panel of a mechanism page (the one place its parameter widgets are made), drawn from
    the mechanism's schema.toml: its groups in order, a category group once per person category."""
    _message(mechanism)
    spec = mechanisms.get(mechanism)
    specs = state.param_specs(mechanism)
    values = current_values(mechanism)
    cats = state.base_policy(mechanism).meta.get("categories", [])
    groups = list(spec.params.panel) if spec.params is not None else []
    declared = {g for g, _ in groups}
    for gkey, group in groups:
        # a parameter the policy gives no value (统一补助标准 in a file written before it existed) is not drawn
        keys = [k for k, p in specs.items() if p.group == gkey and values.get(k) is not None]
        cat_keys = {c["key"]: [k for k in keys if k.split(".")[0] == c["key"] and "." in k] for c in cats}
        in_cats = {k for ks in cat_keys.values() for k in ks}
        if in_cats:
            for cat in cats:
                _category_group(mechanism, group, cat, cat_keys[cat["key"]], values)
        plain = [k for k in keys if k not in in_cats]
        if plain:
            _plain_group(mechanism, group, plain, values)
    rest = [k for k, p in specs.items() if p.group not in declared]
    if rest:   # a mechanism without panel groups: every parameter in one box, in the spec's order
        _plain_group(mechanism, {"zh": "", "en": "", "heading": False}, rest, values)
    if spec.categories is not None:
        _add_category_form(mechanism)


def _remove_category(mechanism: str, key: str) -> None:
    state.remove_category(mechanism, key)
    live.rerun("category_changed", mechanism)


def _add_category_form(mechanism: str) -> None:
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
            cols = st.columns(len(mechanisms.get(mechanism).params.levels))
            shares = {}
            levels = mechanisms.get(mechanism).params.levels
            policy = state.base_policy(mechanism)
            # The first two levels 60:40 (a province and a city), the others 0: a start the user changes.
            defaults = [60.0, 40.0] + [0.0] * max(0, len(levels) - 2)
            for col, (lv, _zh, _en), default in zip(cols, levels, defaults, strict=False):
                lzh, len_ = policy.level_name(lv, "zh"), policy.level_name(lv, "en")
                with col:
                    shares[lv] = st.number_input(tr(f"{lzh}(%)", f"{len_} (%)"), value=default, step=1.0,
                                                 format="%g", key=f"newcat:{lv}")
            submitted = st.form_submit_button(tr("添加", "Add"), icon=":material/add:")
        if submitted:
            _add_category(mechanism, zh, en, std, shares, subsidised)
        err = st.session_state.pop("newcat:error", None)
        if err:
            st.error(md(err.message(lang())), icon=":material/block:")


def _add_category(mechanism: str, zh: str, en: str, std, shares: dict, subsidised=100) -> None:
    ws = state.workspace(mechanism)
    try:
        name = (zh or "").strip()
        if not name:
            raise InputError("请填写类别名称", "a category name is needed", column=tr("类别名称", "Name"), value="")
        policy = state.base_policy(mechanism)
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
        state.add_category(mechanism, {"key": f"cat{n}", "zh": name, "en": (en or "").strip() or name,
                            "standard_yuan": standard, "subsidised_pct": subsidised_pct, "shares": clean})
    except InputError as exc:
        st.session_state["newcat:error"] = exc
    live.rerun("category_added", mechanism)

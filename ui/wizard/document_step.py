"""Step 2 of 新建测算: the document — region, year, 文号, title, the names of its levels, its person categories
(for a mechanism that has them: add, rename, remove, reorder, each with its standard and shares) and its other
values (rounding unit, modes, rates). Returns the draft with every value's source declared."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fundcalc import mechanisms
from fundcalc.errors import InputError
from fundcalc.params import LEVEL_NAMES

from ..i18n import lang, tr
from ..safe_text import md
from . import kept
from . import policy_draft as draft

FIELDS = {"region_zh": ("地区（中文）", "Region (Chinese)"), "region_en": ("地区（英文）", "Region (English)"),
          "doc_no": ("文号", "Document number"), "title_zh": ("标题（中文）", "Title (Chinese)"),
          "title_en": ("标题（英文）", "Title (English)")}
PLACEHOLDERS = {"region_zh": "样例市", "doc_no": "样财社〔2025〕1号", "title_zh": "2025年…补助资金分配表"}


def refusal(exc: InputError) -> None:
    """A refusal in the current language, then the other one (user text stays text)."""
    first, second = ("zh", "en") if lang() == "zh" else ("en", "zh")
    st.error(md(exc.message(first)) + "  \n" + md(exc.message(second)))


def _fields() -> tuple[dict, dict]:
    a, b = st.columns(2)
    fields = {}
    for i, (key, (zh, en)) in enumerate(FIELDS.items()):
        with (a if i % 2 == 0 else b):
            fields[key] = st.text_input(tr(zh, en), key=kept.widget(f"f:{key}", ""),
                                        placeholder=PLACEHOLDERS.get(key, ""), max_chars=200)
            kept.put(f"f:{key}", fields[key])
    with b:
        fields["year"] = st.number_input(tr("年度", "Year"), min_value=1949, max_value=2200, step=1,
                                         key=kept.widget("f:year", 2025))
        kept.put("f:year", fields["year"])
    st.markdown(tr("**各级名称**（如 省级/市级/县级，或 自治区级/地区级/县级）",
                   "**Names of the levels** (province/city/county, or region/prefecture/county…)"))
    levels = {}
    for lv, col in zip(draft.LEVELS, st.columns(len(draft.LEVELS)), strict=True):
        with col:
            generic_zh, generic_en = LEVEL_NAMES[lv]
            zh = st.text_input(tr(f"{generic_zh}（中文名称）", f"{generic_en} (Chinese name)"),
                               key=kept.widget(f"lv:{lv}:zh", ""), max_chars=20)
            en = st.text_input(tr(f"{generic_zh}（英文名称）", f"{generic_en} (English name)"),
                               key=kept.widget(f"lv:{lv}:en", ""), max_chars=40)
            kept.put(f"lv:{lv}:zh", zh)
            kept.put(f"lv:{lv}:en", en)
            levels[lv] = (zh, en)
    return fields, levels


def category_labels(levels: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    out = {"order": ("顺序", "Order"), "key": ("代码", "Code"), "zh": ("名称", "Name"),
           "en": ("英文名称", "English name"),
           "standard_yuan": ("补助标准(元/人)", "Standard (yuan/person)"),
           "subsidised_pct": ("资助比例(%)", "Subsidised (%)"), "shares": ("各级分担比例合计", "Level shares total")}
    for lv, (zh, en) in levels.items():
        out[f"{lv}_pct"] = (f"{zh}分担(%)", f"{en} share (%)")
    return out


def _categories(labels: dict[str, tuple[str, str]]) -> list[dict]:
    """The categories editor: what it returns is read each run; its data is the rows it was created with."""
    name = f"cats:{kept.get('editor_rev', 0)}"
    if kept.WIDGET + name not in st.session_state:
        kept.put("cat_base", kept.get("cat_rows", []))     # a new editor starts from the rows as last seen
    config = {k: st.column_config.NumberColumn(tr(*labels[k]), min_value=0, max_value=100, step=0.01)
              for k in draft.CATEGORY_FIELDS if k.endswith("_pct")}
    config |= {"order": st.column_config.NumberColumn(tr(*labels["order"]), min_value=1, step=1, width="small"),
               "key": st.column_config.TextColumn(
                   tr(*labels["key"]), max_chars=40,
                   help=tr("英文字母开头，如 destitute", "letters first, e.g. destitute")),
               "zh": st.column_config.TextColumn(tr(*labels["zh"]), max_chars=40),
               "en": st.column_config.TextColumn(tr(*labels["en"]), max_chars=60),
               "standard_yuan": st.column_config.NumberColumn(tr(*labels["standard_yuan"]), min_value=0,
                                                              max_value=100000, step=0.01)}
    columns = ["order", "key", "zh", "en", *draft.CATEGORY_FIELDS]
    base = pd.DataFrame(kept.get("cat_base", []), columns=columns)
    edited = st.data_editor(base, key=kept.WIDGET + name, num_rows="dynamic", hide_index=True, column_config=config,
                            column_order=columns, width="stretch")
    rows = edited.astype(object).where(edited.notna(), None).to_dict("records")
    kept.put("cat_rows", rows)
    return rows


def _value_widget(key: str, p, current):
    """One parameter as the widget of its kind: a choice as a selectbox, a switch as a checkbox, any other as
    text that its declaration parses and range-checks (so a refusal names it)."""
    label = p.label(lang())
    if p.kind == "choice":
        options = list(p.choices)
        seed = next((c for c in options if str(c) == str(current)), options[0])
        unit = p.unit_zh if lang() == "zh" else p.unit_en
        return st.selectbox(label, options, key=kept.widget(f"val:{key}", seed),
                            format_func=lambda c: f"{c:,} {unit}".strip() if isinstance(c, int) else str(c))
    if p.kind == "bool":
        return st.checkbox(label, key=kept.widget(f"val:{key}", str(current).lower() in ("true", "1")))
    bounds = f"{p.min:g} – {p.max:g}" if p.min is not None and p.max is not None else ""
    return st.text_input(label, key=kept.widget(f"val:{key}", str(current)), help=bounds or None, max_chars=40)


def _values(doc: dict) -> dict:
    """The parameters that are not a category's, three to a row."""
    specs = draft.other_params(doc)
    current = dict(kept.get("values", {}))
    values = {}
    for start in range(0, len(specs), 3):
        for box, (key, p) in zip(st.columns(3), list(specs.items())[start:start + 3], strict=False):
            with box:
                values[key] = _value_widget(key, p, current.get(key, ""))
    kept.put("values", {k: str(v) for k, v in values.items()})
    return values


def _add_category() -> None:
    """The add button's callback: the row goes to the table above (checked with the others), the form empties."""
    field = {f: st.session_state.get(kept.WIDGET + f"add:{f}") for f in ("zh", "en", "key", *draft.CATEGORY_FIELDS)}
    rows = list(kept.get("cat_rows", []))
    taken = {str(r.get("key")) for r in rows}
    zh = str(field["zh"] or "").strip()
    en = str(field["en"] or "").strip()
    key = str(field["key"] or "").strip() or draft.code_for(en, taken)
    rows.append({"order": len(rows) + 1, "key": key, "zh": zh, "en": en or key,
                 **{f: field[f] for f in draft.CATEGORY_FIELDS}})
    kept.put("cat_rows", rows)
    kept.put("add_last", {f: field[f] for f in draft.CATEGORY_FIELDS})   # the next one starts from these figures
    kept.bump("editor_rev")
    kept.forget_widgets("add:")


def _add_form(labels: dict[str, tuple[str, str]]) -> None:
    last = kept.get("add_last") or {"standard_yuan": 0.0, "subsidised_pct": 100.0, "province_pct": 100.0,
                                    "city_pct": 0.0, "county_pct": 0.0}
    with st.container(border=True, key="nb-add-category"):
        st.markdown(tr("**添加一个人员类别**", "**Add a person category**"))
        a, b, c = st.columns(3)
        a.text_input(tr(*labels["zh"]), key=kept.widget("add:zh", ""), max_chars=40, placeholder="特困人员")
        b.text_input(tr(*labels["en"]), key=kept.widget("add:en", ""), max_chars=60, placeholder="Destitute")
        c.text_input(tr(*labels["key"]) + tr("（可空）", " (optional)"), key=kept.widget("add:key", ""), max_chars=40)
        boxes = st.columns(len(draft.CATEGORY_FIELDS))
        for box, f in zip(boxes, draft.CATEGORY_FIELDS, strict=True):
            box.number_input(tr(*labels[f]), min_value=0.0, max_value=100000.0 if f == "standard_yuan" else 100.0,
                             step=1.0, key=kept.widget(f"add:{f}", float(last[f])))
        st.button(tr("添加类别", "Add category"), key="nb:add_category", on_click=_add_category)


def show(start: dict):
    """(the document as entered, its policy), or None (the refusal shown) while something is missing or wrong."""
    fields, levels = _fields()
    doc = draft.set_document(start, fields, levels)
    spec = mechanisms.get(start["meta"]["mechanism"])
    labels = category_labels(draft.level_names(doc))
    rows = None
    if spec.categories is not None:
        st.markdown(tr("**人员类别**（增删行即增删类别；改「顺序」可重新排列；各级分担比例之和应为 100%）",
                       "**Person categories** (add or delete rows; change Order to reorder; the level shares "
                       "add up to 100%)"))
        rows = _categories(labels)
        _add_form(labels)
    st.markdown(tr("**其他参数**", "**Other values**"))
    typed = _values(start)                       # every widget is drawn before anything is checked
    try:
        if rows is not None:
            doc = draft.set_categories(doc, rows, labels)
        doc = draft.set_values(doc, typed)
        doc = draft.mark_sources(doc, start)
        draft.check_document(doc)
        policy = draft.load_text(draft.to_text(doc))
        spec.schema(policy)                      # the categories must make a table (shares, names)
    except InputError as exc:
        refusal(exc)
        return None
    st.caption(tr("在这里新设或改动的数值不是来自某份文件：参数文件的 [sources] 把它们标为"
                  "「假设：用户在新建测算中设定」。",
                  "Values set or changed here do not come from a document: the policy file's [sources] marks "
                  "them 'assumption: set by the user in New calculation'."))
    return doc, policy

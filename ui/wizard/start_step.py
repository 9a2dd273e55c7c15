"""Step 1 of 新建测算: which calculation, and where the document starts from (a blank template, a copy of a
shipped document's numbers, one of the user's saved baselines — last year's, usually — or a policy file)."""

from __future__ import annotations

import streamlit as st

from fundcalc import mechanisms
from fundcalc.baselines import get_baseline, list_baselines
from fundcalc.datasets import for_mechanism
from fundcalc.errors import InputError

from ..i18n import lang, tr
from ..safe_text import md
from . import kept
from . import policy_draft as draft

KINDS = {"blank": ("空白模板", "Blank template"), "shipped": ("复制内置文件的数值", "Copy a shipped document's values"),
         "baseline": ("我保存的基准（如去年的）", "One of my saved baselines (e.g. last year's)"),
         "file": ("上传参数文件（TOML）", "Upload a policy file (TOML)")}


def _baseline_label(entry) -> str:
    return f"{entry.name} v{entry.version} · {entry.region} {entry.year or ''} {entry.doc_no}".strip()


def begin(doc: dict) -> None:
    """Start the later steps from ``doc``: every later widget is seeded from it again, nothing else survives."""
    meta = doc["meta"]
    kept.put("start", doc)
    for key in (*draft.META_FIELDS, "year"):
        kept.put(f"f:{key}", meta.get(key, "") if key != "year" else int(meta.get("year") or 0))
    for lv, (zh, en) in draft.level_names(doc).items():
        kept.put(f"lv:{lv}:zh", zh)
        kept.put(f"lv:{lv}:en", en)
    kept.put("cat_rows", draft.category_rows(doc))
    kept.put("values", {k: str(v) for k, v in draft.flat_values(doc).items() if k in draft.other_params(doc)})
    kept.bump("editor_rev")
    kept.bump("file_rev")          # the uploader starts empty: a file chosen for the last start is not this one's
    for name in ("upload", "upload_sha", "map", "saved", "start_error", "save_error", "name", "name_auto",
                 "add_last"):
        kept.drop(name)
    for prefix in ("f:", "lv:", "val:", "add:", "map:", "name"):
        kept.forget_widgets(prefix)


def _start(mechanism: str, kind: str) -> None:
    """The start button's callback: build the draft, or keep the refusal to show it."""
    try:
        if kind == "blank":
            doc = draft.blank(mechanism)
        elif kind == "shipped":
            doc = draft.from_shipped(st.session_state[kept.WIDGET + f"from_shipped:{mechanism}"])
        elif kind == "baseline":
            chosen = st.session_state.get(kept.WIDGET + f"from_baseline:{mechanism}")
            if chosen is None:
                raise InputError("还没有保存的基准", "no saved baseline yet")
            doc = draft.from_text(get_baseline(int(chosen)).policy_toml)
        else:
            upload = st.session_state.get(kept.WIDGET + "from_file")
            if upload is None:
                raise InputError("请先选择一个 TOML 参数文件", "choose a TOML policy file first")
            try:
                text = upload.getvalue().decode("utf-8")
            except UnicodeDecodeError:
                raise InputError("参数文件不是 UTF-8 文本", "the policy file is not UTF-8 text",
                                 value=upload.name) from None
            doc = draft.from_text(text, upload.name)
            if doc["meta"]["mechanism"] != mechanism:
                raise InputError("参数文件属于另一类测算", "the policy file is for another calculation",
                                 column="[meta] mechanism", value=doc["meta"]["mechanism"])
    except InputError as exc:
        kept.put("start_error", (exc.message("zh"), exc.message("en")))
        return
    begin(doc)


def show() -> bool:
    """The first step; True once a draft has been started."""
    names = mechanisms.names()
    zh = lang() == "zh"     # labels fixed at drawing time: a format_func may be called outside the run
    mechanism = st.selectbox(tr("测算类型", "Calculation"), names, key=kept.widget("mechanism", names[0]),
                             format_func=lambda n: mechanisms.get(n).zh if zh else mechanisms.get(n).en)
    kept.put("mechanism", mechanism)
    kind = st.radio(tr("从哪里开始", "Start from"), list(KINDS), key=kept.widget("start_kind", "blank"),
                    format_func=lambda k: KINDS[k][0 if zh else 1], horizontal=True)
    kept.put("start_kind", kind)
    if kind == "shipped":
        options = [d.id for d in for_mechanism(mechanism)]
        st.selectbox(tr("内置文件（只复制数值和类别，不复制文号、地区和条文）",
                        "Shipped document (only its values and categories are copied, not its words)"),
                     options, key=kept.widget(f"from_shipped:{mechanism}", options[0]),
                     format_func=lambda i: next(d.zh if zh else d.en for d in for_mechanism(mechanism) if d.id == i))
    elif kind == "baseline":
        entries = {e.id: e for e in list_baselines(mechanism)}
        if entries:
            st.selectbox(tr("我的基准", "My baseline"), list(entries),
                         key=kept.widget(f"from_baseline:{mechanism}", next(iter(entries))),
                         format_func=lambda i: md(_baseline_label(entries[i])))
        else:
            st.info(tr("还没有保存的基准：从空白模板或内置文件开始，保存后下次可从这里开始。",
                       "No saved baseline yet: start from a blank template or a shipped document."))
    elif kind == "file":
        st.file_uploader(tr("参数文件（.toml）", "Policy file (.toml)"), type=["toml"], key=kept.WIDGET + "from_file")
    started = kept.get("start") is not None
    st.button(tr("重新开始", "Start again") if started else tr("开始", "Start"), key="nb:start",
              type="secondary" if started else "primary", on_click=_start, args=(mechanism, kind))
    error = kept.get("start_error")
    if error:
        first, second = error if lang() == "zh" else error[::-1]
        st.error(md(first) + "  \n" + md(second))
    doc = kept.get("start")
    if doc is not None and doc["meta"]["mechanism"] != mechanism:
        st.caption(tr("下面的步骤仍是之前开始的测算；按「重新开始」换成所选类型。",
                      "The steps below are still the calculation started before; press Start again to switch."))
    return doc is not None

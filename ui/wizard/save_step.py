"""Step 4 of 新建测算: the figures the new document gives (headline totals, the county table), then save it as
the user's own baseline, open it on its calculation page, or download its policy file."""

from __future__ import annotations

import streamlit as st

from fundcalc import mechanisms
from fundcalc.baselines import get_baseline, save_baseline
from fundcalc.errors import InputError
from fundcalc.money import format_wan

from .. import identity, nav, state
from ..format import result_frame
from ..i18n import lang, tr
from ..safe_text import md
from . import kept
from . import policy_draft as draft
from .document_step import refusal

LEVEL_TOTAL = "{}_total_fen"


def _total_label(total, policy) -> str:
    """A level's total under the document's own name for the level (自治区级合计…), any other as declared."""
    for lv in draft.LEVELS:
        if total.key == LEVEL_TOTAL.format(lv):
            return policy.level_name(lv, lang()) + tr("合计", " total")
    return total.label(lang())


def preview(result, policy) -> None:
    spec = mechanisms.get(policy.mechanism)
    shown = [t for t in spec.totals if t.kind == "fen" and t.key in result.totals
             and (t.headline or t.county) and not (t.optional and result.totals[t.key] == 0)]
    for box, t in zip(st.columns(max(len(shown), 1)), shown, strict=False):
        box.metric(md(_total_label(t, policy)) + tr("（万元）", " (10k yuan)"), format_wan(result.totals[t.key]),
                   border=True)
    frame, config = result_frame(result)
    st.dataframe(frame, column_config=config, hide_index=True, width="stretch", key="nb:preview")


def _save(mechanism: str, text: str, table_csv: str) -> None:
    name = str(st.session_state.get(kept.WIDGET + "name", "") or "").strip()
    try:
        if not name:
            raise InputError("请填写基准名称", "give the baseline a name", column=tr("名称", "Name"))
        kept.put("saved", save_baseline(name, mechanism, text, table_csv, author=identity.current()))
        kept.drop("save_error")
    except InputError as exc:
        kept.put("save_error", exc)


def _open(baseline_id: int, mechanism: str) -> None:
    state.set_dataset(mechanism, get_baseline(baseline_id).dataset_id)
    st.switch_page(nav.link(mechanism))


def show(doc: dict, policy, frame) -> bool:
    """Preview, save, open, download; True once saved."""
    mechanism = policy.mechanism
    text = draft.to_text(doc)
    try:
        result = mechanisms.get(mechanism).compute(frame, policy, validated=True)
    except InputError as exc:
        refusal(exc)
        return False
    preview(result, policy)
    meta = doc["meta"]
    default = f"{meta.get('region_zh', '')} {meta.get('year', '')}".strip()
    a, b = st.columns([3, 2], vertical_alignment="bottom")
    typed = st.session_state.get(kept.WIDGET + "name", kept.get("name"))
    if typed in (None, "", kept.get("name_auto")):
        # the name follows region and year until the user writes one of their own
        kept.put("name", default)
        st.session_state[kept.WIDGET + "name"] = default
    kept.put("name_auto", default)
    with a:
        name = st.text_input(tr("基准名称", "Baseline name"), key=kept.widget("name", default), max_chars=100)
        kept.put("name", name)
    with b:
        st.button(tr("保存为我的基准", "Save as my baseline"), key="nb:save", type="primary", on_click=_save,
                  args=(mechanism, text, frame.to_csv(index=False, lineterminator="\n")))
    error = kept.get("save_error")
    if error is not None:
        refusal(error)
    st.download_button(tr("下载参数文件（TOML）", "Download the policy file (TOML)"), text.encode("utf-8"),
                       file_name=f"{meta.get('region_zh') or 'policy'}_{meta.get('year', '')}.toml",
                       mime="application/toml", key="nb:download", on_click="ignore")
    saved = kept.get("saved")
    if saved is None:
        return False
    entry = get_baseline(saved)
    st.success(md(tr(f"已保存为我的基准「{entry.name}」v{entry.version}。",
                     f"Saved as my baseline '{entry.name}' v{entry.version}.")))
    if st.button(tr("打开测算页", "Open the calculation page"), key="nb:open", type="primary"):
        try:
            _open(saved, mechanism)
        except InputError as exc:      # the baseline deleted meanwhile (on another tab)
            refusal(exc)
    return True

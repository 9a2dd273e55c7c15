"""下达通知 on the 正式表格 page: the notice's free text as editable fields, an HTML preview and the DOCX
(built when the button is clicked). Every word comes from fundcalc.notice; this module only keeps the
user's edits (per mechanism, surviving page switches) and shows the result."""

from __future__ import annotations

import streamlit as st

from fundcalc import mechanisms
from fundcalc.errors import InputError
from fundcalc.export import file_name as export_file_name
from fundcalc.notice import FIELD_LABELS, build_notice, default_fields, notice_html
from fundcalc.notice.command import SAMPLE_NOTICE, notice_bytes
from fundcalc.result import Result

from .i18n import lang, tr
from .safe_text import md

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIELDS = "notice:fields"       # mechanism -> {field key: the user's wording}
ALL = "__all__"


def _sample_only(mech: str) -> bool:
    """The document issues rules, not amounts: its notice is ours, labelled 示例."""
    notice = mechanisms.get(mech).notice
    return bool(notice and notice.sample)


def _fields(mech: str) -> dict:
    return st.session_state.setdefault(FIELDS, {}).setdefault(mech, {})


def _save(mech: str, key: str, default: str, widget: str) -> None:
    value = st.session_state.get(widget, default)
    if value == default:
        _fields(mech).pop(key, None)
    else:
        _fields(mech)[key] = value


def _reset(mech: str) -> None:
    st.session_state.get(FIELDS, {}).pop(mech, None)
    prefix = f"notice:field:{mech}:"
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[k]


def render_notice_section(mech: str, result: Result, options, forms, illustrative: bool) -> None:
    """``options``: the page's FormOptions (the 附件 are built from them); ``forms``: the forms on screen,
    for the 附件 list of the preview."""
    st.subheader(tr("下达通知", "The notice"), anchor=False)
    st.caption(tr("按参数文件中的通知要素（文号、主送、依据、科目、直达资金标识、抄送等）和当前方案生成通知，"
                  "正式表格作为附件。参数文件未载明的要素显示为【待填写：…】，请在下方填写。",
                  "The notice that issues the current scenario, from the policy's notice facts (number, addressees, "
                  "basis, budget codes, direct-fund mark, copies) with the forms as attachments. A fact the policy "
                  "does not state shows as 【待填写：…】 (to fill in) below."))
    label = SAMPLE_NOTICE if (illustrative or _sample_only(mech)) else ""
    defaults = default_fields(result)
    edits = _fields(mech)
    for key in [k for k in edits if k not in defaults]:
        edits.pop(key)
    counties = [str(c) for c in result.table["county"]]
    target = st.selectbox(tr("发给", "Addressed to"), [ALL, *counties], key=f"notice:county:{mech}",
                          format_func=lambda c: tr("全部县（金额见附件）", "All counties (amounts in the attachment)")
                          if c == ALL else c)
    county = None if target == ALL else target
    with st.expander(tr("通知文字（可修改，默认取自参数文件）", "Notice wording (editable; the policy's by default)"),
                     icon=":material/edit_note:"):
        cols = st.columns(2)
        for i, (key, default) in enumerate(defaults.items()):
            widget = f"notice:field:{mech}:{key}:{hash(default)}"
            if widget not in st.session_state:
                st.session_state[widget] = edits.get(key, default)
            zh, en = FIELD_LABELS[key]
            box = cols[i % 2]
            if len(default) > 40:
                box.text_area(tr(zh, en), key=widget, on_change=_save, args=(mech, key, default, widget), height=110)
            else:
                box.text_input(tr(zh, en), key=widget, on_change=_save, args=(mech, key, default, widget))
        if edits:
            st.button(tr("全部恢复默认文字", "Restore the default wording"), key=f"notice:reset:{mech}",
                      on_click=_reset, args=(mech,), icon=":material/restart_alt:")
    overrides = dict(edits)
    try:
        draft = build_notice(result, forms, overrides, county, label)
    except InputError as exc:
        st.error(md(exc.message(lang())), icon=":material/error:")
        return
    st.download_button(
        tr("下载通知（DOCX，含附件表格）", "Download the notice (DOCX, with the forms)"),
        lambda: notice_bytes(result, options, overrides, county, label),
        file_name="下达通知_" + export_file_name(mech, "docx"), mime=DOCX_MIME, key=f"dl:notice:{mech}",
        on_click="ignore", icon=":material/description:", type="primary",
        help=tr("GB/T 9704 版式：版头、文号、标题、正文、附件说明、落款、版记；附件表格宽表横排",
                "GB/T 9704 layout: header, number, title, body, attachments, signature, record; wide tables landscape"))
    st.html(notice_html(draft))

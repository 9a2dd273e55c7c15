"""The notice as HTML for the dashboard's preview. Every text is escaped: a policy or an edit holding
Markdown or HTML shows as typed."""

from __future__ import annotations

from html import escape

from .draft import Notice

CSS = """
<style>
.fc-notice { font-family: "FangSong", "仿宋_GB2312", "仿宋", "Noto Serif CJK SC", serif; color: #000;
             background: #fff; padding: 16px 28px; line-height: 1.9; max-width: 46em; }
.fc-notice .fc-head { color: #c00000; text-align: center; font-size: 1.9em; font-weight: bold; }
.fc-notice .fc-no { text-align: center; border-bottom: 2px solid #c00000; padding-bottom: 6px; }
.fc-notice .fc-title { text-align: center; font-size: 1.35em; font-weight: bold; margin: 14px 0; }
.fc-notice .fc-label { text-align: center; color: #c00000; font-weight: bold; }
.fc-notice p { margin: 0; text-indent: 2em; }
.fc-notice p.fc-flush { text-indent: 0; }
.fc-notice .fc-right { text-align: right; }
.fc-notice .fc-record { border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 18px;
                        font-size: 0.9em; }
</style>
"""


def notice_html(notice: Notice, with_css: bool = True) -> str:
    e = escape
    out = [CSS if with_css else "", '<div class="fc-notice">']
    if notice.label:
        out.append(f'<div class="fc-label">{e(notice.label)}</div>')
    out.append(f'<div class="fc-head">{e(notice.issuers)}文件</div>')
    out.append(f'<div class="fc-no">{e(notice.doc_no)}</div>')
    out.append(f'<div class="fc-title">{e(notice.title)}</div>')
    out.append(f'<p class="fc-flush">{e(notice.addressees)}：</p>')
    out += [f"<p>{e(p)}</p>" for p in notice.paragraphs]
    if notice.attachments:
        items = "".join(f"<div>{i}. {e(t)}</div>" if len(notice.attachments) > 1 else f"<div>{e(t)}</div>"
                        for i, t in enumerate(notice.attachments, 1))
        out.append(f'<div style="margin:12px 0 0 2em">附件：{items}</div>')
    out.append(f'<div class="fc-right" style="margin-top:18px">{e(notice.signature or notice.issuers)}</div>')
    out.append(f'<div class="fc-right">{e(notice.date)}</div>')
    out.append(f'<div class="fc-record"><div>抄送：{e(notice.copied_to)}。</div>'
               f'<div>{e(notice.printed_by)}　　{e(notice.date)}印发</div></div>')
    out.append("</div>")
    return "".join(out)

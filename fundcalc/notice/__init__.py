"""The notice (通知) that issues a scenario: its wording from a Jinja2 template per mechanism filled with the
policy's [notice] facts and the result's figures, written as DOCX (GB/T 9704 layout) with the official forms
as its 附件, or shown as an HTML preview."""

from .docx_writer import notice_docx
from .draft import FIELD_LABELS, Notice, build_notice, default_fields, placeholder
from .preview import notice_html

__all__ = ["FIELD_LABELS", "Notice", "build_notice", "default_fields", "notice_docx", "notice_html", "placeholder"]

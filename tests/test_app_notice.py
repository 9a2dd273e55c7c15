"""The 下达通知 section of pages/forms.py under AppTest: preview, edits and the DOCX download (built when
clicked: the test runs the callable Streamlit registers, as a click would, and reads the DOCX back)."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.test_app_forms import PAGE


@pytest.fixture
def downloads(monkeypatch):
    seen: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return seen


def open_app() -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def preview(at) -> str:
    return next(h.proto.body for h in at.html if "fc-notice" in h.proto.body)


def docx_text(downloads, mechanism_zh: str) -> str:
    names = [n for n in downloads if n and n.startswith(f"下达通知_{mechanism_zh}_") and n.endswith(".docx")]
    assert len(names) == 1, list(downloads)
    doc = Document(io.BytesIO(downloads[names[-1]]()))
    return re.sub(r"\s+", "", "\n".join(p.text for p in doc.paragraphs))


def field(at, label: str):
    return next(w for w in [*at.text_input, *at.text_area] if w.label == label)


def test_notice_preview_and_download(downloads):
    at = open_app()
    assert "下达通知" in [s.value for s in at.subheader]
    html = preview(at)
    assert "曲财社〔2018〕106号" in html and "合计15,991.39万元" in html and "市级8,039.73万元" in html
    text = docx_text(downloads, "资助参保补助分配")
    assert "曲财社〔2018〕106号" in text and "合计15,991.39万元" in text


def test_edited_field_reaches_preview_and_docx_and_stays_text(downloads):
    at = open_app()
    field(at, "成文日期").set_value("2026年12月1日").run()
    field(at, "依据").set_value("<b>粗</b> **星** [链](http://evil.example)").run()
    assert not at.exception
    html = preview(at)
    assert "2026年12月1日" in html and "2018年9月7日" not in html
    assert "&lt;b&gt;粗&lt;/b&gt; **星** [链](http://evil.example)" in html and "<b>粗" not in html
    text = docx_text(downloads, "资助参保补助分配")
    assert "2026年12月1日印发" in text and "<b>粗</b>**星**[链](http://evil.example)，现下达" in text


def test_one_county_and_the_pooling_sample(downloads):
    at = open_app()
    at.selectbox(key="notice:county:allocation").set_value("麒麟区").run()
    html = preview(at)
    assert "资助参保补助资金219.54万元（详见附件）" in html and "麒麟区：" in html
    at.segmented_control(key="forms:mechanism").set_value("pooling").run()
    assert not at.exception
    html = preview(at)
    assert "示例（数据为示例数据，非正式文件）" in html and "运政办发〔2019〕30号" in html
    assert "示例" in docx_text(downloads, "基金缺口分担")[:20]

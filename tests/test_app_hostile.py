"""Hostile input reaching the dashboard (AppTest): a link with a huge exponent and a hostile upload are
refused at once with a message, and the figures and the current table stay as they were.

The AppTest timeout is the guard here: before the bounds, the link took ~45 s to turn
1e1000000 into an int, and the merged-range workbook grew to gigabytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.store import Store
from tests import hostile_files as hf

PROMPT = 20     # seconds a hostile link or upload may take in AppTest, rendering included


@pytest.fixture
def db(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "s.sqlite3"))
    return Store()


def city_total(at: AppTest) -> str:
    return next(m for m in at.metric if m.label.startswith("市级合计")).value


def test_link_with_a_huge_exponent_is_refused_promptly(db):
    def app():
        import runpy
        from pathlib import Path as _P

        from ui.share import on_page
        on_page("allocation")
        runpy.run_path(str(_P.cwd() / "pages" / "allocation.py"))

    at = AppTest.from_function(app, default_timeout=PROMPT)
    at.query_params["deduction_people"] = "1e1000000"
    at.query_params["not_lifted.standard_yuan"] = "180,5"
    at.run()
    assert not at.exception
    toasts = " ".join(t.value for t in at.toast).replace("\\", "")   # Markdown escapes of user text
    assert "指数过大" in toasts and "deduction_people" in toasts
    assert "不是数字" in toasts and "not_lifted.standard_yuan" in toasts
    assert city_total(at) == "8,039.73"                     # the document's figures, unchanged
    assert at.number_input(key="p:allocation:not_lifted.standard_yuan").value == 180


def test_hostile_workbook_upload_is_refused_and_the_table_kept(tmp_path):
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "pages" / "allocation.py"),
                           default_timeout=60)
    at.run()
    assert city_total(at) == "8,039.73"
    table = at.session_state["ws:allocation"]["table"].copy()
    at.default_timeout = PROMPT
    data = hf.merged_to_the_end(tmp_path).read_bytes()
    at.file_uploader[0].set_value(("merged.xlsx", data, "application/octet-stream")).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "合并单元格远远超出表格" in errors and "当前表格没有改动" in errors
    assert city_total(at) == "8,039.73"
    assert at.session_state["ws:allocation"]["table"].equals(table)

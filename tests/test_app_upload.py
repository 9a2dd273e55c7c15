"""The upload panel in Streamlit's AppTest: preview first, confirm replaces, any refusal leaves the workspace alone.

Files come from the import corpus; the figures checked come from the reference CSVs.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc.importer import MAX_FILE_BYTES, MAX_FILE_MB

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "import_corpus"


def panel_script(mechanism: str, category: dict | None = None) -> None:
    import streamlit as st

    from ui import state
    from ui.upload import upload_panel

    if category and not state.workspace(mechanism)["extra_categories"]:
        state.add_category(mechanism, category)
    upload_panel(mechanism)
    ws = state.workspace(mechanism)
    st.session_state["probe"] = {"dataset": ws["dataset"], "table": ws["table"].copy(),
                                 "overrides": dict(ws["overrides"])}


def start(mechanism: str = "allocation", category: dict | None = None) -> AppTest:
    at = AppTest.from_function(panel_script, args=(mechanism, category), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, name: str, data: bytes | None = None) -> AppTest:
    at.file_uploader[0].set_value((name, data if data is not None else (CORPUS / name).read_bytes(),
                                   "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_panel_starts_with_an_uploader_and_the_needed_columns():
    at = start()
    assert len(at.file_uploader) == 1
    assert "未脱贫人数" in captions(at) and f"{MAX_FILE_MB} MB" in captions(at)
    assert not at.error


def test_bad_file_shows_row_column_value_and_leaves_the_table():
    at = start()
    before = at.session_state["probe"]
    upload(at, "bad_negative.csv")
    text = errors(at)
    assert "第 7 行" in text and "未脱贫人数" in text and "-57578" in text and "不能小于 0" in text
    assert "row 7" in text                        # the English message too
    assert "当前表格没有改动" in text
    after = at.session_state["probe"]
    assert after["dataset"] == before["dataset"] == "qujing_2018"
    assert after["table"].equals(before["table"])
    assert not [b for b in at.button if b.key == "up:allocation:confirm"]


@pytest.mark.parametrize("name, fragment", [("bad_binary_garbage.csv", "二进制"), ("bad_empty.csv", "文件为空"),
                                            ("bad_xlsx_is_text.xlsx", "内容是文本"),
                                            ("bad_wrong_table.csv", "缺少必需的列")])
def test_other_refusals_are_messages(name, fragment):
    at = start()
    upload(at, name)
    assert fragment in errors(at)
    assert at.session_state["probe"]["dataset"] == "qujing_2018"


def test_preview_then_confirm_replaces_the_table():
    at = start()
    before = at.session_state["probe"]["table"]
    upload(at, "qj_gbk_official_form.csv")
    assert not at.error
    # the preview: recognised columns, notes, counties, totals — and nothing replaced yet
    shown = captions(at)
    assert "合计行（第 14 行）已与各县之和核对一致" in shown
    assert "麒麟区" in shown and "宣威市" in shown
    assert "431,970" in shown and "456,439" in shown       # 合计 of the reference CSV
    recognised = at.dataframe[0].value
    assert "建档立卡未脱贫 / 人数(人)" in recognised.iloc[:, 0].tolist()
    assert at.session_state["probe"]["dataset"] == "qujing_2018"
    assert at.session_state["probe"]["table"].equals(before)

    at.button(key="up:allocation:confirm").click().run()
    assert not at.exception
    probe = at.session_state["probe"]
    assert probe["dataset"] == "upload:qj_gbk_official_form.csv"
    assert probe["table"]["not_lifted_people"].sum() == 431970
    assert probe["table"]["lifted_people"].sum() == 456439
    assert any("已导入" in s.value and "9 个县" in s.value for s in at.success)
    assert at.file_uploader[0].value is None          # the uploader starts over


def test_cancel_keeps_the_table():
    at = start()
    upload(at, "qj_utf8_bom_chinese.csv")
    at.button(key="up:allocation:cancel").click().run()
    assert at.session_state["probe"]["dataset"] == "qujing_2018"
    assert any("已取消导入" in i.value for i in at.info)


def test_a_failed_upload_after_a_good_one_keeps_the_good_one():
    at = start()
    upload(at, "qj_total_first.csv")
    at.button(key="up:allocation:confirm").click().run()
    imported = at.session_state["probe"]["table"]
    upload(at, "bad_total_mismatch.csv")
    assert "合计为 431,971，各县相加为 431,970" in errors(at)
    assert at.session_state["probe"]["dataset"] == "upload:qj_total_first.csv"
    assert at.session_state["probe"]["table"].equals(imported)


def test_sheet_choice_for_a_workbook():
    at = start()
    upload(at, "qj_second_sheet.xlsx")
    assert at.selectbox[0].options == ["说明", "分配表"]
    assert "找不到表头" in errors(at)                 # the first sheet holds notes, not the table
    at.selectbox[0].set_value("分配表").run()
    assert not at.error
    at.button(key="up:allocation:confirm").click().run()
    assert at.session_state["probe"]["dataset"] == "upload:qj_second_sheet.xlsx（分配表）"


def test_sample_label_is_carried_into_the_dataset_name():
    at = start()
    upload(at, "qj_sample_label.csv")
    assert any("示例数据" in w.value for w in at.warning)
    at.button(key="up:allocation:confirm").click().run()
    assert at.session_state["probe"]["dataset"].endswith("（示例数据）")


def test_file_over_the_limit_is_refused_by_the_panel():
    at = start()
    upload(at, "big.csv", b"county,not_lifted_people,lifted_people\n" + b"x" * MAX_FILE_BYTES)
    assert "文件过大" in errors(at) and f"{MAX_FILE_MB} MB" in errors(at)
    assert at.session_state["probe"]["dataset"] == "qujing_2018"


def test_settlement_headcount_file_switches_mode_on_confirm():
    at = start("settlement")
    upload(at, "tc_headcount_sample.csv")
    # the note names the parameter that will change and the choice it changes to, as the panel does
    assert any("“应补助资金来源”的另一选项" in i.value and "按结算人数 × 补助标准测算" in i.value for i in at.info)
    assert at.session_state["probe"]["overrides"] == {}
    at.button(key="up:settlement:confirm").click().run()
    probe = at.session_state["probe"]
    assert probe["overrides"] == {"mode": "headcount"}
    assert probe["table"]["insured"].sum() == 653300   # hand sum of the sample's 6月底参保人数


def test_unexpected_failure_is_a_generic_message(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("internal detail")
    monkeypatch.setattr("ui.upload.read_table", boom)
    at = start()
    upload(at, "qj_utf8_bom_chinese.csv")
    assert "无法读取这个文件" in errors(at) and "internal detail" not in errors(at)
    assert at.session_state["probe"]["dataset"] == "qujing_2018"


def test_allocation_page_with_a_bad_upload_keeps_its_figures():
    at = AppTest.from_file(str(ROOT / "pages" / "allocation.py"), default_timeout=60)
    at.run()
    assert not at.exception
    city = next(m for m in at.metric if m.label.startswith("市级合计"))
    assert city.value == "8,039.73"
    upload(at, "bad_duplicate_name.csv")
    assert "名称重复" in errors(at)
    city = next(m for m in at.metric if m.label.startswith("市级合计"))
    assert city.value == "8,039.73"


TEKUN = {"key": "tekun", "zh": "特困", "en": "Extreme poverty", "standard_yuan": 180,
         "shares": {"province": 60, "city": 40}}


def test_a_file_without_an_added_category_is_refused_naming_it():
    # It used to be imported with the category's headcounts set to 0 under a "totals match" note.
    at = start(category=TEKUN)
    before = at.session_state["probe"]["table"].copy()
    upload(at, "qj_plain_english.csv")
    assert "缺少必需的列「特困人数」" in errors(at) and "required column 'Extreme poverty people'" in errors(at)
    assert all(b.key != "up:allocation:confirm" for b in at.button)      # nothing to confirm
    assert at.session_state["probe"]["table"].equals(before)


def test_an_added_category_is_read_when_the_file_has_it():
    at = start(category=TEKUN)
    text = "县(市、区),未脱贫人数,已脱贫人数,特困人数\n甲县,1,2,30\n乙县,3,4,50\n"
    upload(at, "own.csv", text.encode("gbk"))
    at.button(key="up:allocation:confirm").click().run()
    assert at.session_state["probe"]["table"]["tekun_people"].tolist() == [30, 50]


def test_the_preview_lists_the_columns_it_does_not_use():
    at = start()
    upload(at, "qj_reordered_extra_columns.csv")
    assert not at.error
    ignored = next(c.value for c in at.caption if c.value.startswith("忽略的列："))
    for header in ("序号", "备注", "人数合计"):
        assert header in ignored


def test_upload_limit_is_the_same_in_the_app_config_and_the_panel():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_FILE_MB


@pytest.mark.parametrize("page, name, fragment", [
    ("settlement.py", "bad_tc_total_mismatch.csv", "合计行与各县之和不符"),
    ("pooling.py", "bad_pool_too_many_decimals.csv", "小数位过多"),
])
def test_every_mechanism_page_has_the_panel(page, name, fragment):
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60)
    at.run()
    assert not at.exception
    before = at.session_state[f"ws:{page[:-3]}"]["table"].copy()
    upload(at, name)
    assert fragment in errors(at)
    assert at.session_state[f"ws:{page[:-3]}"]["table"].equals(before)

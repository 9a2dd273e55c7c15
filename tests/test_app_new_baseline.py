"""新建测算 (pages/new_baseline.py): the made-up city of this round (样例市 2025, three categories of its own, three
levels 5:3:2, 100 元 rounding) set up through the wizard, its county table as an XLSX with title, 单位 and 合计 rows,
saved as the user's baseline; the saved figures equal plain integer arithmetic written in tests/new_city_files.py.

AppTest cannot upload a file nor type into a st.data_editor: the file is read by the function the uploader calls
(``column_map.read_upload``, with the file's bytes) and handed to the page through its kept state, and the
categories are given as the rows the editor would return (the kept ``cat_rows``, with a fresh editor). Everything
else is set by widget keys, as a user would."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fundcalc import datasets, mechanisms
from fundcalc.baselines import dataset, list_baselines
from fundcalc.errors import InputError
from tests import new_city_files as city
from tests.apptest_helpers import APP, metric
from ui.wizard import column_map, policy_draft, toml_text

PAGE = "../pages/new_baseline.py"
FORBIDDEN = (*city.FORBIDDEN, "昆明", "自治区", "地区级")
ROOT = Path(__file__).resolve().parents[1]


def w(name: str) -> str:
    return f"nb:w:{name}"


def open_wizard() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def category_rows(shares=(50, 30, 20)) -> list[dict]:
    return [{"order": i + 1, "key": key, "zh": zh, "en": en, "standard_yuan": city.STANDARD_YUAN,
             "subsidised_pct": pct, "province_pct": shares[0], "city_pct": shares[1], "county_pct": shares[2]}
            for i, (key, zh, en, pct, _) in enumerate(city.CATEGORIES)]


def set_up_city(at: AppTest, shares=(50, 30, 20)) -> AppTest:
    """Steps 1 and 2 as a user does them: a blank allocation, the document's words, its categories."""
    at.selectbox(key=w("mechanism")).set_value("allocation")
    at.radio(key=w("start_kind")).set_value("blank")
    at.button(key="nb:start").click().run()
    for key, value in {"region_zh": "样例市", "region_en": "Sample City", "doc_no": "样财社〔2025〕1号",
                       "title_zh": "2025年困难群众资助参保补助资金分配表",
                       "title_en": "2025 contribution subsidies for people in difficulty"}.items():
        at.text_input(key=w(f"f:{key}")).input(value)
    at.number_input(key=w("f:year")).set_value(2025)
    at.session_state["nb:s:cat_rows"] = category_rows(shares)
    at.session_state["nb:s:editor_rev"] = at.session_state["nb:s:editor_rev"] + 1   # the editor starts afresh
    at.run()
    at.selectbox(key=w("val:rounding_unit_yuan")).set_value(100).run()
    assert not at.exception
    return at


def upload(at: AppTest, data: bytes, name: str) -> AppTest:
    at.session_state["nb:s:upload"] = column_map.read_upload(data, name)
    at.session_state["nb:s:upload_sha"] = name
    at.session_state["nb:s:map"] = None
    at.run()
    assert not at.exception
    return at


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def map_box(at: AppTest, header: str):
    found = [s for s in at.selectbox if s.key and s.key.startswith(w("map:")) and s.label == header]
    assert len(found) == 1, [s.label for s in at.selectbox]
    return found[0]


def test_made_up_city_through_the_wizard_saves_a_baseline_with_the_right_figures():
    at = set_up_city(open_wizard())
    assert not errors(at), errors(at)
    upload(at, city.xlsx(), "样例市2025.xlsx")
    assert not errors(at), errors(at)
    # the guessed mapping, every column accounted for: 序号 and the row-sum 合计 column ignored
    assert map_box(at, "序号").value == column_map.IGNORE
    assert map_box(at, "合计").value == column_map.IGNORE
    assert map_box(at, "低保对象（人）").value == "min_living_people"
    assert "已读取 11 个县" in "\n".join(s.value for s in at.success)
    assert "已忽略：序号、合计" in "\n".join(s.value for s in at.success)

    assert at.text_input(key=w("name")).value == "样例市 2025"
    at.button(key="nb:save").click().run()
    assert not at.exception and not errors(at), errors(at)
    saved = [b for b in list_baselines("allocation") if b.name == "样例市 2025"]
    assert len(saved) == 1

    ds = dataset(saved[0].dataset_id)
    policy = ds.policy()
    assert (policy.region("zh"), policy.year, policy.doc_no) == ("样例市", 2025, "样财社〔2025〕1号")
    assert policy.source("min_living.subsidised_pct").kind == "assumption"
    assert policy.source("min_living.subsidised_pct").why_zh == "用户在新建测算中设定"
    result = mechanisms.get("allocation").compute(ds.load(), policy)
    expected = city.expected()
    table = result.table.set_index("county")
    assert list(table.index) == list(city.COUNTIES)
    for name in city.COUNTIES:
        for lv in ("province", "city", "county"):
            assert table.at[name, f"{lv}_total_fen"] == expected[name][lv] * 100, (name, lv)
        assert table.at[name, "total_fen"] == expected[name]["total"] * 100
    for lv in ("province", "city", "county"):
        assert result.totals[f"{lv}_total_fen"] == expected["合计"][lv] * 100
    assert result.totals["total_fen"] == expected["合计"]["total"] * 100

    # the preview showed the same headline (万元, 千分位)
    shown = {m.label: m.value for m in at.metric}
    assert shown["补助资金合计（万元）"] == f"{expected['合计']['total'] / 10_000:,.2f}"
    assert shown["市级合计（万元）"] == f"{expected['合计']['city'] / 10_000:,.2f}"

    text = policy_draft.to_text(policy_draft.from_text(ds.baseline.policy_toml))
    assert not [word for word in FORBIDDEN if word in text]

    # 打开测算页: the allocation page on the saved baseline, with the city's figures
    at.button(key="nb:open").click().run()
    assert not at.exception
    assert at.session_state["ws:allocation"]["dataset"] == saved[0].dataset_id
    assert metric(at, "补助资金合计").value == f"{expected['合计']['total'] / 10_000:,.2f}"
    assert metric(at, "市级合计").value == f"{expected['合计']['city'] / 10_000:,.2f}"
    assert metric(at, "县级合计").value == f"{expected['合计']['county'] / 10_000:,.2f}"


def test_a_category_without_a_column_is_named_and_a_renamed_header_is_mapped_by_hand():
    at = set_up_city(open_wizard())
    upload(at, city.xlsx(renamed={"低保对象（人）": "低保户数"}), "renamed.xlsx")
    # a column nobody decided on blocks the import, named
    assert "「低保户数」还没有指定对应的字段" in errors(at)
    assert not at.success
    # ignored: then the category has no column, and it is named — never taken as zeros
    map_box(at, "低保户数").set_value(column_map.IGNORE).run()
    assert "「低保对象人数」在文件中没有对应的列（不会按 0 计算）" in errors(at)
    assert "nb:save" not in [b.key for b in at.button]          # nothing to save yet
    # mapped by hand: read, and the figures are the city's
    map_box(at, "低保户数").set_value("min_living_people").run()
    assert not errors(at), errors(at)
    assert "已读取 11 个县" in "\n".join(s.value for s in at.success)
    shown = {m.label: m.value for m in at.metric}
    assert shown["补助资金合计（万元）"] == f"{city.expected()['合计']['total'] / 10_000:,.2f}"


def test_shares_that_do_not_add_up_are_refused_naming_the_row_and_column():
    at = set_up_city(open_wizard(), shares=(50, 30, 10))
    message = errors(at)
    assert "第 1 行" in message and "「各级分担比例合计」列" in message and "值 “90%”" in message
    assert "row 1" in message and "90%" in message
    assert not [s for s in at.subheader if "县级表格" in s.value]      # the later steps wait for it


def test_gbk_csv_reads_the_same_table_as_the_xlsx():
    doc = policy_draft.blank("allocation", 2025)
    labels = {k: (k, k) for k in ("key", "zh", "en", "shares", *policy_draft.CATEGORY_FIELDS)}
    doc = policy_draft.set_categories(doc, category_rows(), labels)
    policy = policy_draft.load_text(policy_draft.to_text(doc))
    schema = mechanisms.get("allocation").schema(policy)
    frames = []
    for data, name in ((city.xlsx(), "c.xlsx"), (city.gbk_csv(), "c.csv")):
        read = column_map.read_upload(data, name)
        assert read.headers == tuple(city.header())
        frames.append(column_map.apply(read, column_map.guess(read, schema), schema).frame)
    assert frames[0].equals(frames[1])
    assert list(frames[0]["min_living_people"]) == [p[2] for p in city.headcounts()]


def test_a_bad_cell_is_refused_with_its_row_column_and_value():
    doc = policy_draft.blank("allocation", 2025)
    labels = {k: (k, k) for k in ("key", "zh", "en", "shares", *policy_draft.CATEGORY_FIELDS)}
    policy = policy_draft.load_text(policy_draft.to_text(policy_draft.set_categories(doc, category_rows(), labels)))
    schema = mechanisms.get("allocation").schema(policy)
    text = city.gbk_csv().decode("gbk").replace(",5932,", ",-5932,")
    read = column_map.read_upload(text.encode("gbk"), "bad.csv")
    with pytest.raises(InputError) as caught:
        column_map.apply(read, column_map.guess(read, schema), schema)
    assert caught.value.row == 5 and caught.value.value in ("-5932", -5932)
    assert "低保对象" in str(caught.value.column)


def test_policy_text_keeps_the_shipped_format():
    for path in sorted((ROOT / "data" / "params").glob("*.toml")):
        raw = path.read_text(encoding="utf-8")
        assert tomllib.loads(toml_text.dumps(tomllib.loads(raw))) == tomllib.loads(raw), path.name


def test_a_copy_of_a_shipped_document_keeps_its_numbers_not_its_words():
    for ds in datasets.DATASETS.values():
        doc = policy_draft.from_shipped(ds.id)
        text = policy_draft.to_text({**doc, "meta": {k: v for k, v in doc["meta"].items() if k != "categories"}})
        assert not [word for word in FORBIDDEN if word in text], ds.id
        assert policy_draft.flat_values(doc)
        assert all(s["kind"] == "assumption" for s in doc["sources"].values())


def test_next_year_starts_from_the_saved_baseline_and_nothing_is_lost_between_pages():
    at = set_up_city(open_wizard())
    upload(at, city.xlsx(), "样例市2025.xlsx")
    at.button(key="nb:save").click().run()
    assert not errors(at), errors(at)

    # another page and back: what was entered is still there, the table and its mapping too
    at.switch_page("../pages/overview.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.text_input(key=w("f:doc_no")).value == "样财社〔2025〕1号"
    assert at.selectbox(key=w("val:rounding_unit_yuan")).value == 100
    assert "已读取 11 个县" in "\n".join(s.value for s in at.success)

    # a new start from the saved baseline: its words and values come back as saved, the table step is empty
    at.radio(key=w("start_kind")).set_value("baseline").run()
    chosen = at.selectbox(key=w("from_baseline:allocation"))
    assert "样例市 2025" in chosen.format_func(chosen.value)
    at.button(key="nb:start").click().run()
    assert not at.exception
    assert at.text_input(key=w("f:region_zh")).value == "样例市"
    assert at.text_input(key=w("f:title_zh")).value == "2025年困难群众资助参保补助资金分配表"
    assert at.session_state["nb:s:cat_rows"] == category_rows()
    assert at.selectbox(key=w("val:rounding_unit_yuan")).value == 100
    assert not at.success and not errors(at)
    at.text_input(key=w("f:doc_no")).input("样财社〔2026〕1号")
    at.number_input(key=w("f:year")).set_value(2026).run()
    upload(at, city.gbk_csv(), "样例市2026.csv")
    assert at.text_input(key=w("name")).value == "样例市 2026"
    at.text_input(key=w("name")).input("样例市 2026 年初测算").run()
    assert at.text_input(key=w("name")).value == "样例市 2026 年初测算"      # a name of one's own stays
    at.button(key="nb:save").click().run()
    assert not errors(at), errors(at)
    assert {(b.name, b.year, b.doc_no) for b in list_baselines("allocation")} == {
        ("样例市 2025", 2025, "样财社〔2025〕1号"), ("样例市 2026 年初测算", 2026, "样财社〔2026〕1号")}


def test_a_copy_of_a_shipped_document_asks_for_the_users_own_words():
    at = open_wizard()
    at.selectbox(key=w("mechanism")).set_value("settlement")
    at.radio(key=w("start_kind")).set_value("shipped").run()
    at.button(key="nb:start").click().run()
    assert not at.exception
    assert at.text_input(key=w("f:region_zh")).value == ""
    assert at.text_input(key=w("f:doc_no")).value == ""
    assert "请填写此项" in errors(at) and "地区（中文）" in errors(at)
    shown = "\n".join(str(e.value) for e in (*at.text_input, *at.selectbox))
    assert not [word for word in FORBIDDEN if word in shown]


@pytest.mark.parametrize("text", [
    '[meta]\nmechanism = "allocation"\nyear = 2025\ndoc_no = "x"\ntitle_zh = "x"\ntitle_en = "x"\n'
    '[[meta.categories]]\nkey = "a"\n',
    '[meta]\nmechanism = "nothing"\nyear = 2025\ndoc_no = "x"\ntitle_zh = "x"\ntitle_en = "x"\n',
    '[meta]\nmechanism = "allocation"\n',
    'not toml at all = = =',
])
def test_a_malformed_policy_file_is_refused_in_both_languages(text):
    with pytest.raises(InputError) as caught:
        policy_draft.from_text(text, "mine.toml")
    assert caught.value.zh and caught.value.en


def test_the_wizard_speaks_english_on_request():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    at.button(key="nb:start").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["New calculation"]
    assert errors(at).startswith("at least one person category is needed")      # English first, then Chinese
    assert "Person categories" in "\n".join(m.value for m in at.markdown)


LABELS = {k: (k, k) for k in ("key", "zh", "en", "shares", *policy_draft.CATEGORY_FIELDS)}


def test_categories_reorder_rename_and_remove_keep_what_the_document_said_of_the_rest():
    start = policy_draft.from_text((ROOT / "data" / "params" / "qujing_2018.toml").read_text(encoding="utf-8"))
    rows = policy_draft.category_rows(start)
    assert [r["key"] for r in rows] == ["not_lifted", "lifted"]
    # reorder by 顺序, rename one, remove none: the document's source stays for a value left as it was
    rows[0]["order"], rows[1]["order"] = 2, 1
    rows[1]["zh"] = "已稳定"
    doc = policy_draft.mark_sources(policy_draft.set_categories(start, rows, LABELS), start)
    assert [c["key"] for c in doc["meta"]["categories"]] == ["lifted", "not_lifted"]
    assert doc["meta"]["categories"][0]["zh"] == "已稳定"
    assert doc["sources"]["lifted.standard_yuan"]["kind"] == "document"
    # a changed value is the user's own from then on
    rows[1]["standard_yuan"] = 220
    doc = policy_draft.mark_sources(policy_draft.set_categories(start, rows, LABELS), start)
    assert doc["sources"]["lifted.standard_yuan"] == policy_draft.USER_SET
    assert doc["values"]["lifted"]["standard_yuan"] == 220
    # removed: its values and sources go with it
    doc = policy_draft.set_categories(start, rows[1:], LABELS)
    assert "not_lifted" not in doc["values"]
    assert not [k for k in doc["sources"] if k.startswith("not_lifted.")]
    policy = policy_draft.load_text(policy_draft.to_text(doc))
    assert [c["key"] for c in policy.meta["categories"]] == ["lifted"]


@pytest.mark.parametrize("change, column, zh", [
    ({"key": "两个字"}, "key", "代码应为英文字母"),
    ({"zh": ""}, "zh", "类别名称不能为空"),
    ({"subsidised_pct": 120}, "subsidised_pct", "应在 0 到 100 之间"),
    ({"standard_yuan": None}, "standard_yuan", "不能为空"),
])
def test_a_bad_category_cell_is_named(change, column, zh):
    rows = category_rows()
    rows[2].update(change)
    with pytest.raises(InputError) as caught:
        policy_draft.set_categories(policy_draft.blank("allocation", 2025), rows, LABELS)
    assert (caught.value.row, caught.value.column) == (3, column)
    assert zh in caught.value.zh and caught.value.en


def test_a_column_mapped_twice_is_refused_naming_both():
    doc = policy_draft.set_categories(policy_draft.blank("allocation", 2025), category_rows(), LABELS)
    schema = mechanisms.get("allocation").schema(policy_draft.load_text(policy_draft.to_text(doc)))
    read = column_map.read_upload(city.xlsx(), "c.xlsx")
    choice = column_map.guess(read, schema)
    choice[5] = "relapse_people"                       # the row-sum 合计 column as a category: twice
    with pytest.raises(InputError) as caught:
        column_map.apply(read, choice, schema)
    assert "「返贫致贫人口人数」「合计」都对应「返贫致贫人口人数」" in caught.value.zh


def test_a_category_added_without_a_code_gets_one_from_its_english_name():
    rows = category_rows()
    rows[1]["key"] = None
    rows.append({"order": None, "key": "", "zh": "其他", "en": "", "standard_yuan": 100, "subsidised_pct": 100,
                 "province_pct": 100, "city_pct": 0, "county_pct": 0})
    doc = policy_draft.set_categories(policy_draft.blank("allocation", 2025), rows, LABELS)
    assert [c["key"] for c in doc["meta"]["categories"]] == ["destitute", "minimum_living_allowance", "relapse",
                                                             "category"]

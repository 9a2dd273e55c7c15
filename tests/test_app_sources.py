"""The pages say which values the document gives (AppTest): parameter tooltips, the city's months as a named
figure resting on a sample value, 二(一)'s figures once a budget is set, and the add-category form's 资助比例."""

from __future__ import annotations

from tests.apptest_helpers import metric, open_app_page, shown


def widget(at, key):
    found = [w for w in at.number_input if w.key == key] + [w for w in at.selectbox if w.key == key]
    assert found, key
    return found[0]


def test_tooltips_say_document_only_for_the_documents_values():
    at = open_app_page("../pages/pooling.py")
    assert shown(widget(at, "p:pooling:reserve_pct").help).startswith("文件规定：3%。依据：运政办发〔2019〕30号 二(二)")
    opening = shown(widget(at, "p:pooling:city_reserve_opening_wan").help)
    assert opening.startswith("示例值：160,000 万元。") and "文件规定" not in opening
    band = shown(widget(at, "p:pooling:months_band_low").help)
    assert band.startswith("假设：") and "塔地财社〔2021〕87号" in band
    assert shown(widget(at, "p:pooling:clearing_mode").help).startswith("假设：")


def test_settlement_standard_tooltip_is_a_sample_value():
    at = open_app_page("../pages/settlement.py")
    assert shown(widget(at, "p:settlement:standard_yuan").help).startswith("示例值：78 元/人。")


def test_the_citys_months_are_a_named_figure_resting_on_the_sample():
    at = open_app_page("../pages/pooling.py")
    m = metric(at, "全市可支配月数（含调剂金）")
    assert m.value == "6.74 月" and "示例值" in m.help and "0.44" in m.help
    cap = [c for c in at.caption if "调剂金期初余额 160,000 万元（示例值）" in c.value]
    assert cap and "可支配月数目标区间 6\\-9个月（假设）" in cap[0].value  # Markdown-escaped "-"
    assert "文件未给调剂金期初余额" in cap[0].help  # the why, in full


def test_budgeted_revenue_shows_the_ii_1_figures():
    at = open_app_page("../pages/pooling.py")
    assert not [m for m in at.metric if m.label.startswith("二(一)")]
    widget(at, "p:pooling:city_budget_revenue_wan").set_value(300000.0).run()
    assert not at.exception
    # 338,219.06 − 300,000 = 38,219.06; 3% cap 10,146.57; the rest 28,072.49
    assert metric(at, "二(一) 超预算收入").value == "38,219.06"
    assert metric(at, "其中留出调剂金").value == "10,146.57"
    assert metric(at, "可弥补预算执行不足").value == "28,072.49"


def test_add_category_form_has_the_subsidised_share():
    at = open_app_page("../pages/allocation.py")
    at.session_state["newcat:panel"] = True
    at.run()
    at.text_input(key="newcat:zh").input("低保")
    at.number_input(key="newcat:subsidised").set_value(50.0)
    [b for b in at.button if b.label == "添加"][0].click().run()
    assert not at.exception and not at.error
    cats = at.session_state["ws:allocation"]["extra_categories"]
    assert cats[-1]["zh"] == "低保" and cats[-1]["subsidised_pct"] == 50


def test_forms_page_says_how_the_tracking_amount_is_made_up():
    at = open_app_page("../pages/forms.py")
    at.session_state["forms:mechanism"] = "settlement"
    at.run()
    assert not at.exception
    text = " ".join(c.value for c in at.caption)
    assert "资金金额 721.00 万元" in text and "提前下达 731 万元（塔地财社〔2021〕8号）+ 此次结算 -10 万元" in text

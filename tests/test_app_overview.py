"""总览 page (AppTest): each document's headline figure with its source, the user's scenario, every page opens."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import metric

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def start(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    return at


def text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_headline_figures_and_their_sources():
    at = start()
    assert at.title[0].value == "医保资金测算台"
    # 曲财社〔2018〕106号: 此次下达 8,039.73 万元; 塔地财社〔2021〕87号 附件1: 合计 −96 万元
    assert metric(at, "市级补助合计").value == "8,039.73 万元"
    assert metric(at, "此次结算合计").value == "-96 万元"
    pooling = metric(at, "县级政府负担缺口")
    assert "示例数据" in pooling.label
    # the sample's gaps after each county's retained surplus, by hand from data/yuncheng_2019_sample.csv:
    # 2,587.48 + 1,330.76 + 85.68 + 822.01 + 324.01 = 5,149.94
    assert pooling.value == "5,149.94 万元"
    page = text(at)
    for source in ("曲财社〔2018〕106号", "塔地财社〔2021〕87号", "运政办发〔2019〕30号", "示例数据", "官方数据"):
        assert source in page
    assert "7 个县（市）中 6 个结算为负数" in page


def test_every_page_opens_without_an_exception():
    at = start()
    for page in ("../pages/allocation.py", "../pages/settlement.py", "../pages/pooling.py", "../pages/overview.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        assert not at.error, page


def test_a_changed_scenario_shows_next_to_the_official_figure():
    at = start()
    at.switch_page("../pages/allocation.py").run()
    at.number_input(key="p:allocation:not_lifted.standard_yuan").set_value(200.0).run()
    at.switch_page("../pages/overview.py").run()
    # 未脱贫 at 200 元 costs the city 8,385.28 (worked out in tests/test_app_allocation.py): +345.55
    assert "当前方案：8,385.28 万元（+345.55 万元）" in text(at)
    assert metric(at, "市级补助合计").value == "8,039.73 万元"


def test_english():
    at = start("en")
    assert at.title[0].value == "Medical insurance fund calculator"
    assert metric(at, "City total").value == "8,039.73 (10k yuan)"
    at.button_group(key="lang").set_value("zh").run()
    assert at.title[0].value == "医保资金测算台"

"""The parameter panel is drawn from each mechanism's schema.toml (ui/params_panel.py holds no layout of its
own): groups and their headings in order, choice labels, a share's complement, parameters editable only with
another's value (``enabled_by``), the dataset's shape parameter, warnings and source notes."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from fundcalc import mechanisms
from fundcalc.datasets import DATASETS
from tests.apptest_helpers import open_app_page, shown


def _policy(name: str):
    return next(d for d in DATASETS.values() if d.mechanism == name).policy()


def test_every_choice_of_a_shipped_mechanism_has_a_label_in_both_languages():
    checked = 0
    for spec in mechanisms.specs():
        for key, p in spec.param_specs(_policy(spec.name)).items():
            if p.kind != "choice":
                continue
            labels = {choice: (zh, en) for choice, zh, en in p.labels}
            assert set(labels) == {str(c) for c in p.choices}, (spec.name, key)
            assert all(zh and en for zh, en in labels.values()), (spec.name, key)
            checked += 1
    assert checked >= 8   # rounding ×3, table_stage, mode, scheme, clearing_mode, excess_reserve_mode


def _bold(at: AppTest) -> list[str]:
    return [m.value.strip("*") for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]


def test_pooling_groups_headings_complements_and_labels():
    at = open_app_page("../pages/pooling.py")
    heads = _bold(at)
    order = ["缺口分担（二(二)）", "市级调剂金（二(一)）", "住院总额预算（三、四）", "绩效目标与取整"]
    assert [h for h in heads if h in order] == order
    captions = [c.value for c in at.caption]
    # 运政办发〔2019〕30号 二(二): the county bears the whole gap (调剂金 0%); 10% of a surplus to the 调剂金, 90% kept.
    assert any(c.startswith("调剂金弥补 0%（合计 100%）") for c in captions), captions
    assert any(c.startswith("留县 90%（合计 100%）") for c in captions), captions
    clearing = at.selectbox(key="p:pooling:clearing_mode")
    assert clearing.options == ["年终按年度指标封顶清算", "不清算，以按月拨付为准", "年终按实际费用清算"]
    band = [w.key for w in at.number_input if w.key.startswith("p:pooling:months_band")]
    assert band == ["p:pooling:months_band_low", "p:pooling:months_band_high"]


def test_settlement_mode_follows_the_dataset_and_the_standard_waits_for_headcounts():
    at = open_app_page("../pages/settlement.py")
    assert at.selectbox(key="p:settlement:mode").disabled
    assert at.number_input(key="p:settlement:standard_yuan").disabled
    assert "仅在按人数测算时使用" in [c.value for c in at.caption]
    assert "由所选数据集决定" in [c.value for c in at.caption]


def test_allocation_deduction_waits_for_a_before_deduction_table_and_warns_on_the_document():
    at = open_app_page("../pages/allocation.py")
    assert at.number_input(key="p:allocation:deduction_people").disabled
    assert not at.warning or not any("再调减一次" in w.value for w in at.warning)
    at.selectbox(key="p:allocation:table_stage").set_value("before_deduction").run()
    assert not at.exception
    assert not at.number_input(key="p:allocation:deduction_people").disabled
    assert any("再调减一次" in w.value for w in at.warning)
    # Each category's box: its name, then its standard and shares under short labels.
    heads = _bold(at)
    assert heads[:2] == ["未脱贫", "已脱贫"] and "取整与调减" in heads
    labels = [shown(w.label) for w in at.number_input if w.key and w.key.startswith("p:allocation:not_lifted.")]
    assert labels == ["补助标准(元/人)", "资助比例(%)", "省级(%)", "市级(%)", "县级(%)"]

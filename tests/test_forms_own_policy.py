"""Every mechanism's forms under a policy that states none of their facts: a shipped policy renamed to a
made-up city, its [forms.*], [sources] and document references taken out, its county table renamed. No cell,
title, note or sheet name may hold a shipped document's words (they would come from Python, the only place
left), and the facts the policy lacks read （待填写） and are listed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fundcalc import mechanisms
from fundcalc.datasets import DATASETS
from fundcalc.forms import FormOptions, build_forms
from fundcalc.forms.facts import TO_FILL
from fundcalc.forms.workbook import missing_texts

SHIPPED_WORDS = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
                 "脱贫", "昆明", "自治区", "地区财政", "地区医疗", "新财预", "87号", "30号", "附件1", "附件2", "附件3")


def own_result(dataset: str):
    d = DATASETS[dataset]
    policy = d.policy()
    # every section holding the document's own words goes: its facts, basis, clauses, level names, page text,
    # import headers; categories keep only their keys and get made-up names
    document = {"forms", "basis", "clauses", "level_names", "page", "aliases"}
    meta = {k: v for k, v in policy.meta.items() if k not in document} | {"region_zh": "样例市",
                                                                         "region_en": "Sample City"}
    if "categories" in meta:
        meta["categories"] = [{k: v for k, v in dict(c, zh=f"类别{i}").items() if k not in ("heading_zh", "aliases")}
                              for i, c in enumerate(meta["categories"], 1)]
    values = {k: ("样财社〔2024〕9号" if k == "clawback_doc" else v) for k, v in policy.values.items()}
    policy = replace(policy, meta=meta, doc_no="样财社〔2025〕1号", title_zh="样例市资金表", title_en="Sample table",
                     sources={}, values=values)
    table = d.load(policy)
    table["county"] = [f"{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{i}县" for i in range(len(table))]
    if "note" in table:
        table["note"] = ""
    return mechanisms.get(d.mechanism).compute(table, policy, validated=True)


def texts_of(forms) -> list[str]:
    out = []
    for f in forms:
        out += [f.title, f.sheet, *(a for a, _ in f.above), *(a for a, _ in f.below_title), *f.notes]
        out += [str(c.value) for row in f.rows for c in row if c is not None and c.value is not None]
    return out


@pytest.mark.parametrize("dataset", ["qujing_2018", "tacheng_2020", "tacheng_2020_headcount_sample",
                                     "yuncheng_2019_sample"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_forms_without_facts_carry_no_shipped_words(dataset, lang):
    result = own_result(dataset)
    texts = texts_of(build_forms(result, FormOptions(lang=lang)))
    assert [(w, t) for t in texts for w in SHIPPED_WORDS if w in t] == []
    if lang == "zh":
        assert any(TO_FILL in t for t in texts)
        keys = [k for k, _, _ in missing_texts(result)]
        assert {"performance.title", "performance.annual_goal"} <= set(keys)


@pytest.mark.parametrize("dataset, keys", [
    ("tacheng_2020", {"settlement.attachment", "performance.attachment", "performance.finance_dept",
                      "performance.policy_reimbursement", "tracking.fund_name", "tracking.title"}),
    ("qujing_2018", {"performance.project_name", "performance.funding_deadline", "performance.satisfaction.basis"}),
    ("yuncheng_2019_sample", {"performance.balance", "performance.gap_counties.basis", "performance.annual_goal"}),
])
def test_missing_facts_are_listed(dataset, keys):
    missing = {k: (zh, en) for k, zh, en in missing_texts(own_result(dataset))}
    assert keys <= set(missing)
    # each with a label in both languages
    assert all(zh and en for zh, en in missing.values())
    # and none is listed once the user fills it in
    opts = FormOptions(texts=dict.fromkeys(keys, "已填写"))
    assert not keys & {k for k, _, _ in missing_texts(own_result(dataset), opts)}

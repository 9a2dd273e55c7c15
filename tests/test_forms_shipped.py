"""The shipped documents' forms and notices, every cell and paragraph, against the reference taken before their
wording moved from Python into data/params/*.toml ([forms.*]): moving the words must not move a character."""

from __future__ import annotations

import json

import pytest

from tests.forms_snapshot import REFERENCE, snapshot


@pytest.fixture(scope="module")
def current(tmp_path_factory):
    return snapshot(tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="module")
def reference():
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("part", ["workbooks", "notices", "models"])
def test_shipped_forms_unchanged(current, reference, part):
    assert sorted(current[part]) == sorted(reference[part])
    for name in reference[part]:
        assert current[part][name] == reference[part][name], name


def test_reference_holds_the_documents_words(reference):
    """The reference is the documents' own wording, not an empty capture."""
    qujing = json.dumps(reference["workbooks"]["qujing"], ensure_ascii=False)
    assert "曲政办发〔2017〕160号" in qujing and "提请市财政2018年安排8039.73万元" in qujing
    tacheng = json.dumps(reference["workbooks"]["tacheng"], ensure_ascii=False)
    assert "自治区财政资金使用情况跟踪反馈表" in tacheng and "地区财政局" in tacheng

"""The forms' and notices' code holds no document's words: every string literal in fundcalc/forms,
fundcalc/notice and the mechanisms' forms.py / notice.py (docstrings aside: they may cite a 文号 as a
reference) and every notice template (comments aside) is free of the shipped documents' words. Those words
live in data/params/*.toml only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "87号", "30号", "2018年",
         "建档立卡", "脱贫", "昆明", "自治区", "地区财政", "地区医疗", "新财预", "附件1", "附件2", "附件3")
FILES = sorted([*ROOT.glob("fundcalc/forms/*.py"), *ROOT.glob("fundcalc/notice/*.py"),
                *ROOT.glob("fundcalc/mechanisms/*/forms.py"), *ROOT.glob("fundcalc/mechanisms/*/notice.py")])
TEMPLATES = sorted(ROOT.glob("fundcalc/mechanisms/*/notice.txt.j2"))


def literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_the_scan_covers_the_forms_and_finds_words_where_they_are():
    assert len(FILES) >= 15 and len(TEMPLATES) == 3
    # the policy files do hold them: the scan would see them if code did
    toml = (ROOT / "data/params/tacheng_2020.toml").read_text(encoding="utf-8")
    assert "自治区" in toml and "附件3" in toml


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_holds_no_documents_words(path):
    assert [(w, s[:80]) for s in literals(path) for w in WORDS if w in s] == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_hold_no_documents_words(path):
    text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
    # "详见附件1": the notice numbers its own 附件 in order, the mechanism's table first.
    assert [w for w in WORDS if w in text and not w.startswith("附件")] == []

"""Every cell of the shipped documents' forms and notices as plain data, to compare a change against the
reference taken before it (tests/reference/forms/shipped.json): the three documents' forms must not move by
a character when their wording moves from Python into the policy files.

Run as a script to rewrite the reference (only when a change to the shipped output is intended and checked):
    .venv/bin/python -m tests.forms_snapshot
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from docx import Document

from fundcalc.cli import main
from fundcalc.forms import FormOptions, build_forms
from fundcalc.forms.workbook import default_texts, text_labels

REFERENCE = Path(__file__).resolve().parent / "reference" / "forms" / "shipped.json"

# (name, forms command arguments): each shipped dataset, and the options that change its wording.
WORKBOOKS = (
    ("qujing", ["allocation", "--data", "data/qujing_2018.csv"]),
    ("qujing_before_deduction", ["allocation", "--set", "table_stage=before_deduction"]),
    ("tacheng", ["settlement", "--data", "data/tacheng_2020.csv", "--spent", "额敏县=436"]),
    ("tacheng_headcount", ["settlement", "--data", "data/tacheng_2020_headcount_sample.csv",
                           "--set", "mode=headcount"]),
    ("yuncheng", ["pooling"]),
)
NOTICES = (
    ("qujing", ["allocation"]),
    ("tacheng", ["settlement", "--data", "data/tacheng_2020.csv"]),
    ("yuncheng", ["pooling"]),
)
MODELS = ("qujing_2018", "tacheng_2020", "tacheng_2020_headcount_sample", "yuncheng_2019_sample")


def _plain(value):
    if isinstance(value, Decimal):
        return f"D:{value}"
    if isinstance(value, float):
        return f"F:{value!r}"
    return value


def workbook_cells(path) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "cells": [[_plain(c.value) for c in row] for row in ws.iter_rows()],
            "formats": [[c.number_format for c in row] for row in ws.iter_rows()],
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        }
    return out


def docx_text(path) -> dict:
    doc = Document(str(path))
    return {"paragraphs": [p.text for p in doc.paragraphs],
            "tables": [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]}


def form_models() -> dict:
    """The Form objects themselves, in both languages (the page's print view shows these)."""
    from fundcalc import mechanisms
    from fundcalc.datasets import DATASETS

    out = {}
    for name in MODELS:
        d = DATASETS[name]
        policy = d.policy()
        result = mechanisms.get(d.mechanism).compute(d.load(policy), policy, validated=True)
        for lang in ("zh", "en"):
            opts = FormOptions(lang=lang)
            out[f"{name}:{lang}"] = [
                {"sheet": f.sheet, "title": f.title, "widths": f.widths, "merges": [list(m) for m in f.merges],
                 "above": [list(x) for x in f.above], "below": [list(x) for x in f.below_title], "notes": f.notes,
                 "rows": [[None if c is None else [_plain(c.value), c.fmt, c.bold, c.align] for c in row]
                          for row in f.rows]}
                for f in build_forms(result, opts)]
        out[f"{name}:texts"] = default_texts(result, FormOptions())
        out[f"{name}:labels"] = {k: list(v) for k, v in text_labels(result, FormOptions()).items()}
    return out


def snapshot(tmp: Path) -> dict:
    out: dict = {"workbooks": {}, "notices": {}, "models": form_models()}
    for name, args in WORKBOOKS:
        path = tmp / f"{name}.xlsx"
        assert main(["forms", *args, "--out", str(path)]) == 0
        out["workbooks"][name] = workbook_cells(path)
    for name, args in NOTICES:
        path = tmp / f"{name}.docx"
        assert main(["notice", *args, "--out", str(path)]) == 0
        out["notices"][name] = docx_text(path)
    return json.loads(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        REFERENCE.write_text(json.dumps(snapshot(Path(d)), ensure_ascii=False, indent=0), encoding="utf-8")
    print(REFERENCE, REFERENCE.stat().st_size)

"""The import corpus: every file in tests/import_corpus/ against its expectation in expected.toml.

Good files must give the reference figures (the county inputs and the official table of
tests/reference/, to the cent); bad files must be refused with an InputError that names
the row the user sees, the column and the value.
"""

from __future__ import annotations

import csv
import io
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.importer import read_table
from fundcalc.mechanisms import allocation, pooling, settlement

CORPUS = Path(__file__).parent / "import_corpus"
REFERENCE = Path(__file__).parent / "reference"
CASES = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["file"]
MODULES = {"allocation": allocation, "settlement": settlement, "pooling": pooling}


def policy_and_module(schema: str):
    if schema == "allocation":
        return DATASETS["qujing_2018"].policy(), allocation
    if schema == "pooling":
        return DATASETS["yuncheng_2019_sample"].policy(), pooling
    policy = DATASETS["tacheng_2020"].policy()
    mode = {"settlement_given": "given", "settlement_headcount": "headcount"}[schema]
    return policy.with_overrides({"mode": mode}, settlement.param_specs(policy)), settlement


def case_id(case: dict) -> str:
    return case["name"] + (f"[{case['sheet']}]" if "sheet" in case else "")


def test_corpus_is_complete():
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix not in (".py", ".toml")}
    listed = {c["name"] for c in CASES}
    assert files == listed, f"unlisted: {sorted(files - listed)}; missing: {sorted(listed - files)}"
    assert len(files) >= 40
    assert sum(c["expect"] == "ok" for c in CASES) >= 20 and sum(c["expect"] == "refuse" for c in CASES) >= 30


def reference_rows(name: str) -> list[dict]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def as_text(value, like: str) -> str:
    """A figure written the way the reference CSV writes it (same number of decimals)."""
    places = len(like.split(".")[1]) if "." in like else 0
    return f"{Decimal(str(value)):.{places}f}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_corpus_file(case):
    policy, module = policy_and_module(case["schema"])
    path = CORPUS / case["name"]
    if case["expect"] == "refuse":
        check_refusal(case, path, module, policy)
        return
    imported = read_table(path, module.schema(policy), sheet=case.get("sheet"))
    check_import(case, imported)
    if "reference" in case or "figures" in case:
        official = module.official_table(module.compute(imported.frame, policy, validated=True))
        check_figures(case, official)
        if "reference" in case:
            check_reference(case, official)


def check_refusal(case, path, module, policy):
    with pytest.raises(InputError) as info:
        imported = read_table(path, module.schema(policy), sheet=case.get("sheet"))
        assert case.get("stage") == "compute", "the import should have refused this file"
        with imported.rows.naming():
            module.compute(imported.frame, policy, validated=True)
    err = info.value
    assert case["message"] in err.zh, err.one_line()
    assert err.en and err.message("en") != err.message("zh")
    for field in ("row", "column"):
        if field in case:
            assert getattr(err, field) == case[field], err.one_line()
    if "value" in case:
        assert str(err.value) == case["value"], err.one_line()


def check_import(case, imported):
    frame = imported.frame
    assert len(frame) == case["rows"]
    assert len(imported.row_numbers) == case["rows"]
    if "header_row" in case:
        assert imported.header_row == case["header_row"]
    for fragment in case.get("notes", []):
        assert any(fragment in zh for zh, en in imported.notes), (fragment, imported.notes)
    for fragment in case.get("labels", []):
        assert any(fragment in line for line in imported.label_lines), (fragment, imported.label_lines)
    for header in case.get("recognised", []):
        assert header in imported.recognised, (header, imported.recognised)
    for header in case.get("ignored", []):
        assert header in imported.ignored_columns, (header, imported.ignored_columns)
    for key, expected in case.get("sums", {}).items():
        total = frame[key].sum()
        assert (as_text(total, str(expected)) if isinstance(expected, str) else int(total)) == expected, key


def check_figures(case, official):
    total_row = official.iloc[-1]
    for key, expected in case.get("figures", {}).items():
        got = total_row[key]
        assert (as_text(got, expected) if isinstance(expected, str) else int(got)) == expected, key


def check_reference(case, official):
    ref = reference_rows(case["reference"])
    assert len(official) == len(ref)
    assert list(official["county"][:-1]) == [r["county"] for r in ref[:-1]]
    for i, ref_row in enumerate(ref):
        for key, text in ref_row.items():
            if key == "county" or key not in official.columns:
                continue
            got = official[key].iloc[i]
            if key == "note":
                assert (got or "") == text, (i, key)
            elif text != "":
                assert as_text(got, text) == as_text(text, text), (ref_row["county"], key, got, text)


def test_command_line_reads_the_same_messy_files(tmp_path, capsys):
    """--data goes through the same importer: the GBK 附表 gives the reference 合计, a bad file one clear line."""
    from fundcalc.cli import main

    out = tmp_path / "out.csv"
    assert main(["allocation", "--data", str(CORPUS / "qj_gbk_official_form.csv"), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    expected = reference_rows("qujing_2018_poverty_insurance_subsidy.csv")[-1]["city_total_wan"]
    assert rows[-1]["city_total_wan"] == expected == "8039.73"

    assert main(["allocation", "--data", str(CORPUS / "bad_negative.xlsx"), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "第 12 行" in err and "row 12" in err and "未脱贫人数" in err

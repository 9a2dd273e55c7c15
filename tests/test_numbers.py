"""One number parser: every form of tests/data/number_forms.toml through every entry point, same outcome.

Entry points: fundcalc.numbers.parse; a file cell (fundcalc.importer.read_table, CSV and XLSX);
the county-table editor (ui.editor.apply_delta + validation, as its callback does); a parameter
as a link, a scenario JSON and --set give it (Param.coerce via Scenario.from_json and the CLI).
Expected values are the numbers the forms mean, written in the data file, not computed here.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from fundcalc import cli
from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.importer import read_table
from fundcalc.mechanisms import allocation, pooling
from fundcalc.numbers import NumberError, parse
from fundcalc.scenario import Scenario, scenario_policy
from fundcalc.validate import validate_table
from ui.editor import apply_delta

CASES = tomllib.loads((Path(__file__).parent / "data" / "number_forms.toml").read_text("utf-8"))["case"]
KINDS = ("whole", "decimal")
ALLOC = DATASETS["qujing_2018"]
POOL = DATASETS["yuncheng_2019_sample"]
# whole: a headcount column / an int parameter; decimal: a 万元 column / a 元-per-person parameter
COLUMN = {"whole": ("allocation", "not_lifted_people", "未脱贫人数"), "decimal": ("pooling", "revenue_wan", "征缴收入")}
PARAM = {"whole": "deduction_people", "decimal": "not_lifted.standard_yuan"}
RANGE = {"table": "数值过大", "param": "不能大于"}


def expected(case: dict, kind: str) -> dict:
    return case.get(kind) or {k: v for k, v in case.items() if k in ("value", "refuse")}


def outcome(case: dict, kind: str, family: str) -> tuple[str, str]:
    exp = expected(case, kind)
    if "value" in exp:
        return "value", exp["value"]
    return "refuse", RANGE[family] if exp["refuse"] == "RANGE" else exp["refuse"]


def ids(case):
    return case["text"][:20]


def schema_and_table(kind: str):
    mech, key, _ = COLUMN[kind]
    if mech == "allocation":
        policy = ALLOC.policy()
        return allocation.schema(policy), ALLOC.load(policy), key
    policy = POOL.policy()
    return pooling.schema(policy), POOL.load(policy), key


def check_table_outcome(run, case, kind):
    want, what = outcome(case, kind, "table")
    if want == "value":
        frame = run()
        assert Decimal(repr(float(frame[COLUMN[kind][1]].iloc[0]))) == Decimal(what)
    else:
        with pytest.raises(InputError) as exc:
            run()
        assert what in exc.value.zh and exc.value.en
        assert exc.value.column == COLUMN[kind][2] and exc.value.row is not None
        assert exc.value.value == case["text"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_parse(case, kind):
    exp = expected(case, kind)
    if "value" in exp or "整数" in exp.get("refuse", "") or exp.get("refuse") == "RANGE":
        # the form is a number; whether it fits the kind is the entry point's check
        assert parse(case["text"]) == Decimal(exp.get("value") or parse(case["text"]))
    else:
        with pytest.raises(NumberError) as exc:
            parse(case["text"])
        assert exp["refuse"] in exc.value.zh


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_editor(case, kind):
    schema, table, key = schema_and_table(kind)
    check_table_outcome(lambda: validate_table(apply_delta(table, {"edited_rows": {0: {key: case["text"]}}}, schema),
                                               schema), case, kind)


def _file(table: pd.DataFrame, schema, key: str, text: str, fmt: str) -> bytes:
    header = [schema.column(k).zh for k in schema.keys if k in table.columns]
    rows = [[str(v) for v in r] for r in table[[k for k in schema.keys if k in table.columns]].itertuples(False)]
    rows[0][list(k for k in schema.keys if k in table.columns).index(key)] = text
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows([header] + rows)
        return buf.getvalue().encode("utf-8")
    wb = Workbook()
    for r in [header] + rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ("csv", "xlsx"))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_file(case, kind, fmt):
    schema, table, key = schema_and_table(kind)
    data = _file(table, schema, key, case["text"], fmt)
    check_table_outcome(lambda: read_table(data, schema, filename=f"t.{fmt}").frame, case, kind)


def _param_outcome(run, case, kind):
    want, what = outcome(case, kind, "param")
    if want == "value":
        assert Decimal(str(run())) == Decimal(what)
    else:
        with pytest.raises(InputError) as exc:
            run()
        assert what in exc.value.zh and exc.value.en
        assert PARAM[kind] in exc.value.column and exc.value.value == case["text"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_scenario_json(case, kind):
    text = json.dumps({"format": "fundcalc.scenario", "schema_version": 1, "name": "t", "mechanism": "allocation",
                       "dataset": "qujing_2018", "overrides": {PARAM[kind]: case["text"]}})
    _param_outcome(lambda: scenario_policy(Scenario.from_json(text)).values[PARAM[kind]], case, kind)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_cli_set(case, kind, tmp_path, capsys):
    out = tmp_path / "o.csv"
    code = cli.main(["allocation", "--set", f"{PARAM[kind]}={case['text']}", "--out", str(out)])
    err = capsys.readouterr().err
    want, what = outcome(case, kind, "param")
    if want == "value":
        assert code == 0 and out.exists(), err
    else:
        assert code == 1 and what in err and PARAM[kind] in err and "Traceback" not in err

"""A fourth mechanism defined entirely in the tests: 按人头定额补助 ("capitation"), a made-up document of a
made-up city. Registering it (``capitation`` fixture) must be all it takes for the command line, scenarios,
compare, sweep, goal-seek, sensitivity, the forms and every page to work for it.

Rule: amount = insured × standard (元/人), rounded half-up to the rounding unit (1 or 100 元) per county;
合计 = the sum of the rounded county amounts. Figures worked by hand in tests/test_fourth_mechanism.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fundcalc import datasets, mechanisms
from fundcalc.columns import COUNTY, TableSchema, people
from fundcalc.datasets import Dataset
from fundcalc.forms.kinds import table_kind
from fundcalc.forms.model import Form, Grid, header, merge_texts, text, wan, wan_places
from fundcalc.forms.model import people as people_cell
from fundcalc.mechanisms.spec import Chart, Knob, Mechanism, Part, Status, Total
from fundcalc.money import FEN_PER_YUAN, format_wan, round_fen, yuan_to_fen
from fundcalc.params import Param, ParamSchema, Policy
from fundcalc.result import OutCol, Result, TraceStep
from fundcalc.validate import validate_table

NAME = "capitation"
DATASET_ID = "capitation_2025"
DOC_NO = "样财社〔2025〕1号"

POLICY_TOML = f"""
[meta]
mechanism = "{NAME}"
year = 2025
doc_no = "{DOC_NO}"
title_zh = "样例市2025年城乡居民医保按人头定额补助测算表"
title_en = "Sample City 2025 capitation subsidy"
region_zh = "样例市"
region_en = "Sample City"

[values]
standard_yuan = 75
rounding_unit_yuan = 100

[sources.standard_yuan]
kind = "document"
clause = "{DOC_NO} 第二条"

[sources.rounding_unit_yuan]
kind = "document"
clause = "{DOC_NO} 第三条"
"""

DATA_CSV = "县(市、区),参保人数\n甲县,1234\n乙县,2000\n丙县,0\n"


# --- the mechanism --------------------------------------------------------------------------------

def schema(policy: Policy | None = None) -> TableSchema:
    insured = people("insured", "参保人数", "Insured", aliases=("参保人数(人)", "参保人数（人）"))
    return TableSchema(NAME, "参保人数表", "Insured people", (COUNTY, insured))


PARAMS = ParamSchema.from_dict({
    "groups": {"standard": {"zh": "补助标准", "en": "Standard"}},
    "params": {
        "standard_yuan": {"zh": "补助标准", "en": "Standard", "kind": "decimal", "unit_zh": "元/人",
                          "unit_en": "yuan/person", "min": 0, "max": 100_000, "group": "standard"},
        "rounding_unit_yuan": {"zh": "取整单位", "en": "Rounding unit", "kind": "choice", "unit_zh": "元",
                               "unit_en": "yuan", "choices": [1, 100], "group": "standard"},
    },
})


def param_specs(policy: Policy | None = None) -> dict[str, Param]:
    return PARAMS.specs(policy)


COLUMNS = [OutCol("county", "县(市、区)", "County", "text"), OutCol("insured", "参保人数", "Insured", "people"),
           OutCol("amount_fen", "补助金额", "Amount", "fen")]


def compute(counties: pd.DataFrame, policy: Policy, validated: bool = False) -> Result:
    table = counties if validated else validate_table(counties, schema(policy))
    unit_fen = int(policy.values["rounding_unit_yuan"]) * FEN_PER_YUAN
    insured = table["insured"].to_numpy(np.int64)
    amount = round_fen(insured * yuan_to_fen(policy.values["standard_yuan"]), unit_fen)
    frame = pd.DataFrame({"county": table["county"].to_numpy(), "insured": insured, "amount_fen": amount})
    totals = {"insured": int(insured.sum()), "amount_fen": int(amount.sum())}
    return Result(NAME, policy, frame, list(COLUMNS), totals, unit_fen=unit_fen)


def official_table(result: Result) -> pd.DataFrame:
    frame = result.table[["county", "insured", "amount_fen"]].copy()
    frame.loc[len(frame)] = {"county": "合计", "insured": result.totals["insured"],
                             "amount_fen": result.totals["amount_fen"]}
    frame["amount_fen"] = frame["amount_fen"].astype(np.int64) / 1_000_000
    return frame.rename(columns={"amount_fen": "amount_wan"})


def explain(result: Result, county: str) -> list[TraceStep]:
    row = result.table[result.table["county"] == county].iloc[0]
    v = result.policy.values
    return [TraceStep(
        f"{county}：{int(row['insured']):,} 人 × {v['standard_yuan']} 元/人，按 {v['rounding_unit_yuan']} 元取整"
        f" = {format_wan(int(row['amount_fen']))} 万元",
        f"{county}: {int(row['insured']):,} × {v['standard_yuan']} yuan, rounded to {v['rounding_unit_yuan']} yuan"
        f" = {format_wan(int(row['amount_fen']))} (10k yuan)",
        result.policy.doc_no)]


class _TableForm:
    """补助金额测算表: county, insured, amount (万元), 合计 last."""

    KEY = "capitation_table"

    @staticmethod
    def default_texts(result: Result) -> dict[str, str]:
        return {"capitation.attachment": "附件"}

    @staticmethod
    def build(result: Result, texts: dict | None = None, lang: str = "zh", label: str = "") -> Form:
        zh = lang == "zh"
        t = merge_texts(_TableForm.default_texts(result), texts)
        heads = ("县(市、区)", "参保人数", "补助金额") if zh else ("County", "Insured", "Amount")
        places = wan_places(result)
        g = Grid(len(heads))
        for j, h in enumerate(heads):
            g.put(0, j, header(h))
        table = result.table
        for i in range(len(table)):
            g.put(i + 1, 0, text(table["county"].iat[i]))
            g.put(i + 1, 1, people_cell(table["insured"].iat[i]))
            g.put(i + 1, 2, wan(table["amount_fen"].iat[i], places))
        last = len(table) + 1
        g.put(last, 0, text("合计" if zh else "Total", True))
        g.put(last, 1, people_cell(result.totals["insured"], True))
        g.put(last, 2, wan(result.totals["amount_fen"], places, True))
        return Form(_TableForm.KEY, "补助金额测算表" if zh else "Capitation", result.policy.title_zh if zh
                    else result.policy.title_en, [16, 14, 14], g.rows, g.merges, header_rows=1,
                    above=[(t["capitation.attachment"], "left")],
                    below_title=[("单位：万元" if zh else "Unit: 10k yuan", "right")], label=label)


def knobs(policy: Policy) -> list[Knob]:
    return [Knob("standard_yuan", "补助标准", "Standard", "元/人", "yuan/person", 0, 1000)]


SPEC = Mechanism(
    name=NAME, zh="按人头定额补助", en="Capitation subsidy", short_zh="人头补助", short_en="Capitation",
    icon=":material/groups:", intro_zh="每个参保人按定额标准补助，按取整单位取整到县。",
    intro_en="A fixed amount per insured person, rounded per county.",
    compute=compute, explain=explain, table_schema=schema, param_specs=param_specs, official_table=official_table,
    totals=(Total("amount_fen", "补助金额", "Amount", "fen", headline=True, county=("补助金额", "Amount"),
                  sweep=("补助金额", "Amount")),
            Total("insured", "参保人数", "Insured", "people")),
    status=Status("amount_fen", "none", "none", "funded",
                  {"funded": ("有补助", "funded"), "none": ("无补助", "nothing")}),
    forms=(table_kind(_TableForm, "补助金额测算表", "Capitation table", "capitation",
                      {"capitation.attachment": ("附件编号", "Attachment number")}),),
    knobs=knobs, file_stem="按人头定额补助",
    charts=(Chart("amount", "各县补助金额", "Amount by county", "amount_fen", False,
                  lambda r: [Part("amount_fen", 1, "补助金额", "Amount", "#2e7d32")]),),
)


# --- the fixture ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Installed:
    policy_path: Path
    data_path: Path
    dataset: Dataset


def dataset(policy_path: Path, data_path: Path) -> Dataset:
    return Dataset(DATASET_ID, NAME, str(data_path), str(policy_path), f"样例市 2025（{DOC_NO}）",
                   f"Sample City 2025 ({DOC_NO})")


@contextmanager
def installed(tmp_path: Path, monkeypatch) -> Iterator[Installed]:
    """The capitation mechanism and its dataset registered for the block (files under tmp_path)."""
    policy_path = tmp_path / "capitation_2025.toml"
    data_path = tmp_path / "capitation_2025.csv"
    policy_path.write_text(POLICY_TOML, encoding="utf-8")
    data_path.write_text(DATA_CSV, encoding="utf-8")
    monkeypatch.setenv("FUNDCALC_DB", str(tmp_path / "scenarios.sqlite3"))
    ds = dataset(policy_path, data_path)
    with mechanisms.registered(SPEC), datasets.registered(ds):
        yield Installed(policy_path, data_path, ds)


@pytest.fixture
def capitation(tmp_path, monkeypatch):
    """The ``installed`` block as a fixture (import it into a test module, or wrap ``installed``)."""
    with installed(tmp_path, monkeypatch) as i:
        yield i

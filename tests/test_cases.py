"""The one runner for the cases in tests/cases/*.toml (see tests/cases/README.md).

Each file is a test: an inline county table, a mechanism, optional parameter overrides and extra
person categories, and the figures expected per county and in total, in 万元 as an analyst writes
them. Money is compared exactly: an expected 51.55 万元 must be 51,550,000 分.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from fundcalc.errors import InputError
from fundcalc.mechanisms import allocation, pooling, settlement
from fundcalc.mechanisms.pooling import budget as global_budget
from fundcalc.params import PARAMS_DIR, load_policy

CASES = Path(__file__).parent / "cases"
MODULES = {"allocation": allocation, "settlement": settlement, "pooling": pooling, "global_budget": global_budget}
DEFAULT_PARAMS = {"allocation": "qujing_2018", "settlement": "tacheng_2020", "pooling": "yuncheng_2019",
                  "global_budget": "yuncheng_2019"}
FEN_PER_WAN = 1_000_000


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.toml"))


def exact(value) -> Decimal:
    """A figure as written in the file (number or text like "3,110.19") as an exact decimal.

    TOML floats are read back through their shortest text, which is exactly what the analyst typed.
    """
    if isinstance(value, bool):
        raise TypeError("a flag is not a figure")
    return Decimal(str(value).replace(",", ""))


def frame(block: dict) -> pd.DataFrame:
    columns, rows = block["columns"], block["rows"]
    for r in rows:
        assert len(r) == len(columns), f"row {r} has {len(r)} cells for {len(columns)} columns"
    return pd.DataFrame(rows, columns=columns)


def policy_for(case: dict):
    mech = case["mechanism"]
    policy = load_policy(PARAMS_DIR / f"{case.get('params', DEFAULT_PARAMS[mech])}.toml")
    for c in case.get("categories", []):
        policy = allocation.with_category(policy, c["key"], c["zh"], c["en"], c["standard_yuan"], c["shares"],
                                          c.get("subsidised_pct", 100))
    spec_module = pooling if mech == "global_budget" else MODULES[mech]
    overrides = {k: str(v).lower() if isinstance(v, bool) else v for k, v in case.get("set", {}).items()}
    return policy.with_overrides(overrides, spec_module.param_specs(policy)) if overrides else policy


def run(case: dict):
    mech = case["mechanism"]
    policy = policy_for(case)
    table = frame(case["input"])
    if mech == "global_budget":
        return global_budget.compute(table, frame(case["monthly"]), policy)
    return MODULES[mech].compute(table, policy)


def got_value(result, column: str, row: int | None):
    """The result's figure for an expected column: *_wan columns are the *_fen ones in 万元."""
    key = column[:-4] + "_fen" if column.endswith("_wan") else column
    if row is None:
        value = result.totals[key] if key in result.totals else result.figures[key]
    else:
        value = result.table[key].iloc[row]
    if column.endswith("_wan"):
        return Decimal(int(value)) / FEN_PER_WAN
    return value.item() if hasattr(value, "item") else value


def same(got, want) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return bool(got) == want and isinstance(want, bool)
    if isinstance(want, str) and not isinstance(got, str):
        return exact(got) == exact(want)
    if isinstance(want, str):
        return got == want
    return exact(got) == exact(want)


def check_refusal(case: dict, want: dict) -> None:
    """The case is refused with the row, column, value and words the file expects."""
    with pytest.raises(InputError) as exc:
        run(case)
    e = exc.value
    if "row" in want:
        assert e.row == want["row"], e.one_line()
    if "column" in want:
        assert want["column"] in (e.column or ""), e.one_line()
    if "value" in want:
        assert same(e.value, want["value"]), e.one_line()
    for text in want.get("contains", []):
        assert text in e.one_line(), e.one_line()


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case(path: Path):
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    assert case["mechanism"] in MODULES, f"{path.name}: unknown mechanism {case['mechanism']!r}"
    expected = case.get("expected", {})

    if "error" in expected:
        check_refusal(case, expected["error"])
        return

    result = run(case)
    checked = 0
    if "rows" in expected:
        names = result.table["county"].tolist()
        for r in expected["rows"]:
            cells = dict(zip(expected["columns"], r, strict=False))
            county = cells.pop("county")
            assert county in names, f"{county} is not in the result"
            i = names.index(county)
            for column, want in cells.items():
                got = got_value(result, column, i)
                assert same(got, want), f"{county} {column}: got {got}, expected {want}"
                checked += 1
    for section in ("totals", "city"):
        for column, want in expected.get(section, {}).items():
            got = got_value(result, column, None)
            assert same(got, want), f"{section} {column}: got {got}, expected {want}"
            checked += 1
    assert checked > 0, f"{path.name} expects nothing"


def test_cases_cover_the_issue():
    """Every kind of case the golden files promise is present (a deleted file would fail here)."""
    stems = {p.stem for p in case_files()}
    assert {"qujing_2018_full_table", "tacheng_2020_full_table", "qujing_2018_standard_200",
            "settlement_headcount_by_hand", "pooling_gap_by_hand", "pooling_surplus_by_hand",
            "global_budget_cap_annual_by_hand", "global_budget_monthly_only_by_hand",
            "global_budget_actual_by_hand", "allocation_deduction_by_hand", "allocation_half_up_edge",
            "allocation_third_category_county_share"} <= stems
    modes = {tomllib.loads(p.read_text(encoding="utf-8")).get("set", {}).get("clearing_mode")
             for p in case_files() if p.stem.startswith("global_budget")}
    assert modes == set(pooling.param_specs().get("clearing_mode").choices)

"""Results of the current workspace, computed once per change and kept when an input is refused.

A refused input (InputError) never replaces what the user sees: the last good
result stays on screen, marked as such, next to the message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from fundcalc import datasets, mechanisms
from fundcalc.errors import InputError
from fundcalc.mechanisms.pooling import budget as global_budget
from fundcalc.result import Result
from fundcalc.validate import validate_table

from . import state

_LOG = logging.getLogger(__name__)


@dataclass
class Outcome:
    result: Result | None          # what to show (the current result, or the last good one)
    error: InputError | None       # why the current inputs could not be computed
    stale: bool = False            # True when ``result`` is the last good one, not the current inputs


def _fingerprint(ws: dict, extra: tuple = ()) -> tuple:
    return (ws["policy_dataset"], ws["table_rev"], tuple(sorted((k, repr(v)) for k, v in ws["overrides"].items())),
            repr(ws.get("extra_categories")), *extra)


def _memo(ws: dict, name: str, key: tuple, compute) -> Outcome:
    memo = ws.setdefault("_memo", {})
    hit = memo.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    last_good = memo.get(f"{name}:good")
    try:
        outcome = Outcome(compute(), None)
        memo[f"{name}:good"] = outcome.result
    except InputError as exc:
        outcome = Outcome(last_good, exc, stale=last_good is not None)
    except Exception as exc:  # noqa: BLE001 — a bug must not cost the user the page: log it, say so, keep the figures
        _LOG.exception("computation failed")
        error = InputError(f"无法计算（{type(exc).__name__}），请检查输入或联系维护人员",
                           f"cannot compute ({type(exc).__name__}); check the inputs or contact support")
        outcome = Outcome(last_good, error, stale=last_good is not None)
    memo[name] = (key, outcome)
    return outcome


def validated_table(ws: dict, mechanism: str, policy):
    """The current table validated under ``policy``'s schema, once per table revision and schema:
    a parameter change does not validate the unchanged table again (raises InputError when invalid)."""
    schema = mechanisms.get(mechanism).schema(policy)
    key = (ws["table_rev"], id(ws["table"]), schema.columns, schema.key)
    memo = ws.setdefault("_memo", {})
    hit = memo.get("validated")
    if hit is not None and hit[0] == key:
        return hit[1]
    table = validate_table(ws["table"], schema)
    memo["validated"] = (key, table)
    return table


def current(mechanism: str) -> Outcome:
    """The result of the current table under the current policy."""
    ws = state.workspace(mechanism)

    def run():
        policy = state.current_policy(mechanism)
        return mechanisms.get(mechanism).compute(validated_table(ws, mechanism, policy), policy, validated=True)

    return _memo(ws, "current", _fingerprint(ws), run)


def last_computed(ws: dict) -> Result | None:
    """The result the page last showed for this workspace (the current one, or the last good one), read from
    the workspace itself with no Streamlit call: a download's callable runs outside the script thread."""
    hit = ws.get("_memo", {}).get("current")
    return hit[1].result if hit else None


def baseline(mechanism: str) -> Result | None:
    """The official figures (or the uploaded table as loaded) under the document's parameters."""
    ws = state.workspace(mechanism)
    key = (ws["dataset"], ws["policy_dataset"], id(ws["base_table"]), repr(ws.get("extra_categories")))

    def run():
        return mechanisms.get(mechanism).compute(ws["base_table"], state.base_policy(mechanism))

    return _memo(ws, "baseline", key, run).result


def budget(mechanism: str) -> Outcome:
    """The inpatient global budget and monthly prepayment (seed 004 三、四) of the pooling workspace."""
    ws = state.workspace(mechanism)
    if ws.get("monthly") is None:
        return Outcome(None, InputError("此数据集没有月度住院费用表", "this dataset has no monthly inpatient table"))

    def run():
        return global_budget.compute(ws["table"], ws["monthly"], state.current_policy(mechanism))

    # Keyed on the tables and the parameters the budget reads (global_budget.PARAMS), so a change of the
    # gap-sharing parameters reuses the budget instead of validating and computing it again.
    used = tuple((k, repr(ws["overrides"].get(k))) for k in global_budget.PARAMS)
    return _memo(ws, "budget", (ws["policy_dataset"], ws["table_rev"], used), run)


@st.cache_resource(show_spinner=False, max_entries=16)
def official(dataset_id: str) -> Result:
    """A shipped dataset computed under its own document's parameters (shared, never mutated by views)."""
    ds = datasets.get(dataset_id)
    return mechanisms.get(ds.mechanism).compute(state.load_dataset(dataset_id), state.dataset_policy(dataset_id))

"""Where the compare and analysis pages take a scenario from: a document as published (or a saved baseline
as saved), the current workspace, a saved scenario, or a shipped example. Each becomes a fundcalc Scenario,
computed once per content (the cache key is the scenario's JSON, and for a saved baseline the store file its id
is in)."""

from __future__ import annotations

import streamlit as st

from fundcalc import baselines
from fundcalc import scenario as sc
from fundcalc.datasets import for_mechanism
from fundcalc.errors import InputError
from fundcalc.params import DATA_DIR
from fundcalc.result import Result
from fundcalc.scenario import Scenario

from . import share, state
from .i18n import tr

EXAMPLES = DATA_DIR / "scenarios"
WORKSPACE = "ws"


def options(mechanism: str) -> list[str]:
    """Keys of every source of this mechanism: doc:<dataset> (a saved baseline: doc:baseline:<id>), ws, db:<id>,
    ex:<file stem>."""
    keys = [f"doc:{d.id}" for d in for_mechanism(mechanism)]
    try:
        keys += [f"doc:{e.dataset_id}" for e in baselines.list_baselines(mechanism)]
    except InputError:
        pass
    keys.append(WORKSPACE)
    try:
        keys += [f"db:{e.id}" for e in share.store().list(mechanism)]
    except InputError:
        pass
    for path in sorted(EXAMPLES.glob("*.json")):
        try:
            if Scenario.load(path).mechanism == mechanism:
                keys.append(f"ex:{path.stem}")
        except InputError:
            continue
    return keys


def _example_names() -> dict[str, str]:
    names = {}
    for path in EXAMPLES.glob("*.json"):
        try:
            names[path.stem] = Scenario.load(path).name
        except InputError:
            names[path.stem] = path.stem
    return names


def label(key: str) -> str:
    kind, _, ref = key.partition(":")
    if key == WORKSPACE:
        return tr("当前工作区（测算页上的输入）", "Current workspace (the calculation page's inputs)")
    if kind == "doc" and baselines.is_baseline(ref):
        return tr("基准原样：", "Baseline as saved: ") + share.dataset_name(ref)
    if kind == "doc":
        return tr("文件原样：", "As published: ") + share.dataset_name(ref)
    if kind == "db":
        try:
            entry = share.store().entry(int(ref))  # a name may have several versions: the version tells them apart
            return tr("方案：", "Saved: ") + f"{entry.name} · v{entry.version}（#{ref}）"
        except InputError:
            return tr(f"方案 #{ref}（已删除）", f"Scenario #{ref} (deleted)")
    if kind == "ex":
        return tr("示例方案：", "Example: ") + _example_names().get(ref, ref)
    return key


def short_name(key: str, scenario: Scenario) -> str:
    """A column header for a comparison."""
    if key == WORKSPACE:
        return tr("当前工作区", "Workspace")
    if key.startswith("doc:") and baselines.is_baseline(scenario.dataset):
        return scenario.name
    if key.startswith("doc:"):
        return tr("文件原样", "As published") + (f"·{scenario.dataset}" if "sample" in scenario.dataset else "")
    return scenario.name


def resolve(key: str, mechanism: str) -> Scenario:
    kind, _, ref = key.partition(":")
    if key == WORKSPACE:
        return share.from_workspace(mechanism, tr("当前工作区", "Workspace"))
    if kind == "doc":
        return sc.baseline(mechanism, ref)
    if kind == "db":
        return share.store().get(int(ref))
    if kind == "ex":
        return Scenario.load(EXAMPLES / f"{ref}.json")
    raise InputError("未知的方案来源", "unknown scenario source", value=key)


@st.cache_resource(show_spinner=False, max_entries=64)
def _compute(text: str, store_file: str) -> Result:
    return sc.compute(Scenario.from_json(text))


@st.cache_resource(show_spinner=False, max_entries=32)
def _apply(text: str, store_file: str):
    return sc.apply(Scenario.from_json(text))


def result(scenario: Scenario) -> Result:
    """The scenario's result (shared between sessions by content; views never mutate it)."""
    return _compute(scenario.to_json(), state.store_key(scenario.dataset))


def table_and_policy(scenario: Scenario):
    return _apply(scenario.to_json(), state.store_key(scenario.dataset))

"""One workspace per mechanism in st.session_state: the dataset, the authoritative table, the overrides.

The workspace, not the widgets, holds the truth: widgets are views that are
re-seeded from it whenever they are (re)created, so edits and parameters
survive page switches and reruns. The county table kept here is the one every
computation reads; the data editor only sends deltas that are applied to it once
(see ui/editor.py), which avoids the data-editor pitfall where every second edit
is lost.

Workspace keys (other pages and helpers rely on them):

- ``dataset``: a dataset id (``fundcalc.datasets.get``: a shipped one, or a saved baseline ``"baseline:<id>"``), or
  ``"upload:<file name>"``;
- ``policy_dataset``: the dataset whose policy applies (for an upload: the last one chosen);
- ``base_table``: the validated table as loaded (the baseline of "changed" marks and deltas);
- ``table``: the current table, edits applied;
- ``overrides``: parameter key -> value, only the values that differ from the document;
- ``extra_categories`` (allocation): dicts with key, zh, en, standard_yuan, shares;
- ``monthly`` / ``base_monthly`` (pooling): the global budget's monthly table;
- ``table_rev`` / ``editor_rev``: counters that change whenever the table is replaced or edited.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from fundcalc import baselines, datasets, mechanisms
from fundcalc import scenario as sc
from fundcalc.datasets import for_mechanism
from fundcalc.errors import InputError
from fundcalc.params import Policy
from fundcalc.store import default_path

from .i18n import lang

UPLOAD_PREFIX = "upload:"


def state_key(mechanism: str) -> str:
    return f"ws:{mechanism}"


def param_widget_key(mechanism: str, param_key: str) -> str:
    """The widget key of one parameter, e.g. ``p:allocation:not_lifted.standard_yuan``."""
    return f"p:{mechanism}:{param_key}"


def editor_key(mechanism: str, table: str = "county") -> str:
    """The current data editor's key; it changes whenever the table is replaced so the editor starts clean."""
    ws = workspace(mechanism)
    return f"ed:{mechanism}:{table}:{ws['editor_rev']}"


def store_key(dataset_id: str) -> str:
    """Part of every cache key: a saved baseline's id names a version in one store file (tests use several)."""
    return str(default_path()) if baselines.is_baseline(dataset_id) else ""


def load_dataset(dataset_id: str) -> pd.DataFrame:
    """The county table of a dataset (shipped, or a saved baseline), validated under its own policy (cached,
    returned as a copy)."""
    return _load_dataset(dataset_id, store_key(dataset_id))


@st.cache_data(show_spinner=False, max_entries=16)
def _load_dataset(dataset_id: str, store_file: str) -> pd.DataFrame:
    return datasets.get(dataset_id).load(dataset_policy(dataset_id))


def load_monthly(dataset_id: str) -> pd.DataFrame | None:
    return _load_monthly(dataset_id, store_key(dataset_id))


@st.cache_data(show_spinner=False, max_entries=16)
def _load_monthly(dataset_id: str, store_file: str) -> pd.DataFrame | None:
    return sc.monthly_table(datasets.get(dataset_id))


def dataset_policy(dataset_id: str) -> Policy:
    """The document's policy; policies are never mutated (overrides make new ones)."""
    return _dataset_policy(dataset_id, store_key(dataset_id))


@lru_cache(maxsize=16)
def _dataset_policy(dataset_id: str, store_file: str) -> Policy:
    return datasets.get(dataset_id).policy()


def is_baseline(dataset: str) -> bool:
    """A saved baseline of the user's (fundcalc/baselines.py), not a shipped dataset."""
    return baselines.is_baseline(dataset)


def dataset_name(dataset: str) -> str:
    """A dataset's name in the current language: a shipped document's (曲靖市 2018（…）), a saved baseline's
    "<name> v<k>", or an uploaded file's name."""
    if is_upload(dataset):
        return dataset[len(UPLOAD_PREFIX):]
    try:
        d = datasets.get(dataset)
    except InputError:   # a baseline deleted since the workspace was opened
        return dataset
    return d.zh if lang() == "zh" else d.en


def baseline_name(mechanism: str) -> str:
    """What the figures are compared with ("较基准 …"): the table as loaded — the dataset chosen, or the file
    uploaded. Kept in the workspace per dataset and language: the metrics ask on every change."""
    ws = workspace(mechanism)
    key = (ws["dataset"], lang())
    hit = ws.get("_baseline_name")
    if hit is None or hit[0] != key:
        hit = ws["_baseline_name"] = (key, dataset_name(ws["dataset"]))
    return hit[1]


def default_dataset(mechanism: str) -> str:
    return for_mechanism(mechanism)[0].id


def is_upload(dataset: str) -> bool:
    return dataset.startswith(UPLOAD_PREFIX)


def _fresh(mechanism: str, dataset_id: str, rev: int = 0) -> dict:
    table = load_dataset(dataset_id)
    ws = {
        "mechanism": mechanism, "dataset": dataset_id, "policy_dataset": dataset_id,
        "base_table": table, "table": table.copy(), "overrides": {},
        "table_rev": rev + 1, "editor_rev": rev + 1, "messages": {},
    }
    spec = mechanisms.get(mechanism)
    if spec.categories is not None:  # the user may add person categories
        ws["extra_categories"] = []
    if spec.secondary is not None:  # a calculation on a table of its own (the monthly table)
        monthly = load_monthly(dataset_id)
        ws["base_monthly"] = monthly
        ws["monthly"] = None if monthly is None else monthly.copy()
    return ws


def workspace(mechanism: str) -> dict:
    """The mechanism's workspace, created on first use with the first shipped dataset."""
    if mechanism not in mechanisms.names():
        raise KeyError(mechanism)
    key = state_key(mechanism)
    if key not in st.session_state:
        st.session_state[key] = _fresh(mechanism, default_dataset(mechanism))
    return st.session_state[key]


def _clear_param_widgets(mechanism: str) -> None:
    prefix = param_widget_key(mechanism, "")
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[k]


def set_dataset(mechanism: str, dataset_id: str, table: pd.DataFrame | None = None) -> dict:
    """Switch to a shipped dataset: its table and its document's parameters, no overrides."""
    old = workspace(mechanism)
    ws = _fresh(mechanism, dataset_id, rev=max(old["table_rev"], old["editor_rev"]))
    if table is not None:
        ws["base_table"] = table
        ws["table"] = table.copy()
    st.session_state[state_key(mechanism)] = ws
    _clear_param_widgets(mechanism)
    return ws


def replace_table(mechanism: str, table: pd.DataFrame, source_label: str) -> dict:
    """A user's own table (after a successful upload) becomes the baseline; parameters are kept."""
    ws = workspace(mechanism)
    table = table.reset_index(drop=True)
    for cat in ws.get("extra_categories", []):
        col = f"{cat['key']}_people"
        if col not in table.columns:
            table[col] = 0
    ws["dataset"] = f"{UPLOAD_PREFIX}{source_label}"
    ws["base_table"] = table
    ws["table"] = table.copy()
    bump(mechanism)
    return ws


def set_table(mechanism: str, table: pd.DataFrame) -> None:
    """The current table after an accepted edit (the baseline stays)."""
    ws = workspace(mechanism)
    ws["table"] = table.reset_index(drop=True)
    bump(mechanism)


def bump(mechanism: str, table_changed: bool = True) -> None:
    ws = workspace(mechanism)
    if table_changed:
        ws["table_rev"] += 1
    ws["editor_rev"] += 1


def reset(mechanism: str) -> dict:
    """Back to the baseline: the dataset whose policy applies (shipped or saved), with no edits or overrides."""
    return set_dataset(mechanism, workspace(mechanism)["policy_dataset"])


def base_policy(mechanism: str) -> Policy:
    """The document's policy with the user's extra person categories, before overrides."""
    ws = workspace(mechanism)
    policy = dataset_policy(ws["policy_dataset"])
    with_category = mechanisms.get(mechanism).categories
    for cat in ws.get("extra_categories", []):
        policy = with_category(policy, cat["key"], cat["zh"], cat["en"], cat["standard_yuan"], cat["shares"],
                               cat.get("subsidised_pct", 100))
    return policy


def param_specs(mechanism: str) -> dict:
    return mechanisms.get(mechanism).param_specs(base_policy(mechanism))


def current_policy(mechanism: str) -> Policy:
    """The dataset's policy + extra categories + overrides (raises InputError if an override is refused)."""
    policy = base_policy(mechanism)
    return policy.with_overrides(workspace(mechanism)["overrides"], mechanisms.get(mechanism).param_specs(policy))


def set_override(mechanism: str, key: str, value) -> None:
    """Record a parameter value: kept only when it differs from the document's."""
    ws = workspace(mechanism)
    spec = param_specs(mechanism)[key]
    official = base_policy(mechanism).values.get(key)
    if official is not None and spec.coerce(official) == spec.coerce(value):
        ws["overrides"].pop(key, None)
    else:
        ws["overrides"][key] = value


def add_category(mechanism: str, cat: dict) -> None:
    """A user's own person category (特困, 低保, …) of a mechanism that takes them; its headcounts start at 0."""
    ws = workspace(mechanism)
    mechanisms.get(mechanism).categories(  # raises InputError when invalid
        base_policy(mechanism), cat["key"], cat["zh"], cat["en"], cat["standard_yuan"], cat["shares"],
        cat.get("subsidised_pct", 100))
    ws["extra_categories"].append(cat)
    col = f"{cat['key']}_people"
    for name in ("table", "base_table"):
        frame = ws[name].copy()
        frame[col] = 0
        ws[name] = frame
    bump(mechanism)


def remove_category(mechanism: str, key: str) -> None:
    ws = workspace(mechanism)
    ws["extra_categories"] = [c for c in ws["extra_categories"] if c["key"] != key]
    ws["overrides"] = {k: v for k, v in ws["overrides"].items() if not k.startswith(f"{key}.")}
    for name in ("table", "base_table"):
        ws[name] = ws[name].drop(columns=[f"{key}_people"], errors="ignore")
    _clear_param_widgets(mechanism)
    bump(mechanism)


def set_monthly(mechanism: str, table: pd.DataFrame) -> None:
    ws = workspace(mechanism)
    ws["monthly"] = table.reset_index(drop=True)
    bump(mechanism)


def is_changed(mechanism: str) -> bool:
    ws = workspace(mechanism)
    return bool(ws["overrides"] or ws.get("extra_categories") or is_upload(ws["dataset"])
                or not ws["table"].equals(ws["base_table"])
                or (ws.get("monthly") is not None and not ws["monthly"].equals(ws["base_monthly"])))

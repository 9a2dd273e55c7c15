"""The user's own baselines: a policy file of their document and its county table, saved in the scenario store.

A baseline is what a shipped dataset is (a document's policy and its table), written by the user (新建测算):
last year's figures of their own city, say. It is saved as an immutable version, like a scenario: saving
under a name that exists (for the same mechanism) adds a version with a new id, and a scenario on a baseline
names that id (dataset ``"baseline:<id>"``), so its deltas never change under it.

What is kept is what was checked: the policy text as given (it loads through fundcalc.params.policy_from_bytes, the
loader of files) and the county table as the CSV of the validated frame (keys as headers, the shape of
data/*.csv), so reading it back gives the same table whatever the user's file looked like.
``fundcalc.datasets.get("baseline:<id>")`` gives a Dataset whose ``policy()`` and ``load()`` read from the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import mechanisms
from .datasets import Dataset
from .errors import InputError
from .importer import read_table
from .limits import MAX_BASELINE_TABLE_BYTES
from .params import Policy, policy_from_bytes
from .store import BaselineEntry, Store, default_path

__all__ = ["PREFIX", "BaselineEntry", "BaselineDataset", "save_baseline", "list_baselines", "get_baseline",
           "delete_baseline", "dataset", "is_baseline", "baseline_id", "policy_from_text", "read_baseline_table",
           "checked_row", "pending"]

PREFIX = "baseline:"
POLICY_NAME = "policy.toml"   # what a refusal calls the policy text (never a temporary path)


def is_baseline(dataset_id) -> bool:
    return isinstance(dataset_id, str) and dataset_id.startswith(PREFIX)


def baseline_id(dataset_id: str) -> int:
    """The store id in ``"baseline:<id>"`` (ASCII digits), else InputError."""
    text = str(dataset_id)[len(PREFIX):] if is_baseline(dataset_id) else ""
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**63:
        raise InputError("基准编号无效", "invalid baseline id", column="dataset", value=dataset_id)
    return int(text)


# --- reading the texts -------------------------------------------------------------------

def policy_from_text(policy_toml: str) -> Policy:
    """The policy of a TOML text, with the same checks and messages as a policy file's."""
    return policy_from_bytes(_utf8(policy_toml, "参数文件", "the policy file"), POLICY_NAME)


def read_baseline_table(text: str, schema, what: tuple[str, str] = ("县表", "the county table")) -> pd.DataFrame:
    """A table text (CSV) read and validated under ``schema``, bounded by MAX_BASELINE_TABLE_BYTES."""
    data = _utf8(text, *what)
    if len(data) > MAX_BASELINE_TABLE_BYTES:
        raise InputError(f"{what[0]}过大（上限 {MAX_BASELINE_TABLE_BYTES // 1024:,} KB）",
                         f"{what[1]} is too large (limit {MAX_BASELINE_TABLE_BYTES // 1024:,} KB)")
    return read_table(data, schema, filename="table.csv").frame


def _utf8(text, zh: str, en: str) -> bytes:
    if not isinstance(text, str):
        raise InputError(f"{zh}应为文本", f"{en} must be text", value=type(text).__name__)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{zh}含有无法编码的字符", f"{en} holds characters that cannot be encoded") from None


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


# --- the API -----------------------------------------------------------------------------

def save_baseline(name: str, mechanism: str, policy_toml: str, table_csv: str, *, monthly_csv: str | None = None,
                  author: str | None = None, store: Store | None = None) -> int:
    """Check and save a baseline as a new immutable version; returns its id.

    The policy must load and be for ``mechanism``; the table must read under that policy's table schema (and
    the monthly table, for a mechanism with one, under its own). Any refusal is an InputError naming the row,
    the column and the value; nothing is saved then."""
    return (store or Store()).add_baseline(**checked_row(name, mechanism, policy_toml, table_csv, monthly_csv),
                                           author=author)


def checked_row(name: str, mechanism: str, policy_toml: str, table_csv: str, monthly_csv: str | None = None) -> dict:
    """What the store keeps of a baseline, every part checked (InputError otherwise): the keyword arguments of
    ``Store.add_baseline`` but the author."""
    spec = mechanisms.get(mechanism)
    policy = policy_from_text(policy_toml)
    if policy.mechanism != mechanism:
        raise InputError("参数文件属于另一类测算", "the policy file is for another calculation",
                         column="[meta] mechanism", value=policy.mechanism)
    table = read_baseline_table(table_csv, spec.schema(policy))
    monthly = None
    if monthly_csv is not None:
        if spec.secondary is None:
            raise InputError("此测算没有月度表", "this calculation takes no monthly table", column="monthly_csv")
        monthly = _csv(read_baseline_table(monthly_csv, spec.secondary.schema(), ("月度表", "the monthly table")))
    return {"name": name, "mechanism": mechanism, "region": policy.region("zh"), "year": policy.year,
            "doc_no": policy.doc_no, "policy_toml": policy_toml, "table_csv": _csv(table), "monthly_csv": monthly}


def list_baselines(mechanism: str | None = None, store: Store | None = None) -> list[BaselineEntry]:
    """Every saved baseline (of ``mechanism``, when given), newest first, without their texts."""
    return (store or Store()).baselines(mechanism)


def get_baseline(baseline_id: int, store: Store | None = None) -> BaselineEntry:
    """One baseline with its policy text and table text (InputError when there is none)."""
    return (store or Store()).baseline(baseline_id)


def delete_baseline(baseline_id: int, author: str | None, store: Store | None = None) -> None:
    """Delete the author's own baseline; refused while a saved scenario is built on it."""
    (store or Store()).delete_baseline(baseline_id, author)


# --- as a dataset ------------------------------------------------------------------------

@dataclass(frozen=True)
class BaselineDataset(Dataset):
    """A saved baseline as a dataset: ``policy()`` and ``load()`` read its texts (kept here: versions never change)."""

    baseline: BaselineEntry | None = None
    _policy: list = field(default_factory=list, compare=False, repr=False)   # the parsed policy, once

    @property
    def name(self) -> str:
        return self.baseline.name

    @property
    def version(self) -> int:
        return self.baseline.version

    @property
    def data_path(self) -> Path:
        raise InputError("保存的基准没有数据文件，请从方案库读取", "a saved baseline has no data file",
                         column="dataset", value=self.id)

    def policy(self) -> Policy:
        if not self._policy:
            self._policy.append(policy_from_text(self.baseline.policy_toml))
        return self._policy[0]

    def load(self, policy: Policy | None = None) -> pd.DataFrame:
        policy = policy or self.policy()
        return read_baseline_table(self.baseline.table_csv, mechanisms.get(self.mechanism).schema(policy))

    def load_monthly(self) -> pd.DataFrame | None:
        secondary = mechanisms.get(self.mechanism).secondary
        if self.baseline.monthly_csv is None or secondary is None:
            return None
        return read_baseline_table(self.baseline.monthly_csv, secondary.schema(), ("月度表", "the monthly table"))


# Baselines checked but not yet written (a backup being imported, fundcalc/backup.py): its scenarios replay on
# them under their ids in the file. A context variable: only the import's own thread (session) sees them.
_PENDING: ContextVar[dict[int, BaselineDataset] | None] = ContextVar("fundcalc_pending_baselines", default=None)


@contextmanager
def pending(rows: dict[int, dict]) -> Iterator[None]:
    """Inside the block, ``"baseline:<id>"`` for each key of ``rows`` (checked_row dicts) resolves to that row."""
    token = _PENDING.set({old: _as_dataset(BaselineEntry(id=old, created_at="", **row))
                          for old, row in rows.items()})
    try:
        yield
    finally:
        _PENDING.reset(token)


def dataset(dataset_id: str, store: Store | None = None) -> BaselineDataset:
    """The dataset of ``"baseline:<id>"`` from the store (``$FUNDCALC_DB`` unless given)."""
    number = baseline_id(dataset_id)
    waiting = _PENDING.get()
    if waiting is not None:
        if number not in waiting:
            raise InputError("方案所依据的基准不在备份中", "the scenario's baseline is not in the backup",
                             column="dataset", value=dataset_id)
        return waiting[number]
    # No Store object on the way (it checks the schema): pages ask for this on every run.
    return _dataset(str((store.path if store else default_path()).resolve()), number)


@lru_cache(maxsize=64)
def _dataset(path: str, number: int) -> BaselineDataset:
    # By store file and id: a version never changes, so what was read once stays right.
    return _as_dataset(Store(path).baseline(number))


def _as_dataset(entry: BaselineEntry) -> BaselineDataset:
    policy = policy_from_text(entry.policy_toml)
    label = f"{entry.name} v{entry.version}"
    return BaselineDataset(id=f"{PREFIX}{entry.id}", mechanism=entry.mechanism, data_file="", params_file="",
                           zh=label, en=label, illustrative=bool(policy.meta.get("sample", False)),
                           monthly_file=None, baseline=entry, _policy=[policy])

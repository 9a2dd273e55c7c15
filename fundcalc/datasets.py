"""The datasets the product ships (data/datasets.toml): each document's county table and its policy file.
Tests register datasets of their own with ``registered``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from . import mechanisms
from .errors import InputError
from .importer import read_table
from .params import DATA_DIR, PARAMS_DIR, Policy, load_policy


@dataclass(frozen=True)
class Dataset:
    id: str
    mechanism: str
    data_file: str               # under data/, or an absolute path
    params_file: str             # under data/params/, or an absolute path
    zh: str
    en: str
    illustrative: bool = False
    monthly_file: str | None = None   # beside the data file
    # Values this dataset needs on top of its params file (the headcount sample needs mode = "headcount").
    values: tuple = ()

    @property
    def data_path(self) -> Path:
        return DATA_DIR / self.data_file

    def policy(self) -> Policy:
        policy = load_policy(PARAMS_DIR / self.params_file)
        return replace(policy, values=policy.values | dict(self.values)) if self.values else policy

    def load(self, policy: Policy | None = None):
        """The validated county table of this dataset, under ``policy`` (the dataset's own by default)."""
        policy = policy or self.policy()
        return read_table(self.data_path, mechanisms.get(self.mechanism).schema(policy)).frame


def _read(path: Path) -> dict[str, Dataset]:
    with path.open("rb") as f:
        entries = tomllib.load(f)["dataset"]
    out = {}
    for e in entries:
        zh, en = e.get("zh"), e.get("en")
        if not zh or not en:
            dzh, den = derived_label(load_policy(_params_path(e["policy"])), bool(e.get("sample", False)))
            zh, en = zh or dzh, en or den
        out[e["id"]] = Dataset(e["id"], e["mechanism"], e["data"], e["policy"], zh, en,
                               illustrative=bool(e.get("sample", False)), monthly_file=e.get("monthly"),
                               values=tuple(e.get("values", {}).items()))
    return out


def _params_path(name: str) -> Path:
    return PARAMS_DIR / name


def derived_label(policy: Policy, sample: bool = False) -> tuple[str, str]:
    """A dataset's name from its policy file when datasets.toml gives none: 样例市 2025（样财社〔2025〕1号）."""
    region_zh, region_en = policy.region("zh"), policy.region("en")
    note_zh, note_en = ("示例数据，", "sample data, ") if sample else ("", "")
    return (f"{region_zh} {policy.year}（{note_zh}{policy.doc_no}）".strip(),
            f"{region_en} {policy.year} ({note_en}{policy.doc_no})".strip())


DATASETS: dict[str, Dataset] = _read(DATA_DIR / "datasets.toml")


def register(ds: Dataset) -> Dataset:
    if ds.id in DATASETS:
        raise InputError("数据集已存在", "dataset already registered", column="dataset", value=ds.id)
    DATASETS[ds.id] = ds
    return ds


def unregister(dataset_id: str) -> None:
    DATASETS.pop(dataset_id, None)


@contextmanager
def registered(ds: Dataset) -> Iterator[Dataset]:
    register(ds)
    try:
        yield ds
    finally:
        unregister(ds.id)


def for_mechanism(mechanism: str) -> list[Dataset]:
    return [d for d in DATASETS.values() if d.mechanism == mechanism]


def default_dataset(mechanism: str) -> Dataset:
    """The mechanism's first dataset (what the command line and the pages start from)."""
    found = for_mechanism(mechanism)
    if not found:
        raise InputError("此测算没有数据集", "no dataset for this mechanism", column="mechanism", value=mechanism)
    return found[0]


def get(dataset_id) -> Dataset:
    """A shipped dataset by id, or a saved baseline by ``"baseline:<id>"`` (fundcalc.baselines; read from the
    store). InputError naming the id when there is none."""
    if isinstance(dataset_id, str) and dataset_id.startswith("baseline:"):
        from .baselines import dataset  # the store imports this module: imported on use

        return dataset(dataset_id)
    try:
        return DATASETS[dataset_id]
    except (KeyError, TypeError):
        raise InputError("未知的基准数据集", "unknown baseline dataset", column="dataset", value=dataset_id) from None

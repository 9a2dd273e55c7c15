"""The datasets the product ships: each document's county table and its policy file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import allocation, pooling, settlement
from .importer import read_table
from .params import DATA_DIR, PARAMS_DIR, Policy, load_policy

MECHANISMS = {"allocation": allocation, "settlement": settlement, "pooling": pooling}


@dataclass(frozen=True)
class Dataset:
    id: str
    mechanism: str
    data_file: str
    params_file: str
    zh: str
    en: str
    illustrative: bool = False
    monthly_file: str | None = None
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
        return read_table(self.data_path, MECHANISMS[self.mechanism].schema(policy)).frame


DATASETS = {d.id: d for d in (
    Dataset("qujing_2018", "allocation", "qujing_2018.csv", "qujing_2018.toml",
            "曲靖市 2018（曲财社〔2018〕106号）", "Qujing 2018 (曲财社〔2018〕106号)"),
    Dataset("tacheng_2020", "settlement", "tacheng_2020.csv", "tacheng_2020.toml",
            "塔城地区 2020（塔地财社〔2021〕87号）", "Tacheng 2020 (塔地财社〔2021〕87号)"),
    Dataset("tacheng_2020_headcount_sample", "settlement", "tacheng_2020_headcount_sample.csv", "tacheng_2020.toml",
            "塔城地区 2020 按人数测算（示例数据）", "Tacheng 2020 by headcount (sample data)", illustrative=True,
            values=(("mode", "headcount"),)),
    Dataset("yuncheng_2019_sample", "pooling", "yuncheng_2019_sample.csv", "yuncheng_2019.toml",
            "运城市 2019（示例数据，运政办发〔2019〕30号）", "Yuncheng 2019 (sample data, 运政办发〔2019〕30号)",
            illustrative=True, monthly_file="yuncheng_2019_monthly_sample.csv"),
)}


def for_mechanism(mechanism: str) -> list[Dataset]:
    return [d for d in DATASETS.values() if d.mechanism == mechanism]

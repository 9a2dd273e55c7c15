"""A scenario: a what-if on top of one shipped document or one of the user's saved baselines
(dataset ``"baseline:<id>"``, fundcalc/baselines.py: the id names an immutable version), kept as readable data.

A scenario names its mechanism and baseline dataset and records only what it
changes: parameter overrides (flat keys, as the command line's --set), extra
person categories for the allocation, and edits of the county table as a diff
against the baseline (changed cells, added rows, removed counties). Reading it
back replays the same steps on the same baseline, so the JSON file stays short
and an analyst can read what was changed.

JSON layout (schema_version 1)::

    {"format": "fundcalc.scenario", "schema_version": 1,
     "name": "...", "description": "...", "mechanism": "allocation", "dataset": "qujing_2018",
     "illustrative": false,
     "overrides": {"not_lifted.standard_yuan": 200},
     "extra_categories": [{"key": "tekun", "zh": "特困", "en": "Destitute", "standard_yuan": 180,
                           "subsidised_pct": 100, "shares": {"province": 50, "city": 50, "county": 0}}],
     "table_edits": {"changed": {"麒麟区": {"not_lifted_people": 5000}},
                     "added": [{"county": "新县", "not_lifted_people": 10, "lifted_people": 0}],
                     "removed": ["师宗县"]},
     "monthly_edits": {...},            # pooling only, when the monthly table was edited
     "figure": "city_total_fen"}        # optional: the figure its story is about (fundcalc.story)

A scenario built on a user's own table (an upload) also names that table and keeps it as its
diff against the dataset (``"source": "县表.xlsx", "base_edits": {...}``); its ``table_edits`` are
then against that table, so reopening it shows the same baseline ("较原表") as before saving.
Such a file is written as schema_version 2 (an older program refuses it rather than replaying it on
the wrong baseline); every other file stays version 1.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from . import counties, datasets, mechanisms
from .errors import InputError
from .importer import read_table
from .params import Policy
from .result import Result
from .userfiles import read_json
from .validate import validate_table

FORMAT = "fundcalc.scenario"
SCHEMA_VERSION = 2
KEY = "county"
SAMPLE_LABEL_ZH = "示例数据"


# --- plain JSON values ----------------------------------------------------------------

def plain(value):
    """A cell or parameter value as a JSON value: whole numbers become ints, a Decimal with a
    fraction becomes text (kept exact), other floats stay floats (JSON keeps their shortest
    repr, so 42622.08 reads back as 42622.08), blanks become None."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if math.isnan(f):
            return None
        return int(f) if f.is_integer() and abs(f) < 2**53 else f
    if value is pd.NA:
        return None
    return str(value)


# --- table edits ---------------------------------------------------------------------

@dataclass
class TableEdits:
    """County-table changes against the baseline, keyed by county name."""

    changed: dict[str, dict[str, object]] = field(default_factory=dict)
    added: list[dict[str, object]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.changed or self.added or self.removed)

    def to_dict(self) -> dict:
        return {"changed": {c: dict(v) for c, v in self.changed.items()},
                "added": [dict(r) for r in self.added], "removed": list(self.removed)}

    @classmethod
    def from_dict(cls, d: dict | None) -> TableEdits:
        d = d or {}
        if not isinstance(d, dict):
            raise InputError("table_edits 应为对象", "table_edits must be an object", column="table_edits")
        changed = d.get("changed") or {}
        added = d.get("added") or []
        removed = d.get("removed") or []
        if not isinstance(changed, dict) or not all(isinstance(v, dict) for v in changed.values()):
            raise InputError("changed 应为 {县: {列: 值}}", "changed must be {county: {column: value}}",
                             column="table_edits.changed")
        if not isinstance(added, list) or not all(isinstance(r, dict) and KEY in r for r in added):
            raise InputError("added 应为含 county 的行列表", "added must be a list of rows with a county",
                             column="table_edits.added")
        if not isinstance(removed, list):
            raise InputError("removed 应为县名列表", "removed must be a list of county names",
                             column="table_edits.removed")
        return cls({str(k): {str(c): v for c, v in cells.items()} for k, cells in changed.items()},
                   [{str(c): v for c, v in r.items()} for r in added], [str(x) for x in removed])

    def count(self) -> int:
        return sum(len(v) for v in self.changed.values()) + len(self.added) + len(self.removed)


def _names(frame: pd.DataFrame) -> list[str]:
    return [str(x).strip() for x in frame[KEY].tolist()]


def _blank(values: np.ndarray) -> np.ndarray:
    return np.array([v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                     or (isinstance(v, str) and not v.strip()) for v in values], dtype=bool)


def _same_cells(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Cell by cell: equal numbers, equal texts, or both blank (vectorised over a column)."""
    ob, nb = _blank(old), _blank(new)
    on = pd.to_numeric(pd.Series(old, dtype=object), errors="coerce").to_numpy(float)
    nn = pd.to_numeric(pd.Series(new, dtype=object), errors="coerce").to_numpy(float)
    numeric = ~np.isnan(on) & ~np.isnan(nn)
    text = ~numeric & ~ob & ~nb
    same_text = np.array([str(a) == str(b) for a, b in zip(old, new, strict=False)], dtype=bool) if text.any() else text
    return (ob & nb) | (numeric & (on == nn)) | (text & same_text)


def diff_tables(base: pd.DataFrame, edited: pd.DataFrame) -> TableEdits:
    """What turns ``base`` into ``edited``: cells changed in counties both have, rows added, counties removed.

    Counties are matched by 行政区划代码 when both tables give it, then by name (fundcalc.counties): a county
    renamed with its code kept is a change of its name (``changed[old name]["county"]``), keyed by the
    baseline's name as every change is. A column ``edited`` has and ``base`` lacks (an extra category's
    headcounts) counts as blank in the baseline, so only its filled cells (other than 0) are recorded."""
    base_names, edited_names = _names(base), _names(edited)
    at = counties.match(base_names, counties.codes_of(base), edited_names, counties.codes_of(edited))
    common = [j for j, i in enumerate(at) if i >= 0]
    at_base = [at[j] for j in common]
    matched = set(at_base)
    edits = TableEdits(removed=[n for i, n in enumerate(base_names) if i not in matched])
    columns = [c for c in edited.columns if c != KEY]
    changed: dict[int, dict[str, object]] = {}
    renamed = [k for k, j in enumerate(common) if edited_names[j] != base_names[at_base[k]]]
    for k in renamed:
        changed.setdefault(common[k], {})[KEY] = edited_names[common[k]]
    for c in columns:
        new = edited[c].to_numpy(object)[common]
        if c in base.columns:
            moved = ~_same_cells(base[c].to_numpy(object)[at_base], new)
        else:
            moved = ~(_blank(new) | _same_cells(np.zeros(len(new), dtype=object), new))
        for k in np.flatnonzero(moved):
            changed.setdefault(common[k], {})[c] = plain(new[k])
    for j in sorted(changed):
        edits.changed[base_names[at[j]]] = changed[j]
    for j, name in enumerate(edited_names):
        if at[j] < 0:
            row = edited.iloc[j]
            edits.added.append({KEY: name} | {c: plain(row[c]) for c in columns if plain(row[c]) is not None})
    return edits


def apply_edits(base: pd.DataFrame, edits: TableEdits, extra_columns: dict[str, object] | None = None) -> pd.DataFrame:
    """The baseline with the edits replayed; ``extra_columns`` are columns the baseline lacks,
    with the value a baseline county takes in them (0 people for an extra category). A change of a
    county's name (``"county"`` among its cells) renames it, after its other cells are set."""
    frame = base.copy().reset_index(drop=True)
    frame[KEY] = [str(x).strip() for x in frame[KEY]]
    for col, default in (extra_columns or {}).items():
        if col not in frame.columns:
            frame[col] = default
    frame = _remove(frame, edits.removed)
    frame = _change(frame, edits.changed)
    return _add(frame, edits.added)


def _remove(frame: pd.DataFrame, removed: list[str]) -> pd.DataFrame:
    names = set(frame[KEY])
    for name in removed:
        if name not in names:
            raise InputError("要删除的县不在基准表中", "the county to remove is not in the baseline table",
                             column="table_edits.removed", value=name)
    return frame[~frame[KEY].isin(removed)].reset_index(drop=True)


def _change(frame: pd.DataFrame, changed: dict[str, dict[str, object]]) -> pd.DataFrame:
    pos = {n: i for i, n in enumerate(frame[KEY])}
    touched = {c for cells in changed.values() for c in cells if c != KEY and c in frame.columns}
    for col in touched:  # object columns take any typed value; validation makes them numbers again
        frame[col] = frame[col].astype(object)
    names = list(frame[KEY])
    for name, cells in changed.items():
        if name not in pos:
            raise InputError("修改的县不在基准表中", "the edited county is not in the baseline table",
                             column="table_edits.changed", value=name)
        unknown = [c for c in cells if c != KEY and c not in frame.columns]
        if unknown:
            raise InputError("没有这一列", "no such column", column=f"table_edits.changed.{name}", value=unknown[0])
        for col, value in cells.items():
            if col != KEY:
                frame.at[pos[name], col] = np.nan if value is None else value
        if cells.get(KEY) is not None:
            names[pos[name]] = str(cells[KEY]).strip()
    frame[KEY] = names
    return frame


def _add(frame: pd.DataFrame, added: list[dict[str, object]]) -> pd.DataFrame:
    if not added:
        return frame
    rows = []
    for r in added:
        unknown = [c for c in r if c not in frame.columns]
        if unknown:
            raise InputError("没有这一列", "no such column", column="table_edits.added", value=unknown[0])
        rows.append({c: (np.nan if r.get(c) is None else r.get(c)) for c in r})
    return pd.concat([frame.astype(object), pd.DataFrame(rows).astype(object)], ignore_index=True)


# --- the scenario --------------------------------------------------------------------

@dataclass
class ExtraCategory:
    """A person category added to the allocation (特困, 低保, …); its headcounts live in
    the table as ``{key}_people``."""

    key: str
    zh: str
    en: str
    standard_yuan: object
    shares: dict
    subsidised_pct: object = 100

    def to_dict(self) -> dict:
        return {"key": self.key, "zh": self.zh, "en": self.en, "standard_yuan": plain(self.standard_yuan),
                "subsidised_pct": plain(self.subsidised_pct),
                "shares": {k: plain(v) for k, v in self.shares.items()}}

    @classmethod
    def from_dict(cls, d: dict) -> ExtraCategory:
        try:
            return cls(str(d["key"]), str(d["zh"]), str(d.get("en") or d["key"]), d["standard_yuan"],
                       dict(d.get("shares") or {}), d.get("subsidised_pct", 100))
        except (KeyError, TypeError):
            raise InputError("附加类别需要 key、zh、standard_yuan", "an extra category needs key, zh, standard_yuan",
                             column="extra_categories", value=d) from None


@dataclass
class Scenario:
    name: str
    mechanism: str
    dataset: str
    overrides: dict = field(default_factory=dict)
    extra_categories: list[ExtraCategory] = field(default_factory=list)
    edits: TableEdits = field(default_factory=TableEdits)
    # Pooling only: edits of the global budget's monthly table against the dataset's.
    monthly_edits: TableEdits = field(default_factory=TableEdits)
    description: str = ""
    illustrative: bool = False
    # The user's own table the scenario was built from (its file name, and the table as a diff against the
    # dataset's); ``edits`` are against that table. Empty for a scenario on the shipped table.
    source: str = ""
    base_edits: TableEdits = field(default_factory=TableEdits)
    # The figure the scenario is about (a money total's key, fundcalc.story); "" : the mechanism's default.
    figure: str = ""
    id: int | None = None  # set by the store; not part of the file

    @property
    def is_sample(self) -> bool:
        """示例数据: the scenario says so or its baseline is sample data."""
        try:
            ds = datasets.get(self.dataset)
        except InputError:   # a baseline no longer in the store: the scenario says what it is
            ds = None
        return bool(self.illustrative or (ds is not None and ds.illustrative))

    def with_name(self, name: str) -> Scenario:
        return replace(self, name=name)

    # -- JSON --
    def to_dict(self) -> dict:
        own_table = bool(self.source or not self.base_edits.is_empty())
        d = {"format": FORMAT, "schema_version": 2 if own_table else 1, "name": self.name,
             "description": self.description, "mechanism": self.mechanism, "dataset": self.dataset,
             "illustrative": self.is_sample}
        if self.is_sample:
            d["label"] = SAMPLE_LABEL_ZH
        d["overrides"] = {k: plain(v) for k, v in self.overrides.items()}
        d["extra_categories"] = [c.to_dict() for c in self.extra_categories]
        if own_table:
            d["source"] = self.source
            d["base_edits"] = self.base_edits.to_dict()
        d["table_edits"] = self.edits.to_dict()
        if not self.monthly_edits.is_empty():
            d["monthly_edits"] = self.monthly_edits.to_dict()
        if self.figure:  # optional: a file without it (every older one) opens on the mechanism's default
            d["figure"] = self.figure
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, d) -> Scenario:
        d = _migrate(d, _file_version(d))
        mechanism, dataset = d.get("mechanism"), d.get("dataset")
        if not mechanisms.known(mechanism):
            raise InputError("未知的测算类型", "unknown mechanism", column="mechanism", value=mechanism)
        if datasets.get(dataset).mechanism != mechanism:   # a shipped dataset or a saved baseline, else refused
            raise InputError("数据集与测算类型不符", "the dataset belongs to another mechanism", column="dataset",
                             value=dataset)
        name = str(d.get("name") or "").strip()
        if not name:
            raise InputError("方案名称不能为空", "the scenario name must not be blank", column="name", value="")
        overrides = d.get("overrides") or {}
        if not isinstance(overrides, dict):
            raise InputError("overrides 应为 {参数: 值}", "overrides must be {parameter: value}", column="overrides")
        spec = mechanisms.get(mechanism)
        overrides = spec.upgrade_overrides(overrides)
        cats = d.get("extra_categories") or []
        if cats and spec.categories is None:
            raise InputError("此测算不能增加人员类别", "this calculation takes no extra categories",
                             column="extra_categories")
        figure = d.get("figure") or ""
        if figure and (not isinstance(figure, str) or figure not in
                       {t.key for t in spec.totals if t.kind == "fen"}):
            raise InputError("方案关注的项目无效", "the scenario's figure is not one of this calculation's totals",
                             column="figure", value=figure)
        return cls(name=name, mechanism=mechanism, dataset=dataset, overrides=dict(overrides), figure=figure,
                   extra_categories=[ExtraCategory.from_dict(c) for c in cats],
                   edits=TableEdits.from_dict(d.get("table_edits")),
                   monthly_edits=TableEdits.from_dict(d.get("monthly_edits")),
                   description=str(d.get("description") or ""),
                   illustrative=bool(d.get("illustrative", False)),
                   source=str(d.get("source") or ""), base_edits=TableEdits.from_dict(d.get("base_edits")))

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        return cls.from_dict(read_json(text))     # bounded: size, depth, count, digits (fundcalc.userfiles)

    @classmethod
    def load(cls, path: str | Path) -> Scenario:
        try:
            return cls.from_json(Path(path).read_bytes())
        except FileNotFoundError:
            raise InputError("方案文件不存在", "scenario file not found", value=str(path)) from None

    @classmethod
    def from_tables(cls, name: str, mechanism: str, dataset: str, base_table: pd.DataFrame, table: pd.DataFrame,
                    overrides: dict | None = None, extra_categories=(), description: str = "",
                    base_monthly: pd.DataFrame | None = None, monthly: pd.DataFrame | None = None) -> Scenario:
        """A scenario from a workspace: the edited tables are stored as their diffs against the baseline's."""
        cats = [c if isinstance(c, ExtraCategory) else ExtraCategory.from_dict(c) for c in extra_categories]
        monthly_edits = (diff_tables(base_monthly, monthly) if base_monthly is not None and monthly is not None
                         else TableEdits())
        return cls(name=name, mechanism=mechanism, dataset=dataset, overrides=dict(overrides or {}),
                   extra_categories=cats, edits=diff_tables(base_table, table), monthly_edits=monthly_edits,
                   description=description)


def _file_version(d) -> int:
    """The schema_version of a scenario file this program can read; refuses anything else."""
    if not isinstance(d, dict):
        raise InputError("方案文件应为 JSON 对象", "a scenario file must hold a JSON object")
    if d.get("format", FORMAT) != FORMAT:
        raise InputError("不是测算方案文件", "not a scenario file", column="format", value=d.get("format"))
    version = d.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError("缺少 schema_version", "schema_version is missing", column="schema_version",
                         value=version)
    if version > SCHEMA_VERSION:
        raise InputError(f"方案文件版本 {version} 比本程序新（支持 {SCHEMA_VERSION}），请升级",
                         f"scenario file version {version} is newer than this program's "
                         f"({SCHEMA_VERSION}); please upgrade", column="schema_version", value=version)
    return version


def _migrate(d: dict, version: int) -> dict:
    """Bring an older file up to SCHEMA_VERSION, one step at a time (none yet: version 1 is the first)."""
    steps: dict[int, callable] = {1: lambda d: d}  # 2 only adds the optional source and base_edits
    while version < SCHEMA_VERSION:
        d = steps[version](d)
        version += 1
    return d


# --- replay --------------------------------------------------------------------------

def baseline_policy(scenario: Scenario) -> Policy:
    """The dataset's policy with the scenario's overrides that shape the table (settlement's mode)
    but none of its extra categories: the policy the baseline file is read with."""
    ds = datasets.get(scenario.dataset)
    policy = ds.policy()
    module = mechanisms.get(scenario.mechanism)
    shaping = {k: v for k, v in scenario.overrides.items() if k == module.shape_param}
    return policy.with_overrides(shaping, module.param_specs(policy)) if shaping else policy


def scenario_policy(scenario: Scenario) -> Policy:
    """The dataset's policy, extra categories added, overrides applied (each checked by its Param)."""
    policy = datasets.get(scenario.dataset).policy()
    module = mechanisms.get(scenario.mechanism)
    for c in scenario.extra_categories:
        policy = module.categories(policy, c.key, c.zh, c.en, c.standard_yuan, c.shares, c.subsidised_pct)
    return policy.with_overrides(scenario.overrides, module.param_specs(policy))


def dataset_table(scenario: Scenario) -> pd.DataFrame:
    """The dataset's table (shipped, or a saved baseline's), read with the scenario's table-shaping parameters."""
    return datasets.get(scenario.dataset).load(baseline_policy(scenario))


def baseline_table(scenario: Scenario) -> pd.DataFrame:
    """The table the scenario was built from: the dataset's, or the user's own (``base_edits`` replayed)."""
    base = dataset_table(scenario)
    if scenario.base_edits.is_empty():
        return base
    policy = baseline_policy(scenario)
    return validate_table(apply_edits(base, scenario.base_edits), mechanisms.get(scenario.mechanism).schema(policy))


def apply(scenario: Scenario) -> tuple[pd.DataFrame, Policy]:
    """The scenario's validated county table and its policy, ready for ``compute(..., validated=True)``."""
    policy = scenario_policy(scenario)
    base = baseline_table(scenario)
    extra = {f"{c.key}_people": 0 for c in scenario.extra_categories}
    table = apply_edits(base, scenario.edits, extra)
    schema = mechanisms.get(scenario.mechanism).schema(policy)
    return validate_table(table, schema), policy


def baseline_monthly(scenario: Scenario) -> pd.DataFrame | None:
    """The dataset's monthly table of the global budget (pooling datasets that ship one), else None."""
    return monthly_table(datasets.get(scenario.dataset))


def monthly_table(ds) -> pd.DataFrame | None:
    """A dataset's monthly table: a shipped file beside its county table, or a saved baseline's (validated)."""
    if hasattr(ds, "load_monthly"):
        return ds.load_monthly()
    secondary = mechanisms.get(ds.mechanism).secondary
    if not ds.monthly_file or secondary is None:
        return None
    return read_table(ds.data_path.parent / ds.monthly_file, secondary.schema()).frame


def apply_monthly(scenario: Scenario) -> pd.DataFrame | None:
    """The scenario's monthly table (validated), or None when the dataset has none."""
    base = baseline_monthly(scenario)
    if base is None:
        if not scenario.monthly_edits.is_empty():
            raise InputError("该数据集没有月度费用表", "this dataset has no monthly table", column="monthly_edits")
        return None
    schema = mechanisms.get(scenario.mechanism).secondary.schema()
    return validate_table(apply_edits(base, scenario.monthly_edits), schema)


def compute(scenario: Scenario) -> Result:
    table, policy = apply(scenario)
    return mechanisms.get(scenario.mechanism).compute(table, policy, validated=True)


def baseline(mechanism: str, dataset: str) -> Scenario:
    """The document as published: no overrides, no edits."""
    ds = datasets.get(dataset)
    return Scenario(name=ds.zh, mechanism=mechanism, dataset=dataset, illustrative=ds.illustrative)

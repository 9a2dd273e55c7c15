"""What a mechanism declares once: its names, rules, table, parameters, headline figures, status rule,
search knobs, forms and views. Pages, the command line, scenarios, compare, sweep and forms read these
objects from the registry (fundcalc.mechanisms) and never branch on a mechanism's name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..errors import InputError
from ..importing.aliases import with_policy_aliases


@dataclass(frozen=True)
class Total:
    """A figure of the result: a column's 合计 or a city-level figure.

    ``compare``: shown among the compared totals; ``county``: (zh, en) label when offered as the per-county
    figure of a comparison; ``sweep``: (zh, en) label when offered to goal-seek and sensitivity."""

    key: str
    zh: str
    en: str
    kind: Literal["fen", "people", "count", "months"]
    headline: bool = False
    compare: bool = True
    county: tuple[str, str] | None = None
    sweep: tuple[str, str] | None = None
    band: tuple[str, str] | None = None   # months: the figure keys of the target band
    optional: bool = False                # left out of a comparison when 0 in every result
    story: bool = False                   # the figure a scenario's story opens with (fundcalc.story)
    level: str | None = None              # a paying level's 合计: its labels name the level as the policy does

    def for_policy(self, policy) -> Total:
        """This total as ``policy`` names it: a level's 合计 says the policy's level name (自治区级合计…)."""
        if self.level is None or policy is None:
            return self
        zh, en = policy.level_name(self.level, "zh"), policy.level_name(self.level, "en")
        names = (f"{zh}合计", f"{en} total")
        return replace(self, zh=names[0], en=names[1], county=names if self.county else None,
                       sweep=names if self.sweep else None)

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Status:
    """Each county's status from the sign of one column."""

    column: str
    negative: str
    zero: str
    positive: str
    labels: Mapping[str, tuple[str, str]]


ABSENT = ("不在表中", "not in the table")


@dataclass(frozen=True)
class Knob:
    """One parameter turned over whole numbers (元 for standards, 1% for shares, as the documents
    write them). A level share has a ``partner`` level that takes the rest of the pair's total,
    so the category's shares still add up to 100%."""

    key: str
    zh: str
    en: str
    unit_zh: str
    unit_en: str
    lo: int
    hi: int
    partner: str | None = None
    pair_total: int = 0

    @classmethod
    def of_param(cls, key: str, p) -> Knob:
        """The knob over a parameter's whole range (0 … 10⁹ where the Param sets no bound)."""
        return cls(key, p.zh, p.en, p.unit_zh, p.unit_en, 0 if p.min is None else int(p.min),
                   10**9 if p.max is None else int(p.max))

    def setting(self, value: int) -> dict:
        value = int(value)
        if not self.lo <= value <= self.hi:
            raise InputError(f"应在 {self.lo} 到 {self.hi} 之间", f"must be between {self.lo} and {self.hi}",
                             column=self.zh, value=value)
        out = {self.key: value}
        if self.partner:
            out[self.partner] = self.pair_total - value
        return out

    def label(self, lang: str = "zh") -> str:
        name, unit = (self.zh, self.unit_zh) if lang == "zh" else (self.en, self.unit_en)
        return f"{name}({unit})" if unit else name


@dataclass(frozen=True)
class Part:
    """One bar segment of a chart: a result column, drawn to the right (+1) or left (−1)."""

    column: str
    sign: int
    zh: str
    en: str
    colour: str


@dataclass(frozen=True)
class Chart:
    id: str
    zh: str
    en: str
    order_by: str
    by_abs: bool
    parts: Callable[[Any], list[Part]]
    row_label: str | None = None
    rows: Literal["county", "category"] = "county"


@dataclass(frozen=True)
class FormKind:
    """One official form of the mechanism. ``build(result, texts, options, counties)`` gives its forms (none,
    one, or one per county); ``default_texts``/``locked`` the editable wording and the keys the scenario
    computes; ``labels`` (zh, en) of each wording key; ``inputs`` the page/CLI inputs it takes
    ("include_deducted", "tracking", "budget")."""

    key: str
    zh: str
    en: str
    text_prefix: str
    build: Callable[..., list]
    default_texts: Callable[[Any, Any], dict[str, str]]
    locked: Callable[[Any, Any], set[str]] = lambda r, o: set()
    labels: Callable[[Any, Any], Mapping[str, tuple[str, str]]] = lambda r, o: {}
    inputs: tuple[str, ...] = ()

    def name(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Secondary:
    """A calculation that runs on the mechanism's table plus a table of its own (pooling's global budget)."""

    name: str
    zh: str
    en: str
    schema: Callable[[], Any]                        # its own table
    compute: Callable[..., Any]                      # (counties, own table, policy) -> Result
    explain: Callable[[Any, str], list]
    file_stem: str
    form: FormKind
    rests_on: tuple[str, ...] = ()



@dataclass(frozen=True)
class NoticeKind:
    """The notice a mechanism issues: its Jinja2 template (beside the mechanism) and the figures it prints.

    ``figures(result, pick)`` returns the template's amounts; ``pick(key)`` is the 合计 of a 分 column, or one
    county's value in a per-county notice. ``sample``: the document issues rules, not amounts, so every notice
    drawn from it is ours and labelled 示例."""

    template: Path
    figures: Callable[[Any, Callable[[str], int]], dict]
    sample: bool = False

@dataclass(frozen=True)
class Mechanism:
    name: str
    zh: str
    en: str
    short_zh: str
    short_en: str
    icon: str
    intro_zh: str
    intro_en: str
    compute: Callable[..., Any]                      # (table, policy, validated=False) -> Result
    explain: Callable[[Any, str], list]              # (result, county) -> [TraceStep]
    table_schema: Callable[[Any], Any]               # policy -> TableSchema
    param_specs: Callable[[Any], dict]               # policy -> {key: Param}
    official_table: Callable[[Any], Any]             # result -> the official table, reference-key headers
    totals: tuple[Total, ...]
    status: Status
    forms: tuple[FormKind, ...]
    knobs: Callable[[Any], list[Knob]]               # policy -> the knobs goal-seek and sensitivity turn
    file_stem: str
    charts: tuple[Chart, ...] = ()
    fast_totals: Callable | None = None              # (table, policies, settings, metrics) -> totals, or None
    categories: Callable | None = None               # with_category: the user may add person categories
    shape_param: str | None = None                  # a parameter that changes the table's columns
    upgrade_overrides: Callable[[dict], dict] = lambda overrides: overrides   # older scenario files' keys
    secondary: Secondary | None = None
    rests_on: Callable[[Any], tuple[str, ...]] = lambda r: ()
    notice: NoticeKind | None = None                 # the 下达通知 it issues; None: no notice template
    plugins: tuple[str, ...] = ()                    # dashboard extras by feature name
    page_file: str | None = None                     # a page of its own; None: the generic mechanism page
    # The named references its explanations cite from the policy's [clauses]: name -> (what it is, zh / en).
    clauses: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    params: Any = None                               # its ParamSchema (schema.toml): the panel groups
    csv_notes: Callable[[Any, str], list[str]] = lambda r, lang: []   # lines above its CSV table
    compare_opens_with: str | None = None            # the total a comparison shows first; None: the first headline

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def schema(self, policy):
        """The county table's columns under ``policy``, with the import headers the policy adds (its aliases)."""
        return with_policy_aliases(self.table_schema(policy), policy)

    def totals_for(self, policy=None) -> tuple[Total, ...]:
        """The totals with their labels as ``policy`` names its levels (the static ``totals`` are generic)."""
        return tuple(t.for_policy(policy) for t in self.totals)

    def total(self, key: str, policy=None) -> Total:
        for t in self.totals:
            if t.key == key:
                return t.for_policy(policy)
        raise InputError("没有这个合计指标", "no such total", column="metric", value=key)

    def headline(self, policy=None) -> list[Total]:
        return [t for t in self.totals_for(policy) if t.headline]

    def compare_headline(self) -> str:
        """The key of the total a comparison's cards show before the user picks a figure."""
        return self.compare_opens_with or self.headline()[0].key

    def sweep_metrics(self, policy=None) -> dict[str, tuple[str, str]]:
        return {t.key: t.sweep for t in self.totals_for(policy) if t.sweep}

    def county_figures(self, policy=None) -> list[Total]:
        return [t for t in self.totals_for(policy) if t.county]

    def status_label(self, key: str, lang: str = "zh") -> str:
        zh, en = self.status.labels.get(key) or (ABSENT if key == "absent" else (key, key))
        return zh if lang == "zh" else en

    def form(self, key: str) -> FormKind:
        for f in self.forms:
            if f.key == key:
                return f
        raise InputError("此测算没有这张表格", "no such form for this calculation", value=f"{self.name}:{key}")

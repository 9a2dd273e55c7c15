"""Every official form of a mechanism in one workbook, one sheet per form: the FormKinds its spec declares
(fundcalc/mechanisms/<name>/forms.py), the first being the mechanism's main table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import mechanisms
from ..errors import InputError
from ..export import file_name as export_file_name
from ..result import Result
from . import facts
from .kinds import tracking_lines as _tracking_lines
from .layout import workbook_bytes
from .model import Form, merge_texts, sheet_name


@dataclass
class FormOptions:
    """What the user adds to the scenario: wording, spending, and which figures to use."""

    texts: dict[str, str] = field(default_factory=dict)
    lang: str = "zh"
    label: str = ""                                  # 示例数据 line under every title
    include_deducted: bool = True                    # 补贴人数 before the province's deduction (曲财社〔2018〕106号)
    tracking_amount: str = "due"                     # 资金金额: 应补助资金 or 此次结算补助资金
    spent: dict[str, int] = field(default_factory=dict)               # county -> 实际支出金额 (分)
    tracking_lines: dict[str, list] = field(default_factory=dict)     # county -> [TrackingLine], replaces defaults
    budget: Result | None = None                     # global_budget result (pooling), when monthly costs exist


def kinds(mechanism: str) -> list[str]:
    """The form keys of a mechanism, in the order of its workbook."""
    return [f.key for f in mechanisms.get(mechanism).forms]


def form_names(mechanism: str) -> dict[str, tuple[str, str]]:
    return {f.key: (f.zh, f.en) for f in mechanisms.get(mechanism).forms}


def prefix_names(mechanism: str) -> dict[str, tuple[str, str]]:
    """(zh, en) name of the form each text-key prefix belongs to."""
    return {f.text_prefix: (f.zh, f.en) for f in mechanisms.get(mechanism).forms}


def default_texts(result: Result, options: FormOptions | None = None) -> dict[str, str]:
    """Every editable wording of the mechanism's forms, keyed as ``--text`` and the page use them."""
    options = options or FormOptions()
    out: dict[str, str] = {}
    for kind in mechanisms.get(result.mechanism).forms:
        out |= kind.default_texts(result, options)
    return out


def computed_keys(result: Result, options: FormOptions | None = None) -> set[str]:
    options = options or FormOptions()
    out: set[str] = set()
    for kind in mechanisms.get(result.mechanism).forms:
        out |= kind.locked(result, options)
    return out


def _split_texts(texts: dict, mechanism: str) -> dict[str, dict]:
    forms = mechanisms.get(mechanism).forms
    by_prefix = {f.text_prefix: f.key for f in forms}
    out: dict[str, dict] = {f.key: {} for f in forms}
    for key, value in (texts or {}).items():
        kind = by_prefix.get(str(key).split(".", 1)[0])
        if kind is None:
            raise InputError("没有这个表格文字项", "no such form text", column=str(key), value=value)
        out[kind][key] = value
    return out


def tracking_lines(result: Result, county: str, options: FormOptions) -> list:
    """The lines of one county's 跟踪反馈表: the user's own, or this document's fund with its spending."""
    return _tracking_lines(result, county, _split_texts(options.texts, result.mechanism)["tracking"], options)


def build_kind(result: Result, kind: str, options: FormOptions | None = None,
               counties: list[str] | None = None) -> list[Form]:
    """The forms of one kind: one form, none (the budget without monthly costs), or one 跟踪反馈表
    per county (``counties``: only these)."""
    options = options or FormOptions()
    form = mechanisms.get(result.mechanism).form(kind)
    texts = _split_texts(options.texts, result.mechanism)[kind]
    return form.build(result, texts, options, counties)


def build_forms(result: Result, options: FormOptions | None = None) -> list[Form]:
    options = options or FormOptions()
    forms: list[Form] = []
    for kind in mechanisms.get(result.mechanism).forms:
        forms += build_kind(result, kind.key, options)
    taken: set[str] = set()
    for f in forms:
        f.sheet = sheet_name(f.sheet, taken)
    return forms


def workbook(result: Result, options: FormOptions | None = None) -> bytes:
    return workbook_bytes(build_forms(result, options))


def primary_form(result: Result, lang: str = "zh", label: str = "") -> Form:
    """The main table of the result's mechanism (the one every page exports): its first FormKind, or the
    secondary calculation's form for a secondary result (the global budget)."""
    spec = mechanisms.of_result(result)
    options = FormOptions(lang=lang, label=label)
    if spec.secondary is not None and result.mechanism == spec.secondary.name:
        options.budget = result
        return spec.secondary.form.build(result, None, options)[0]
    return spec.forms[0].build(result, None, options)[0]


def text_labels(result: Result, options: FormOptions | None = None) -> dict[str, tuple[str, str]]:
    """(zh, en) label of every editable wording and computed indicator, for the page's inputs."""
    options = options or FormOptions()
    out: dict[str, tuple[str, str]] = {}
    for kind in mechanisms.get(result.mechanism).forms:
        out |= kind.labels(result, options)
    return out


def file_name(mechanism: str, when: date | None = None) -> str:
    return "正式表格_" + export_file_name(mechanism, "xlsx", when)


def check_texts(result: Result, options: FormOptions) -> None:
    """Refuse unknown or computed text keys up front, naming them (the command line's --text)."""
    split = _split_texts(options.texts, result.mechanism)
    locked = computed_keys(result, options)
    for kind in mechanisms.get(result.mechanism).forms:
        merge_texts(kind.default_texts(result, options), split[kind.key], locked)


def missing_texts(result: Result, options: FormOptions | None = None) -> list[tuple[str, str, str]]:
    """(key, zh, en) of every form text still reading （待填写） after the user's edits: the facts the policy
    does not state. Labels name the form: "绩效目标表 · 项目名称"."""
    options = options or FormOptions()
    merged = default_texts(result, options) | {k: str(v) for k, v in options.texts.items()}
    forms = prefix_names(result.mechanism)
    labels = {}
    for key, (zh, en) in text_labels(result, options).items():
        form = forms.get(key.split(".", 1)[0], ("", ""))
        labels[key] = (f"{form[0]} · {zh}" if form[0] else zh, f"{form[1]} · {en}" if form[1] else en)
    return facts.missing(merged, labels)

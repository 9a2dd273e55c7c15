"""Every official form of a mechanism in one workbook, one sheet per form.

allocation (seed 001): 资助参保补助资金分配表, 市本级项目绩效目标表.
settlement (seed 002): 附件1 结算分配表, 附件2 绩效目标表, 附件3 跟踪反馈表 (one per county).
pooling (seed 004): 基金缺口分担测算表, 住院总额预算测算表 (when monthly costs are given), 绩效目标表.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..errors import InputError
from ..export import file_name as export_file_name
from ..result import Result
from . import allocation_table, budget_table, performance, pooling_table, settlement_table, tracking
from .layout import workbook_bytes
from .model import Form, merge_texts, sheet_name

FORMS = {
    "allocation": ("allocation_table", "performance"),
    "settlement": ("settlement_table", "performance", "tracking"),
    "pooling": ("pooling_table", "budget_table", "performance"),
}
FORM_NAMES = {
    "allocation_table": ("资助参保补助资金分配表", "Allocation table"),
    "settlement_table": ("补助资金结算分配表（附件1）", "Settlement table (attachment 1)"),
    "performance": ("绩效目标表", "Performance targets"),
    "tracking": ("资金使用跟踪反馈表（附件3）", "Spending feedback (attachment 3)"),
    "pooling_table": ("基金缺口分担测算表", "Fund gap sharing"),
    "budget_table": ("住院总额预算测算表", "Inpatient global budget"),
}
# The prefix of a text key names the form it belongs to.
TEXT_PREFIX = {"allocation": "allocation_table", "settlement": "settlement_table", "performance": "performance",
               "tracking": "tracking", "pooling": "pooling_table", "budget": "budget_table"}


@dataclass
class FormOptions:
    """What the user adds to the scenario: wording, spending, and which figures to use."""

    texts: dict[str, str] = field(default_factory=dict)
    lang: str = "zh"
    label: str = ""                                  # 示例数据 line under every title
    include_deducted: bool = True                    # 补贴人数 before the province's deduction (seed 001)
    tracking_amount: str = "due"                     # 资金金额: 应补助资金 or 此次结算补助资金
    spent: dict[str, int] = field(default_factory=dict)               # county -> 实际支出金额 (分)
    tracking_lines: dict[str, list] = field(default_factory=dict)     # county -> [TrackingLine], replaces defaults
    budget: Result | None = None                     # global_budget result (pooling), when monthly costs exist


def default_texts(result: Result, options: FormOptions | None = None) -> dict[str, str]:
    """Every editable wording of the mechanism's forms, keyed as ``--text`` and the page use them."""
    options = options or FormOptions()
    out: dict[str, str] = {}
    for kind in FORMS[result.mechanism]:
        if kind == "performance":
            out |= performance.default_texts(result, options.include_deducted)[0]
        elif kind == "budget_table":
            out |= budget_table.default_texts(options.budget) if options.budget is not None else {}
        else:
            out |= MODULES[kind].default_texts(result)
    return out


def computed_keys(result: Result, options: FormOptions | None = None) -> set[str]:
    options = options or FormOptions()
    return set(performance.default_texts(result, options.include_deducted)[1])


MODULES = {"allocation_table": allocation_table, "settlement_table": settlement_table, "performance": performance,
           "tracking": tracking, "pooling_table": pooling_table, "budget_table": budget_table}


def _split_texts(texts: dict, mechanism: str) -> dict[str, dict]:
    out: dict[str, dict] = {k: {} for k in FORMS[mechanism]}
    for key, value in (texts or {}).items():
        kind = TEXT_PREFIX.get(str(key).split(".", 1)[0])
        if kind not in out:
            raise InputError("没有这个表格文字项", "no such form text", column=str(key), value=value)
        out[kind][key] = value
    return out


def tracking_lines(result: Result, county: str, options: FormOptions) -> list:
    """The lines of one county's 跟踪反馈表: the user's own, or this document's fund with its spending."""
    if county in options.tracking_lines:
        return list(options.tracking_lines[county])
    texts = _split_texts(options.texts, result.mechanism)["tracking"]
    lines = tracking.default_lines(result, county, texts, options.tracking_amount)
    if county in options.spent:
        lines = tracking.with_spent(lines, options.spent[county])
    return lines


def build_kind(result: Result, kind: str, options: FormOptions | None = None,
               counties: list[str] | None = None) -> list[Form]:
    """The forms of one kind: one form, none (the budget without monthly costs), or one 跟踪反馈表
    per county (``counties``: only these)."""
    options = options or FormOptions()
    mech = result.mechanism
    if mech not in FORMS or kind not in FORMS[mech]:
        raise InputError("此测算没有这张表格", "no such form for this calculation", value=f"{mech}:{kind}")
    texts = _split_texts(options.texts, mech)[kind]
    lang, label = options.lang, options.label
    if kind == "allocation_table":
        return [allocation_table.build(result, texts, lang, label)]
    if kind == "settlement_table":
        return [settlement_table.build(result, texts, lang, label)]
    if kind == "pooling_table":
        return [pooling_table.build(result, texts, lang, label)]
    if kind == "budget_table":
        return [budget_table.build(options.budget, texts, lang, label)] if options.budget is not None else []
    if kind == "performance":
        return [performance.build(result, texts, label, options.include_deducted)]
    unknown = set(options.spent) - set(tracking.recipients(result))
    if unknown:
        raise InputError("没有这个县（市）", "no such county", column="实际支出金额", value=sorted(unknown)[0])
    return [tracking.build(tracking_lines(result, county, options), county, result, texts, lang, label)
            for county in (counties if counties is not None else tracking.recipients(result))]


def build_forms(result: Result, options: FormOptions | None = None) -> list[Form]:
    options = options or FormOptions()
    if result.mechanism not in FORMS:
        raise InputError("此测算没有正式表格", "no official forms for this calculation", value=result.mechanism)
    forms: list[Form] = []
    for kind in FORMS[result.mechanism]:
        forms += build_kind(result, kind, options)
    taken: set[str] = set()
    for f in forms:
        f.sheet = sheet_name(f.sheet, taken)
    return forms


def workbook(result: Result, options: FormOptions | None = None) -> bytes:
    return workbook_bytes(build_forms(result, options))


def primary_form(result: Result, lang: str = "zh", label: str = "") -> Form:
    """The mechanism's main table (the one every page exports)."""
    builders = {"allocation": allocation_table.build, "settlement": settlement_table.build,
                "pooling": pooling_table.build, "global_budget": budget_table.build}
    if result.mechanism not in builders:
        raise InputError("此测算没有正式表格", "no official form for this calculation", value=result.mechanism)
    return builders[result.mechanism](result, None, lang, label)


TEXT_LABELS = {
    "allocation.category_prefix": ("分配表：类别名前缀", "Allocation table: category prefix"),
    "allocation.people_header": ("分配表：人数列标题", "Allocation table: people column heading"),
    "allocation.note": ("分配表：备注", "Allocation table: note"),
    "settlement.attachment": ("结算分配表：附件编号", "Settlement table: attachment number"),
    "performance.attachment": ("附件编号", "Attachment number"),
    "performance.title": ("表名", "Title"),
    "performance.year_label": ("年度", "Year line"),
    "performance.department": ("主管部门", "Department in charge"),
    "performance.project_name": ("项目名称", "Project name"),
    "performance.budget_dept": ("预算部门", "Budget unit"),
    "performance.period": ("项目实施期限", "Period"),
    "performance.annual_goal": ("（项目）年度目标", "Annual goal"),
    "performance.region": ("地州", "Prefecture"),
    "performance.finance_dept": ("地级财政部门", "Prefecture finance bureau"),
    "performance.authority": ("地级主管部门", "Prefecture authority"),
    "performance.central_funds": ("资金情况：其中：中央资金", "Funds: central"),
    "performance.other_funds": ("资金情况：其他资金", "Funds: other"),
    "performance.insured_total": ("参保人数合计（有县缺少目标数时填写）", "Insured, total (when a county has no target)"),
    "tracking.attachment": ("附件编号", "Attachment number"),
    "tracking.title": ("表名", "Title"),
    "tracking.fund_name": ("收到的财政专项资金名称", "Fund name"),
    "tracking.direction": ("资金支出方向", "Spending purpose"),
    "tracking.note1": ("说明 1", "Note 1"),
    "tracking.note2": ("说明 2", "Note 2"),
    "tracking.note3": ("说明 3", "Note 3"),
}


def text_labels(result: Result, options: FormOptions | None = None) -> dict[str, tuple[str, str]]:
    """(zh, en) label of every editable wording and computed indicator, for the page's inputs."""
    options = options or FormOptions()
    out = dict(TEXT_LABELS)
    for ind in performance.indicators_of(result, options.include_deducted):
        out[f"performance.{ind.key}"] = (f"{ind.l2} · {ind.l3}", f"{ind.l2} · {ind.l3}")
        out[f"performance.{ind.key}.basis"] = (f"{ind.l3} · 设定依据", f"{ind.l3} · basis")
    return out


def file_name(mechanism: str, when: date | None = None) -> str:
    return "正式表格_" + export_file_name(mechanism, "xlsx", when)


def check_texts(result: Result, options: FormOptions) -> None:
    """Refuse unknown or computed text keys up front, naming them (the command line's --text)."""
    split = _split_texts(options.texts, result.mechanism)
    locked = computed_keys(result, options)
    for kind, texts in split.items():
        if kind == "budget_table" and options.budget is None:
            defaults = {}
        elif kind == "budget_table":
            defaults = budget_table.default_texts(options.budget)
        elif kind == "performance":
            defaults = performance.default_texts(result, options.include_deducted)[0]
        else:
            defaults = MODULES[kind].default_texts(result)
        merge_texts(defaults, texts, locked)

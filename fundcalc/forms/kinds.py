"""FormKind factories for the forms several mechanisms share: a one-table form module, the 绩效目标表 of
either layout, the 跟踪反馈表 (one per county) and a secondary calculation's table. Each mechanism's
``forms.py`` composes its FormKinds from these."""

from __future__ import annotations

from ..errors import InputError
from ..mechanisms.spec import FormKind

PERFORMANCE_LABELS = {
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
    "performance.insured_total": ("参保人数合计（有县缺少目标数时填写）",
                                  "Insured, total (when a county has no target)"),
}
TRACKING_LABELS = {
    "tracking.attachment": ("附件编号", "Attachment number"),
    "tracking.title": ("表名", "Title"),
    "tracking.fund_name": ("收到的财政专项资金名称", "Fund name"),
    "tracking.direction": ("资金支出方向", "Spending purpose"),
    "tracking.note1": ("说明 1", "Note 1"),
    "tracking.note2": ("说明 2", "Note 2"),
    "tracking.note3": ("说明 3", "Note 3"),
}


def table_kind(module, zh: str, en: str, text_prefix: str, labels: dict | None = None) -> FormKind:
    """A form module with ``build(result, texts, lang, label)`` and ``default_texts(result)``."""
    labels = dict(labels or {})
    return FormKind(
        module.KEY, zh, en, text_prefix,
        build=lambda r, texts, o, counties=None: [module.build(r, texts, o.lang, o.label)],
        default_texts=lambda r, o: module.default_texts(r),
        labels=lambda r, o: labels)


def performance_kind(parts, form, takes_deducted: bool = False) -> FormKind:
    """The 绩效目标表 from a mechanism's ``parts(result[, include_deducted])`` → (defaults, locked, indicators, …)
    and ``form(result, texts, label[, include_deducted])``."""
    def args(o):
        return (o.include_deducted,) if takes_deducted else ()

    def labels(r, o):
        out = dict(PERFORMANCE_LABELS)
        for ind in parts(r, *args(o))[2]:
            out[f"performance.{ind.key}"] = (f"{ind.l2} · {ind.l3}", f"{ind.l2} · {ind.l3}")
            out[f"performance.{ind.key}.basis"] = (f"{ind.l3} · 设定依据", f"{ind.l3} · basis")
        return out

    return FormKind(
        "performance", "绩效目标表", "Performance targets", "performance",
        build=lambda r, texts, o, counties=None: [form(r, texts, o.label, *args(o))],
        default_texts=lambda r, o: parts(r, *args(o))[0],
        locked=lambda r, o: set(parts(r, *args(o))[1]),
        labels=labels,
        inputs=("include_deducted",) if takes_deducted else ())


def tracking_kind() -> FormKind:
    """资金使用跟踪反馈表: one per county that receives the fund."""
    from . import tracking

    def build(r, texts, o, counties=None):
        unknown = set(o.spent) - set(tracking.recipients(r))
        if unknown:
            raise InputError("没有这个县（市）", "no such county", column="实际支出金额", value=sorted(unknown)[0])
        return [tracking.build(tracking_lines(r, county, texts, o), county, r, texts, o.lang, o.label)
                for county in (counties if counties is not None else tracking.recipients(r))]

    return FormKind("tracking", "资金使用跟踪反馈表", "Spending feedback", "tracking",
                    build=build, default_texts=lambda r, o: tracking.default_texts(r),
                    labels=lambda r, o: TRACKING_LABELS, inputs=("tracking",))


def tracking_lines(result, county: str, texts: dict, options) -> list:
    """The lines of one county's 跟踪反馈表: the user's own, or this document's fund with its spending."""
    from . import tracking

    if county in options.tracking_lines:
        return list(options.tracking_lines[county])
    lines = tracking.default_lines(result, county, texts, options.tracking_amount)
    if county in options.spent:
        lines = tracking.with_spent(lines, options.spent[county])
    return lines


def secondary_kind(module, zh: str, en: str, text_prefix: str) -> FormKind:
    """The table of a secondary calculation, built from ``options.budget`` when the user has its inputs."""
    return FormKind(
        module.KEY, zh, en, text_prefix,
        build=lambda r, texts, o, counties=None: (
            [module.build(o.budget, texts, o.lang, o.label)] if o.budget is not None else []),
        default_texts=lambda r, o: module.default_texts(o.budget) if o.budget is not None else {},
        inputs=("budget",))

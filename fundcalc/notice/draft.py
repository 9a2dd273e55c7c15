"""A notice as data: the policy's [notice] facts, the user's edits and the result's figures, rendered through
the mechanism's template into paragraphs. docx_writer and preview are two views of one ``Notice``.

Where the policy has no value for a fact (a user's own policy), the field holds a visible placeholder
(【待填写：主送】): a draft must never borrow another document's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import jinja2

from .. import mechanisms
from ..errors import InputError
from ..forms.model import merge_texts
from ..result import Result

CN_NUMBERS = "一二三四五六七八九十"
SAMPLE_MARK = "示例"

# Every fact a notice may print: (zh, en). The label names the placeholder and the dashboard's input.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "doc_no": ("文号", "Document number"),
    "title": ("标题", "Title"),
    "issuers": ("发文机关", "Issued by"),
    "addressees": ("主送", "Addressed to"),
    "basis": ("依据", "Basis"),
    "recipient": ("受文县称谓", "Recipient county"),
    "fund_name": ("资金名称", "Fund name"),
    "purpose": ("资金用途", "Purpose"),
    "code_year": ("科目年度", "Budget year of the codes"),
    "function_code": ("支出功能分类科目", "Expenditure function code"),
    "economic_code": ("政府经济分类科目", "Government economic classification"),
    "income_code": ("收入科目", "Revenue classification"),
    "expenditure_code": ("支出科目", "Expenditure classification"),
    "direct_fund_mark": ("直达资金标识", "Direct-fund mark"),
    "direct_fund_rule": ("直达资金管理", "Direct-fund management"),
    "settlement_rule": ("结算口径", "Settlement rule"),
    "implementation": ("执行要求", "Implementation"),
    "payment": ("资金拨付", "Payment"),
    "performance": ("绩效要求", "Performance"),
    "tracking": ("跟踪反馈要求", "Spending feedback"),
    "signature": ("落款", "Signed"),
    "date": ("成文日期", "Date"),
    "copied_to": ("抄送", "Copied to"),
    "printed_by": ("印发机关", "Printed by"),
}
# Facts a document prints only when it has them (codes, the direct-fund mark): absent, they are left out
# rather than shown as a placeholder.
OPTIONAL = {"function_code", "economic_code", "direct_fund_mark", "direct_fund_rule", "payment"}
# The codes of an allocation's amount sentence, in the order the sentence names them.
ALLOCATION_CODES = ("function_code", "economic_code")
# Figures from the result: shown, never edited.
COMPUTED = {"amount", "total"}


def placeholder(key: str) -> str:
    return f"【待填写：{FIELD_LABELS.get(key, (key,))[0]}】"


@dataclass
class Notice:
    mechanism: str
    doc_no: str
    title: str
    issuers: str
    addressees: str
    paragraphs: list[str]
    attachments: list[str]
    date: str
    copied_to: str
    printed_by: str
    signature: str = ""                   # 落款: the issuers, or what the document prints there
    label: str = ""                       # 示例 mark: the data (or the whole notice) are sample
    county: str | None = None             # the one county a per-county notice is addressed to
    total_text: str = ""                  # the 合计 the text states, as printed (万元)
    fields: dict = field(default_factory=dict)


def default_fields(result: Result) -> dict[str, str]:
    """The notice's free text as the policy states it; a placeholder where it states nothing (optional
    facts: empty). The dashboard and ``--text`` edit exactly these keys."""
    policy = result.policy
    facts = {f.key: f.value for f in policy.notice}
    out: dict[str, str] = {}
    for key in FIELD_LABELS:
        if key == "doc_no":
            out[key] = policy.doc_no or placeholder(key)
        elif key in facts and str(facts[key]).strip():
            out[key] = str(facts[key])
        elif key == "signature":
            out[key] = out["issuers"]      # a notice is signed by its issuers unless the document prints otherwise
        elif key == "title":
            # The policy's own table title, as "关于印发…的通知": the user's words, never a shipped document's.
            out[key] = f"关于印发{policy.title_zh}的通知" if policy.title_zh else placeholder(key)
        elif key in OPTIONAL:
            out[key] = ""
        else:
            out[key] = placeholder(key)
    return out


def merge_fields(result: Result, overrides: dict | None) -> dict[str, str]:
    return merge_texts(default_fields(result), overrides, COMPUTED, ("没有这个通知文字项", "no such notice text"))


def _env() -> jinja2.Environment:
    # Plain text out: escaping belongs to each writer (python-docx takes text, the preview escapes HTML).
    return jinja2.Environment(undefined=jinja2.StrictUndefined,
                              autoescape=False, keep_trailing_newline=False)


def _row(result: Result, county: str):
    rows = result.table[result.table["county"] == county]
    if rows.empty:
        raise InputError("没有这个县（市）", "no such county", column="county", value=county)
    return rows.iloc[0]


def _kind(result: Result):
    kind = mechanisms.get(result.mechanism).notice
    if kind is None:
        raise InputError("此测算没有通知模板", "no notice template for this calculation", value=result.mechanism)
    return kind


def figures(result: Result, county: str | None) -> dict:
    """The amounts the template prints, from the result's own columns and 合计 (never recomputed): the
    mechanism's NoticeKind says which."""
    row = _row(result, county) if county else None
    pick = (lambda key: int(row[key])) if county else (lambda key: int(result.totals[key]))
    return {"county": county, **_kind(result).figures(result, pick)}


def render_paragraphs(result: Result, fields: dict[str, str], county: str | None) -> tuple[list[str], dict]:
    ctx = figures(result, county)
    counter = iter(CN_NUMBERS)
    codes = [{"name": FIELD_LABELS[k][0], "value": fields[k]} for k in ALLOCATION_CODES if fields.get(k)]
    text = _env().from_string(_kind(result).template.read_text(encoding="utf-8")).render(
        f=fields, codes=codes, n=lambda: next(counter), doc_no=fields["doc_no"], year=result.policy.year, **ctx)
    return [line.strip() for line in text.splitlines() if line.strip()], ctx


def attachment_titles(forms) -> list[str]:
    """One entry per kind of form (the 跟踪反馈表 is one attachment however many counties it is printed for)."""
    seen: list[str] = []
    for form in forms:
        if form.title not in seen:
            seen.append(form.title)
    return seen


def build_notice(result: Result, forms, overrides: dict | None = None, county: str | None = None,
                 label: str = "") -> Notice:
    """The notice for all counties (``county`` None: the amounts in the 附件) or for one county."""
    kind = _kind(result)
    fields = merge_fields(result, overrides)
    paragraphs, ctx = render_paragraphs(result, fields, county)
    if kind.sample and not label:
        label = SAMPLE_MARK          # the pooling document issues rules, not amounts: this notice is ours
    return Notice(mechanism=result.mechanism, doc_no=fields["doc_no"], title=fields["title"],
                  issuers=fields["issuers"], addressees=county if county else fields["addressees"],
                  paragraphs=paragraphs, attachments=attachment_titles(forms), date=fields["date"],
                  copied_to=fields["copied_to"], printed_by=fields["printed_by"], signature=fields["signature"],
                  label=label, county=county,
                  total_text=ctx["amount"] if county else ctx["total"], fields=fields)

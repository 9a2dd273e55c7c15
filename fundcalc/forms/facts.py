"""The facts a document wrote on its forms (项目名称, 设定依据, 年度目标, 附件 numbers, fund names, indicator
values…), read from the policy's ``[forms.<form>]`` sections and filled with the scenario's figures.

A policy is the user's document: a form prints its words and nothing else. Where it has none, the field
reads TO_FILL (（待填写）) and ``missing`` lists it, so a made-up city never shows another city's text.
A fact set to "" in the policy is a field the document leaves blank (no flag).
"""

from __future__ import annotations

import string

from ..errors import InputError
from ..result import Result

TO_FILL = "（待填写）"
TO_FILL_EN = "(to be filled in)"


class _Strict(dict):
    def __init__(self, values: dict, path: str):
        super().__init__(values)
        self.path = path

    def __missing__(self, key):
        raise InputError(f"表格文字「{self.path}」中的占位符 {{{key}}} 不认识；可用：{'、'.join(sorted(self))}",
                         f"the form text '{self.path}' has an unknown placeholder {{{key}}}; known: "
                         f"{', '.join(sorted(self))}", column=self.path, value=f"{{{key}}}")


def fill(template: str, context: dict, path: str) -> str:
    """``template`` with its {placeholders} from ``context``; an unknown one is refused by name. Only plain
    names are placeholders ({year}, not {year.x} or {0}); "{{" and "}}" print braces."""
    for _, name, spec, conv in string.Formatter().parse(template):
        if name is not None and (not name.isidentifier() or spec or conv):
            raise InputError(f"表格文字「{path}」中的占位符写法不对", f"the form text '{path}' has a malformed "
                             "placeholder", column=path, value=f"{{{name}}}")
    try:
        return template.format_map(_Strict(context, path))
    except InputError:
        raise
    except (ValueError, IndexError) as exc:
        raise InputError(f"表格文字「{path}」中的花括号不成对（字面花括号写作 {{{{ }}}}）",
                         f"the form text '{path}' has unbalanced braces (write literal ones as {{{{ }}}}): {exc}",
                         column=path, value=template) from None


def base_context(result: Result) -> dict:
    """Placeholders every form text may use: the document's year, region, 文号, title, and the policy's
    plain values by key ({standard_yuan}, {reserve_pct}…)."""
    policy = result.policy
    ctx = {k: v for k, v in policy.values.items() if k.isidentifier() and not isinstance(v, (dict, list))}
    ctx |= {"year": policy.year, "region": policy.region("zh"), "doc_no": policy.doc_no, "title": policy.title_zh}
    return ctx


def fact(result: Result, path: str, context: dict | None = None, name: str = "") -> str:
    """The fact at ``forms.<path>`` filled from ``context`` (defaults: ``base_context``); TO_FILL when the
    policy does not state it (after ``name``, for a title: "绩效目标表（待填写）"); "" when it states it blank."""
    raw = result.policy.fact(f"forms.{path}", None)
    if raw is None:
        return name + TO_FILL
    if not isinstance(raw, str):
        raise InputError("表格文字应为字符串", "a form text must be a string", column=f"forms.{path}", value=raw)
    return fill(raw, base_context(result) if context is None else context, f"forms.{path}")


def optional(result: Result, path: str, context: dict | None = None) -> str:
    """A fact the form prints only when the document has one (a 备注, a 说明): "" when absent, never flagged."""
    if result.policy.fact(f"forms.{path}", None) is None:
        return ""
    return fact(result, path, context)


def lines(result: Result, path: str) -> list[str]:
    """A list fact (notes): each line filled; [] when absent."""
    raw = result.policy.fact(f"forms.{path}", None)
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise InputError("表格说明应为字符串列表", "form notes must be a list of strings", column=f"forms.{path}",
                         value=raw)
    ctx = base_context(result)
    return [fill(x, ctx, f"forms.{path}") for x in raw]


def is_missing(value: str) -> bool:
    return TO_FILL in value


def missing(texts: dict[str, str], labels: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key, zh label, en label) of every text still reading TO_FILL after the user's edits."""
    return [(k, *labels.get(k, (k, k))) for k, v in texts.items() if isinstance(v, str) and is_missing(v)]


def report_lines(items: list[tuple[str, str, str]], what_zh: str, what_en: str) -> list[str]:
    """The terminal's list of what is left to fill in, one line per key, bilingual."""
    if not items:
        return []
    head = (f"待填写：参数文件未载明以下{what_zh}，可在参数文件中补上或用 --text 键=文字 填写"
            f" | to fill in: the policy does not state these {what_en}; add them to it or set --text KEY=TEXT")
    return [head] + [f"  {key}  {zh} / {en}" for key, zh, en in items]

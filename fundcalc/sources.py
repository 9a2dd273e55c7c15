"""Which figures rest on values the document does not give (示例值 / 假设), said in words.

Each policy file declares the source of every value (``[sources]``, read by fundcalc.params);
this module picks, for one result, those its figures rest on and writes one line for each,
for the page, the CSV, the forms and the explanation alike.
"""

from __future__ import annotations

from decimal import Decimal

from . import mechanisms
from .params import Source
from .result import Result

# Names of the rules that have no value of their own.
RULE_NAMES = {
    "monthly_split": ("月度指标拆分", "Monthly index split"),
    "inferred_county": ("附表第三行县名", "Name of the 附表's third row"),
    "months_band_low": ("可支配月数目标区间", "Months target band"),
}


CHOICE_WORDS = {
    "same": ("与预留3%为同一笔", "same money as the 3%"), "on_top": ("另计入调剂金", "on top of the 3%"),
    "cap_annual": ("全年不超过年度指标", "capped at the annual index"),
    "monthly_only": ("不清算，按月拨付为准", "no clearing"), "actual": ("据实清算", "actual cost paid"),
}


def _value_text(result: Result, key: str, lang: str) -> str:
    v, meta = result.policy.values, result.policy.meta
    if key == "inferred_county":
        return str(meta.get("inferred_county", ""))
    if key == "months_band_low":
        low, high = Decimal(str(v["months_band_low"])).normalize(), Decimal(str(v["months_band_high"])).normalize()
        return f"{low:f}-{high:f}" + ("个月" if lang == "zh" else " months")
    if key not in v:
        return ""
    value = v[key]
    if str(value) in CHOICE_WORDS:
        zh, en = CHOICE_WORDS[str(value)]
        return zh if lang == "zh" else en
    if key == "rounding_unit_yuan":
        return f"{value} 元" if lang == "zh" else f"{value} yuan"
    if key.endswith("_wan"):
        return f"{Decimal(str(value)).normalize():,f} " + ("万元" if lang == "zh" else "(10k yuan)")
    if key.endswith("_yuan"):
        return f"{Decimal(str(value)).normalize():,f} " + ("元/人" if lang == "zh" else "yuan/person")
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return f"{Decimal(str(value)).normalize():,f}"
    return str(value)


def resting_on(result: Result) -> list[tuple[str, Source]]:
    """(key, source) of each value this result's figures rest on that the document does not give."""
    out = []
    for key in _rests_on(result):
        src = result.policy.source(key)
        if not src.from_document:
            out.append((key, src))
    return out


def _rests_on(result: Result) -> tuple[str, ...]:
    """The values (and rules without a value) whose source the result's figures rest on, as its spec says."""
    spec = mechanisms.of_result(result)
    if spec.secondary is not None and result.mechanism == spec.secondary.name:
        return spec.secondary.rests_on
    return spec.rests_on(result)


def _name(result: Result, key: str, lang: str) -> str:
    if key in RULE_NAMES:
        zh, en = RULE_NAMES[key]
        return zh if lang == "zh" else en
    # a secondary calculation reads its mechanism's policy file: the same parameters
    spec = mechanisms.of_result(result).param_specs(result.policy).get(key)
    return spec.zh if spec and lang == "zh" else (spec.en if spec else key)


def assumption_lines(result: Result, lang: str = "zh", short: bool = False) -> list[str]:
    """One line per 示例值 / 假设 the result rests on: '调剂金期初余额 160,000 万元 — 示例值：…', or with
    ``short`` '调剂金期初余额 160,000 万元（示例值）'."""
    lines = []
    for key, src in resting_on(result):
        value = _value_text(result, key, lang)
        head = f"{_name(result, key, lang)}{' ' + value if value else ''}"
        if short:
            lines.append(f"{head}（{src.label(lang)}）" if lang == "zh" else f"{head} ({src.label(lang).lower()})")
        else:
            lines.append(f"{head} — {src.note(lang)}")
    return lines

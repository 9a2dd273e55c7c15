"""资助参保补助分配 — 曲财社〔2018〕106号 (曲靖 2018).

The individual contribution of registered poor people is paid by government
(曲政办发〔2017〕160号: 个人缴费部分由财政全额补贴) and split between levels by
category: 未脱贫 province:city = 6:4, 已脱贫 4:6. Each county's amount per
category and level is people × 元/人, rounded half-up to 0.01 万元; every total
is the sum of the rounded parts (the 附表's 合计 row: 3,110.19, not 3,110.18).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from ...apportion import largest_remainder
from ...errors import InputError
from ...money import FEN_PER_YUAN, div_half_up, format_wan, format_yuan, pct, round_fen, yuan_to_fen
from ...params import Param, ParamSchema, Policy, plain
from ...result import OutCol, Result, TraceStep
from ...validate import validate_table
from .table import allocation_schema

SCHEMA = ParamSchema.from_toml(Path(__file__).with_name("schema.toml"))
LEVELS = {key: (zh, en) for key, zh, en in SCHEMA.levels}
# The rounding unit: 1 元, 100 元 (0.01 万元, the 附表's 2 decimals) or 10,000 元 (whole 万元).
# 备注：人数为省补助人数，省级参保大学生按比例分配调减各县资助参保人数. The 附表 prints headcounts after
# that deduction, so the deduction is a property of the table, not a switch: only a table declared
# "before_deduction" has ``deduction_people`` taken off; the document's table is "after_deduction".
# (A switch used to deduct a second time from the document's table: 888,409 → 883,946, with no warning.)
# The two stages are the choices of ``table_stage`` in schema.toml.


def upgrade_overrides(overrides: dict) -> dict:
    """Scenarios saved with the old switch: ``deduction_enabled`` on becomes ``table_stage`` "before_deduction"
    (what it did: deduct from the table), off is dropped, so a saved scenario keeps its figures."""
    out = dict(overrides)
    if "deduction_enabled" in out:
        on = str(out.pop("deduction_enabled")).strip().lower() in ("1", "true", "yes", "on", "是", "开")
        if on:
            out.setdefault("table_stage", "before_deduction")
    return out


def cite(policy: Policy, *names: str, suffix: str = "") -> str:
    """The policy's own references for a step (``[clauses] table``, ``rule``…), joined; a policy that names none
    cites nothing rather than another document (``suffix`` — e.g. "备注" — only follows a clause it has)."""
    found = [policy.clause(n) for n in names if policy.clause(n)]
    if found and suffix:
        found[-1] = f"{found[-1]} {suffix}"
    return "；".join(found)


def level_labels(policy: Policy) -> dict[str, tuple[str, str]]:
    """Each paying level's (zh, en) name as the policy calls it (省级/市级/县级 when it does not say)."""
    return {lv: (policy.level_name(lv, "zh"), policy.level_name(lv, "en")) for lv in LEVELS}


def standard_yuan(policy: Policy, key: str):
    """A category's 补助标准. 统一补助标准 (``uniform_standard_yuan``; absent or 0: none) sets every category's
    standard; a category whose own standard is overridden in the scenario keeps its own (the more specific setting
    wins).
    Without a uniform standard each category's own value applies, as the document's table prints it."""
    own = f"{key}.standard_yuan"
    uniform = policy.values.get("uniform_standard_yuan")
    if not uniform or own in policy.overridden:   # absent or 0: no uniform standard
        return policy.values[own]
    return uniform


UNIT_TEXT = {1: ("1 元", "1 yuan"), 100: ("0.01 万元", "0.01 × 10k yuan"), 10000: ("1 万元", "10k yuan")}


def rule_text(policy: Policy, lang: str = "zh") -> str:
    """The rule in one sentence, with the policy's rounding unit (the page intro's generic part)."""
    zh, en = UNIT_TEXT.get(int(policy.values.get("rounding_unit_yuan", 100)), UNIT_TEXT[100])
    if lang == "zh":
        return f"各县每类每级金额 = 人数 × 元/人，四舍五入到 {zh}；合计为取整后各项之和。"
    return (f"Each county's amount per category and level = people × yuan/person, rounded half-up to {en}; "
            "totals are sums of the rounded parts.")


def describe(policy: Policy, lang: str = "zh") -> str:
    """Standards and level shares in a few words, from the values: 每人 180 元，未脱贫省市 6:4、已脱贫 4:6."""
    cats = categories(policy)
    names = level_labels(policy)
    yuan = lambda c: plain(Decimal(c.standard_fen) / FEN_PER_YUAN)  # noqa: E731
    if lang == "zh":
        head = (f"每人 {yuan(cats[0])} 元" if len({c.standard_fen for c in cats}) == 1 else
                "、".join(f"{c.zh} {yuan(c)} 元" for c in cats))
    else:
        head = (f"{yuan(cats[0])} yuan each" if len({c.standard_fen for c in cats}) == 1 else
                ", ".join(f"{c.en} {yuan(c)} yuan" for c in cats))
    parts, before = [], None
    for c in cats:
        paying = [lv for lv in LEVELS if c.shares[lv] > 0]
        pcts = [c.shares[lv] * 100 for lv in paying]
        tens = all(p % 10 == 0 for p in pcts)
        ratio = ":".join(f"{int(p / 10) if tens else float(p):g}" for p in pcts)
        same = paying == before   # the levels are said once while they stay the same
        before = paying
        if lang == "zh":
            who = "" if same else "".join(names[lv][0].removesuffix("级") for lv in paying)
            parts.append(f"{c.zh}{who} {ratio}")
        else:
            who = "" if same else ":".join(names[lv][1].lower() for lv in paying) + " "
            parts.append(f"{who}{ratio} ({c.en.lower()})")
    return head + ("，" + "、".join(parts) if lang == "zh" else ", " + " and ".join(parts))


def deducts(policy: Policy) -> bool:
    """True when the county table is declared as before the 备注's deduction (so the deduction applies)."""
    return policy.values.get("table_stage") == "before_deduction"


@dataclass(frozen=True)
class Category:
    key: str
    zh: str
    en: str
    standard_fen: int
    subsidised: Fraction
    shares: dict  # level -> Fraction
    aliases: tuple[str, ...] = ()   # other headers of its headcount column ([[meta.categories]] aliases)

    def per_person_fen(self) -> dict[str, int]:
        """元/人 paid by each level (rule: 个人缴费由财政全额补贴, split by the category's ratio).

        The subsidised amount and each level's part are rounded half-up to the 分; the
        last level with a share takes the remainder, so the parts always add up to the
        subsidised standard (180 = 108 + 72).
        """
        effective = div_half_up(self.standard_fen * self.subsidised.numerator, self.subsidised.denominator)
        levels = [lv for lv, s in self.shares.items() if s > 0]
        out = {lv: 0 for lv in self.shares}
        given = 0
        for lv in levels[:-1]:
            s = self.shares[lv]
            out[lv] = div_half_up(effective * s.numerator, s.denominator)
            given += out[lv]
        if levels:
            out[levels[-1]] = effective - given
        return out


@dataclass(frozen=True)
class AllocationDetail:
    categories: tuple[Category, ...]
    rates: list            # per category: level -> 分 per person
    deducted: np.ndarray   # people deducted, county × category
    table_stage: str


def categories(policy: Policy) -> list[Category]:
    """The person categories of a policy, with shares checked to add up to 100%."""
    cats = []
    for c in policy.meta["categories"]:
        k = c["key"]
        v = policy.values
        shares = {lv: pct(v.get(f"{k}.{lv}_pct", 0)) for lv in LEVELS}
        total = sum(shares.values())
        if total != 1:
            raise InputError(
                f"「{c['zh']}」各级分担比例之和为 {float(total * 100):g}%，应为 100%",
                f"the level shares of '{c['en']}' add up to {float(total * 100):g}%, not 100%",
                column=f"{c['zh']} 分担比例", value=f"{float(total * 100):g}%")
        cats.append(Category(k, c["zh"], c.get("en") or c["zh"], yuan_to_fen(standard_yuan(policy, k)),
                             pct(v.get(f"{k}.subsidised_pct", 100)), shares, tuple(c.get("aliases", ()))))
    if not cats:
        raise InputError("至少需要一个人员类别", "at least one person category is needed")
    return cats


def active_levels(cats: list[Category]) -> list[str]:
    """Province and city always (the official layout has both); county only when some category uses it."""
    return [lv for lv in LEVELS if lv != "county" or any(c.shares["county"] > 0 for c in cats)]


def param_specs(policy: Policy) -> dict[str, Param]:
    return SCHEMA.specs(policy)


def with_category(policy: Policy, key: str, zh: str, en: str, standard_yuan, shares: dict,
                  subsidised_pct=100) -> Policy:
    """A policy with one more person category (特困, 低保, …); its headcount column is ``{key}_people``."""
    if not key.isidentifier() or any(c["key"] == key for c in policy.meta["categories"]):
        raise InputError("类别代码无效或重复", "the category code is invalid or already used", value=key)
    meta = dict(policy.meta)
    meta["categories"] = list(meta["categories"]) + [{"key": key, "zh": zh, "en": en, "added": True}]
    values = dict(policy.values)
    values[f"{key}.standard_yuan"] = standard_yuan
    values[f"{key}.subsidised_pct"] = subsidised_pct
    for lv in LEVELS:
        values[f"{key}.{lv}_pct"] = shares.get(lv, 0)
    return replace(policy, values=values, meta=meta, overridden=policy.overridden | {f"category:{key}"})


def schema(policy: Policy):
    return allocation_schema(categories(policy))


def compute(counties: pd.DataFrame, policy: Policy, validated: bool = False) -> Result:
    """Per county × category × level amounts, and the official wide table of the 附表."""
    cats = categories(policy)
    table = counties if validated else validate_table(counties, allocation_schema(cats))
    levels = active_levels(cats)
    unit_fen = int(policy.values["rounding_unit_yuan"]) * FEN_PER_YUAN
    people = np.column_stack([table[f"{c.key}_people"].to_numpy(np.int64) for c in cats])
    deducted = np.zeros_like(people)
    if deducts(policy):
        # 备注：省级参保大学生按比例分配调减各县资助参保人数 — over every county × category cell.
        deducted = largest_remainder(people.ravel(), int(policy.values["deduction_people"])).reshape(people.shape)
        people = people - deducted
    rates = [c.per_person_fen() for c in cats]

    names = level_labels(policy)
    out = {"county": table["county"].to_numpy()}
    cols = [OutCol("county", "县(市、区)", "County", "text")]
    for j, c in enumerate(cats):
        out[f"{c.key}_people"] = people[:, j]
        cols.append(OutCol(f"{c.key}_people", f"{c.zh}人数", f"{c.en} people", "people"))
    out["total_people"] = people.sum(axis=1)
    cols.append(OutCol("total_people", "人数合计", "Total people", "people"))
    level_sum = {lv: np.zeros(len(table), dtype=np.int64) for lv in levels}
    for j, c in enumerate(cats):
        for lv in levels:
            amount = round_fen(people[:, j] * rates[j][lv], unit_fen)
            out[f"{c.key}_{lv}_fen"] = amount
            level_sum[lv] += amount
            cols.append(OutCol(f"{c.key}_{lv}_fen", f"{c.zh}{names[lv][0]}补助", f"{c.en} {names[lv][1]}", "fen"))
    out["total_fen"] = sum(level_sum.values())
    cols.append(OutCol("total_fen", "合计金额", "Total", "fen"))
    for lv in levels:
        out[f"{lv}_total_fen"] = level_sum[lv]
        cols.append(OutCol(f"{lv}_total_fen", f"{names[lv][0]}合计", f"{names[lv][1]} total", "fen"))
    frame = pd.DataFrame(out)
    # 合计 = sums of the rounded county figures (附表: 3,110.19, not the rounded 3,110.18).
    totals = {c.key: int(out[c.key].sum()) for c in cols if c.kind in ("fen", "people")}
    detail = AllocationDetail(tuple(cats), rates, deducted, policy.values.get("table_stage", "after_deduction"))
    return Result("allocation", policy, frame, cols, totals, unit_fen=unit_fen, levels=tuple(levels), detail=detail)


def official_table(result: Result) -> pd.DataFrame:
    """The 附表 as the reference CSV lays it out: 万元 with 2 decimals, 合计 row last."""
    frame = result.table.copy()
    frame.loc[len(frame)] = result.total_row()
    return result.keyed_wan(frame)


def explain(result: Result, county: str) -> list[TraceStep]:
    """The full arithmetic behind one county's row, with the clause each step comes from."""
    rows = result.table.index[result.table["county"] == county]
    if len(rows) == 0:
        raise InputError("没有这个县", "no such county", column="县(市、区)", value=county)
    i = rows[0]
    policy = result.policy
    names = level_labels(policy)
    table_ref, rule_ref = cite(policy, "table"), cite(policy, "rule", "table")
    unit_yuan = result.unit_fen // FEN_PER_YUAN
    unit_zh = {1: "元", 100: "0.01 万元", 10000: "1 万元"}[unit_yuan]
    steps = []
    if county == result.policy.meta.get("inferred_county"):
        src = result.policy.source("inferred_county")
        steps.append(TraceStep(f"县名「{county}」：{src.label('zh')}，文件附表此行无县名",
                               f"The name '{county}': {src.label('en').lower()}, the row has no name in the document",
                               src.note("zh")))
    for j, c in enumerate(result.detail.categories):
        n = int(result.table.at[i, f"{c.key}_people"])
        d = int(result.detail.deducted[i, j])
        if d:
            steps.append(TraceStep(f"{c.zh}：{n + d:,} 人 − 调减 {d:,} 人 = {n:,} 人",
                                   f"{c.en}: {n + d:,} − {d:,} deducted = {n:,} people",
                                   cite(policy, "table", suffix="备注")))
        for lv in result.levels:
            rate = result.detail.rates[j][lv]
            raw = n * rate
            amount = int(result.table.at[i, f"{c.key}_{lv}_fen"])
            share = float(c.shares[lv] * 100)
            steps.append(TraceStep(
                f"{c.zh}·{names[lv][0]}：{format_yuan(c.standard_fen)} 元 × {float(c.subsidised * 100):g}% × "
                f"{share:g}% = {format_yuan(rate)} 元/人；{n:,} 人 × {format_yuan(rate)} 元 = "
                f"{format_yuan(raw)} 元 → {format_wan(amount)} 万元（四舍五入到 {unit_zh}）",
                f"{c.en} · {names[lv][1]}: {format_yuan(c.standard_fen)} × {float(c.subsidised * 100):g}% × "
                f"{share:g}% = {format_yuan(rate)} yuan/person; {n:,} × {format_yuan(rate)} = {format_yuan(raw)} "
                f"yuan → {format_wan(amount)} (10k yuan, half-up)",
                rule_ref))
    for lv in result.levels:
        parts = [int(result.table.at[i, f"{c.key}_{lv}_fen"]) for c in result.detail.categories]
        total = int(result.table.at[i, f"{lv}_total_fen"])
        steps.append(TraceStep(
            f"{names[lv][0]}合计 = {' + '.join(format_wan(p) for p in parts)}"
            f" = {format_wan(total)} 万元（先取整后相加）",
            f"{names[lv][1]} total = {' + '.join(format_wan(p) for p in parts)} = {format_wan(total)} "
            f"(sum of rounded parts)", table_ref))
    steps.append(TraceStep(f"合计金额 = {format_wan(int(result.table.at[i, 'total_fen']))} 万元",
                           f"Total = {format_wan(int(result.table.at[i, 'total_fen']))} (10k yuan)", table_ref))
    return steps

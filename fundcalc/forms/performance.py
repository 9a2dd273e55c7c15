"""绩效目标表 for each mechanism: one-, two- and three-level indicators with their values.

Two layouts from the documents:

- 项目绩效目标表 (曲财社〔2018〕106号 "2018年市本级项目绩效目标表"): 项目名称,
  预算安排金额, 项目年度目标, then 一级/二级/三级指标 | 指标值 | 绩效指标值设定依据和数据来源.
  Used for the allocation (曲财社〔2018〕106号) and, with the fund's own indicators, for pooling (运政办发〔2019〕30号).
- 自治区对地方专项转移支付项目绩效目标表 (塔地财社〔2021〕87号 附件2): 资金情况 and
  indicator values per county (合计 first), for the settlement.

Values that the scenario determines are computed and cannot be overridden
(补贴人数, 参保补贴率, 省市分担比例, 预算安排金额, 参保人数, 资金到位率,
补助资金成本, 年度金额, 可支配月数); the rest is the policy's [forms.performance] (the document's
wording; （待填写） where the policy has none), editable through ``texts`` (keys from ``default_texts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from ..money import div_half_up, format_wan
from ..result import Result
from . import facts
from .model import Cell, Form, Grid, doc_year, header, merge_texts, people, percent, text, wan, wan_places

KEY = "performance"


@dataclass(frozen=True)
class Indicator:
    key: str
    l1: str
    l2: str
    l3: str
    value: object = ""          # text, a Cell, or (transfer layout) a list of Cells: 合计 then each county
    basis: str = ""
    computed: bool = False


# --- shared helpers ------------------------------------------------------------------------------------------

def _plain(d: Decimal) -> str:
    """9.16 → '9.16', 7.10 → '7.1', 14.00 → '14' (the documents' "> 7.1万人")."""
    s = f"{d.normalize():f}"
    return s


def ratio_text(shares: list[Fraction]) -> str:
    """Shares as the documents write them: 60%/40% → '6:4'; 55%/45% → '55:45'."""
    tenths = [s * 10 for s in shares]
    if all(x.denominator == 1 for x in tenths):
        return ":".join(str(int(x)) for x in tenths)
    pcts = [s * 100 for s in shares]
    if all(x.denominator == 1 for x in pcts):
        return ":".join(str(int(x)) for x in pcts)
    return ":".join(f"{float(x):g}" for x in pcts)


def _pct_text(frac: Fraction) -> str:
    return f"{float(frac * 100):g}%"


def _indicator_texts(indicators: list[Indicator], with_basis: bool = True) -> tuple[dict, set]:
    defaults, locked = {}, set()
    for ind in indicators:
        if ind.computed:
            locked.add(f"performance.{ind.key}")
        else:
            defaults[f"performance.{ind.key}"] = ind.value if isinstance(ind.value, str) else ""
        if with_basis:
            defaults[f"performance.{ind.key}.basis"] = ind.basis
    return defaults, locked


def _apply(indicators: list[Indicator], t: dict) -> list[Indicator]:
    out = []
    for ind in indicators:
        value = ind.value if ind.computed else t[f"performance.{ind.key}"]
        out.append(Indicator(ind.key, ind.l1, ind.l2, ind.l3, value, t.get(f"performance.{ind.key}.basis", ind.basis),
                             ind.computed))
    return out


def _groups(values: list) -> list[tuple[int, int]]:
    """(start, length) of runs of equal consecutive values, for the merged 一级/二级 cells."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i - start))
            start = i
    return runs


def _as_cell(value) -> Cell:
    return value if isinstance(value, Cell) else text(value)


# --- layout 1: 项目绩效目标表 (曲财社〔2018〕106号) ----------------------------------------------------------

def project_form(title: str, t: dict, budget_label: str, budget: Cell, indicators: list[Indicator],
                 label: str = "", sheet: str = "绩效目标表") -> Form:
    g = Grid(5)
    g.put(0, 0, header("项目名称"))
    g.put(0, 1, text(t["performance.project_name"]), cols=2)
    g.put(0, 3, header("预算部门"))
    g.put(0, 4, text(t["performance.budget_dept"]))
    g.put(1, 0, header(budget_label))
    g.put(1, 1, budget, cols=2)
    g.put(1, 3, header("项目实施期限"))
    g.put(1, 4, text(t["performance.period"]))
    g.put(2, 0, header("项目年度目标"))
    g.put(2, 1, text(t["performance.annual_goal"], align="left"), cols=4)
    g.put(3, 0, header("项目绩效指标"), cols=3)
    g.put(3, 3, header("指标值"), rows=2)
    g.put(3, 4, header("绩效指标值设定依据和数据来源"), rows=2)
    for j, h in enumerate(("一级指标", "二级指标", "三级指标")):
        g.put(4, j, header(h))
    top = 5
    for start, n in _groups([i.l1 for i in indicators]):
        g.put(top + start, 0, header(indicators[start].l1), rows=n)
    for start, n in _groups([(i.l1, i.l2) for i in indicators]):
        g.put(top + start, 1, text(indicators[start].l2), rows=n)
    for k, ind in enumerate(indicators):
        g.put(top + k, 2, text(ind.l3))
        g.put(top + k, 3, _as_cell(ind.value))
        g.put(top + k, 4, text(ind.basis, align="left"))
    return Form(KEY, sheet, title, [14, 16, 20, 18, 70], g.rows, g.merges,
                below_title=[(f"主管部门：{t['performance.department']}", "left")], label=label)


# --- allocation ----------------------------------------------------------------------------------------

def _doc_indicator(result: Result, ctx: dict, key: str, l1: str, l2: str, name: str, value=None,
                   with_basis: bool = True) -> Indicator:
    """An indicator whose wording is the policy's ([forms.performance.indicators.<key>] name, value, basis):
    ``value`` given = computed from the scenario; otherwise the document's value, or （待填写）."""
    path = f"performance.indicators.{key}"
    l3 = facts.optional(result, f"{path}.name", ctx) or name
    computed = value is not None
    shown = value if computed else facts.fact(result, f"{path}.value", ctx)
    basis = facts.fact(result, f"{path}.basis", ctx) if with_basis else ""
    return Indicator(key, l1, l2, l3, shown, basis, computed)


def _ordered_categories(result: Result, cats) -> list[tuple[int, object]]:
    """The categories in the order the document names them ([forms.performance] category_order: a list of
    keys, the rest after them, or "reversed": the table's order backwards); the policy's own order otherwise."""
    order = result.policy.fact("forms.performance.category_order", None)
    indexed = list(enumerate(cats))
    if order == "reversed":
        return indexed[::-1]
    if not order:
        return indexed
    rank = {k: i for i, k in enumerate(order)}
    return sorted(indexed, key=lambda jc: rank.get(jc[1].key, len(rank) + jc[0]))


def _performance_context(result: Result, extra: dict) -> dict:
    """Placeholders of the 绩效目标表's texts: the base ones, the computed figures, then the document's
    own 设定依据 and 数据来源 (so each indicator's basis can begin with {basis})."""
    ctx = facts.base_context(result) | extra
    ctx["basis"] = facts.fact(result, "performance.basis", ctx)
    ctx["data_source"] = facts.fact(result, "performance.data_source", ctx)
    return ctx


def _project_texts(result: Result, ctx: dict) -> dict[str, str]:
    return {f"performance.{k}": facts.fact(result, f"performance.{k}", ctx, "绩效目标表" if k == "title" else "")
            for k in ("title", "department", "project_name", "budget_dept", "period", "annual_goal")}


def allocation_parts(result: Result, include_deducted: bool = True):
    """Defaults, locked keys, indicators and the budget of the allocation's 项目绩效目标表; its words are the
    policy's [forms.performance]."""
    policy = result.policy
    cats, levels, rates = result.detail.categories, result.levels, result.detail.rates
    # 补贴人数 counts people before the province's deduction was taken out, when the deduction is part of
    # the scenario (the reason is the policy's [sources] deduction_people).
    subsidised = int(result.totals["total_people"])
    deducted = int(policy.values.get("deduction_people", 0) or 0)
    if include_deducted:
        subsidised += deducted
    rates_text = {c.key: _pct_text(c.subsidised) for c in cats}
    rate = next(iter(rates_text.values())) if len(set(rates_text.values())) == 1 else \
        "、".join(f"{c.zh}{rates_text[c.key]}" for c in cats)
    ordered = _ordered_categories(result, cats)
    ratio = "、".join(f"{c.zh}{ratio_text([c.shares[lv] for lv in levels])}" for _, c in ordered)
    level_word = "".join(policy.level_name(lv, "zh").removesuffix("级") for lv in levels)
    base = facts.base_context(result)

    def phrase(c) -> str:
        template = policy.fact("forms.performance.category_phrase", None) or "{category}"
        return facts.fill(str(template), base | {"category": c.zh}, "forms.performance.category_phrase")

    city_rates = "，".join(f"对{phrase(c)}按照每人每年{_plain(Decimal(rates[j]['city']) / 100)}元补贴"
                          for j, c in ordered) if "city" in levels else ""
    goal_shares = "，".join(f"对{phrase(c)}按照{ratio_text([c.shares[lv] for lv in levels])}的比例承担"
                            for _, c in ordered)
    budget_fen = int(result.totals["city_total_fen"])
    ctx = _performance_context(result, {"budget_wan": _plain(Decimal(budget_fen) / 1_000_000),
                                        "goal_shares": goal_shares, "city_rates": city_rates, "shares": ratio,
                                        "subsidised_people": subsidised})
    p, e = "产出指标", "效益指标"

    def ind(*args, **kw):
        return _doc_indicator(result, ctx, *args, **kw)

    indicators = [
        ind("subsidised_people", p, "数量指标", "补贴人数", f"{subsidised}人"),
        ind("subsidy_rate", p, "质量指标", "参保补贴率", rate),
        ind("funding_deadline", p, "时效指标", "参保筹资时间"),
        ind("cost_sharing", p, "成本指标", f"{level_word}财政承担", ratio),
        ind("economic", e, "经济效益指标", "补贴率"),
        ind("social", e, "社会效益指标", "参保率"),
        ind("ecological", e, "生态效益指标", "医疗保障指数"),
        ind("sustainable", e, "可持续影响指标", "医疗保障水平"),
        ind("satisfaction", "满意度指标", "服务对象满意度指标", "服务对象满意度"),
    ]
    defaults, locked = _indicator_texts(indicators)
    defaults |= _project_texts(result, ctx)
    return defaults, locked, indicators, budget_fen


def allocation_form(result: Result, texts: dict | None = None, label: str = "", include_deducted: bool = True) -> Form:
    defaults, locked, indicators, budget_fen = allocation_parts(result, include_deducted)
    t = merge_texts(defaults, texts, locked)
    return project_form(t["performance.title"], t, "预算安排金额（万元）", wan(budget_fen, wan_places(result)),
                        _apply(indicators, t), label)


# --- pooling (运政办发〔2019〕30号) --------------------------------------------------------------------------

def pooling_parts(result: Result):
    policy, v = result.policy, result.policy.values
    city = result.figures
    low, high = (_plain(Decimal(str(v["months_band_low"]))), _plain(Decimal(str(v["months_band_high"]))))
    months = city["months_available"]
    months_cell = Cell(Decimal(str(months)), "months") if np.isfinite(months) else text("—")
    lo, hi = city["band_low"], city["band_high"]
    where = "在目标区间内" if lo <= months <= hi else ("低于目标区间" if months < lo else "高于目标区间")
    gaps = int((result.table["balance_fen"] < 0).sum())
    total_exp = int(result.totals["expenditure_fen"])
    ctx = _performance_context(result, {"band_low": low, "band_high": high})
    p, e = "产出指标", "效益指标"

    def ind(*args, **kw):
        return _doc_indicator(result, ctx, *args, **kw)

    months_basis = (f"测算：全市滚存结余（含调剂金）{format_wan(city['pooled_balance_fen'])}万元，年度基金支出"
                    f"{format_wan(total_exp)}万元，可支配月数 = 滚存结余 ÷（年度支出 ÷ 12），{where}；调剂金期初余额"
                    f"{format_wan(city['reserve_opening_fen'])}万元为{policy.source('city_reserve_opening_wan').label('zh')}"
                    f"（文件未给），此数以之为基础。"
                    f"各县留存结余（不含调剂金）可支配 {city['counties_months_available']:.2f} 个月。")
    indicators = [
        Indicator("insured", p, "数量指标", "参保人数(人)", people(result.totals["insured"]),
                  "各县（市、区）参保人数之和。", True),
        ind("gap_counties", p, "数量指标", "出现基金缺口的县（市、区）(个)", Cell(gaps, "num0")),
        ind("balance", p, "质量指标", "基金收支"),
        Indicator("months_band", p, "时效指标", "基金滚存结余可支配月数(月)", f"{low}-{high}个月",
                  f"{policy.source('months_band_low').note('zh')}。", True),
        Indicator("months_available", p, "时效指标", "基金滚存结余可支配月数测算值(月)", months_cell, months_basis,
                  True),
        ind("clearing", p, "时效指标", "年终清算"),
        ind("county_burden", p, "成本指标", "县级政府负担基金缺口(万元)", wan(result.totals["county_burden_fen"])),
        ind("reserve_in", p, "成本指标", "提取调剂金(万元)", wan(city["reserve_in_fen"])),
        ind("burden", e, "社会效益指标", "减轻参保人员就医经济负担，缓解社会矛盾"),
        ind("satisfaction", "满意度指标", "服务对象满意度指标", "参保对象满意度(%)"),
    ]
    defaults, locked = _indicator_texts(indicators)
    defaults |= _project_texts(result, ctx)
    return defaults, locked, indicators, int(result.totals["revenue_fen"])


def pooling_form(result: Result, texts: dict | None = None, label: str = "") -> Form:
    defaults, locked, indicators, revenue_fen = pooling_parts(result)
    t = merge_texts(defaults, texts, locked)
    return project_form(t["performance.title"], t, "基金征缴收入（万元）", wan(revenue_fen), _apply(indicators, t),
                        label)


# --- layout 2: 自治区对地方专项转移支付项目绩效目标表 (塔地财社〔2021〕87号 附件2) ---------------------------

def _insured_targets(result: Result) -> tuple[list[str], str | None]:
    """"> N万人" per county: the published targets (insured_at_least_10k), or in headcount mode the
    insured people in 万人 (half-up to 0.01 万人). The 合计 only when every county has a figure."""
    if result.detail.mode == "headcount":
        n = result.table["insured"].to_numpy(np.int64)
        hundredths = [div_half_up(int(x), 100) for x in n]
        per = [_plain(Decimal(h).scaleb(-2)) for h in hundredths]
        return [f"> {x}万人" for x in per], f"> {_plain(Decimal(div_half_up(int(n.sum()), 100)).scaleb(-2))}万人"
    given = result.detail.insured_target_10k
    if given is None:
        return [""] * len(result.table), None
    per, known = [], []
    for x in given:
        if np.isnan(x):
            per.append("")
        else:
            d = Decimal(str(x))
            known.append(d)
            per.append(f"> {_plain(d)}万人")
    total = f"> {_plain(sum(known))}万人" if len(known) == len(given) and known else None
    return per, total


def settlement_parts(result: Result):
    policy = result.policy
    totals = result.totals
    places = wan_places(result)
    headcount = result.detail.mode == "headcount"
    per_insured, total_insured = _insured_targets(result)
    insured_cells = ([text(total_insured)] if total_insured is not None else [None]) + [text(x) for x in per_insured]
    due, pre, settle = totals["due_fen"], totals["preallocated_fen"], totals["settlement_fen"]
    in_place = div_half_up((pre + settle) * 10_000, due) if due > 0 else None
    k, q = "完成指标", "质量指标"
    ctx = facts.base_context(result)

    def ind(key, l2, name, value=None):
        return _doc_indicator(result, ctx, key, k, l2, name, value, with_basis=False)

    indicators = [
        Indicator("insured", k, "数量指标", "参保人数(人)", insured_cells,
                  "按人数测算：截止日参保人数（万人）" if headcount else "各县（市）参保人数目标（万人）", True),
        ind("standard_all_levels", "数量指标", "各级财政实际补助标准(元)"),
        ind("personal_contribution", q, "个人缴费标准(元)"),
        ind("rate_registered", q, "以户籍人口数为基数计算的基本医保综合参保率(%)"),
        ind("rate_resident", q, "以常住人口数为基数计算的基本医保综合参保率(%)"),
        # A target (the document prints 0), in every mode: the duplicates deducted in headcount mode are a
        # count, shown in the 结算分配表, not this indicator's value.
        ind("duplicates", q, "重复参保人数(人)"),
        ind("false_reports", q, "虚报参保人数(人)"),
        ind("policy_reimbursement", q, "参保人政策范围内住院费用报销比例"),
        ind("actual_reimbursement", q, "参保人住院费用实际报销比例"),
        ind("payment_reform", q, "实行按病种(组)、按人头付费等支付方式改革"),
        ind("months", "时效指标", "基金滚存结余可支配月数(月)"),
        ind("outpatient", "时效指标", "开展门诊统筹,实行个人账户的,向门诊统筹过渡"),
        Indicator("funds_in_place", k, "成本指标", "当年各级财政补助资金到位率(%)", percent(in_place),
                  "（已预拨资金 + 此次结算补助资金）÷ 应补助资金", True),
        ind("cost", "成本指标", "补助资金成本(万元)", wan(settle, places)),
        ind("burden", "社会效益指标", "减轻参保人员就医经济负担,缓解社会矛盾"),
        ind("satisfaction", "社会效益指标", "参保对象满意度(%)"),
    ]
    defaults, locked = _indicator_texts(indicators, with_basis=False)
    if total_insured is None:
        # A county without a published target: the 合计 is the one the document prints, editable; without one
        # in the policy it is left to the user.
        given = policy.values.get("insured_target_total_10k")
        defaults["performance.insured_total"] = f"> {_plain(Decimal(str(given)))}万人" if given else ""
    defaults |= {
        "performance.attachment": facts.fact(result, "performance.attachment", ctx),
        "performance.title": facts.fact(result, "performance.title", ctx, "绩效目标表"),
        "performance.year_label": f"({doc_year(policy.doc_no, policy.year + 1)}年度)",
        "performance.project_name": facts.fact(result, "performance.project_name", ctx),
        "performance.region": policy.region("zh"),
        "performance.finance_dept": facts.fact(result, "performance.finance_dept", ctx),
        "performance.authority": facts.fact(result, "performance.authority", ctx),
        "performance.annual_goal": facts.fact(result, "performance.annual_goal", ctx),
        "performance.central_funds": "",
        "performance.other_funds": "",
    }
    return defaults, locked, indicators


def _settlement_funds(g: Grid, r: int, result: Result, t: dict) -> None:
    """资金情况 (万元): the counties across, 合计 first; 年度金额 and 地方资金 are the settlement amounts."""
    table, places = result.table, wan_places(result)
    n_val = 1 + len(table)
    g.put(r, 0, header("资金情况\n(万元)"), rows=5, cols=2)
    g.put(r, 2, header("地区"), cols=2)
    g.put(r, 4, header("合计"))
    for i, name in enumerate(table["county"]):
        g.put(r, 5 + i, header(name))
    amounts = [wan(result.totals["settlement_fen"], places)] + [wan(x, places) for x in table["settlement_fen"]]
    for off, (name, cells) in enumerate((("年度金额:", amounts), ("其中: 中央资金", "central_funds"),
                                         ("地方资金", amounts), ("其他资金", "other_funds")), 1):
        g.put(r + off, 2, text(name, align="left"), cols=2)
        if isinstance(cells, str):
            g.put(r + off, 4, text(t[f"performance.{cells}"]), cols=n_val)
        else:
            for j, c in enumerate(cells):
                g.put(r + off, 4 + j, c)


def _settlement_indicator(g: Grid, row: int, ind, t: dict, n_val: int) -> None:
    """One 三级指标 and its value: one cell per county (合计 first) or one value across them all."""
    g.put(row, 3, text(ind.l3, align="left"))
    if isinstance(ind.value, list):
        cells = list(ind.value)
        if cells[0] is None:
            cells[0] = text(t.get("performance.insured_total", ""))
        for j, c in enumerate(cells):
            g.put(row, 4 + j, c)
    else:
        c = _as_cell(ind.value)
        g.put(row, 4, Cell(c.value, c.fmt, c.bold, "center"), cols=n_val)


def settlement_form(result: Result, texts: dict | None = None, label: str = "") -> Form:
    defaults, locked, indicators = settlement_parts(result)
    t = merge_texts(defaults, texts, locked)
    indicators = _apply(indicators, t)
    n_val = 1 + len(result.table)
    g = Grid(4 + n_val)
    last = 4 + n_val
    r = 0
    for label_zh, key in (("项目名称", "project_name"), ("地州", "region"), ("地级财政部门", "finance_dept"),
                          ("地级主管部门", "authority")):
        g.put(r, 0, header(label_zh), cols=2)
        g.put(r, 2, text(t[f"performance.{key}"]), cols=last - 2)
        r += 1
    _settlement_funds(g, r, result, t)
    r += 5
    g.put(r, 0, header("年度目标"), cols=2)
    g.put(r, 2, text(t["performance.annual_goal"], align="left"), cols=last - 2)
    r += 1
    g.put(r, 0, header("总体目标"), rows=1 + len(indicators))
    for j, h in enumerate(("一级指标", "二级指标", "三级指标"), 1):
        g.put(r, j, header(h))
    g.put(r, 4, header("指标值 (包含数字及文字描述)"), cols=n_val)
    top = r + 1
    for start, n in _groups([i.l1 for i in indicators]):
        g.put(top + start, 1, header(indicators[start].l1), rows=n)
    for start, n in _groups([(i.l1, i.l2) for i in indicators]):
        g.put(top + start, 2, text(indicators[start].l2), rows=n)
    for k, ind in enumerate(indicators):
        _settlement_indicator(g, top + k, ind, t, n_val)
    return Form(KEY, "绩效目标表", t["performance.title"], [7, 9, 10, 30] + [11] * n_val, g.rows, g.merges,
                above=[(t["performance.attachment"], "left")], below_title=[(t["performance.year_label"], "center")],
                label=label)

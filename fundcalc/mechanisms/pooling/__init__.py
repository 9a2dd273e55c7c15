"""基金缺口分担 and 住院总额预算 (运政办发〔2019〕30号): county gaps, the city reserve, the global budget."""

from ..spec import Knob, Mechanism, Secondary, Status, Total
from . import budget
from .forms import BUDGET, FORMS
from .notes import csv_notes
from .notice import NOTICE
from .rules import *  # noqa: F403 — the package's public API is its rules module
from .rules import SCHEMA, compute, explain, official_table, param_specs, schema
from .table import monthly_schema

KNOBS = ("reserve_pct", "outpatient_yuan", "county_gap_pct", "surplus_reserve_pct", "city_reserve_opening_wan")


def knobs(policy) -> list[Knob]:
    specs = param_specs(policy)
    return [Knob.of_param(k, specs[k]) for k in KNOBS]


def _swept(key: str, zh: str, en: str, sweep_zh: str, county: bool = False, compare: bool = True) -> Total:
    return Total(key, zh, en, "fen", compare=compare, county=(zh, en) if county else None,
                 sweep=(sweep_zh, en))


SPEC = Mechanism(
    notice=NOTICE,
    name="pooling", zh="基金缺口分担", en="Fund gap sharing",
    short_zh="缺口分担", short_en="Gap sharing", icon=":material/water_drop:",
    intro_zh="各县基金收支相抵后的结余或缺口：缺口由县级政府和市级调剂金分担，结余按比例提取调剂金。",
    intro_en="Each county's fund surplus or gap: gaps shared between the county and the city reserve.",
    compute=compute, explain=explain, table_schema=schema, param_specs=param_specs, official_table=official_table,
    params=SCHEMA,
    csv_notes=csv_notes,
    compare_opens_with="county_burden_fen",   # what a county government bears is the question a comparison asks
    totals=(
        Total("balance_fen", "当年结余(+)/缺口(−)", "Surplus (+) / gap (−)", "fen", headline=True,
              county=("当年结余(+)/缺口(−)", "Surplus (+) / gap (−)")),
        Total("county_burden_fen", "县级政府负担", "Borne by county governments", "fen",
              county=("县级政府负担", "Borne by county government"),
              sweep=("县级政府负担合计", "Borne by county governments"), story=True),
        _swept("gap_from_reserve_fen", "调剂金弥补", "Paid by the reserve", "调剂金弥补合计", county=True),
        _swept("reserve_fen", "预留调剂金", "Reserve kept from revenue", "预留调剂金合计"),
        _swept("surplus_to_reserve_fen", "结余提取调剂金", "Surplus to the reserve", "结余提取调剂金合计"),
        _swept("reserve_closing_fen", "调剂金期末余额", "Reserve closing balance", "调剂金期末余额"),
    ),
    status=Status("balance_fen", "gap", "even", "surplus",
                  {"gap": ("缺口", "gap"), "surplus": ("结余", "surplus"), "even": ("收支平衡", "even")}),
    forms=FORMS, knobs=knobs, file_stem="基金缺口分担",
    secondary=Secondary("global_budget", "住院总额预算", "Inpatient global budget", schema=monthly_schema,
                        compute=budget.compute, explain=budget.explain, file_stem="住院总额预算", form=BUDGET,
                        rests_on=("monthly_split", "clearing_mode", "rounding_unit_yuan")),
    rests_on=lambda r: ("city_reserve_opening_wan", "months_band_low", "excess_reserve_mode",
                        "city_budget_revenue_wan", "rounding_unit_yuan"),
    plugins=("global_budget", "projection"), page_file="pooling.py",
    clauses={"revenue": ("超预算收入与调剂金的条款", "the clause on revenue above budget and the reserve"),
             "gap": ("县级缺口与结余分担的条款", "the clause on county gaps and surpluses"),
             "budget": ("住院总额预算、按月预拨的条款", "the clause on the inpatient global budget"),
             "clearing": ("年终清算的条款", "the clause on the year-end clearing")},
)

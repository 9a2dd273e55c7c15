"""The pooling's county fund accounts and the global budget's monthly inpatient costs."""

from __future__ import annotations

from ...columns import COUNTY, DIVISION_CODE, TableSchema, people, wan

POOLING_COLUMNS = (
    COUNTY,
    DIVISION_CODE,
    wan("revenue_wan", "征缴收入", "Contribution revenue", aliases=("基金征缴收入", "当年征缴收入", "征缴收入(万元)")),
    people("insured", "参保人数", "Insured people", aliases=("参保人数(人)", "城乡居民参保人数")),
    wan("expenditure_wan", "基金支出", "Fund expenditure", aliases=("基金支出(万元)", "当年基金支出", "医保基金支出")),
    wan("outpatient_spending_wan", "门诊统筹支出", "Outpatient pooling spending",
        aliases=("门诊统筹支出(万元)", "门诊统筹")),
    wan("carried_balance_wan", "留存结余", "Retained surplus",
        aliases=("以前年度留存结余", "累计结余", "留存结余(万元)"),
        required=False),
    wan("inpatient_base_wan", "上年住院医保费用", "Base-year inpatient cost",
        aliases=("基年住院医保费用", "住院医保费用"), required=False),
)


def pooling_schema() -> TableSchema:
    return TableSchema("pooling", "县级基金收支表", "County fund accounts", POOLING_COLUMNS)



MONTH_KEYS = tuple(f"m{m:02d}" for m in range(1, 13))


def monthly_schema() -> TableSchema:
    cols = (COUNTY,) + tuple(
        wan(k, f"{int(k[1:])}月住院费用", f"Inpatient cost month {int(k[1:])}",
            aliases=(f"{int(k[1:])}月", f"{int(k[1:])}月(万元)")) for k in MONTH_KEYS)
    return TableSchema("monthly", "月度住院医保费用表", "Monthly inpatient cost", cols)

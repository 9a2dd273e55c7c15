"""The settlement's input tables: headcounts and standards, or the published 应补助资金."""

from __future__ import annotations

from ...columns import COUNTY, DIVISION_CODE, MAX_YUAN_STANDARD, Column, TableSchema, people, wan

SETTLEMENT_HEADCOUNT_COLUMNS = (
    people("insured", "6月底参保人数", "Insured at cut-off",
           aliases=("参保人数", "截止日参保人数", "insured_people")),
    people("dup_in_province", "省内重复参保", "Duplicates in province",
           aliases=("省内重复参保人数", "省内重复")),
    people("dup_bingtuan", "兵团重复参保", "Duplicates with 兵团",
           aliases=("兵团重复参保人数", "兵团重复")),
    people("dup_cross_province", "跨省重复参保", "Cross-province duplicates",
           aliases=("跨省重复参保人数", "跨省重复")),
    people("dup_cross_system", "跨制度重复参保", "Cross-system duplicates",
           aliases=("跨制度重复参保人数", "跨制度重复")),
)
SETTLEMENT_STANDARD = Column(
    "standard_yuan", "补助标准", "Per-person standard", "yuan", "元/人", "yuan/person",
    aliases=("人均补助标准", "补助标准(元/人)", "补助标准（元/人）"),
    min=0, max=MAX_YUAN_STANDARD, required=False,
    help_zh="留空则用统一标准", help_en="Blank: use the common standard",
)
DUE = wan("due_wan", "应补助资金", "Due", aliases=("应补助资金(万元)", "应补助资金（万元）", "应补助", "应拨资金"))
PREALLOCATED = wan("preallocated_wan", "已预拨资金", "Pre-allocated",
                   aliases=("已预拨资金(万元)", "已预拨资金（万元）", "已预拨", "提前下达资金", "预拨资金"))
NOTE = Column("note", "备注", "Note", "text", aliases=("备注", "扣回文件", "说明", "remark"), min=None, required=False)
INSURED_TARGET = Column(
    "insured_at_least_10k", "参保人数目标", "Insured target", "wan", "万人", "10k persons",
    aliases=("参保人数目标(万人)", "参保人数(万人)", "绩效参保人数"), min=0, max=10_000, required=False,
)


def settlement_schema(due_given: bool) -> TableSchema:
    """Headcount mode (塔地财社〔2021〕87号 二) or the published mode where 应补助资金 is given."""
    if due_given:
        cols = (COUNTY, DIVISION_CODE, DUE, PREALLOCATED, NOTE, INSURED_TARGET)
    else:
        cols = (COUNTY, DIVISION_CODE, *SETTLEMENT_HEADCOUNT_COLUMNS, SETTLEMENT_STANDARD, PREALLOCATED, NOTE)
    return TableSchema("settlement", "结算人数与预拨表", "Settlement inputs", cols)



"""The allocation's input table: county plus one headcount column per person category."""

from __future__ import annotations

from ...columns import COUNTY, DIVISION_CODE, Column, TableSchema, people


def allocation_people_column(cat_key: str, zh: str, en: str) -> Column:
    """The headcount column of one person category (未脱贫, 已脱贫, or a user's own)."""
    return people(
        f"{cat_key}_people", f"{zh}人数", f"{en} people",
        aliases=(f"{zh}人数", f"{zh}人数(人)", f"{zh}人数（人）", f"建档立卡{zh}人数", f"建档立卡{zh}", f"{zh}"),
    )


def allocation_schema(categories) -> TableSchema:
    """Input table of the allocation: county plus one headcount column per category."""
    cols = [COUNTY, DIVISION_CODE] + [allocation_people_column(c.key, c.zh, c.en) for c in categories]
    return TableSchema("allocation", "资助参保人数表", "Subsidised headcounts", tuple(cols))



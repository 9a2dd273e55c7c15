"""The allocation's input table: county plus one headcount column per person category."""

from __future__ import annotations

from ...columns import COUNTY, DIVISION_CODE, Column, TableSchema, people


def allocation_people_column(cat_key: str, zh: str, en: str, aliases: tuple[str, ...] = ()) -> Column:
    """The headcount column of one person category: its name with 人数, and the other headers the policy file
    lists for it (``[[meta.categories]] aliases``, e.g. a document's own prefix before the name)."""
    return people(
        f"{cat_key}_people", f"{zh}人数", f"{en} people",
        aliases=(f"{zh}人数", f"{zh}人数(人)", f"{zh}人数（人）", f"{zh}", *aliases),
    )


def allocation_schema(categories) -> TableSchema:
    """Input table of the allocation: county plus one headcount column per category."""
    cols = [COUNTY, DIVISION_CODE] + [allocation_people_column(c.key, c.zh, c.en, getattr(c, "aliases", ()))
                                      for c in categories]
    return TableSchema("allocation", "资助参保人数表", "Subsidised headcounts", tuple(cols))



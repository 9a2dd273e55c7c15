"""The headers a policy file adds to its table's columns, so that its own county table imports as it is.

``[[meta.categories]] aliases = ["低保户人数", …]`` names a category's headcount column (the columns of a
category are keyed ``<category>_…``); ``[aliases] <column_key> = ["…"]`` names any column.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..columns import TableSchema
from ..errors import InputError


def policy_aliases(policy) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(column key or ``<category>_`` prefix, aliases) pairs the policy declares, in file order."""
    meta = getattr(policy, "meta", None) or {}
    out = []
    for cat in meta.get("categories", ()) or ():
        if isinstance(cat, dict) and cat.get("aliases"):
            out.append((f"{cat['key']}_", _texts(cat["aliases"], f"categories.{cat['key']}.aliases")))
    table = meta.get("aliases", {}) or {}
    if not isinstance(table, dict):
        raise InputError("[aliases] 应为「列代码 = [列名, …]」", "[aliases] must map a column key to a list of headers",
                         column="aliases")
    out += [(str(key), _texts(names, f"aliases.{key}")) for key, names in table.items()]
    return tuple(out)


def _texts(names, where: str) -> tuple[str, ...]:
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise InputError("别名应为文字列表", "aliases must be a list of texts", column=where)
    return tuple(names)


def with_policy_aliases(schema: TableSchema, policy) -> TableSchema:
    """``schema`` with the policy's aliases added to the columns they name (the schema itself when none)."""
    declared = policy_aliases(policy)
    return _extended(schema, declared) if declared else schema


@lru_cache(maxsize=64)
def _extended(schema: TableSchema, declared: tuple[tuple[str, tuple[str, ...]], ...]) -> TableSchema:
    # Memoised: pages ask for the schema of one policy on every rerun.
    def names_for(key: str) -> tuple[str, ...]:
        return tuple(n for target, names in declared for n in names
                     if target == key or (target.endswith("_") and key.startswith(target)))

    cols = tuple(replace(c, aliases=c.aliases + extra) if (extra := names_for(c.key)) else c
                 for c in schema.columns)
    return replace(schema, columns=cols)

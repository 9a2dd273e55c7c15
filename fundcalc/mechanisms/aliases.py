"""Column headers a document's own tables use, from its policy file ([aliases] key = ["…"]), added to a mechanism's
table schema: the code keeps the generic headers, the policy file the words of one document (2018年住院医保费用)."""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError


def with_aliases(schema, policy):
    """``schema`` with the policy's extra headers on each column it names; unchanged when the policy has none."""
    extra = policy.fact("aliases", {}) if policy is not None else {}
    if not extra:
        return schema
    if not isinstance(extra, dict) or not all(isinstance(v, list) for v in extra.values()):
        raise InputError("[aliases] 应写成 列代码 = [\"列名\", …]", "[aliases] is column_key = [\"header\", …]",
                         column="aliases", value=str(extra))
    cols = tuple(replace(c, aliases=tuple(dict.fromkeys((*c.aliases, *map(str, extra[c.key])))))
                 if c.key in extra else c for c in schema.columns)
    return replace(schema, columns=cols)

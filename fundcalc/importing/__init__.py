"""The import of a county table as steps, each a small module: read the grid (fundcalc.filegrid, bounded)
→ find the header (``header``) → map the columns (``mapping``) → split the county rows from totals and
notes (``body``) → parse and check the cells (fundcalc.validate, through fundcalc.numbers) → check the
合计 rows (``totals``). ``fundcalc.importer.read_table`` is the straight pass over them.
"""

from __future__ import annotations

from ..columns import TableSchema
from ..filegrid import Grid
from .aliases import with_policy_aliases
from .header import Lookup, find
from .mapping import Proposal
from .mapping import propose as _propose

__all__ = ["Proposal", "propose_mapping", "with_policy_aliases"]


def propose_mapping(grid: Grid, schema: TableSchema) -> list[Proposal]:
    """What a mapping step shows first: each column of the file (header, column key or None, why)."""
    lookup = Lookup(schema)
    return _propose(grid, find(grid, lookup), schema, lookup)

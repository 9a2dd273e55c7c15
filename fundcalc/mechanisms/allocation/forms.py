"""The allocation's official forms: 资助参保补助资金分配表 (附表) and 市本级项目绩效目标表."""

from __future__ import annotations

from ...forms import allocation_table, performance
from ...forms.kinds import performance_kind, table_kind

TABLE_LABELS = {
    "allocation.category_prefix": ("分配表：类别名前缀", "Allocation table: category prefix"),
    "allocation.people_header": ("分配表：人数列标题", "Allocation table: people column heading"),
    "allocation.note": ("分配表：备注", "Allocation table: note"),
}

FORMS = (
    table_kind(allocation_table, "资助参保补助资金分配表", "Allocation table", "allocation", TABLE_LABELS),
    performance_kind(performance.allocation_parts, performance.allocation_form, takes_deducted=True),
)

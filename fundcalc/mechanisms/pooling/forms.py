"""The pooling's official forms: 基金缺口分担测算表, 住院总额预算测算表 (when monthly costs are given),
绩效目标表."""

from __future__ import annotations

from ...forms import budget_table, performance, pooling_table
from ...forms.kinds import performance_kind, secondary_kind, table_kind

BUDGET = secondary_kind(budget_table, "住院总额预算测算表", "Inpatient global budget", "budget")
FORMS = (
    table_kind(pooling_table, "基金缺口分担测算表", "Fund gap sharing", "pooling"),
    BUDGET,
    performance_kind(performance.pooling_parts, performance.pooling_form),
)

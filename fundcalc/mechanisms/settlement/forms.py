"""The settlement's official forms: 附件1 结算分配表, 附件2 绩效目标表, 附件3 跟踪反馈表 (one per county)."""

from __future__ import annotations

from ...forms import performance, settlement_table
from ...forms.kinds import performance_kind, table_kind, tracking_kind

FORMS = (
    table_kind(settlement_table, "补助资金结算分配表（附件1）", "Settlement table (attachment 1)", "settlement",
               {"settlement.attachment": ("结算分配表：附件编号", "Settlement table: attachment number")}),
    performance_kind(performance.settlement_parts, performance.settlement_form),
    tracking_kind(),
)

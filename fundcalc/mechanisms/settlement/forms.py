"""The settlement's official forms: 结算分配表, 绩效目标表, 跟踪反馈表 (one per county), numbered as 附件 by the
policy ([forms.*] attachment)."""

from __future__ import annotations

from ...forms import performance, settlement_table
from ...forms.kinds import performance_kind, table_kind, tracking_kind

FORMS = (
    table_kind(settlement_table, "补助资金结算分配表", "Settlement table", "settlement",
               {"settlement.attachment": ("结算分配表：附件编号", "Settlement table: attachment number")}),
    performance_kind(performance.settlement_parts, performance.settlement_form),
    tracking_kind(),
)

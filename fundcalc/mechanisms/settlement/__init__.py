"""补助资金结算 (塔地财社〔2021〕87号): what each county is due, against what was pre-allocated."""

from ..spec import Knob, Mechanism, Status, Total
from .forms import FORMS
from .notice import NOTICE
from .rules import *  # noqa: F403 — the package's public API is its rules module
from .rules import SCHEMA, compute, explain, official_table, param_specs, schema


def _headcount(values) -> bool:
    return values.get("mode") == "headcount"


def knobs(policy) -> list[Knob]:
    # In "given" mode the due amounts are read from the table: no parameter moves them.
    return [Knob.of_param("standard_yuan", param_specs(policy)["standard_yuan"])] if _headcount(policy.values) else []


SPEC = Mechanism(
    notice=NOTICE,
    name="settlement", zh="补助资金结算", en="Subsidy settlement",
    short_zh="资金结算", short_en="Settlement", icon=":material/receipt_long:",
    intro_zh="按截止日参保人数（扣除重复参保）和补助标准算出应补助资金，减去已预拨资金，得出此次补拨或扣回。",
    intro_en="The subsidy due from insured people net of duplicates, less what was pre-allocated: top-up or clawback.",
    compute=compute, explain=explain, table_schema=schema, param_specs=param_specs, official_table=official_table,
    params=SCHEMA,
    totals=(
        Total("due_fen", "应补助资金", "Due", "fen", county=("应补助资金", "Due"),
              sweep=("应补助资金合计", "Total due")),
        Total("preallocated_fen", "已预拨资金", "Pre-allocated", "fen"),
        Total("settlement_fen", "此次结算", "Settlement", "fen", headline=True,
              county=("此次结算补助资金", "Settlement"), sweep=("此次结算合计", "Total settlement"), story=True),
        Total("clawback_count", "扣回县数", "Counties clawed back", "count"),
    ),
    status=Status("settlement_fen", "clawback", "zero", "topup",
                  {"topup": ("补拨", "top-up"), "clawback": ("扣回", "clawback"), "zero": ("持平", "nil")}),
    forms=FORMS, knobs=knobs, file_stem="补助资金结算", shape_param="mode",
    rests_on=lambda r: ("standard_yuan",) if r.detail.mode == "headcount" else (),
    plugins=("roster",), page_file="settlement.py",
    clauses={"rule": ("结算规则的出处（文号 条款）", "the clause that sets the settlement rule"),
             "table": ("结算表（附件）的出处", "where the settlement table is printed")},
)

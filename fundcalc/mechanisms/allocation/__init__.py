"""资助参保补助分配 (曲财社〔2018〕106号): each county's subsidy per person category and level."""

from ..spec import Mechanism, Status, Total
from .forms import FORMS
from .notice import NOTICE
from .rules import *  # noqa: F403 — the package's public API is its rules module
from .rules import (
    SCHEMA,
    compute,
    deducts,
    explain,
    official_table,
    param_specs,
    schema,
    upgrade_overrides,
    with_category,
)
from .sweep import fast_totals, knobs


def _rests_on(result) -> tuple[str, ...]:
    name = result.policy.meta.get("inferred_county")
    inferred = bool(name) and bool((result.table["county"] == name).any())
    return (("deduction_people",) if deducts(result.policy) else ()) + (("inferred_county",) if inferred else ())


def _level(level: str, zh: str, en: str, optional: bool = False, story: bool = False) -> Total:
    return Total(f"{level}_total_fen", zh, en, "fen", county=(zh, en), sweep=(zh, en), optional=optional,
                 story=story, level=level)


SPEC = Mechanism(
    notice=NOTICE,
    name="allocation", zh="资助参保补助分配", en="Subsidised enrolment allocation",
    short_zh="补助分配", short_en="Allocation", icon=":material/account_balance:",
    intro_zh="按人员类别的补助标准和各级分担比例，算出每个县（市、区）各级财政的补助资金。",
    intro_en="Each county's subsidy by person category and government level, from the standards and shares.",
    compute=compute, explain=explain, table_schema=schema, param_specs=param_specs, official_table=official_table,
    params=SCHEMA,
    totals=(
        Total("total_fen", "补助资金合计", "Total subsidy", "fen", headline=True, county=("合计金额", "Total"),
              sweep=("补助资金合计", "Total subsidy")),
        _level("province", "省级合计", "Province total"),
        _level("city", "市级合计", "City total", story=True),
        _level("county", "县级合计", "County total", optional=True),
        Total("total_people", "资助人数合计", "People subsidised", "people"),
    ),
    status=Status("total_fen", "none", "none", "funded",
                  {"funded": ("有补助", "funded"), "none": ("无补助", "nothing")}),
    forms=FORMS,
    knobs=knobs, file_stem="资助参保补助分配", fast_totals=fast_totals, categories=with_category,
    upgrade_overrides=upgrade_overrides,
    rests_on=_rests_on, page_file="allocation.py",
    clauses={"table": ("分配表（附表）的出处，如“×财社〔2025〕1号 附表”", "where the allocation table is printed"),
             "rule": ("补助与分担规则的出处（文号）", "the document that sets the subsidy and the shares")},
)

"""From person-level rosters to the settlement headcount columns: one SQL definition, DuckDB or Spark.

    from fundcalc.roster import RosterRules, Sources, run_headcount
    result = run_headcount(Sources(roster_path, bingtuan_path, cross_path, employee_path),
                           RosterRules(cutoff="2020-06-30"))
    result.county_table()        # county, insured, dup_in_province, dup_bingtuan, dup_cross_province, dup_cross_system
"""

from .engines import ENGINES, Sources
from .result import HeadcountResult, settlement_table
from .rules import DEFAULT_ACTIVE_STATUSES, RosterRules
from .run import run_headcount

__all__ = ["ENGINES", "DEFAULT_ACTIVE_STATUSES", "HeadcountResult", "RosterRules", "Sources", "run_headcount",
           "settlement_table"]

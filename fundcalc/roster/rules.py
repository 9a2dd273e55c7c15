"""The rules that turn a roster into the settlement headcount columns, each a documented parameter.

The settlement document's 二 defines the headcount as the insured at the cut-off minus 省内、兵团、跨省、
跨制度重复参保人数 (the document and its cut-off are in the policy file, e.g. [headcount] in
data/params/*.toml). How a person-level roster yields those counts is not written in the document:
every choice below is an assumption (假设) a user can change, with the default the tool ships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# 假设: status words that mean the record is active. A status cell that is blank, or a roster without
# the column, counts as active ("status, when given, is active").
DEFAULT_ACTIVE_STATUSES = ("正常", "参保", "正常参保", "在保", "参保缴费", "active")


@dataclass(frozen=True)
class RosterRules:
    """Parameters of the roster rules; the docstring of each field says what it does and its default.

    - ``cutoff``: a record counts when its 参保日期 is on or before this day (the document's 6月底).
    - ``active_statuses``: when a record has a 参保状态, it counts only if the status is one of these
      (trimmed, exact). ``None`` ignores the status column. Default: DEFAULT_ACTIVE_STATUSES (假设).
    - ``convert_15``: convert 15-digit numbers to 18 digits (insert 19, add the check digit) before
      matching, in the roster and in the three lists. Default off: a 15-digit number is invalid (假设).
    - insured per county = distinct valid 身份证号 with a counted record in the county (fixed).
    - 省内重复: a person counted in several counties stays in the county of the earliest 参保日期; ties go
      to the county name first in Unicode code-point order; each other county counts the person as
      省内重复 (fixed; 假设 as the document does not say which county keeps the person).
    - then, for the county that kept the person: 兵团重复 if in the 兵团 list, else 跨省重复 if in the
      cross-province list, else 跨制度重复 if in the employee list: each person deducted once, in the
      document's order (fixed).
    - invalid 身份证号 (not 18 characters with a correct GB 11643 check digit) are neither counted nor
      dropped silently: the report counts them per county, masked.
    """

    cutoff: dt.date
    active_statuses: tuple[str, ...] | None = field(default=DEFAULT_ACTIVE_STATUSES)
    convert_15: bool = False

    def __post_init__(self):
        if not isinstance(self.cutoff, dt.date):
            object.__setattr__(self, "cutoff", parse_cutoff(self.cutoff))
        if self.active_statuses is not None:
            statuses = tuple(str(s).strip() for s in self.active_statuses if str(s).strip())
            object.__setattr__(self, "active_statuses", statuses)


def parse_cutoff(value) -> dt.date:
    from ..errors import InputError

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError("截止日期应为有效日期 YYYY-MM-DD", "the cut-off must be a valid date YYYY-MM-DD",
                         column="截止日期 / cut-off", value=value) from None

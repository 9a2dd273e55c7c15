"""Views of a Result at the edge: the official table as CSV and XLSX, with the documents' decimals."""

from __future__ import annotations

import pandas as pd

from . import mechanisms
from .export import csv_bytes
from .forms.layout import workbook_bytes
from .forms.model import wan_places
from .forms.workbook import primary_form
from .result import Result


def official_frame(result: Result) -> pd.DataFrame:
    return mechanisms.get(result.mechanism).official_table(result)


def official_csv(result: Result) -> bytes:
    frame = official_frame(result)
    places = {c: wan_places(result) for c in frame.columns if c.endswith("_wan")}
    return csv_bytes(frame, places)


def official_xlsx(result: Result, lang: str = "zh") -> bytes:
    """The mechanism's main table in the documents' layout (fundcalc.forms): title, 单位, merged
    headers, 合计, A4 landscape; numbers as numbers with the documents' formats."""
    return workbook_bytes([primary_form(result, lang)])

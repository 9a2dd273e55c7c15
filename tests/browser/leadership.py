"""Saved scenarios for the leadership-view browser tests and the README screenshots (scripts/screenshots.py):
written into the store a test server uses, so a link names them by id as an analyst's link would."""

from __future__ import annotations

from pathlib import Path

from fundcalc.scenario import Scenario
from fundcalc.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "scenarios"
RAISED = "qujing_2018_standard_200"       # allocation: 市级合计 8,039.73 → 8,933.01 万元
GAP_80 = "yuncheng_2019_sample_county_gap_80pct"  # pooling sample: 县级政府负担 down 20%


def seed(db: Path) -> dict[str, int]:
    """The example scenarios saved in the store at ``db``: {file stem: id}."""
    store = Store(db)
    return {stem: store.save(Scenario.load(EXAMPLES / f"{stem}.json"), author="analyst")
            for stem in (RAISED, GAP_80)}

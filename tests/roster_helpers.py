"""Small hand-made rosters for the roster rule tests: write rows as CSV, run an engine, compare per county."""

from __future__ import annotations

import csv
from pathlib import Path

from fundcalc.roster import RosterRules, Sources, run_headcount
from fundcalc.roster.idnumber import check_char


def pid(n: int, region: str = "990101", birth: str = "19800101") -> str:
    """A valid synthetic 身份证号 (region 99…, unused in reality) for person ``n``."""
    first17 = f"{region}{birth}{n:03d}"
    return first17 + check_char(first17)


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def run_case(tmp_path: Path, roster: list[tuple], lists: dict | None = None, engine: str = "duckdb",
             header=("身份证号", "县(市、区)", "参保日期", "参保状态"), spark=None, **rules):
    lists = lists or {}
    width = len(roster[0]) if roster else 4
    r = write_csv(tmp_path / "roster.csv", list(header[:width]), roster)
    paths = {k: write_csv(tmp_path / f"{k}.csv", ["身份证号"], [(x,) for x in v]) for k, v in lists.items()}
    rules.setdefault("cutoff", "2020-06-30")
    return run_headcount(Sources(r, **paths), RosterRules(**rules), engine, spark_session=spark)


def by_county(result, *keys) -> dict:
    frame = result.detail.set_index("county")
    return {c: tuple(int(frame.loc[c, k]) for k in keys) for c in frame.index}

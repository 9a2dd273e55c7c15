"""`python -m fundcalc headcount` end to end: the county table and report it writes, and no full 身份证号 in
any output file, stdout or stderr (scanned for every generated number, in 18- and 15-digit form)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from fundcalc.importer import header_mapping
from fundcalc.mechanisms.settlement.table import settlement_schema
from fundcalc.roster.generate import generate

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fundcalc", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env)


def test_cli_recovers_the_planted_counts_and_shows_no_full_number(tmp_path):
    import os

    plan = generate(tmp_path / "in", persons=4_000, counties=5, seed=5, fmt="csv")
    out = tmp_path / "out" / "counties.csv"
    out.parent.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    p = plan.paths
    run = cli("headcount", "--roster", str(p["roster"]), "--bingtuan", str(p["bingtuan"]), "--cross-province",
              str(p["cross_province"]), "--employee", str(p["employee"]), "--cutoff", "2020-06-30",
              "--out", str(out), env=env)
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out, encoding="utf-8-sig")
    cols = header_mapping(table.columns, settlement_schema(False))
    got = table.rename(columns={v: k for k, v in cols.items()})
    expected = plan.expected(False)
    keys = ["county", "insured", "dup_in_province", "dup_bingtuan", "dup_cross_province", "dup_cross_system"]
    assert got[keys].to_dict("list") == expected[keys].to_dict("list")
    report = out.with_suffix(".report.md").read_text(encoding="utf-8")
    assert f"{int(expected['insured'].sum()):,}" in report
    # Privacy: every output the run produced, scanned for every generated number.
    texts = [run.stdout, run.stderr, out.read_text(encoding="utf-8-sig"), report]
    texts += [f.read_text(errors="replace") for f in out.parent.iterdir()]
    blob = "\n".join(texts)
    numbers = set(plan.ids) | {n[:6] + n[8:17] for n in plan.ids}
    assert len(numbers) == 2 * plan.persons
    leaked = [n for n in numbers if n in blob]
    assert leaked == []
    assert "**********" in report          # masked examples are there, so the scan looked at real content
    assert list(scratch.iterdir()) == []   # the engine's temporary folder is gone


def test_cli_refuses_a_bad_cutoff_in_both_languages(tmp_path):
    run = cli("headcount", "--roster", str(tmp_path / "none.csv"), "--cutoff", "2020-06-31", "--out",
              str(tmp_path / "o.csv"))
    assert run.returncode == 1
    assert "截止日期" in run.stderr and "cut-off" in run.stderr and "2020-06-31" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_names_a_missing_file(tmp_path):
    run = cli("headcount", "--roster", str(tmp_path / "none.csv"), "--cutoff", "2020-06-30", "--out",
              str(tmp_path / "o.csv"))
    assert run.returncode == 1 and "none.csv" in run.stderr and "not found" in run.stderr

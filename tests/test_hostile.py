"""Hostile files, links and scenario files: each refused at once, in a subprocess under a hard memory limit.

Every case is generated at test time (tests/hostile_files.py) and run in a child
process with RLIMIT_AS = 2 GiB and a generous timeout, so that a regression fails
the test instead of taking the machine down. The child runs both entry points: the
import function the dashboard's upload calls (fundcalc.importer.read_table, via
ui.upload.prepare) and the command line (fundcalc.cli.main). Timings go to
benchmarks/hostile.py, not into asserts here.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests import hostile_files as hf

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 2 << 30        # bytes of address space for the child
TIMEOUT = 180                 # seconds: generous; a refusal takes a few

# builder, what the child runs ("table": read_table + CLI --data; "scenario": CLI run; "set": CLI --set),
# and a fragment of the Chinese refusal both entry points must print
CASES = [
    ("merged_to_the_end", "table", "合并单元格远远超出表格"),
    ("rows_without_r", "table", "Excel 文件解压后过大"),
    ("rows_under_the_size_limits", "table", "行数过多"),
    ("huge_cell", "table", "Excel 文件解压后过大"),
    ("long_cell_small", "table", "单元格文字过长"),
    ("wide_row", "table", "Excel 文件解压后过大"),
    ("many_entries", "table", "压缩包内文件过多"),
    ("csv_many_rows", "table", "行数过多"),
    ("csv_long_cell", "table", "单元格文字过长"),
    ("csv_unclosed_quote", "table", "引号没有闭合"),
    ("parquet_many_rows", "table", "行数过多"),
    ("parquet_list_column", "table", "列表或结构"),
    ("scenario_deep", "scenario", "嵌套"),
    ("scenario_exponent", "scenario", "指数过大"),
    ("scenario_long_int", "scenario", "数字过长"),
]

CHILD = r"""
import json, resource, sys, io, contextlib
kind, path, out = sys.argv[1:4]
report = {}
from fundcalc import cli
if kind == "table":
    from fundcalc.mechanisms import allocation
    from fundcalc.datasets import DATASETS
    from fundcalc.errors import InputError
    from fundcalc.importer import read_table
    try:
        read_table(path, allocation.schema(DATASETS["qujing_2018"].policy()))
        report["import"] = "ACCEPTED"
    except InputError as exc:
        report["import"] = exc.one_line()
    args = ["allocation", "--data", path, "--out", out]
elif kind == "scenario":
    args = ["run", path, "--out", out]
else:
    args = ["allocation", "--set", path, "--out", out]
err = io.StringIO()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    report["cli_code"] = cli.main(args)
report["cli"] = err.getvalue()
report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(report, ensure_ascii=False))
"""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_child(kind: str, arg: str, tmp_path: Path) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, kind, arg, str(tmp_path / "out.csv")], cwd=ROOT,
                              capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {TIMEOUT} s")
    assert proc.returncode == 0, f"the child died (memory?): {proc.stderr[-2000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("builder, kind, fragment", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_at_once(builder, kind, fragment, tmp_path):
    path = getattr(hf, builder)(tmp_path)
    report = run_child(kind, str(path), tmp_path)
    if kind == "table":
        assert fragment in report["import"] and " | " in report["import"], report["import"]
    assert report["cli_code"] == 1 and fragment in report["cli"], report["cli"]
    assert "Traceback" not in report["cli"] and "MemoryError" not in report["cli"]
    assert report["peak_mb"] < 1024, report


@pytest.mark.parametrize("assignment, fragment", [("deduction_people=1e1000000", "指数过大"),
                                                  ("not_lifted.standard_yuan=180,5", "不是数字")])
def test_hostile_set_is_refused_at_once(assignment, fragment, tmp_path):
    report = run_child("set", assignment, tmp_path)
    assert report["cli_code"] == 1 and fragment in report["cli"] and "Traceback" not in report["cli"], report

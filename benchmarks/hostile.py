"""Time and peak memory of each hostile input's refusal (tests/hostile_files.py), one child process each.

Not a test (tests/test_hostile.py checks the outcomes under a memory limit); this prints the figures:
wall time of the child from start to answer (Python start-up and imports included, ≈ 1 s here), and the
child's peak resident memory. Run: .venv/bin/python -m benchmarks.hostile
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests import hostile_files as hf
from tests.test_hostile import CASES, CHILD, _limit

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = _run("set", "deduction_people=1", folder)   # start-up and imports alone
        rows.append(("(start-up: a good --set)", "-", baseline[0], baseline[1], "accepted"))
        for builder, kind, _ in CASES + [("--set deduction_people=1e1000000", "set", "")]:
            if kind == "set":
                arg, size = builder.split(" ", 1)[1], "-"
            else:
                path = getattr(hf, builder)(folder)
                arg, size = str(path), f"{path.stat().st_size / 1024:,.0f} KB"
            seconds, peak, report = _run(kind, arg, folder)
            said = (report.get("import") or report.get("cli", ""))[:60].replace("|", "/")
            rows.append((builder, size, seconds, peak, said))
    print("| case | file | seconds | peak MB | answer |\n|---|---:|---:|---:|---|")
    for name, size, seconds, peak, answer in rows:
        print(f"| {name} | {size} | {seconds:.2f} | {peak} | {answer.strip()} |")


def _run(kind: str, arg: str, folder: Path):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, kind, arg, str(folder / "out.csv")], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, preexec_fn=_limit)
    seconds = time.perf_counter() - start
    report = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else {"cli": proc.stderr[-60:]}
    return seconds, report.get("peak_mb", "?"), report


if __name__ == "__main__":
    main()

"""`make bench`: the calculation, browser latency, load and roster benchmarks in turn, saved to benchmarks/results/.

    .venv/bin/python -m benchmarks.run_all                     # writes benchmarks/results/latest.md
    .venv/bin/python -m benchmarks.run_all --quick             # fewer runs, 10 s of load: a smoke run

Each benchmark prints markdown; this script runs each as its own process (so one's servers and
browsers are gone before the next starts), echoes its output, and writes all of it, with the machine
and the load average, to benchmarks/results/latest.md. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def cpu_model() -> str:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=str(RESULTS / "latest.md"))
    args = parser.parse_args(argv)
    quick = args.quick
    steps = [
        ("计算 / Calculation", ["bench_calc"] + (["--runs", "20"] if quick else [])),
        ("浏览器延迟 / Browser latency", ["bench_browser"] + (["--changes", "5", "--loads", "2"] if quick else [])),
        ("多用户 / Many users", ["load"] + (["--seconds", "10"] if quick else [])),
        ("名单去重 / Roster deduplication", ["bench_roster"]
         + (["--records", "1000000", "--spark-records", "100000"] if quick else [])),
    ]
    head = [f"# 性能 / Performance — python -m benchmarks.run_all{' --quick' if quick else ''}", "",
            f"- date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
            f"- machine: {os.cpu_count()} cores (nproc), {cpu_model()}",
            f"- load average at start: {' '.join(open('/proc/loadavg').read().split()[:3])}",
            f"- python {sys.version.split()[0]}", ""]
    out = list(head)
    print("\n".join(head), flush=True)
    failed = []
    for title, cmd in steps:
        print(f"\n## {title}\n\n$ .venv/bin/python -m benchmarks.{' '.join(cmd)}", flush=True)
        t0 = time.monotonic()
        # As a module from the repository root, so that fundcalc, tests and benchmarks import without path edits.
        proc = subprocess.run([sys.executable, "-m", f"benchmarks.{cmd[0]}", *cmd[1:]], capture_output=True, text=True,
                              cwd=HERE.parent)
        text = proc.stdout + (f"\n(stderr)\n{proc.stderr[-3000:]}" if proc.returncode else "")
        print(text, flush=True)
        out += [f"## {title}", "", f"`.venv/bin/python -m benchmarks.{' '.join(cmd)}` "
                f"(exit {proc.returncode}, {time.monotonic() - t0:.0f} s)", "", text.rstrip(), ""]
        if proc.returncode:
            failed.append(cmd[0])
    out.append(f"load average at end: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark (not a test): rosters → per-county counts with DuckDB (10 M records) and Spark local[2] (1 M).

    .venv/bin/python -m benchmarks.bench_roster                # 10 M Parquet + CSV on DuckDB, 1 M on Spark
    .venv/bin/python -m benchmarks.bench_roster --records 1000000 --spark-records 200000   # a smoke run

The roster and the three lists are generated (fundcalc/roster/generate.py, planted duplicates, fixed
seed) into a temporary folder that is removed at the end; nothing is kept in the repository. Each run is
its own process, so its peak memory (VmHWM of the child, plus the driver JVM for Spark) is the engine's
alone; every run's counts are compared with the generator's plan. The query definition is one SQL text
(fundcalc/roster/query.py), so there is no separate hand-written DuckDB SQL to compare with: the DuckDB
figure is that SQL's. Goal (DuckDB, 10 M Parquet, this 2-core machine): under 30 s and 4 GiB peak.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GOAL_S, GOAL_GIB = 30.0, 4.0
RECORDS_PER_PERSON = 1.095  # the generator's default rates add ~9.5 % second records


def child(args) -> int:
    """One engine run; prints JSON (seconds, peak RSS) on stdout's last line."""
    from fundcalc.roster import RosterRules, Sources, run_headcount

    d = Path(args.dir)
    fmt = args.fmt
    sources = Sources(d / f"roster.{fmt}", d / f"bingtuan.{fmt}", d / f"cross_province.{fmt}", d / f"employee.{fmt}")
    session = None
    if args.engine == "spark":  # started here so that the JVM's peak can be read before it stops
        from fundcalc.roster.engines import quiet, spark_session

        session = spark_session("local[2]", Path(tempfile.mkdtemp(prefix="bench-spark-")))
        quiet(session)
    t0 = time.perf_counter()
    result = run_headcount(sources, RosterRules(cutoff="2020-06-30"), args.engine, memory_limit=args.memory_limit,
                           spark_session=session)
    seconds = time.perf_counter() - t0
    jvm_kib = descendants_peak_kib() if session is not None else 0
    if session is not None:
        session.stop()
    expected = json.loads((d / "expected.json").read_text())
    got = result.detail[list(expected)].to_dict("list")
    # VmHWM, not ru_maxrss: ru_maxrss survives fork/exec and would report the parent's (the generator's) size.
    own_kib = vm_hwm_kib(os.getpid())
    print(json.dumps({"seconds": seconds, "equal": got == expected, "records": int(result.detail["records"].sum()),
                      "own_gib": own_kib / 2**20, "jvm_gib": jvm_kib / 2**20}))
    return 0


def vm_hwm_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def descendants_peak_kib() -> int:
    """Sum of VmHWM (peak resident memory) of this process's descendants, e.g. the Spark driver JVM."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parent[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    me, total = os.getpid(), 0
    for pid in parent:
        p = pid
        while p in parent and p != me and p > 1:
            p = parent[p]
        if p == me and pid != me:
            total += vm_hwm_kib(pid)
    return total


def run_child(d: Path, fmt: str, engine: str, memory_limit: str | None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_roster", "--child", "--dir", str(d), "--fmt", fmt,
           "--engine", engine]
    if memory_limit:
        cmd += ["--memory-limit", memory_limit]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"{engine} {fmt} failed:\n{proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    # The run's own process (DuckDB is in it) plus, for Spark, the driver JVM it started.
    out |= {"wall": wall, "peak_gib": out["own_gib"] + out["jvm_gib"]}
    return out


def make(d: Path, records: int, fmt: str, seed: int = 1) -> tuple[int, float]:
    from fundcalc.roster.generate import generate

    t0 = time.perf_counter()
    plan = generate(d, persons=int(records / RECORDS_PER_PERSON), counties=16, seed=seed, fmt=fmt, keep_ids=False)
    (d / "expected.json").write_text(json.dumps(plan.expected(False).to_dict("list"), ensure_ascii=False,
                                                default=int))
    return plan.records, time.perf_counter() - t0


def size_mb(d: Path, fmt: str) -> float:
    return sum(p.stat().st_size for p in d.glob(f"*.{fmt}")) / 1e6


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=10_000_000)
    p.add_argument("--spark-records", type=int, default=1_000_000)
    p.add_argument("--no-spark", action="store_true")
    p.add_argument("--no-csv", action="store_true")
    p.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit (spill beyond it to the temp folder)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--dir", help=argparse.SUPPRESS)
    p.add_argument("--fmt", help=argparse.SUPPRESS)
    p.add_argument("--engine", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-roster-"))
    try:
        jobs = [("parquet", "duckdb", args.records)]
        if not args.no_csv:
            jobs.append(("csv", "duckdb", args.records))
        if not args.no_spark:
            jobs.append(("parquet", "spark", args.spark_records))
        made = {}
        for fmt, engine, n in jobs:
            d = tmp / f"{fmt}_{n}"
            if d not in made:
                d.mkdir()
                made[d] = make(d, n, fmt)
            recs, gen_s = made[d]
            r = run_child(d, fmt, engine, args.memory_limit if engine == "duckdb" else None)
            rows.append((engine, fmt, recs, size_mb(d, fmt), gen_s, r))
            print(f"  {engine} {fmt} {recs:,}: {r['seconds']:.1f} s, peak {r['peak_gib']:.2f} GiB, "
                  f"equal to plan: {r['equal']}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    print("| engine | input | records | files (MB) | run (s) | per record (µs) | peak memory (GiB) | counts = plan |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for engine, fmt, recs, mb, _gen, r in rows:
        peak = f"{r['peak_gib']:.2f}" + (f" (JVM {r['jvm_gib']:.2f})" if engine == "spark" else "")
        print(f"| {engine}{' local[2]' if engine == 'spark' else ''} | {fmt} | {recs:,} | {mb:,.0f} | "
              f"{r['seconds']:.1f} | {r['seconds'] / recs * 1e6:.2f} | {peak} | {'yes' if r['equal'] else 'NO'} |")
    print()
    print(f"{os.cpu_count()} cores; load average at end {load}; DuckDB memory_limit {args.memory_limit}; "
          f"goal for DuckDB Parquet at 10 M: < {GOAL_S:.0f} s and < {GOAL_GIB:.0f} GiB. "
          "Peak memory: VmHWM of the run's own process, plus the driver JVM's for Spark. "
          "Run = the engine's run (files → county table and report), generation not included.")
    ok = all(r["equal"] for *_, r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

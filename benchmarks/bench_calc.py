"""Benchmark (not a test): each mechanism's compute at 9 and at 3,000 counties.

    .venv/bin/python -m benchmarks.bench_calc              # 9 and 3,000 counties, 200 runs each
    .venv/bin/python -m benchmarks.bench_calc --counties 9 3000 30000 --runs 100

Tables come from benchmarks/synthetic.py (示例数据 / synthetic, fixed seed). For each mechanism two
timings: ``compute(table, policy, validated=True)`` on an already validated table (what the
dashboard does after import), and ``compute(raw_table, policy)``, which validates first. The figure
is the median of ``--runs`` calls timed with time.perf_counter, after a few warm-up calls; p90 is
shown to judge the noise. The target (README 性能): under 5 ms per mechanism at 3,000 counties.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from dataclasses import replace

import numpy as np
import pandas as pd

from benchmarks import synthetic
from fundcalc.datasets import DATASETS
from fundcalc.mechanisms import allocation, pooling, settlement
from fundcalc.mechanisms.pooling import budget as global_budget
from fundcalc.mechanisms.pooling.table import monthly_schema
from fundcalc.validate import validate_table

TARGET_MS = 5.0
WARMUP = 5


def time_ms(fn, runs: int) -> tuple[float, float]:
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), float(np.percentile(samples, 90))


def cases(n: int, seed: int):
    """(name, compute on a validated table, compute including validation) for each mechanism."""
    p_alloc = DATASETS["qujing_2018"].policy()
    p_settle = DATASETS["tacheng_2020"].policy()
    p_head = replace(p_settle, values=p_settle.values | {"mode": "headcount"})
    p_pool = DATASETS["yuncheng_2019_sample"].policy()

    alloc = synthetic.allocation_table(n, seed)
    settle = synthetic.settlement_table(n, seed)
    head = synthetic.settlement_headcount_table(n, seed)
    pool = synthetic.pooling_table(n, seed)
    monthly = synthetic.monthly_table(n, seed)

    alloc_v = validate_table(alloc, allocation.schema(p_alloc))
    settle_v = validate_table(settle, settlement.schema(p_settle))
    head_v = validate_table(head, settlement.schema(p_head))
    pool_v = validate_table(pool, pooling.schema(p_pool))
    monthly_v = validate_table(monthly, monthly_schema())

    return [
        ("allocation (曲财社〔2018〕106号)",
         lambda: allocation.compute(alloc_v, p_alloc, validated=True),
         lambda: allocation.compute(alloc, p_alloc)),
        ("settlement, given (塔地财社〔2021〕87号)",
         lambda: settlement.compute(settle_v, p_settle, validated=True),
         lambda: settlement.compute(settle, p_settle)),
        ("settlement, headcount (塔地财社〔2021〕87号)",
         lambda: settlement.compute(head_v, p_head, validated=True),
         lambda: settlement.compute(head, p_head)),
        ("pooling (运政办发〔2019〕30号 二)",
         lambda: pooling.compute(pool_v, p_pool, validated=True),
         lambda: pooling.compute(pool, p_pool)),
        ("global budget (运政办发〔2019〕30号 三)",
         lambda: global_budget.compute(pool_v, monthly_v, p_pool, validated=True),
         lambda: global_budget.compute(pool, monthly, p_pool)),
    ]


def sweep_seconds(n: int, values: int, seed: int, runs: int = 5) -> float:
    """fundcalc.sweep.evaluate of ``values`` 未脱贫 standards over an ``n``-county table (what goal-seek and
    the sensitivity page run), median of ``runs``, in seconds."""
    from fundcalc import sweep

    policy = DATASETS["qujing_2018"].policy()
    table = validate_table(synthetic.allocation_table(n, seed), allocation.schema(policy))
    settings = [{"not_lifted.standard_yuan": 100 + k} for k in range(values)]
    return time_ms(lambda: sweep.evaluate(table, policy, "allocation", settings, ["city_total_fen", "total_fen"]),
                   runs)[0] / 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, nargs="+", default=[9, 3000])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    args = parser.parse_args(argv)

    print(f"# fundcalc benchmark — 示例数据 / synthetic tables (seed {args.seed}), median of {args.runs} runs")
    print(f"# Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"{platform.machine()}")
    print()
    print("| mechanism | counties | compute, validated (ms) | p90 | with validation (ms) | p90 |")
    print("|---|---:|---:|---:|---:|---:|")
    slow = []
    for n in args.counties:
        for name, validated, raw in cases(n, args.seed):
            med_v, p90_v = time_ms(validated, args.runs)
            med_r, p90_r = time_ms(raw, args.runs)
            print(f"| {name} | {n:,} | {med_v:.2f} | {p90_v:.2f} | {med_r:.2f} | {p90_r:.2f} |")
            if n == 3000 and med_v >= TARGET_MS:
                slow.append(name)
    print()
    if 3000 in args.counties:
        print(f"target < {TARGET_MS:g} ms per mechanism at 3,000 counties (compute on a validated table): "
              + ("met" if not slow else "NOT met by " + ", ".join(slow)))
        seconds = sweep_seconds(3000, 1000, args.seed)
        print(f"sweep of 1,000 standards over 3,000 counties (fundcalc.sweep.evaluate, median of 5): {seconds:.3f} s; "
              f"target < 1 s: {'met' if seconds < 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

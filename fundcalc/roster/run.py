"""One roster run: register the files with an engine, run the SQL, keep only aggregates.

Everything person-level stays inside the engine and a temporary folder (spill files, Spark local
folders) that is removed when the run ends, whether it succeeds or not.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..errors import InputError
from . import query
from .engines import ENGINES, DuckDBEngine, Sources, SparkEngine
from .result import HeadcountResult
from .rules import RosterRules

# progress(fraction 0..1, zh, en)
Progress = Callable[[float, str, str], None]


def _silent(_f: float, _zh: str, _en: str) -> None:
    return None


def _with_progress(engine, sql: str, progress: Progress, lo: float, hi: float, zh: str, en: str,
                   keep: str | None = None) -> pd.DataFrame | None:
    """Run ``sql`` in a worker thread; this (the caller's) thread reports the engine's progress (DuckDB's
    query_progress) between ``lo`` and ``hi``, so a page can draw it from its own script thread."""
    progress(lo, zh, en)
    out: dict = {}

    def work():
        try:
            out["frame"] = engine.keep(keep, sql) if keep else engine.query(sql)
        except BaseException as exc:  # noqa: BLE001 — handed back to the caller's thread below
            out["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.25)
        p = engine.progress() if worker.is_alive() else None
        if p is not None:
            progress(lo + (hi - lo) * min(max(p, 0.0), 1.0), zh, en)
    if "error" in out:
        raise out["error"]
    progress(hi, zh, en)
    return out["frame"]


def run_headcount(sources: Sources, rules: RosterRules, engine: str = "duckdb", *, spark_master: str = "local[2]",
                  spark_session=None, memory_limit: str | None = None, threads: int | None = None,
                  progress: Progress | None = None) -> HeadcountResult:
    """The per-county counts of ``sources`` under ``rules`` on ``engine`` ("duckdb" or "spark")."""
    if engine not in ENGINES:
        raise InputError("引擎应为 duckdb 或 spark", "the engine must be duckdb or spark", column="engine",
                         value=engine)
    progress = progress or _silent
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="fundcalc-roster-"))
    runner = None
    try:
        progress(0.02, "启动计算引擎", "starting the engine")
        if engine == "duckdb":
            runner = DuckDBEngine(tmp, memory_limit=memory_limit, threads=threads)
        else:
            runner = SparkEngine(tmp, master=spark_master, session=spark_session)
        progress(0.08, "读取名单表头", "reading the headers")
        runner.register(sources)
        steps = query.stages(rules)
        for i, (name, sql) in enumerate(steps):
            lo = 0.1 + 0.4 * i / len(steps)
            _with_progress(runner, sql, progress, lo, lo + 0.4 / len(steps), "核对身份证号与参保日期",
                           "checking ID numbers and dates", keep=name)
        counties = _with_progress(runner, query.county_sql(rules), progress, 0.5, 0.8,
                                  "按县去重计数", "counting per county")
        lists = _with_progress(runner, query.lists_sql(rules), progress, 0.8, 0.92,
                               "核对三类名单", "checking the lists")
        examples = _with_progress(runner, query.invalid_examples_sql(rules), progress, 0.92, 0.98,
                                  "整理无效号码示例（已脱敏）", "masked examples of invalid numbers")
    except InputError:
        raise
    except Exception as exc:  # engine errors name the file's content at most through the engine's message
        raise InputError(f"名单处理失败：{type(exc).__name__}", f"the roster run failed: {type(exc).__name__}: "
                         f"{_first_line(exc)}") from None
    finally:
        if runner is not None:
            runner.close()
        _remove(tmp)
    progress(1.0, "完成", "done")
    return HeadcountResult.from_frames(counties, lists, examples, rules, engine, time.perf_counter() - t0)


def _remove(tmp: Path) -> None:
    """Remove the run's temporary folder; retried briefly in case an engine thread is still letting go of a file."""
    for _ in range(20):
        shutil.rmtree(tmp, ignore_errors=True)
        if not tmp.exists():
            return
        time.sleep(0.25)


def _first_line(exc: Exception) -> str:
    """An engine message, first line only, with long digit runs masked (they may be a 身份证号 from the file)."""
    import re

    line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return re.sub(r"\d{4}(\d{7,})([\dXx]{4})", lambda m: m.group(0)[:4] + "*" * len(m.group(1)) + m.group(2),
                  line)[:300]

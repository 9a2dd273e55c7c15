"""`python -m fundcalc headcount`: rosters → the settlement county table (CSV) and a report (Markdown)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError
from .engines import ENGINES, Sources
from .rules import DEFAULT_ACTIVE_STATUSES, RosterRules
from .run import run_headcount

DESCRIPTION = ("名单去重：从参保名单计算 6月底参保人数与省内、兵团、跨省、跨制度重复参保人数 / "
               "rosters to the insured count and the four duplicate counts per county")


def add_parser(sub) -> None:
    p = sub.add_parser("headcount", help="名单去重 / roster deduplication", description=DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="files: CSV (UTF-8, header row) or Parquet; headers in Chinese or English "
                              "(身份证号/id_number, 县(市、区)/county, 参保日期/insured_date, 参保状态/status)")
    p.add_argument("--roster", required=True, help="参保名单 / roster at the cut-off")
    p.add_argument("--bingtuan", help="兵团参保名单 / 兵团 insured list")
    p.add_argument("--cross-province", help="跨省重复参保名单 / cross-province duplicate list")
    p.add_argument("--employee", help="职工医保参保名单 / employee-insurance list")
    p.add_argument("--cutoff", required=True, help="截止日期 YYYY-MM-DD / cut-off date (e.g. 6月底)")
    p.add_argument("--out", required=True, help="县级结算表 CSV / settlement county table CSV")
    p.add_argument("--report", help="报告 Markdown（默认与 --out 同名 .report.md）/ report (default beside --out)")
    p.add_argument("--engine", choices=ENGINES, default="duckdb")
    p.add_argument("--spark-master", default="local[2]", help="Spark master URL (default local[2])")
    p.add_argument("--convert-15", action="store_true", help="15 位旧号码转为 18 位 / convert 15-digit numbers")
    p.add_argument("--active-status", action="append", metavar="WORD",
                   help="计入的参保状态（可重复）/ active status word (repeatable); "
                        f"default {'、'.join(DEFAULT_ACTIVE_STATUSES)}")
    p.add_argument("--ignore-status", action="store_true", help="不检查参保状态 / ignore the status column")
    p.add_argument("--memory-limit", help="DuckDB memory limit, e.g. 3GB")


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def run(args) -> list[str]:
    """Run the roster step; returns the lines to print (aggregates only)."""
    statuses = None if args.ignore_status else tuple(args.active_status or DEFAULT_ACTIVE_STATUSES)
    rules = RosterRules(cutoff=args.cutoff, active_statuses=statuses, convert_15=args.convert_15)
    sources = Sources(Path(args.roster), _path(args.bingtuan), _path(args.cross_province), _path(args.employee))
    result = run_headcount(sources, rules, args.engine, spark_master=args.spark_master,
                           memory_limit=args.memory_limit)
    out = Path(args.out)
    report = Path(args.report) if args.report else out.with_suffix(".report.md")
    try:
        out.write_bytes(result.county_csv())
        report.write_text(result.report_markdown("zh") + "\n---\n\n" + result.report_markdown("en"), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{exc.strerror}", f"cannot write the output file: {exc.strerror}",
                         value=str(out)) from None
    t = result.totals()
    return [f"县 / counties: {len(result.detail)}; 记录 / records: {t['records']:,}; "
            f"无效身份证号 / invalid ID numbers: {t['invalid_id']:,}",
            f"参保人数 / insured: {t['insured']:,}; 省内 {t['dup_in_province']:,}, 兵团 {t['dup_bingtuan']:,}, "
            f"跨省 {t['dup_cross_province']:,}, 跨制度 {t['dup_cross_system']:,}; 结算补助人数 / headcount: "
            f"{t['headcount']:,}",
            f"引擎 / engine: {result.engine}, {result.seconds:,.1f} s",
            f"报告 / report: {report}"]

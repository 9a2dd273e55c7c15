"""python -m fundcalc: the analysts' batch use, and how the package is checked from outside.

Every refusal prints one line (Chinese | English) naming the row, the column and the value, and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import backup, mechanisms
from .datasets import default_dataset
from .errors import InputError
from .forms.command import add_forms_parser, resolve_data, write_forms
from .importer import read_table
from .notice.command import add_notice_parser, write_notice
from .params import load_policy, parse_assignment
from .roster import command as roster_command
from .scenario import Scenario
from .scenario import compute as compute_scenario
from .tables import keyed_csv, official_xlsx


def _param_help(mechanism: str) -> str:
    ds = default_dataset(mechanism)
    policy = ds.policy()
    specs = mechanisms.get(mechanism).param_specs(policy)
    lines = [f"parameters (--set NAME=VALUE), defaults from {ds.params_file} ({policy.doc_no}):"]
    for key, p in specs.items():
        unit = f" [{p.unit_zh}]" if p.unit_zh else ""
        choices = f" {{{', '.join(map(str, p.choices))}}}" if p.choices else ""
        kind = policy.source(key).label("zh")  # 文件规定 / 示例值 / 假设: what the default is
        lines.append(f"  {key}{unit}{choices} = {policy.values.get(key)} ({kind})  {p.zh} / {p.en}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fundcalc",
                                     description="医保资金测算 / medical-insurance fund calculations")
    sub = parser.add_subparsers(dest="command", required=True)
    for spec in mechanisms.specs():
        mech, zh = spec.name, f"{spec.zh} / {spec.en}"
        p = sub.add_parser(mech, help=zh, description=zh, epilog=_param_help(mech),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--data", default=str(default_dataset(mech).data_path),
                       help="county table: CSV, XLSX or Parquet")
        p.add_argument("--params", default=None, help="policy TOML (default: the shipped document's)")
        p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a parameter")
        p.add_argument("--out", required=True, help="output file, .csv or .xlsx")
    run = sub.add_parser("run", help="计算一个已保存的方案 / compute a saved scenario",
                         description="计算方案文件（data/scenarios/*.json 或看板导出的 JSON）/ compute a scenario file")
    run.add_argument("scenario", help="scenario JSON file")
    run.add_argument("--out", required=True, help="output file, .csv or .xlsx")
    add_forms_parser(sub)
    roster_command.add_parser(sub)
    add_notice_parser(sub)
    backup.add_parser(sub)
    return parser


def compute_from_args(args):
    if args.command == "run":
        return compute_scenario(Scenario.load(args.scenario))
    mech = args.mechanism if args.command in ("forms", "notice") else args.command
    policy = load_policy(args.params) if args.params else default_dataset(mech).policy()
    module = mechanisms.get(mech)
    overrides = dict(parse_assignment(s) for s in args.set)
    policy = policy.with_overrides(overrides, module.param_specs(policy))
    imported = read_table(args.data, module.schema(policy))
    with imported.rows.naming():          # a refusal of the calculation cites the file's row
        return module.compute(imported.frame, policy, validated=True)


def write_output(result, out: str) -> None:
    path = Path(out)
    data = official_xlsx(result) if path.suffix.lower() == ".xlsx" else keyed_csv(result)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{exc.strerror}", f"cannot write the output file: {exc.strerror}",
                         value=out) from None


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "backup":
            print(backup.run(args))
            return 0
        if args.command == "headcount":
            for line in roster_command.run(args):
                print(line)
            print(f"已写入 / written: {args.out}")
            return 0
        if args.command in ("forms", "notice"):
            resolve_data(args)
        result = compute_from_args(args)
        if args.command == "forms":
            for note in write_forms(args, result):
                print(note, file=sys.stderr)
            if args.list_texts:
                return 0
        elif args.command == "notice":
            for note in write_notice(args, result):
                print(note, file=sys.stderr)
            if args.list_texts:
                return 0
        else:
            write_output(result, args.out)
    except InputError as exc:
        print(exc.one_line(), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 — the promise is: never a traceback
        print(f"无法处理输入：{type(exc).__name__}: {exc} | cannot process the input", file=sys.stderr)
        return 1
    print(f"已写入 / written: {args.out}")
    return 0

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
from .params import TO_FILL, load_policy, parse_assignment
from .policy_template import template
from .roster import command as roster_command
from .scenario import Scenario
from .scenario import compute as compute_scenario
from .tables import keyed_csv, official_xlsx


def _param_help(mechanism: str, params: str | None = None) -> str:
    """The parameters and their values: of the policy file given with --params, else of the shipped one."""
    if params:
        try:
            policy = load_policy(params)
        except InputError as exc:
            return f"parameters (--set NAME=VALUE): {exc.one_line()}"
        if policy.mechanism != mechanism:
            return f"parameters (--set NAME=VALUE): {params} is a {policy.mechanism} policy, not {mechanism}"
        where = f"{Path(params).name} ({policy.doc_no})"
    else:
        ds = default_dataset(mechanism)
        policy = ds.policy()
        where = f"{ds.params_file} ({policy.doc_no})"
    specs = mechanisms.get(mechanism).param_specs(policy)
    lines = [f"parameters (--set NAME=VALUE), defaults from {where}:"]
    for key, p in specs.items():
        unit = f" [{p.unit_zh}]" if p.unit_zh else ""
        choices = f" {{{', '.join(map(str, p.choices))}}}" if p.choices else ""
        kind = policy.source(key).label("zh")  # 文件规定 / 示例值 / 假设: what the default is
        value = policy.values.get(key, "—")
        lines.append(f"  {key}{unit}{choices} = {value} ({kind})  {p.zh} / {p.en}")
    return "\n".join(lines)


def _params_arg(argv) -> str | None:
    """The --params value of a command line, read before parsing so --help can describe that policy."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for i, a in enumerate(argv):
        if a == "--params" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--params="):
            return a.split("=", 1)[1]
    return None


def build_parser(params: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fundcalc",
                                     description="医保资金测算 / medical-insurance fund calculations")
    sub = parser.add_subparsers(dest="command", required=True)
    for spec in mechanisms.specs():
        mech, zh = spec.name, f"{spec.zh} / {spec.en}"
        p = sub.add_parser(mech, help=zh, description=zh, epilog=_param_help(mech, params),
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
    pol = sub.add_parser("policy", help="政策文件 / policy files",
                         description="政策文件：写出可填写的模板 / policy files: write a template to fill in")
    pol_sub = pol.add_subparsers(dest="policy_command", required=True)
    new = pol_sub.add_parser("new", help="写出某类测算的政策文件模板 / write a policy template",
                             description="写出带注释的政策文件模板，每个待填写项注明含义、单位和范围 / a commented "
                                         "template: each value to fill in with its meaning, unit and range")
    new.add_argument("mechanism", choices=mechanisms.names(), help="测算类型 / mechanism")
    new.add_argument("--out", required=True, help="the .toml file to write")
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


def _policy_new(args) -> list[str]:
    _write(Path(args.out), template(args.mechanism).encode("utf-8"), args.out)
    return [f"请填写每个“{TO_FILL}” / fill in each \"{TO_FILL}\""]


def write_output(result, out: str) -> None:
    path = Path(out)
    _write(path, official_xlsx(result) if path.suffix.lower() == ".xlsx" else keyed_csv(result), out)


def _write(path: Path, data: bytes, out: str) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{exc.strerror}", f"cannot write the output file: {exc.strerror}",
                         value=out) from None


def _print_lines(lines, file=None) -> None:
    for line in lines:
        print(line, file=file)


def _run(args) -> bool:
    """Carry out the command; True when it wrote ``args.out`` (the caller says so)."""
    if args.command == "backup":
        print(backup.run(args))
        return False
    if args.command in ("policy", "headcount"):
        _print_lines(_policy_new(args) if args.command == "policy" else roster_command.run(args))
        return True
    if args.command in ("forms", "notice"):
        resolve_data(args)
        result = compute_from_args(args)
        writer = write_forms if args.command == "forms" else write_notice
        _print_lines(writer(args, result), file=sys.stderr)
        return not args.list_texts
    write_output(compute_from_args(args), args.out)
    return True


def main(argv=None) -> int:
    args = build_parser(_params_arg(argv)).parse_args(argv)
    try:
        wrote = _run(args)
    except InputError as exc:
        print(exc.one_line(), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 — the promise is: never a traceback
        print(f"无法处理输入：{type(exc).__name__}: {exc} | cannot process the input", file=sys.stderr)
        return 1
    if wrote:
        print(f"已写入 / written: {args.out}")
    return 0

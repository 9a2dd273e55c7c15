"""`python -m fundcalc forms <mechanism> --data FILE --out FORMS.xlsx`: every official
form of a mechanism in one workbook. The scenario is computed by cli.compute_from_args, as for the
single-table commands; this module adds the forms' own inputs (--text, --spent, --monthly)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import mechanisms
from ..datasets import default_dataset, for_mechanism
from ..errors import InputError
from ..importer import read_table
from ..money import wan_to_fen
from ..numbers import NOT_A_NUMBER, NumberError
from ..numbers import parse as parse_number
from ..params import parse_assignment
from ..result import Result
from .workbook import FormOptions, check_texts, workbook

SAMPLE_LABEL = "示例数据（县级数字为示例，非官方数据）"


def add_inputs(p, text_help: str) -> None:
    """The inputs a document command takes: which mechanism, its table, its policy, overrides, wording."""
    p.add_argument("mechanism", choices=mechanisms.names(), help=" | ".join(mechanisms.names()))
    p.add_argument("--data", default=None, help="county table: CSV, XLSX or Parquet (default: the shipped document's)")
    p.add_argument("--params", default=None, help="policy TOML (default: the shipped document's)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a parameter")
    p.add_argument("--text", action="append", default=[], metavar="KEY=TEXT", help=text_help)


def add_forms_parser(sub) -> None:
    p = sub.add_parser(
        "forms", help="正式表格：分配表、绩效目标表、跟踪反馈表 / the official forms",
        description="把一个测算的全部正式表格写入一个 XLSX（每张表一个工作表）/ every official form of a "
                    "mechanism in one workbook, one sheet per form",
        epilog="--text keys: run with --list-texts to see the editable wording and its defaults.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_inputs(p, "replace a form's default wording, e.g. performance.satisfaction='> 95%%'")
    p.add_argument("--spent", action="append", default=[], metavar="COUNTY=万元",
                   help="实际支出金额 of a county's 跟踪反馈表 (mechanisms with that form), in 万元")
    p.add_argument("--monthly", default=None,
                   help="the secondary calculation's own table (the pooling's monthly inpatient costs for the 总额预算 "
                        "sheet; default: the shipped sample's)")
    p.add_argument("--list-texts", action="store_true", help="print the editable wording keys and defaults")
    p.add_argument("--out", default=None, help="output workbook, .xlsx")


def resolve_data(args) -> None:
    """The shipped dataset's table when --data is not given (so compute_from_args can read it)."""
    if args.data is None:
        args.data = str(default_dataset(args.mechanism).data_path)


def _label(imported) -> str:
    lines = " ".join(imported.label_lines).lower()
    return SAMPLE_LABEL if ("示例数据" in lines or "sample" in lines or "illustrative" in lines) else ""


def _budget(args, result: Result, counties):
    """The secondary calculation (the pooling's global budget) when its own table is at hand."""
    secondary = mechanisms.get(args.mechanism).secondary
    monthly_path = args.monthly
    if monthly_path is None:
        shipped = [d for d in for_mechanism(args.mechanism)
                   if d.monthly_file and Path(d.data_path).resolve() == Path(args.data).resolve()]
        if not shipped:
            return None, ("未提供月度住院费用表（--monthly），未生成总额预算表"
                          " | no --monthly table: budget sheet left out")
        monthly_path = shipped[0].data_path.parent / shipped[0].monthly_file
    if "inpatient_base_wan" not in counties or counties["inpatient_base_wan"].isna().any():
        return None, ("县级表缺少「上年住院医保费用」，未生成总额预算表"
                      " | no base-year inpatient cost: budget sheet left out")
    monthly = read_table(monthly_path, secondary.schema()).frame
    # validate.py keeps row numbers (arrays) in .attrs, which pandas' merge cannot compare: drop them here.
    counties, monthly = counties.copy(), monthly.copy()
    counties.attrs, monthly.attrs = {}, {}
    return secondary.compute(counties, monthly, result.policy), None


def options_from_args(args, result: Result) -> tuple[FormOptions, list[str]]:
    notes: list[str] = []
    spec = mechanisms.get(args.mechanism)
    imported = read_table(args.data, spec.schema(result.policy))
    opts = FormOptions(texts=dict(parse_assignment(s) for s in args.text), label=_label(imported))
    for s in args.spent:
        county, value = parse_assignment(s)
        try:
            amount = parse_number(value)      # the one number parser: "180,5" is refused, not read as 1805
        except NumberError as exc:
            raise InputError(exc.zh, exc.en, column=f"--spent {county}", value=value) from None
        if amount is None:
            raise InputError(*NOT_A_NUMBER, column=f"--spent {county}", value=value)
        opts.spent[county] = wan_to_fen(amount)
    if args.spent and not any("tracking" in f.inputs for f in spec.forms):
        raise InputError("此测算没有跟踪反馈表", "this calculation has no spending feedback form", column="--spent")
    if args.monthly and spec.secondary is None:
        raise InputError("此测算没有月度表", "this calculation takes no secondary table", column="--monthly")
    if spec.secondary is not None:
        opts.budget, note = _budget(args, result, imported.frame)
        if note:
            notes.append(note)
    check_texts(result, opts)
    return opts, notes


def write_forms(args, result: Result) -> list[str]:
    """Write the workbook; returns notes for the terminal (sheets left out and why)."""
    from .facts import report_lines
    from .workbook import default_texts, missing_texts

    opts, notes = options_from_args(args, result)
    if args.list_texts:
        for key, value in default_texts(result, opts).items():
            print(f"{key} = {value}")
        return notes
    if not args.out:
        raise InputError("请用 --out 指定输出文件（.xlsx）", "give the output file with --out (.xlsx)", column="--out")
    if Path(args.out).suffix.lower() != ".xlsx":
        raise InputError("正式表格只能写成 .xlsx", "the forms are written as .xlsx only", column="--out",
                         value=args.out)
    data = workbook(result, opts)
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{exc.strerror}", f"cannot write the output file: {exc.strerror}",
                         value=args.out) from None
    return notes + report_lines(missing_texts(result, opts), "表格文字", "form texts")

"""`python -m fundcalc notice allocation|settlement|pooling [--params] [--data] [--set] [--text KEY=TEXT]
[--per-county] --out NOTICE.docx`: the notice that issues a scenario, with its forms as 附件.

The scenario is computed by cli.compute_from_args and the forms built by fundcalc.forms exactly as
``python -m fundcalc forms`` builds them; this module adds the notice's own wording (--text)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from .. import mechanisms
from ..errors import InputError
from ..forms.command import add_inputs, options_from_args
from ..forms.facts import report_lines
from ..forms.workbook import build_kind, kinds, missing_texts
from ..params import parse_assignment
from ..result import Result
from .docx_writer import notice_docx
from .draft import FIELD_LABELS, SAMPLE_MARK, build_notice, default_fields, merge_fields

SAMPLE_NOTICE = "示例（数据为示例数据，非正式文件）"


def add_notice_parser(sub) -> None:
    p = sub.add_parser(
        "notice", help="下达通知（DOCX，附正式表格）/ the notice issuing the scenario, with its forms",
        description="按参数文件中的通知要素和测算结果生成下达通知（GB/T 9704 版式），正式表格作为附件 / "
                    "the notice as DOCX from the policy's notice facts and the result; the forms follow as 附件",
        epilog="--text keys: run with --list-texts to see the notice's editable wording and its defaults.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_inputs(p, "replace a notice field, e.g. date=2026年12月1日 or addressees=…")
    p.add_argument("--monthly", default=None, help="pooling: monthly inpatient cost table (as for forms)")
    p.add_argument("--per-county", action="store_true",
                   help="also write one notice per county with its own amount: OUT_<县>.docx")
    p.add_argument("--list-texts", action="store_true", help="print the notice's editable fields and defaults")
    p.add_argument("--out", default=None, help="output file, .docx")


def _is_sample(result: Result) -> bool:
    notice = mechanisms.get(result.mechanism).notice
    return bool(notice and notice.sample)


def _forms(result: Result, options, county: str | None) -> list:
    forms = []
    for kind in kinds(result.mechanism):
        forms += build_kind(result, kind, options, counties=[county] if county and kind == "tracking" else None)
    return forms


def notice_bytes(result: Result, options, overrides: dict | None = None, county: str | None = None,
                 label: str = "") -> bytes:
    """One notice (all counties, or ``county``'s own) as DOCX, its forms built from ``options``."""
    forms = _forms(result, options, county)
    return notice_docx(build_notice(result, forms, overrides, county, label), forms)


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{exc.strerror}", f"cannot write the output file: {exc.strerror}",
                         value=str(path)) from None


def write_notice(args, result: Result) -> list[str]:
    """Write the notice (and with --per-county one per county); returns lines for the terminal."""
    overrides = dict(parse_assignment(s) for s in args.text)
    if args.list_texts:
        for key, value in default_fields(result).items():
            print(f"{key} = {value}")
        return []
    if not args.out:
        raise InputError("请用 --out 指定输出文件（.docx）", "give the output file with --out (.docx)", column="--out")
    out = Path(args.out)
    if out.suffix.lower() != ".docx":
        raise InputError("通知只能写成 .docx", "the notice is written as .docx only", column="--out", value=args.out)
    form_args = argparse.Namespace(**{**vars(args), "text": [], "spent": [], "list_texts": False})
    options, notes = options_from_args(form_args, result)
    label = SAMPLE_NOTICE if (options.label or _is_sample(result)) else ""
    _write(out, notice_bytes(result, options, overrides, None, label))
    written = [str(out)]
    if args.per_county:
        for county in result.table["county"].astype(str):
            path = out.with_name(f"{out.stem}_{_safe(county)}{out.suffix}")
            _write(path, notice_bytes(result, options, overrides, county, label))
            written.append(str(path))
    fields = merge_fields(result, overrides)
    unfilled = [(k, *FIELD_LABELS[k]) for k, v in fields.items() if "【待填写" in v]
    return (notes + [f"已写入 / written: {p}" for p in written[1:]]
            + report_lines(unfilled, "通知要素", "notice facts")
            + report_lines(missing_texts(result, options), "附件表格文字", "attachment form texts"))


__all__ = ["SAMPLE_MARK", "SAMPLE_NOTICE", "add_notice_parser", "notice_bytes", "write_notice"]

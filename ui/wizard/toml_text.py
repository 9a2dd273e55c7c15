"""A policy document (the dict tomllib reads from data/params/*.toml) written back as TOML text, laid out as the
shipped files are: [meta] with [[meta.categories]], [values] with [values.<category>], [sources] as one inline
table per value, then the document's other sections ([level_names.*], [clauses], [[basis]], [forms.*]…).

Written here rather than with a TOML library: the layout (inline source tables, sections in the shipped files'
order) is what a user reads when they download their policy, and nothing else in the product writes TOML.
No streamlit here: the tests call it directly."""

from __future__ import annotations

import json
import re
from decimal import Decimal

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# The sections the shipped files open with, in their order; any other section follows in the document's order.
FIRST = ("meta", "values", "sources")


def key_text(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def value_text(value) -> str:
    """One TOML value. Decimals stay exact: whole ones as integers, others as text ("12.5"), which every
    reader of policy values parses (fundcalc.money, Param.coerce)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else json.dumps(str(value.normalize()))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string (its escapes are a subset of TOML's).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key_text(str(k))} = {value_text(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_table_array(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(path: list[str], body: dict, out: list[str], inline_children: bool = False) -> None:
    """``[path]`` with its plain keys, then its sub-tables and arrays of tables (each under its full path)."""
    plain = {k: v for k, v in body.items()
             if inline_children or not (isinstance(v, dict) or _is_table_array(v))}
    nested = {k: v for k, v in body.items() if k not in plain}
    if plain or not nested:
        out.append(f"[{'.'.join(key_text(p) for p in path)}]")
        out.extend(f"{key_text(str(k))} = {value_text(v)}" for k, v in plain.items())
        out.append("")
    for k, v in nested.items():
        if isinstance(v, dict):
            _table(path + [str(k)], v, out)
        else:
            for item in v:
                out.append(f"[[{'.'.join(key_text(p) for p in path + [str(k)])}]]")
                out.extend(f"{key_text(str(ik))} = {value_text(iv)}" for ik, iv in item.items())
                out.append("")


def dumps(doc: dict, comment: str = "") -> str:
    """The document as TOML text; ``comment`` (one line per line) goes on top."""
    out = [f"# {line}" for line in comment.splitlines()]
    if out:
        out.append("")
    order = [k for k in FIRST if k in doc] + [k for k in doc if k not in FIRST]
    for name in order:
        body = doc[name]
        if name == "sources":
            _table([name], body, out, inline_children=True)
        elif isinstance(body, dict):
            _table([name], body, out)
        elif _is_table_array(body):
            for item in body:
                out.append(f"[[{key_text(name)}]]")
                out.extend(f"{key_text(str(k))} = {value_text(v)}" for k, v in item.items())
                out.append("")
        else:
            raise TypeError(f"top-level key {name!r} is not a table")
    return "\n".join(out).rstrip() + "\n"

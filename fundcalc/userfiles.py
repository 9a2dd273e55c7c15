"""Scenario JSON and policy TOML as users hand them in: size, depth, count and number bounds first.

``json.loads`` turns a 4,000-digit literal into an int (slowly) and a deeper
nesting than the stack into a RecursionError; ``tomllib`` raises ValueError on
an over-long integer. Both are read here behind the limits of fundcalc.limits,
and every failure becomes an InputError.
"""

from __future__ import annotations

import json
import tomllib

from .errors import InputError
from .limits import (
    MAX_JSON_DEPTH,
    MAX_NUMBER_CHARS,
    MAX_POLICY_BYTES,
    MAX_SCENARIO_BYTES,
    MAX_SCENARIO_ITEMS,
    MAX_TEXT_CHARS,
)
from .numbers import NOT_FINITE, TOO_LONG


class _Refused(Exception):
    pass


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER_CHARS:
            raise _Refused(TOO_LONG, text)
        return kind(text)
    return parse


def _constant(text: str):
    raise _Refused(NOT_FINITE, text)


def read_json(text: str | bytes, *, max_bytes: int = MAX_SCENARIO_BYTES, max_items: int = MAX_SCENARIO_ITEMS,
              max_text: int = MAX_TEXT_CHARS, what: tuple[str, str] = ("方案文件", "the scenario file")) -> object:
    """A scenario file's JSON, refused if over MAX_SCENARIO_BYTES, too deep, too many values or long numbers.

    A backup file (fundcalc/baselines.py) is read with its own, larger bounds and names itself in refusals."""
    zh, en = what
    if len(text) > max_bytes:
        raise InputError(f"{zh}过大（上限 {max_bytes // 1024:,} KB）",
                         f"{en} is too large (limit {max_bytes // 1024:,} KB)")
    try:
        data = json.loads(text, parse_int=_number(int), parse_float=_number(float), parse_constant=_constant)
    except _Refused as exc:
        (zh_, en_), value = exc.args
        raise InputError(zh_, en_, value=value[:20]) from None
    except RecursionError:
        raise InputError(f"{zh}嵌套过深", f"{en} is nested too deeply") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{zh}不是有效的 JSON：{exc}", f"{en} is not valid JSON: {exc}") from None
    _check_shape(data, zh, en, max_items=max_items, max_text=max_text)
    return data


def read_toml(data: bytes, name: str) -> dict:
    """A policy file's TOML, refused if over MAX_POLICY_BYTES, too deep, or with an over-long value."""
    if len(data) > MAX_POLICY_BYTES:
        raise InputError(f"参数文件过大（上限 {MAX_POLICY_BYTES // 1024:,} KB）",
                         f"the parameter file is too large (limit {MAX_POLICY_BYTES // 1024:,} KB)", value=name)
    try:
        raw = tomllib.loads(data.decode("utf-8"), parse_float=_number(float))
    except _Refused as exc:
        (zh, en), value = exc.args
        raise InputError(zh, en, value=value[:20]) from None
    except UnicodeDecodeError:
        raise InputError("参数文件不是 UTF-8 文本", "the parameter file is not UTF-8 text", value=name) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"参数文件格式错误：{exc}", f"parameter file is not valid TOML: {exc}", value=name) from None
    except (ValueError, RecursionError):      # an integer beyond Python's digit limit, nesting beyond the stack
        raise InputError("参数文件含有过长的数或过深的嵌套", "the parameter file has an over-long number or "
                         "too deep a nesting", value=name) from None
    _check_shape(raw, "参数文件", "the parameter file")
    return raw


def _check_shape(data: object, zh: str, en: str, *, max_items: int = MAX_SCENARIO_ITEMS,
                 max_text: int = MAX_TEXT_CHARS) -> None:
    """Walk the parsed value once: depth, count, text length and integer size within bounds."""
    stack, seen = [(data, 1)], 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if depth > MAX_JSON_DEPTH or seen > max_items:
            raise InputError(f"{zh}的结构过深或过大", f"{en} is nested too deeply or holds too many values")
        if isinstance(value, dict):
            stack.extend((k, depth + 1) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and len(value) > max_text:
            raise InputError(f"{zh}中的文字过长（上限 {max_text:,} 个字符）",
                             f"{en} has an over-long text (limit {max_text:,} characters)", value=value[:20])
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** MAX_NUMBER_CHARS:
            raise InputError(*TOO_LONG)

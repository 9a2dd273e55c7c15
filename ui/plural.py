"""Counted nouns in both languages: "4 项参数" / "1 parameter", "4 parameters" (never "parameter(s)")."""

from __future__ import annotations

from .i18n import tr

# English nouns whose plural is not the singular + "s".
_IRREGULAR = {"county": "counties", "category": "categories", "person": "persons"}


def en(n: int, noun: str) -> str:
    """'1 county', '3 counties', '0 parameters'."""
    return f"{n:,} {noun if n == 1 else _IRREGULAR.get(noun, noun + 's')}"


def count(n: int, zh_measure: str, en_noun: str) -> str:
    """``count(4, "项参数", "parameter")`` → '4 项参数' / '4 parameters'."""
    return tr(f"{n:,} {zh_measure}", en(n, en_noun))

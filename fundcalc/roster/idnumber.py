"""身份证号 (GB 11643-1999 公民身份号码): the check digit, the 15→18 conversion and the mask.

The SQL in query.py applies the same rules inside the engines; these Python versions serve the
generator, the tests and any message that has to show a number (always masked).
"""

from __future__ import annotations

# GB 11643-1999 §7: weights 2^(17-i) mod 11 for positions 1..17; the check character indexed by the sum mod 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    """The 18th character for 17 digits."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalise(raw) -> str:
    return "" if raw is None else str(raw).strip().upper()


def to18(raw, convert_15: bool = False) -> str | None:
    """The valid 18-character number, or None. A 15-digit number (born 19xx) converts only when asked."""
    text = normalise(raw)
    if len(text) == 18 and text[:17].isascii() and text[:17].isdigit():
        return text if check_char(text[:17]) == text[17] else None
    if convert_15 and len(text) == 15 and text.isascii() and text.isdigit():
        first17 = text[:6] + "19" + text[6:]
        return first17 + check_char(first17)
    return None


def mask(raw) -> str:
    """6501**********123X: the first 4 and last 4 characters of a number of 15 or more; otherwise all masked."""
    text = normalise(raw)
    if not text:
        return "(空)"
    if len(text) >= 15:
        return text[:4] + "*" * (len(text) - 8) + text[-4:]
    return "*" * len(text)

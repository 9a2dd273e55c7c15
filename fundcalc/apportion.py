"""Integer apportionment that keeps totals exact."""

from __future__ import annotations

import numpy as np

from .errors import InputError


def largest_remainder(weights, total: int) -> np.ndarray:
    """Split the whole number ``total`` in proportion to ``weights`` (non-negative integers)
    so that the parts are integers summing exactly to ``total`` (Hamilton's method).

    Each part gets floor(total × w / W); the units left over go to the largest remainders,
    ties to the earlier row, so the result is deterministic.
    """
    w = np.asarray(weights, dtype=np.int64)
    weight_sum = int(w.sum())
    if total < 0:
        raise InputError("调减人数不能为负", "the deduction cannot be negative", value=total)
    if weight_sum == 0:
        if total == 0:
            return np.zeros_like(w)
        raise InputError("总人数为 0，无法按比例分摊", "cannot apportion over a zero total", value=total)
    if total > weight_sum:
        raise InputError("调减人数超过总人数", "the deduction exceeds the total headcount", value=total)
    # Headcounts are capped at 5e7 each (columns.MAX_PEOPLE), so total × w stays inside int64.
    base, rem = np.divmod(w * total, weight_sum)
    left = total - int(base.sum())
    if left:
        order = np.lexsort((np.arange(len(w)), -rem))
        base[order[:left]] += 1
    return base

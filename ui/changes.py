"""What differs from the official data: changed parameters and edited county rows, for the visible marks."""

from __future__ import annotations

import numpy as np
import pandas as pd


def table_changes(base: pd.DataFrame, table: pd.DataFrame, key: str = "county") -> dict:
    """Counties added and removed, and every changed cell of the counties in both tables."""
    b = base.assign(**{key: base[key].astype(str)}).set_index(key)
    t = table.assign(**{key: table[key].astype(str)}).set_index(key)
    added = [k for k in t.index if k not in b.index]
    removed = [k for k in b.index if k not in t.index]
    common = t.index[t.index.isin(b.index)]
    cells = []
    for col in t.columns:
        if col not in b.columns:
            continue
        old = b.loc[common, col]
        new = t.loc[common, col]
        both_blank = old.isna().to_numpy() & new.isna().to_numpy()
        same = (old.astype(object).to_numpy() == new.astype(object).to_numpy()) | both_blank
        for county in common[~same]:
            cells.append((county, col, b.at[county, col], t.at[county, col]))
    return {"added": added, "removed": removed, "cells": cells}


def count(changes: dict) -> int:
    return len(changes["added"]) + len(changes["removed"]) + len(changes["cells"])


def changed_counties(changes: dict) -> set:
    return set(changes["added"]) | {c[0] for c in changes["cells"]}


def show_number(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "—"
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    if isinstance(v, (float, np.floating)):
        return f"{float(v):,.2f}" if float(v) != int(v) else f"{int(v):,}"
    return str(v)

"""A synthetic roster with duplicates planted at chosen rates, and the counts the plan implies.

Every number is a valid GB 11643 number made up here (region codes start with 99, which no real
region uses). The expected per-county figures come from the plan (which person was planted where),
computed separately from the SQL, so tests and benchmarks compare the engines against the plan.

    plan = generate(tmp_path, persons=10_000, seed=1)
    plan.expected(convert_15=False)   # county, records, invalid_id, ..., dup_cross_system
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .idnumber import CHECK_CHARS, WEIGHTS

NAMES = ("东风县", "西河县", "南山区", "北湖市", "中原县", "青石县", "白沙市", "红旗区", "金川县", "玉泉区",
         "长乐县", "安平市", "永和县", "新城区", "富民县", "和平区")
HEADERS = {"zh": ("身份证号", "县(市、区)", "参保日期", "参保状态"),
           "en": ("id_number", "county", "insured_date", "status")}
LIST_HEADER = {"zh": "身份证号", "en": "id_number"}


@dataclass(frozen=True)
class Rates:
    """Shares of persons planted in each group (the rest are plain single-county persons)."""
    in_province: float = 0.05   # a second record in another county, later date
    tie: float = 0.01           # a second record in another county, same date
    same_county: float = 0.03   # a second record in the same county (not a duplicate)
    late: float = 0.02          # only record after the cut-off
    inactive: float = 0.02      # only record with an inactive status
    invalid: float = 0.01       # number with a wrong check digit
    bad_date: float = 0.005     # unreadable 参保日期
    old15: float = 0.01         # 15-digit old number
    blank_status: float = 0.1   # status left blank (counts as active)
    bingtuan: float = 0.01      # of counted persons, in the 兵团 list
    cross_province: float = 0.02
    employee: float = 0.03
    list_noise: float = 0.5     # extra list numbers not in the roster, per planted list member
    list_invalid: float = 0.05  # invalid numbers in each list, per planted member


@dataclass
class Plan:
    counties: list[str]
    paths: dict[str, Path]
    records: int
    persons: int
    cutoff: dt.date
    _expected: dict = field(repr=False)
    list_invalid: dict[str, int] = field(default_factory=dict)
    ids: np.ndarray | None = field(default=None, repr=False)  # every valid 18-character number used (for scans)

    def expected(self, convert_15: bool = False) -> pd.DataFrame:
        return self._expected[convert_15].copy()


def _id17(index: np.ndarray, county: np.ndarray) -> np.ndarray:
    """17-digit numbers as int64: region 99xxxx (by county), a birth date 19xx from the index, a 3-digit sequence."""
    region = 990101 + county.astype(np.int64)
    birth = np.datetime64("1930-01-01") + (index // 1000).astype("timedelta64[D]")
    y = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    m = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    d = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    return region * 10**11 + (y * 10000 + m * 100 + d) * 1000 + index % 1000


def _check_index(id17: np.ndarray) -> np.ndarray:
    total = np.zeros(len(id17), dtype=np.int64)
    rest = id17.copy()
    for w in reversed(WEIGHTS):
        total += (rest % 10) * w
        rest //= 10
    return total % 11


def _strings(id17: np.ndarray, wrong_check: bool = False) -> pa.Array:
    idx = _check_index(id17)
    if wrong_check:
        idx = (idx + 1) % 11
    chars = pa.array(np.array(list(CHECK_CHARS))[idx])
    return pc.binary_join_element_wise(pc.cast(pa.array(id17), pa.string()), chars, "")


def _old15(id17: np.ndarray) -> pa.Array:
    """The 15-digit form: region + yymmdd + sequence (the 19 of the year dropped, no check digit)."""
    region, rest = id17 // 10**11, id17 % 10**11
    return pc.cast(pa.array(region * 10**9 + rest % 10**9), pa.string())


def generate(out_dir, persons: int = 10_000, counties: int = 8, seed: int = 0, rates: Rates = Rates(),
             fmt: str = "parquet", headers: str = "zh", cutoff: dt.date = dt.date(2020, 6, 30),
             keep_ids: bool = True, county_names: list[str] | None = None) -> Plan:
    """Write roster and lists (``fmt`` "parquet" or "csv") to ``out_dir``; return the plan with expected counts."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    names = list(county_names) if county_names else [
        NAMES[i % len(NAMES)] + (str(i // len(NAMES)) if i >= len(NAMES) else "") for i in range(counties)]
    counties = len(names)
    C = counties
    groups = ["in_province", "tie", "same_county", "late", "inactive", "invalid", "bad_date", "old15"]
    p = np.array([getattr(rates, g) for g in groups])
    group = rng.choice(len(groups) + 1, size=persons, p=np.append(p, 1 - p.sum()))  # last = plain
    G = {g: group == i for i, g in enumerate(groups)}
    home = rng.integers(0, C, persons)
    idx = np.arange(persons, dtype=np.int64)
    id17 = _id17(idx, home)
    cut = np.datetime64(cutoff.isoformat())
    d0 = cut - rng.integers(0, 3650, persons).astype("timedelta64[D]")
    early = G["in_province"]
    d0[early] = cut - rng.integers(400, 3650, int(early.sum())).astype("timedelta64[D]")
    d0[G["late"]] = cut + rng.integers(1, 180, int(G["late"].sum())).astype("timedelta64[D]")

    # The second county of in-province and tie persons; the kept county by the plan.
    two = G["in_province"] | G["tie"]
    other = (home + 1 + rng.integers(0, max(C - 1, 1), persons)) % C
    d1 = d0.copy()
    d1[G["in_province"]] = d0[G["in_province"]] + rng.integers(1, 365, int(G["in_province"].sum())).astype(
        "timedelta64[D]")
    name_arr = np.array(names, dtype=object)
    home_first = name_arr[home] < name_arr[other]  # code-point order of the names
    kept = home.copy()
    kept[G["tie"] & ~home_first] = other[G["tie"] & ~home_first]
    loser = np.where(G["in_province"], other, np.where(home_first, other, home))

    # Records: (person, county, date text, status, id text). Base record of every person first.
    status = np.where(rng.random(persons) < rates.blank_status, "", "正常").astype(object)
    status[G["inactive"]] = "停保"
    date_text = d0.astype("datetime64[D]").astype(str).astype(object)
    date_text[G["bad_date"]] = "2020-02-30"
    ids = _strings(id17)
    ids_bad = _strings(id17, wrong_check=True)
    ids15 = _old15(id17)
    base_ids = pc.if_else(pa.array(G["invalid"]), ids_bad, pc.if_else(pa.array(G["old15"]), ids15, ids))
    rec_person = [idx]
    rec_county = [home]
    rec_date = [date_text]
    rec_status = [status]
    rec_ids = [base_ids]
    second = np.flatnonzero(two)
    rec_person.append(second)
    rec_county.append(other[second])
    rec_date.append(d1[second].astype("datetime64[D]").astype(str).astype(object))
    rec_status.append(np.full(len(second), "正常", dtype=object))
    rec_ids.append(ids.take(pa.array(second)))
    rep = np.flatnonzero(G["same_county"])
    span = (cut - d0[rep]).astype(np.int64)
    rep_date = d0[rep] + (rng.random(len(rep)) * (span + 1)).astype(np.int64).astype("timedelta64[D]")
    rec_person.append(rep)
    rec_county.append(home[rep])
    rec_date.append(rep_date.astype("datetime64[D]").astype(str).astype(object))
    rec_status.append(np.full(len(rep), "正常", dtype=object))
    rec_ids.append(ids.take(pa.array(rep)))

    county_idx = np.concatenate(rec_county)
    order = rng.permutation(len(county_idx))  # records in no particular order, as exported rosters are
    h = HEADERS[headers]
    table = pa.table({
        h[0]: pa.concat_arrays([a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a for a in rec_ids]).take(
            pa.array(order)),
        h[1]: pa.array(name_arr[county_idx][order].astype(str)),
        h[2]: pa.array(np.concatenate(rec_date)[order].astype(str)),
        h[3]: pa.array(np.concatenate(rec_status)[order].astype(str)),
    })

    # Lists: among persons counted (plain, same-county, in-province, tie; old15 counted only when converting).
    counted_any = ~(G["late"] | G["inactive"] | G["invalid"] | G["bad_date"])
    member = {k: counted_any & (rng.random(persons) < getattr(rates, k)) for k in ("bingtuan", "cross_province",
                                                                                    "employee")}
    paths = {"roster": out / f"roster.{fmt}"}
    _write(table, paths["roster"], fmt)
    noise_start = persons + 1000
    list_invalid = {}
    for k, mask in member.items():
        members = np.flatnonzero(mask)
        noise = int(len(members) * rates.list_noise)
        bad = int(len(members) * rates.list_invalid)
        noise_ids = _id17(np.arange(noise_start, noise_start + noise, dtype=np.int64), rng.integers(0, C, noise))
        noise_start += noise
        bad_ids = _id17(rng.choice(persons, bad), rng.integers(0, C, bad))
        col = pa.concat_arrays([ids.take(pa.array(members)), _strings(noise_ids), _strings(bad_ids, True),
                                ids.take(pa.array(members[: len(members) // 10]))])  # some listed twice
        col = col.take(pa.array(rng.permutation(len(col))))
        paths[k] = out / f"{k}.{fmt}"
        _write(pa.table({LIST_HEADER[headers]: col}), paths[k], fmt)
        list_invalid[k] = bad

    expected = {conv: _expected(names, G, home, other, kept, loser, two, member, county_idx, conv)
                for conv in (False, True)}
    all_ids = np.asarray(ids.to_numpy(zero_copy_only=False), dtype=object) if keep_ids else None
    return Plan(names, paths, len(county_idx), persons, cutoff, expected, list_invalid, all_ids)


def _expected(names, G, home, other, kept, loser, two, member, county_idx, convert_15: bool) -> pd.DataFrame:
    C = len(names)
    count = lambda sel, where: np.bincount(where[sel], minlength=C)  # noqa: E731
    old_ok = G["old15"] if convert_15 else np.zeros_like(G["old15"])
    invalid = G["invalid"] | (G["old15"] & ~old_ok)
    counted = ~(G["late"] | G["inactive"] | invalid | G["bad_date"])
    # A two-county person is insured in both; the plan says which county keeps the person.
    insured = count(counted, home) + count(two, other)
    frame = pd.DataFrame({
        "county": names,
        "records": np.bincount(county_idx, minlength=C),
        "invalid_id": count(invalid, home),
        "bad_date": count(G["bad_date"], home),
        "after_cutoff": count(G["late"], home),
        "inactive": count(G["inactive"], home),
        "insured": insured,
        "dup_in_province": count(two, loser),
    })
    bt = member["bingtuan"]
    xp = member["cross_province"] & ~bt
    em = member["employee"] & ~bt & ~member["cross_province"]
    live = counted
    frame["dup_bingtuan"] = count(bt & live, kept)
    frame["dup_cross_province"] = count(xp & live, kept)
    frame["dup_cross_system"] = count(em & live, kept)
    return frame.sort_values("county").reset_index(drop=True)


def _write(table: pa.Table, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path, row_group_size=1_000_000)
    elif fmt == "csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, path)
    else:
        raise ValueError(fmt)

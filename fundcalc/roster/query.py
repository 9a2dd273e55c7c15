"""The one query definition: SQL text that DuckDB and Spark SQL both run unchanged.

Each engine only exposes its inputs as four relations with fixed column names (engines.py):
``roster(id_number, county, insured_date, status)`` and ``bingtuan``, ``cross_province``, ``employee``
each ``(id_number)``; any column type, as everything is cast to text first. The text is rendered once
per run from the rules (literals only: a date, TRUE/FALSE, quoted status words) and the same strings
go to either engine, so the two cannot drift apart: first the ``stages`` an engine keeps for the run,
then the three queries over them. Functions used are in both dialects:
upper, trim, length, substr, concat, lpad, floor, try_cast, left, right, repeat, row_number.
"""

from __future__ import annotations

from .idnumber import CHECK_CHARS, WEIGHTS
from .rules import RosterRules

LISTS = ("bingtuan", "cross_province", "employee")

# Per-county output columns, in order. insured and the four dup_* are the settlement table's columns.
COUNTY_COLUMNS = ("county", "records", "invalid_id", "bad_date", "after_cutoff", "inactive", "counted_records",
                  "insured", "dup_in_province", "dup_bingtuan", "dup_cross_province", "dup_cross_system")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ids(name: str, source: str, carry: dict[str, str], convert_15: bool) -> list[str]:
    """CTEs ``{name}_a`` … ``{name}_ids``: the ``carry`` columns (name: expression on the source) plus rid (the
    number as given, trimmed, upper case) and pid (the valid 18-character number, or NULL).

    The 17 digits are read as two integers (9 + 8 digits) and split with floor/modulo: about five times
    faster in DuckDB than 17 substr/casts. Their text must round-trip (lpad of the integer equals the
    characters), which rejects signs, spaces, decimal points and exponents."""
    first = "".join(f"{expr} AS {col}, " for col, expr in carry.items())
    pre = "".join(f"{col}, " for col in carry)
    digits = [f"floor(a / {10 ** (8 - i)}) % 10 * {WEIGHTS[i]}" for i in range(9)]
    digits += [f"floor(b / {10 ** (7 - j)}) % 10 * {WEIGHTS[9 + j]}" for j in range(8)]
    total = "CAST(" + " + ".join(digits) + " AS BIGINT)"
    return [
        f"{name}_a AS (SELECT {first}upper(trim(CAST(id_number AS STRING))) AS rid FROM {source})",
        f"{name}_b AS (SELECT {pre}rid, "
        f"CASE WHEN length(rid) = 18 THEN substr(rid, 1, 17) "
        f"WHEN {'TRUE' if convert_15 else 'FALSE'} AND length(rid) = 15 "
        f"THEN concat(substr(rid, 1, 6), '19', substr(rid, 7, 9)) END AS id17, "
        f"CASE WHEN length(rid) = 18 THEN substr(rid, 18, 1) END AS given_check FROM {name}_a)",
        f"{name}_c AS (SELECT {pre}rid, id17, given_check, try_cast(substr(id17, 1, 9) AS BIGINT) AS a, "
        f"try_cast(substr(id17, 10, 8) AS BIGINT) AS b FROM {name}_b)",
        f"{name}_d AS (SELECT {pre}rid, id17, given_check, "
        f"CASE WHEN a >= 0 AND b >= 0 AND lpad(CAST(a AS STRING), 9, '0') = substr(id17, 1, 9) "
        f"AND lpad(CAST(b AS STRING), 8, '0') = substr(id17, 10, 8) "
        f"THEN substr('{CHECK_CHARS}', CAST({total} % 11 AS INT) + 1, 1) END AS check_char FROM {name}_c)",
        f"{name}_ids AS (SELECT {pre}rid, "
        f"CASE WHEN check_char IS NOT NULL AND (given_check IS NULL OR given_check = check_char) "
        f"THEN concat(id17, check_char) END AS pid FROM {name}_d)",
    ]


def _recs(rules: RosterRules) -> list[str]:
    """``recs``: one row per roster record: rid, pid, county ( when blank), insured_date (DATE or NULL), flags."""
    carry = {"county": "trim(CAST(county AS STRING))", "dtext": "trim(CAST(insured_date AS STRING))",
             "status": "trim(CAST(status AS STRING))"}
    ctes = _ids("roster", "roster", carry, rules.convert_15)
    d = "dtext"
    date = (f"try_cast(CASE WHEN length({d}) >= 10 AND substr({d}, 5, 1) IN ('-', '/', '.') "
            f"THEN concat(substr({d}, 1, 4), '-', substr({d}, 6, 2), '-', substr({d}, 9, 2)) "
            f"WHEN length({d}) = 8 THEN concat(substr({d}, 1, 4), '-', substr({d}, 5, 2), '-', substr({d}, 7, 2)) "
            f"END AS DATE)")
    if rules.active_statuses is None:
        active = "TRUE"
    else:
        words = ", ".join(_quote(s) for s in rules.active_statuses) or "''"
        active = f"(status IS NULL OR status = '' OR status IN ({words}))"
    ctes.append(f"roster_dates AS (SELECT rid, pid, coalesce(county, '') AS county, {date} AS insured_date, "
                f"{active} AS active FROM roster_ids)")
    ctes.append(f"recs AS (SELECT rid, pid, county, insured_date, active, "
                f"(pid IS NOT NULL AND insured_date IS NOT NULL AND insured_date <= DATE '{rules.cutoff.isoformat()}' "
                f"AND active) AS counted FROM roster_dates)")
    return ctes


def stages(rules: RosterRules) -> list[tuple[str, str]]:
    """The relations an engine keeps for the run (DuckDB: temporary tables; Spark: cached views), in order.

    ``recs``: one row per roster record (rid where invalid, pid, county — '' when blank —, insured_date, active,
    counted);
    ``{list}_checked``: one row per list entry (rid, pid). Keeping them once lets the three queries below
    share the number checks instead of inlining them (an optimiser pushing ``pid IS NULL`` through the
    CTEs repeats the check arithmetic in every filter)."""
    # rid (the number as given) is kept only where it is invalid: the masked examples need nothing else.
    out = [("recs", "WITH " + ",\n".join(_recs(rules)) + "\n"
                    "SELECT CASE WHEN pid IS NULL THEN rid END AS rid, pid, county, insured_date, active, counted "
                    "FROM recs")]
    for name in LISTS:
        out.append((f"{name}_checked", "WITH " + ",\n".join(_ids(name, name, {}, rules.convert_15)) + "\n"
                                      f"SELECT rid, pid FROM {name}_ids"))
    return out


def county_sql(rules: RosterRules) -> str:
    """Per county: records, invalid numbers, bad dates, the counted, insured and the four duplicate counts."""
    cutoff = rules.cutoff.isoformat()
    ctes = [f"{name}_set AS (SELECT DISTINCT pid FROM {name}_checked WHERE pid IS NOT NULL)" for name in LISTS]
    ctes += [
        "person_county AS (SELECT pid, county, min(insured_date) AS first_date FROM recs "
        "WHERE counted AND county <> '' GROUP BY pid, county)",
        # The earliest 参保日期 keeps the person; ties to the county first in code-point (binary) order.
        "ranked AS (SELECT pid, county, row_number() OVER (PARTITION BY pid ORDER BY first_date, county) AS rn "
        "FROM person_county)",
        # One deduction per kept person, in the document's order: 兵团, then 跨省, then 跨制度.
        "kept AS (SELECT r.county, CASE WHEN b.pid IS NOT NULL THEN 1 WHEN x.pid IS NOT NULL THEN 2 "
        "WHEN e.pid IS NOT NULL THEN 3 ELSE 0 END AS kind FROM ranked r "
        "LEFT JOIN bingtuan_set b ON r.pid = b.pid LEFT JOIN cross_province_set x ON r.pid = x.pid "
        "LEFT JOIN employee_set e ON r.pid = e.pid WHERE r.rn = 1)",
        "county_people AS (SELECT county, CAST(count(*) AS BIGINT) AS insured, "
        "CAST(sum(CASE WHEN rn > 1 THEN 1 ELSE 0 END) AS BIGINT) AS dup_in_province FROM ranked GROUP BY county)",
        "county_kept AS (SELECT county, "
        "CAST(sum(CASE WHEN kind = 1 THEN 1 ELSE 0 END) AS BIGINT) AS dup_bingtuan, "
        "CAST(sum(CASE WHEN kind = 2 THEN 1 ELSE 0 END) AS BIGINT) AS dup_cross_province, "
        "CAST(sum(CASE WHEN kind = 3 THEN 1 ELSE 0 END) AS BIGINT) AS dup_cross_system FROM kept GROUP BY county)",
        "county_recs AS (SELECT county, CAST(count(*) AS BIGINT) AS records, "
        "CAST(sum(CASE WHEN pid IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS invalid_id, "
        "CAST(sum(CASE WHEN insured_date IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS bad_date, "
        f"CAST(sum(CASE WHEN insured_date > DATE '{cutoff}' THEN 1 ELSE 0 END) AS BIGINT) AS after_cutoff, "
        "CAST(sum(CASE WHEN active THEN 0 ELSE 1 END) AS BIGINT) AS inactive, "
        "CAST(sum(CASE WHEN counted THEN 1 ELSE 0 END) AS BIGINT) AS counted_records FROM recs "
        "WHERE county <> '' GROUP BY county)",
    ]
    return ("WITH " + ",\n".join(ctes) + "\n"
            "SELECT c.county, c.records, c.invalid_id, c.bad_date, c.after_cutoff, c.inactive, c.counted_records, "
            "coalesce(p.insured, 0) AS insured, coalesce(p.dup_in_province, 0) AS dup_in_province, "
            "coalesce(k.dup_bingtuan, 0) AS dup_bingtuan, coalesce(k.dup_cross_province, 0) AS dup_cross_province, "
            "coalesce(k.dup_cross_system, 0) AS dup_cross_system "
            "FROM county_recs c LEFT JOIN county_people p ON c.county = p.county "
            "LEFT JOIN county_kept k ON c.county = k.county ORDER BY c.county")


def lists_sql(rules: RosterRules) -> str:
    """Per list: records, invalid numbers, distinct valid numbers; and the roster's records without a county."""
    parts = ["SELECT 'roster_without_county' AS list, CAST(count(*) AS BIGINT) AS records, "
             "CAST(sum(CASE WHEN pid IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS invalid, "
             "CAST(count(DISTINCT pid) AS BIGINT) AS distinct_valid FROM recs WHERE county = ''"]
    for name in LISTS:
        parts.append(f"SELECT '{name}' AS list, CAST(count(*) AS BIGINT) AS records, "
                     f"CAST(sum(CASE WHEN pid IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS invalid, "
                     f"CAST(count(DISTINCT pid) AS BIGINT) AS distinct_valid FROM {name}_checked")
    return "\nUNION ALL\n".join(parts)


MASK = ("CASE WHEN rid IS NULL OR rid = '' THEN '(空)' "
        "WHEN length(rid) >= 15 THEN concat(left(rid, 4), repeat('*', length(rid) - 8), right(rid, 4)) "
        "ELSE repeat('*', length(rid)) END")


def invalid_examples_sql(rules: RosterRules, per_county: int = 3) -> str:
    """Up to ``per_county`` invalid numbers per county, masked inside the engine (full numbers never leave it)."""
    return (f"WITH bad AS (SELECT county, {MASK} AS masked, "
            "row_number() OVER (PARTITION BY county ORDER BY rid ASC NULLS FIRST) AS n "
            "FROM recs WHERE pid IS NULL AND county <> '')\n"
            f"SELECT county, masked FROM bad WHERE n <= {int(per_county)} ORDER BY county, n")

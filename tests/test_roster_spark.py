"""The same SQL on Spark (local[2]) gives DuckDB's figures and the generator's planted counts.

Kept few and small: one shared SparkSession (tests/conftest.py), two runs per test."""

from __future__ import annotations

from fundcalc.roster import RosterRules, Sources, run_headcount
from fundcalc.roster.generate import generate
from tests.roster_helpers import by_county, pid, run_case


def test_spark_equals_duckdb_and_the_plan(tmp_path, spark):
    plan = generate(tmp_path, persons=3_000, counties=5, seed=11, fmt="csv")
    sources = Sources(plan.paths["roster"], plan.paths["bingtuan"], plan.paths["cross_province"],
                      plan.paths["employee"])
    rules = RosterRules(cutoff=plan.cutoff, convert_15=True)
    on_spark = run_headcount(sources, rules, "spark", spark_session=spark)
    on_duckdb = run_headcount(sources, rules, "duckdb")
    assert on_spark.detail.to_dict("list") == on_duckdb.detail.to_dict("list")
    assert on_spark.lists.to_dict("list") == on_duckdb.lists.to_dict("list")
    assert on_spark.examples == on_duckdb.examples
    expected = plan.expected(True)
    assert on_spark.detail[expected.columns].to_dict("list") == expected.to_dict("list")


def test_spark_applies_tie_precedence_and_fifteen_digit_rules(tmp_path, spark):
    a, b = "甲县", "乙县"
    roster = [(pid(1), a, "2018-01-01", ""), (pid(1), b, "2018-01-01", ""),           # tie: 乙县 keeps
              (pid(2), a, "2018-01-01", ""), ("110105491231002", a, "2018-01-01", "停保"),
              ("440524800101001", b, "2019-05-05", "正常"), (pid(3)[:17] + "Y", b, "2018-01-01", "")]
    # The employee list holds the 15-digit number too: converted before matching.
    lists = {"bingtuan": [pid(1)], "cross_province": [pid(1), pid(2)], "employee": ["440524800101001"]}
    got = run_case(tmp_path, roster, lists, engine="spark", spark=spark, convert_15=True)
    assert by_county(got, "insured", "dup_in_province", "dup_bingtuan", "dup_cross_province", "dup_cross_system",
                     "invalid_id", "inactive") == {a: (2, 1, 0, 1, 0, 0, 1), b: (2, 0, 1, 0, 1, 1, 0)}

"""Property-based fuzzing of the import path: whatever comes in, the answer is a table or a clear refusal.

"Clear refusal" means fundcalc.errors.InputError with a Chinese and an English message;
any other exception is a crash in front of the user. Besides random bytes, the
strategies build CSV and XLSX files that look almost right (real aliases, 合计 rows,
title rows, 千分位, full-width digits, odd encodings) and mutate the corpus's good files.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.importer import ImportResult, read_table
from fundcalc.mechanisms import allocation
from fundcalc.mechanisms.pooling.table import pooling_schema
from fundcalc.mechanisms.settlement.table import settlement_schema

CORPUS = Path(__file__).parent / "import_corpus"
SCHEMAS = [allocation.schema(DATASETS["qujing_2018"].policy()), settlement_schema(True), settlement_schema(False),
           pooling_schema()]
NAMES = ["t.csv", "t.CSV", "t.xlsx", "t.parquet", "t.txt", "t.tsv", "t.xls", "t.json", "t", "", None, "t.csv.xlsx"]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def import_or_refuse(data: bytes, schema, filename, sheet=None):
    """The property under test, with the result checked for what the pages rely on."""
    try:
        result = read_table(data, schema, filename=filename, sheet=sheet)
    except InputError as exc:
        assert exc.zh and exc.en
        assert exc.message("zh") and exc.message("en")
        event("refused: " + exc.en.split(":")[0][:40])
        return exc
    assert isinstance(result, ImportResult)
    event("imported")
    frame = result.frame
    assert list(frame.columns) == schema.keys
    assert len(frame) > 0 and len(result.row_numbers) == len(frame)
    names = frame[schema.key]
    assert names.map(lambda s: isinstance(s, str) and s.strip() == s and s != "").all()
    assert not names.duplicated().any()
    for col in schema.columns:
        if col.kind == "people":
            assert frame[col.key].dtype == np.int64 and (frame[col.key] >= 0).all()
        elif col.kind in ("wan", "yuan"):
            values = frame[col.key].to_numpy(float)
            assert not np.isinf(values).any()
    return result


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(NAMES), schema=st.sampled_from(SCHEMAS))
def test_random_bytes(data, name, schema):
    import_or_refuse(data, schema, name)


@FUZZ
@given(prefix=st.sampled_from([b"PK\x03\x04", b"PAR1", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xff\xfe", b"\xfe\xff",
                               b"\xef\xbb\xbf", b"%PDF-", b"#", b"\x00"]),
       rest=st.binary(max_size=2048), name=st.sampled_from(NAMES), schema=st.sampled_from(SCHEMAS))
def test_magic_prefixes(prefix, rest, name, schema):
    import_or_refuse(prefix + rest, schema, name)


# --- almost-right CSV ---------------------------------------------------------------------

HEADER_WORDS = sorted({a for s in SCHEMAS for c in s.columns for a in (c.key, c.zh, c.label("zh"), *c.aliases)}
                      | {"序号", "备注", "", "合计", "单位：万元", "人数(人)", "建档立卡未脱贫", "金额(万元)"})
FULLWIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")
numbers = st.one_of(
    st.integers(-10**13, 10**13).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.integers(0, 10**7).map(lambda n: f"{n:,}".translate(FULLWIDTH)),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(places=7, allow_nan=False, allow_infinity=False, min_value=-10**9, max_value=10**9).map(str),
)
words = st.sampled_from(["麒麟区", " 马龙区 ", "师宗县", "合计", "合  计", "小计", "总计", "备注：说明", "", " ", "NaN",
                         "inf", "-", "=1+1", "<script>x</script>", "１２３", "12,3", "1e400", "TRUE", "#", "\"", "'"])
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), max_size=12)
cells = st.one_of(numbers, words, printable, st.text(max_size=4))


@st.composite
def messy_tables(draw):
    width = draw(st.integers(1, 8))
    header = draw(st.lists(st.sampled_from(HEADER_WORDS), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), max_size=15))
    above = draw(st.lists(st.lists(st.one_of(words, st.sampled_from(HEADER_WORDS)), max_size=3), max_size=3))
    second = draw(st.one_of(st.just([]), st.lists(st.sampled_from(HEADER_WORDS), min_size=width, max_size=width)))
    return above + [header] + ([second] if second else []) + rows


def to_csv(rows, delimiter: str, labels: list[str]) -> str:
    import csv

    buf = io.StringIO(newline="")
    for line in labels:
        buf.write(f"# {line}\r\n")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


@FUZZ
@given(table=messy_tables(), delimiter=st.sampled_from([",", "\t", ";", "，"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"]),
       labels=st.lists(st.sampled_from(["示例数据", "sample", ""]), max_size=2),
       name=st.sampled_from(["t.csv", "t.txt", None, "t.xlsx"]), schema=st.sampled_from(SCHEMAS))
def test_almost_right_csv(table, delimiter, encoding, labels, name, schema):
    text = to_csv(table, delimiter, labels)
    data = text.encode(encoding, errors="replace")
    import_or_refuse(data, schema, name)


@FUZZ
@given(county=st.lists(st.one_of(words, printable), min_size=1, max_size=10, unique=True),
       a=st.lists(numbers, min_size=10, max_size=10), b=st.lists(numbers, min_size=10, max_size=10),
       total=st.one_of(st.none(), numbers))
def test_right_header_wrong_values(county, a, b, total):
    """The header is right, so the refusal, if any, is about a row; it must name row and column."""
    rows = [["县(市、区)", "未脱贫人数", "已脱贫人数"]] + [[c, x, y] for c, x, y in zip(county, a, b, strict=False)]
    if total is not None:
        rows.append(["合计", total, total])
    outcome = import_or_refuse(to_csv(rows, ",", []).encode(), SCHEMAS[0], "t.csv")
    if isinstance(outcome, InputError) and "文件" not in outcome.zh and "表头" not in outcome.zh:
        assert outcome.row is not None and 2 <= outcome.row <= len(rows), outcome.one_line()


@st.composite
def schema_tables(draw):
    """A table built from one schema's own columns: mostly right, with the mess bureaus make."""
    schema = draw(st.sampled_from(SCHEMAS))
    cols = [c for c in schema.columns if c.required or draw(st.booleans())]
    if draw(st.integers(0, 9)) == 0:
        cols.remove(draw(st.sampled_from(cols)))
    header = [draw(st.sampled_from([c.key, c.zh, c.label("zh"), c.en, *c.aliases])) for c in cols]
    extra = draw(st.lists(st.sampled_from(["序号", "备注1", "人数合计", "", "此次结算补助资金"]), max_size=2))
    order = draw(st.permutations(range(len(header) + len(extra))))
    names = draw(st.lists(st.sampled_from(["麒麟区", "马龙区", "师宗县", "陆良县", "塔城市", "甲县", "乙县", " 丙县 "]),
                          min_size=1, max_size=8, unique=True))
    good = st.integers(0, 10**6)
    body, sums = [], [0] * len(cols)
    for name in names:
        row = []
        for j, c in enumerate(cols):
            if c.key == schema.key:
                row.append(name)
                continue
            if draw(st.integers(0, 19)) == 0:
                row.append(draw(cells))
                continue
            n = draw(good)
            sums[j] += n
            row.append(draw(st.sampled_from([str(n), f"{n:,}", f"{n:,}".translate(FULLWIDTH), f" {n} "])))
        body.append(row + [draw(words) for _ in extra])
    total = None
    if draw(st.booleans()):
        total = [("合计" if c.key == schema.key else str(sums[j] + draw(st.sampled_from([0, 0, 0, 1]))))
                 for j, c in enumerate(cols)] + ["" for _ in extra]
    rows = [header + extra] + body
    if total:
        rows.insert(draw(st.sampled_from([1, len(rows)])), total)
    rows = [[r[i] if i < len(r) else "" for i in order] for r in rows]
    title = draw(st.lists(st.sampled_from([["2018年分配表"], ["单位：万元"], ["单位：元"], [""]]), max_size=2))
    blanks = draw(st.lists(st.integers(1, len(rows)), max_size=2))
    for at in sorted(blanks, reverse=True):
        rows.insert(at, [])
    return schema, title + rows


@FUZZ
@given(built=schema_tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       labels=st.lists(st.sampled_from(["示例数据", "sample"]), max_size=1))
def test_schema_shaped_csv(built, encoding, labels):
    schema, rows = built
    import_or_refuse(to_csv(rows, ",", labels).encode(encoding, errors="replace"), schema, "t.csv")


# --- almost-right XLSX and Parquet ----------------------------------------------------------

xlsx_cells = st.one_of(st.none(), st.integers(-10**15, 10**15), st.floats(allow_nan=False), st.booleans(), words,
                       numbers, st.datetimes(min_value=pd.Timestamp("1990-01-01").to_pydatetime(),
                                             max_value=pd.Timestamp("2030-01-01").to_pydatetime()))


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(table=messy_tables(), extra=st.lists(st.lists(xlsx_cells, max_size=6), max_size=6),
       merge=st.booleans(), sheet=st.sampled_from([None, 0, 1, "Sheet", "x"]), schema=st.sampled_from(SCHEMAS))
def test_almost_right_xlsx(table, extra, merge, sheet, schema):
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    try:
        for row in table + extra:
            ws.append(row)
    except (IllegalCharacterError, ValueError):
        return   # openpyxl cannot write this cell; a user's file cannot contain it either
    if merge and ws.max_row >= 2 and ws.max_column >= 2:
        ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=2)
    buf = io.BytesIO()
    wb.save(buf)
    import_or_refuse(buf.getvalue(), schema, "t.xlsx", sheet=sheet)


@settings(deadline=None, max_examples=40)
@given(columns=st.lists(st.sampled_from(HEADER_WORDS[:40]), min_size=1, max_size=5, unique=True),
       values=st.lists(st.one_of(st.none(), st.integers(-10**6, 10**6), st.text(max_size=5)), min_size=1, max_size=8),
       schema=st.sampled_from(SCHEMAS))
def test_almost_right_parquet(columns, values, schema):
    frame = pd.DataFrame({c: pd.Series(values, dtype=object).astype(str if i % 2 else object)
                          for i, c in enumerate(columns)})
    buf = io.BytesIO()
    try:
        frame.to_parquet(buf, index=False)
    except Exception:  # noqa: BLE001 — pyarrow cannot write mixed object columns; nothing to test then
        return
    import_or_refuse(buf.getvalue(), schema, "t.parquet")


# --- the corpus's good files, damaged ---------------------------------------------------------

GOOD = sorted(p for p in CORPUS.iterdir() if p.name.startswith(("qj_", "tc_official", "pool_")))


@FUZZ
@given(path=st.sampled_from(GOOD), cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 64),
                                                           st.binary(max_size=8)), min_size=1, max_size=4))
def test_damaged_good_files(path, cuts):
    data = bytearray(path.read_bytes())
    for at, length, insert in cuts:
        at %= max(len(data), 1)
        data[at:at + length] = insert
    name = path.name
    schema = SCHEMAS[1] if name.startswith("tc_") else SCHEMAS[3] if name.startswith("pool_") else SCHEMAS[0]
    import_or_refuse(bytes(data), schema, name)

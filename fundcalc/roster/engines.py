"""The engines that run query.py's SQL: DuckDB (embedded, default) and Spark (PySpark, local or cluster).

Each exposes the inputs under the fixed relation names, runs the same SQL strings and returns pandas
frames of aggregates only. DuckDB's spill files go to the run's temporary folder, removed after the run
(run.py); Spark's local folders to one temporary folder per process, removed when the process exits
(Spark itself deletes its block files when a session stops).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..columns import id_list_schema, roster_schema
from ..errors import InputError
from ..importer import header_mapping

ENGINES = ("duckdb", "spark")

LIST_NAMES = {
    "bingtuan": ("兵团参保名单", "兵团 insured list"),
    "cross_province": ("跨省重复参保名单", "cross-province duplicate list"),
    "employee": ("职工医保参保名单", "employee-insurance list"),
}


@dataclass(frozen=True)
class Sources:
    """The run's input files: the roster and the three lists (None: an empty list)."""
    roster: Path
    bingtuan: Path | None = None
    cross_province: Path | None = None
    employee: Path | None = None

    def lists(self):
        return {"bingtuan": self.bingtuan, "cross_province": self.cross_province, "employee": self.employee}


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".csv", ".txt"):
        return "csv"
    raise InputError("名单文件应为 CSV 或 Parquet", "a roster file must be CSV or Parquet", value=path.name)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InputError("找不到文件", "file not found", value=path.name)


def select_columns(headers: list[str], schema, file_label: tuple[str, str], name: str) -> dict[str, str]:
    """key -> header for the schema's columns; a missing required column is refused with the file named."""
    found = header_mapping(headers, schema)
    missing = [c for c in schema.columns if c.required and c.key not in found]
    if missing:
        want = "、".join(f"{c.zh}（{c.en}）" for c in missing)
        raise InputError(f"{file_label[0]} {name} 缺少必需的列：{want}；表头为：{'、'.join(map(str, headers))[:200]}",
                         f"{file_label[1]} {name} lacks the required column(s): {want}",
                         column=want, value=name)
    return found


def _sql_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, tmp: Path, memory_limit: str | None = None, threads: int | None = None):
        import duckdb

        config = {"temp_directory": str(tmp / "duckdb_spill")}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = int(threads)
        self.con = duckdb.connect(database=":memory:", config=config)

    def _reader(self, path: Path) -> str:
        if file_kind(path) == "parquet":
            return f"read_parquet({_sql_path(path)})"
        return f"read_csv({_sql_path(path)}, header = true, all_varchar = true)"

    def _headers(self, reader: str) -> list[str]:
        return [row[0] for row in self.con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]

    def register(self, sources: Sources) -> None:
        _check_file(sources.roster)
        reader = self._reader(sources.roster)
        cols = select_columns(self._headers(reader), roster_schema(), ("参保名单", "roster"), sources.roster.name)
        status = _sql_ident(cols["status"]) if "status" in cols else "CAST(NULL AS VARCHAR)"
        self.con.execute(
            f"CREATE VIEW roster AS SELECT {_sql_ident(cols['id_number'])} AS id_number, "
            f"{_sql_ident(cols['county'])} AS county, {_sql_ident(cols['insured_date'])} AS insured_date, "
            f"{status} AS status FROM {reader}")
        for name, path in sources.lists().items():
            zh, en = LIST_NAMES[name]
            if path is None:
                self.con.execute(f"CREATE VIEW {name} AS SELECT CAST(NULL AS VARCHAR) AS id_number WHERE FALSE")
                continue
            _check_file(path)
            reader = self._reader(path)
            col = select_columns(self._headers(reader), id_list_schema(zh, en), (zh, en), path.name)["id_number"]
            self.con.execute(f"CREATE VIEW {name} AS SELECT {_sql_ident(col)} AS id_number FROM {reader}")

    def keep(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE TEMP TABLE {name} AS {sql}")

    def query(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).fetch_df()

    def progress(self) -> float | None:
        try:
            value = self.con.query_progress()
        except Exception:  # noqa: BLE001 — progress is a courtesy; a missing figure is not an error
            return None
        return None if value is None or value < 0 else float(value) / 100

    def close(self) -> None:
        # A page rerun can stop the run while a query is still going in the worker thread: stop it first.
        self.con.interrupt()
        self.con.close()


_SPARK_LOCAL: Path | None = None


def spark_local_dir() -> Path:
    """The Spark local folder of this process. Spark keeps the first SparkContext's local folders for the life
    of its JVM (later sessions write there too), so one temporary folder per process, removed at exit."""
    global _SPARK_LOCAL
    if _SPARK_LOCAL is None:
        _SPARK_LOCAL = Path(tempfile.mkdtemp(prefix="fundcalc-spark-"))
        atexit.register(shutil.rmtree, _SPARK_LOCAL, True)
    return _SPARK_LOCAL


def spark_session(master: str, tmp: Path, app_name: str = "fundcalc-headcount"):
    """A SparkSession whose local (shuffle/spill) folders are under ``tmp``; the UI is off."""
    from pyspark.sql import SparkSession

    local = tmp / "spark_local"
    local.mkdir(parents=True, exist_ok=True)
    return (SparkSession.builder.master(master).appName(app_name)
            .config("spark.local.dir", str(local))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", os.environ.get("FUNDCALC_SPARK_PARTITIONS", "8"))
            .getOrCreate())


def quiet(session) -> None:
    session.sparkContext.setLogLevel("ERROR")


class SparkEngine:
    name = "spark"

    def __init__(self, tmp: Path, master: str = "local[2]", session=None):
        self.own = session is None
        self.spark = session if session is not None else spark_session(master, spark_local_dir())
        if self.own:
            quiet(self.spark)
        self.views: list[str] = []

    def _read(self, path: Path):
        reader = self.spark.read
        if file_kind(path) == "parquet":
            return reader.parquet(str(path))
        return reader.option("header", True).option("encoding", "UTF-8").csv(str(path))

    def register(self, sources: Sources) -> None:
        from pyspark.sql import functions as F

        _check_file(sources.roster)
        df = self._read(sources.roster)
        cols = select_columns(df.columns, roster_schema(), ("参保名单", "roster"), sources.roster.name)
        status = F.col(f"`{cols['status']}`") if "status" in cols else F.lit(None).cast("string")
        df.select(F.col(f"`{cols['id_number']}`").alias("id_number"), F.col(f"`{cols['county']}`").alias("county"),
                  F.col(f"`{cols['insured_date']}`").alias("insured_date"),
                  status.alias("status")).createOrReplaceTempView("roster")
        self.views.append("roster")
        for name, path in sources.lists().items():
            zh, en = LIST_NAMES[name]
            if path is None:
                self.spark.sql("SELECT CAST(NULL AS STRING) AS id_number WHERE FALSE").createOrReplaceTempView(name)
            else:
                _check_file(path)
                lst = self._read(path)
                col = select_columns(lst.columns, id_list_schema(zh, en), (zh, en), path.name)["id_number"]
                lst.select(F.col(f"`{col}`").alias("id_number")).createOrReplaceTempView(name)
            self.views.append(name)

    def keep(self, name: str, sql: str) -> None:
        self.spark.sql(sql).createOrReplaceTempView(name)
        self.spark.catalog.cacheTable(name)   # memory and disk: computed once, on first use
        self.views.append(name)

    def query(self, sql: str) -> pd.DataFrame:
        import warnings

        with warnings.catch_warnings():
            # pyspark 4.3 warns about pandas 3 on every conversion; the frames here are small aggregates.
            warnings.simplefilter("ignore", FutureWarning)
            return self.spark.sql(sql).toPandas()

    def progress(self) -> float | None:
        return None

    def close(self) -> None:
        for view in reversed(self.views):
            if self.spark.catalog.isCached(view):
                self.spark.catalog.uncacheTable(view)
            self.spark.catalog.dropTempView(view)
        if self.own:
            self.spark.stop()

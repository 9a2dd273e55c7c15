"""Saved scenarios in an embedded SQLite file.

The file is ``$FUNDCALC_DB`` or ``data/scenarios.sqlite3`` (git-ignored). Why it is shaped so:

- Every operation opens its own connection and closes it: a connection is never shared
  between threads or dashboard sessions (sqlite3 connections are not thread-safe).
- Every write is one short ``BEGIN IMMEDIATE … COMMIT`` transaction in WAL mode with
  ``synchronous=FULL``: a crash mid-save rolls back to the last commit, so nothing saved
  before is lost; IMMEDIATE takes the write lock up front, so two sessions saving at
  once queue on ``busy_timeout`` instead of failing with "database is locked".
- The schema is versioned by ``PRAGMA user_version`` and brought up to date by the
  ordered MIGRATIONS on open, inside one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import InputError
from .params import DATA_DIR
from .scenario import Scenario

ENV_VAR = "FUNDCALC_DB"
DEFAULT_PATH = DATA_DIR / "scenarios.sqlite3"
BUSY_TIMEOUT_MS = 15_000

# Each entry takes the schema from version i to i + 1. Never edit a shipped step; append.
MIGRATIONS: list[str] = [
    # 1: scenarios as JSON bodies.
    """
    CREATE TABLE scenarios (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 2: mechanism and dataset as columns, so the list can be filtered without parsing bodies.
    """
    ALTER TABLE scenarios ADD COLUMN mechanism TEXT NOT NULL DEFAULT '';
    ALTER TABLE scenarios ADD COLUMN dataset TEXT NOT NULL DEFAULT '';
    UPDATE scenarios SET mechanism = coalesce(json_extract(body, '$.mechanism'), ''),
                         dataset = coalesce(json_extract(body, '$.dataset'), '');
    CREATE INDEX scenarios_mechanism ON scenarios (mechanism, updated_at);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class Entry:
    """One line of the scenario list."""

    id: int
    name: str
    mechanism: str
    dataset: str
    created_at: str
    updated_at: str


def default_path() -> Path:
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


_migrated: set[str] = set()
_migrate_lock = threading.Lock()


class Store:
    """Save, list, get, rename, duplicate and delete scenarios. Cheap to create; holds no connection."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()
        # A test seam: called inside a save's transaction just before COMMIT.
        self.before_commit = None
        self._ensure_schema()

    # -- connections and transactions --
    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                  check_same_thread=True)
        except (sqlite3.Error, OSError) as exc:
            raise InputError(f"无法打开方案库：{exc}", f"cannot open the scenario store: {exc}",
                             value=str(self.path)) from None
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA synchronous = FULL")
        return con

    @contextmanager
    def _read(self):
        con = self._connect()
        try:
            yield con
        except sqlite3.DatabaseError as exc:
            raise InputError(f"方案库读取失败：{exc}", f"the scenario store cannot be read: {exc}",
                             value=str(self.path)) from None
        finally:
            con.close()

    @contextmanager
    def _write(self):
        """One atomic write: everything inside commits together or not at all."""
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                if self.before_commit is not None:
                    self.before_commit()
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc) and "name" in str(exc):
                raise InputError("已有同名方案，请换一个名称", "a scenario with this name exists; choose another",
                                 column="方案名称") from None
            raise InputError(f"方案库写入失败：{exc}", f"the scenario store refused the write: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise InputError(f"方案库写入失败：{exc}", f"the scenario store write failed: {exc}",
                             value=str(self.path)) from None
        finally:
            con.close()

    def _ensure_schema(self) -> None:
        key = str(self.path.resolve())
        with _migrate_lock:
            if key in _migrated and self.path.exists():
                return
            con = self._connect()
            try:
                _wal_and_migrate(con)
            except sqlite3.DatabaseError as exc:
                raise InputError(f"方案库无法打开或升级：{exc}", f"the scenario store cannot be opened or upgraded: {exc}",
                                 value=str(self.path)) from None
            finally:
                con.close()
            _migrated.add(key)

    # -- reading --
    def list(self, mechanism: str | None = None) -> list[Entry]:
        sql = "SELECT id, name, mechanism, dataset, created_at, updated_at FROM scenarios"
        args: tuple = ()
        if mechanism:
            sql += " WHERE mechanism = ?"
            args = (mechanism,)
        with self._read() as con:
            rows = con.execute(sql + " ORDER BY updated_at DESC, id DESC", args).fetchall()
        return [Entry(*r) for r in rows]

    def get(self, scenario_id: int) -> Scenario:
        with self._read() as con:
            row = con.execute("SELECT id, name, body FROM scenarios WHERE id = ?", (int(scenario_id),)).fetchone()
        if row is None:
            raise InputError("没有这个方案（可能已被删除）", "no such scenario (it may have been deleted)",
                             column="scenario", value=scenario_id)
        scenario = Scenario.from_json(row[2])
        scenario.name, scenario.id = row[1], row[0]
        return scenario

    def find(self, name: str) -> int | None:
        with self._read() as con:
            row = con.execute("SELECT id FROM scenarios WHERE name = ?", (name.strip(),)).fetchone()
        return row[0] if row else None

    # -- writing --
    def save(self, scenario: Scenario, overwrite: bool = False) -> int:
        """Save under the scenario's name; returns its id. An existing name is replaced only with
        ``overwrite`` (keeping its id, so share links to it stay valid)."""
        name = _clean_name(scenario.name)
        body = scenario.with_name(name).to_json()
        now = _now()
        with self._write() as con:
            row = con.execute("SELECT id FROM scenarios WHERE name = ?", (name,)).fetchone()
            if row and overwrite:
                con.execute("UPDATE scenarios SET body = ?, mechanism = ?, dataset = ?, updated_at = ? WHERE id = ?",
                            (body, scenario.mechanism, scenario.dataset, now, row[0]))
                new_id = row[0]
            else:
                cur = con.execute(
                    "INSERT INTO scenarios (name, body, mechanism, dataset, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (name, body, scenario.mechanism, scenario.dataset, now, now))
                new_id = cur.lastrowid
        return int(new_id)

    def update(self, scenario_id: int, scenario: Scenario) -> None:
        """Replace a saved scenario's content (and name) under the same id."""
        name = _clean_name(scenario.name)
        with self._write() as con:
            cur = con.execute("UPDATE scenarios SET name = ?, body = ?, mechanism = ?, dataset = ?, updated_at = ? "
                              "WHERE id = ?", (name, scenario.with_name(name).to_json(), scenario.mechanism,
                                               scenario.dataset, _now(), int(scenario_id)))
            _found(cur, scenario_id)

    def rename(self, scenario_id: int, new_name: str) -> None:
        name = _clean_name(new_name)
        with self._write() as con:
            cur = con.execute("UPDATE scenarios SET name = ?, updated_at = ? WHERE id = ?",
                              (name, _now(), int(scenario_id)))
            _found(cur, scenario_id)

    def duplicate(self, scenario_id: int, new_name: str | None = None) -> int:
        """A copy under ``new_name`` or "<name> (副本)", "(副本 2)", … — the first free one."""
        with self._write() as con:
            row = con.execute("SELECT name, body, mechanism, dataset FROM scenarios WHERE id = ?",
                              (int(scenario_id),)).fetchone()
            if row is None:
                raise InputError("没有这个方案", "no such scenario", column="scenario", value=scenario_id)
            if new_name:
                name = _clean_name(new_name)
            else:
                taken = {r[0] for r in con.execute("SELECT name FROM scenarios")}
                name, k = f"{row[0]} (副本)", 2
                while name in taken:
                    name, k = f"{row[0]} (副本 {k})", k + 1
            now = _now()
            cur = con.execute("INSERT INTO scenarios (name, body, mechanism, dataset, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (name, row[1], row[2], row[3], now, now))
            return int(cur.lastrowid)

    def delete(self, scenario_id: int) -> None:
        with self._write() as con:
            cur = con.execute("DELETE FROM scenarios WHERE id = ?", (int(scenario_id),))
            _found(cur, scenario_id)


def _wal_and_migrate(con: sqlite3.Connection) -> None:
    """WAL mode (a property of the file: set once, kept by every later connection), then the migrations.

    Switching a new file to WAL needs an exclusive lock that SQLite does not wait for: when two processes
    open a new store at the same moment, one of them gets "database is locked" at once, busy_timeout or
    not (seen in tests/test_store.py::test_two_processes_saving_at_once). So that step is retried until
    the busy timeout has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            con.execute("PRAGMA journal_mode = WAL")
            migrate(con)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrate(con: sqlite3.Connection) -> int:
    """Apply the missing migrations in one transaction; returns the version reached."""
    con.execute("BEGIN IMMEDIATE")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise InputError(f"方案库版本 {version} 比本程序新（{SCHEMA_VERSION}），请升级程序",
                             f"the scenario store is version {version}, newer than this program's "
                             f"({SCHEMA_VERSION}); please upgrade")
        for step in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[step]):
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {step + 1}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT the open transaction; run the statements one by one instead.
    return [s.strip() for s in script.split(";") if s.strip()]


def _clean_name(name: str) -> str:
    name = str(name or "").strip()
    if not name:
        raise InputError("方案名称不能为空", "the scenario name must not be blank", column="方案名称", value="")
    if len(name) > 200:
        raise InputError("方案名称过长（最多 200 字）", "the scenario name is too long (200 characters at most)",
                         column="方案名称", value=name)
    return name


def _found(cur: sqlite3.Cursor, scenario_id) -> None:
    if cur.rowcount == 0:
        raise InputError("没有这个方案（可能已被删除）", "no such scenario (it may have been deleted)",
                         column="scenario", value=scenario_id)

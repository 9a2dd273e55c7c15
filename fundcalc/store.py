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
- A saved scenario is an immutable version: saving under a name that exists adds a version with a
  new id, so a share link (which names an id) always shows what was shared. Renaming and deleting
  are for its author only (the signed-in user, or one browser: ui/identity.py); a scenario from
  before authors were recorded has none and is read-only for everyone.
- Drafts (a session's unsaved work, ui/draft.py) live in the same file, one per author, mechanism
  and dataset, bounded in size and number.
- The user's own baselines (a policy file and its county table, fundcalc/baselines.py) live in the same
  file, as immutable versions too: a scenario on one names the version's id, so its deltas never change.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .errors import InputError
from .params import DATA_DIR
from .scenario import Scenario

ENV_VAR = "FUNDCALC_DB"
DEFAULT_PATH = DATA_DIR / "scenarios.sqlite3"
BUSY_TIMEOUT_MS = 15_000
# Drafts: one body at most this long (a scenario JSON: parameters and table diffs), at most this many per
# author, and this many in all (the oldest go first), so a flood of browsers cannot fill the disk.
MAX_DRAFT_CHARS = 2_000_000
MAX_DRAFTS_PER_OWNER = 30
MAX_DRAFTS = 20_000
# An 18-character 身份证号 (17 digits and a digit or X): a draft that holds one is not kept.
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")

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
    # 3: immutable versions with an author; names are no longer unique (a name has versions). SQLite cannot
    # drop a UNIQUE constraint, so the table is rebuilt; its AUTOINCREMENT counter moves with it, so an id
    # once given (and perhaps shared as a link) is never given to another scenario. Drafts of unsaved work.
    """
    CREATE TABLE scenarios_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        mechanism TEXT NOT NULL DEFAULT '',
        dataset TEXT NOT NULL DEFAULT '',
        author TEXT,
        version INTEGER NOT NULL DEFAULT 1
    );
    INSERT INTO scenarios_v3 (id, name, body, created_at, updated_at, mechanism, dataset)
        SELECT id, name, body, created_at, updated_at, mechanism, dataset FROM scenarios;
    DELETE FROM sqlite_sequence WHERE name = 'scenarios_v3';
    UPDATE sqlite_sequence SET name = 'scenarios_v3' WHERE name = 'scenarios';
    DROP TABLE scenarios;
    ALTER TABLE scenarios_v3 RENAME TO scenarios;
    CREATE INDEX scenarios_mechanism ON scenarios (mechanism, updated_at);
    CREATE INDEX scenarios_name ON scenarios (name, version);
    CREATE TABLE drafts (
        owner TEXT NOT NULL,
        mechanism TEXT NOT NULL,
        dataset TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (owner, mechanism, dataset)
    );
    CREATE INDEX drafts_age ON drafts (updated_at);
    """,
    # 4: the user's own baselines (a policy file and its county table, fundcalc/baselines.py), immutable
    # versions like scenarios; a scenario on one names it as dataset "baseline:<id>". AUTOINCREMENT: an id once
    # given is never given to another baseline, so a scenario never replays on a table it was not built on.
    """
    CREATE TABLE baselines (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        mechanism TEXT NOT NULL,
        region TEXT NOT NULL DEFAULT '',
        year INTEGER,
        doc_no TEXT NOT NULL DEFAULT '',
        policy_toml TEXT NOT NULL,
        table_csv TEXT NOT NULL,
        monthly_csv TEXT,
        created_at TEXT NOT NULL,
        author TEXT,
        version INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX baselines_mechanism ON baselines (mechanism, created_at);
    CREATE INDEX baselines_name ON baselines (name, mechanism, version);
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
    author: str | None = None
    version: int = 1
    source: str = ""  # the uploaded table's file name, for a scenario built on one


_ENTRY = ("id, name, mechanism, dataset, created_at, updated_at, author, version, "
          "coalesce(json_extract(body, '$.source'), '')")


@dataclass(frozen=True)
class BaselineEntry:
    """One saved baseline (a version): the list's fields, and with ``Store.baseline`` its texts."""

    id: int
    name: str
    mechanism: str
    region: str
    year: int | None
    doc_no: str
    created_at: str
    author: str | None = None
    version: int = 1
    policy_toml: str | None = None
    table_csv: str | None = None
    monthly_csv: str | None = None

    @property
    def dataset_id(self) -> str:
        return f"baseline:{self.id}"


_BASELINE = "id, name, mechanism, region, year, doc_no, created_at, author, version"


def default_path() -> Path:
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


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
                raise InputError(f"方案库无法打开或升级：{exc}",
                                 f"the scenario store cannot be opened or upgraded: {exc}",
                                 value=str(self.path)) from None
            finally:
                con.close()
            _migrated.add(key)

    # -- reading --
    def list(self, mechanism: str | None = None) -> list[Entry]:
        sql = f"SELECT {_ENTRY} FROM scenarios"
        args: tuple = ()
        if mechanism:
            sql += " WHERE mechanism = ?"
            args = (mechanism,)
        with self._read() as con:
            rows = con.execute(sql + " ORDER BY updated_at DESC, id DESC", args).fetchall()
        return [Entry(*r) for r in rows]

    def entry(self, scenario_id: int) -> Entry:
        with self._read() as con:
            row = con.execute(f"SELECT {_ENTRY} FROM scenarios WHERE id = ?", (int(scenario_id),)).fetchone()
        if row is None:
            raise _missing(scenario_id)
        return Entry(*row)

    def get(self, scenario_id: int) -> Scenario:
        with self._read() as con:
            row = con.execute("SELECT id, name, body FROM scenarios WHERE id = ?", (int(scenario_id),)).fetchone()
        if row is None:
            raise _missing(scenario_id)
        scenario = Scenario.from_json(row[2])
        scenario.name, scenario.id = row[1], row[0]
        return scenario

    def body(self, scenario_id: int) -> str:
        """A scenario's JSON as stored (not replayed: a backup copies it as it is)."""
        with self._read() as con:
            row = con.execute("SELECT body FROM scenarios WHERE id = ?", (int(scenario_id),)).fetchone()
        if row is None:
            raise _missing(scenario_id)
        return row[0]

    def find(self, name: str) -> int | None:
        """The id of the newest version saved under ``name``."""
        with self._read() as con:
            row = con.execute("SELECT id FROM scenarios WHERE name = ? ORDER BY version DESC, id DESC LIMIT 1",
                              (name.strip(),)).fetchone()
        return row[0] if row else None

    # -- writing --
    def save(self, scenario: Scenario, author: str | None = None) -> int:
        """Save as a new version under the scenario's name (version 1, or one more than the newest under that
        name, whoever saved it); returns its new id. Nothing saved before changes."""
        name = _clean_name(scenario.name)
        body = scenario.with_name(name).to_json()
        now = _now()
        with self._write() as con:
            version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM scenarios WHERE name = ?",
                                  (name,)).fetchone()[0]
            cur = con.execute(
                "INSERT INTO scenarios (name, body, mechanism, dataset, created_at, updated_at, author, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, body, scenario.mechanism, scenario.dataset, now, now, author or None, version))
        return int(cur.lastrowid)

    def rename(self, scenario_id: int, new_name: str, author: str | None = None) -> None:
        """The author's own scenario under another name (one no other scenario has)."""
        name = _clean_name(new_name)
        with self._write() as con:
            _own(con, scenario_id, author)
            if con.execute("SELECT 1 FROM scenarios WHERE name = ? AND id != ?", (name, int(scenario_id))).fetchone():
                raise InputError("已有同名方案，请换一个名称", "a scenario with this name exists; choose another",
                                 column="方案名称", value=name)
            con.execute("UPDATE scenarios SET name = ?, version = 1, updated_at = ? WHERE id = ?",
                        (name, _now(), int(scenario_id)))

    def duplicate(self, scenario_id: int, new_name: str | None = None, author: str | None = None) -> int:
        """A copy, authored by ``author``, under ``new_name`` or "<name> (副本)", "(副本 2)", … — the first free one."""
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
            version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM scenarios WHERE name = ?",
                                  (name,)).fetchone()[0]
            now = _now()
            cur = con.execute("INSERT INTO scenarios (name, body, mechanism, dataset, created_at, updated_at, "
                              "author, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              (name, row[1], row[2], row[3], now, now, author or None, version))
            return int(cur.lastrowid)

    def delete(self, scenario_id: int, author: str | None = None) -> None:
        with self._write() as con:
            _own(con, scenario_id, author)
            con.execute("DELETE FROM scenarios WHERE id = ?", (int(scenario_id),))

    # -- baselines (validated by fundcalc.baselines before they get here) --
    def add_baseline(self, name: str, mechanism: str, region: str, year: int | None, doc_no: str,
                     policy_toml: str, table_csv: str, monthly_csv: str | None, author: str | None) -> int:
        """A new immutable version under ``name`` for ``mechanism`` (one more than the newest); returns its id."""
        name = _clean_name(name, BASELINE_WORDS)
        with self._write() as con:
            version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM baselines WHERE name = ? "
                                  "AND mechanism = ?", (name, mechanism)).fetchone()[0]
            cur = con.execute(
                "INSERT INTO baselines (name, mechanism, region, year, doc_no, policy_toml, table_csv, monthly_csv, "
                "created_at, author, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, mechanism, region, year, doc_no, policy_toml, table_csv, monthly_csv, _now(), author or None,
                 version))
        return int(cur.lastrowid)

    def baselines(self, mechanism: str | None = None) -> list[BaselineEntry]:
        """Every saved baseline (newest first), without their texts."""
        sql = f"SELECT {_BASELINE} FROM baselines"
        args: tuple = ()
        if mechanism:
            sql += " WHERE mechanism = ?"
            args = (mechanism,)
        with self._read() as con:
            rows = con.execute(sql + " ORDER BY created_at DESC, id DESC", args).fetchall()
        return [BaselineEntry(*r) for r in rows]

    def baseline(self, baseline_id: int) -> BaselineEntry:
        """One baseline with its policy and table texts."""
        with self._read() as con:
            row = con.execute(f"SELECT {_BASELINE}, policy_toml, table_csv, monthly_csv FROM baselines WHERE id = ?",
                              (_row_id(baseline_id),)).fetchone()
        if row is None:
            raise _missing_baseline(baseline_id)
        return BaselineEntry(*row)

    def restore(self, rows: dict[int, dict], scenarios: list[Scenario], author: str | None) -> tuple[dict, int, int]:
        """A backup's checked baselines (by their id in the file; fundcalc.backup) and scenarios, in one transaction.

        Each baseline identical to one under the same name is that one; any other gets a new id (and version).
        Scenarios on ``"baseline:<id in the file>"`` are pointed to the new id; one identical to a saved one
        (name and content) is not added again. Returns ({id in the file: id here}, new baselines, new scenarios)."""
        id_map, new_baselines, new_scenarios = {}, 0, 0
        with self._write() as con:
            for old, row in rows.items():
                name = _clean_name(row["name"], BASELINE_WORDS)
                found = con.execute("SELECT id FROM baselines WHERE name = ? AND mechanism = ? AND policy_toml = ? "
                                    "AND table_csv = ? AND monthly_csv IS ? ORDER BY id LIMIT 1",
                                    (name, row["mechanism"], row["policy_toml"], row["table_csv"],
                                     row["monthly_csv"])).fetchone()
                if found:
                    id_map[old] = found[0]
                    continue
                version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM baselines WHERE name = ? "
                                      "AND mechanism = ?", (name, row["mechanism"])).fetchone()[0]
                cur = con.execute(
                    "INSERT INTO baselines (name, mechanism, region, year, doc_no, policy_toml, table_csv, "
                    "monthly_csv, created_at, author, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (name, row["mechanism"], row["region"], row["year"], row["doc_no"], row["policy_toml"],
                     row["table_csv"], row["monthly_csv"], _now(), author or None, version))
                id_map[old] = int(cur.lastrowid)
                new_baselines += 1
            for scenario in scenarios:
                if scenario.dataset.startswith("baseline:"):
                    scenario = replace(scenario, dataset=f"baseline:{id_map[int(scenario.dataset[9:])]}")
                name = _clean_name(scenario.name)
                body = scenario.with_name(name).to_json()
                if con.execute("SELECT 1 FROM scenarios WHERE name = ? AND body = ?", (name, body)).fetchone():
                    continue
                version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM scenarios WHERE name = ?",
                                      (name,)).fetchone()[0]
                now = _now()
                con.execute("INSERT INTO scenarios (name, body, mechanism, dataset, created_at, updated_at, author, "
                            "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (name, body, scenario.mechanism, scenario.dataset, now, now, author or None, version))
                new_scenarios += 1
        return id_map, new_baselines, new_scenarios

    def delete_baseline(self, baseline_id: int, author: str | None = None) -> None:
        """The author's own baseline, when no saved scenario is built on it (it would no longer replay)."""
        with self._write() as con:
            row = con.execute("SELECT author FROM baselines WHERE id = ?", (_row_id(baseline_id),)).fetchone()
            if row is None:
                raise _missing_baseline(baseline_id)
            if row[0] is None or not author or row[0] != author:
                raise InputError("只有基准的作者可以删除它", "only the baseline's author can delete it",
                                 column="baseline", value=baseline_id)
            used = con.execute("SELECT count(*) FROM scenarios WHERE dataset = ?",
                               (f"baseline:{int(baseline_id)}",)).fetchone()[0]
            if used:
                raise InputError(f"有 {used} 个已保存的方案建立在这个基准上，请先删除这些方案",
                                 f"{used} saved scenario(s) are built on this baseline; delete them first",
                                 column="baseline", value=baseline_id)
            con.execute("DELETE FROM baselines WHERE id = ?", (int(baseline_id),))

    # -- drafts --
    def save_draft(self, owner: str, mechanism: str, dataset: str, body: str) -> None:
        """Keep ``owner``'s unsaved work on ``mechanism``/``dataset`` (replacing the last draft there).

        Refused (InputError, nothing kept) when the body is too long or holds what looks like a 身份证号."""
        if not owner:
            raise InputError("没有用户标识，草稿未保存", "no user identity; the draft was not kept")
        refusal = draft_refusal(body)
        if refusal is not None:
            raise refusal
        now = _now()
        with self._write() as con:
            con.execute("INSERT INTO drafts (owner, mechanism, dataset, body, updated_at) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT (owner, mechanism, dataset) DO UPDATE SET body = excluded.body, "
                        "updated_at = excluded.updated_at", (owner, mechanism, dataset, body, now))
            con.execute("DELETE FROM drafts WHERE owner = ? AND rowid NOT IN (SELECT rowid FROM drafts WHERE owner = ? "
                        "ORDER BY updated_at DESC LIMIT ?)", (owner, owner, MAX_DRAFTS_PER_OWNER))
            con.execute("DELETE FROM drafts WHERE rowid NOT IN (SELECT rowid FROM drafts ORDER BY updated_at DESC "
                        "LIMIT ?)", (MAX_DRAFTS,))

    def draft(self, owner: str, mechanism: str, dataset: str | None = None) -> tuple[str, str] | None:
        """(dataset, body) of the owner's draft on that dataset, or their newest on the mechanism."""
        sql = "SELECT dataset, body FROM drafts WHERE owner = ? AND mechanism = ?"
        args: tuple = (owner, mechanism)
        if dataset is not None:
            sql += " AND dataset = ?"
            args += (dataset,)
        with self._read() as con:
            row = con.execute(sql + " ORDER BY updated_at DESC LIMIT 1", args).fetchone()
        return (row[0], row[1]) if row else None

    def delete_draft(self, owner: str, mechanism: str, dataset: str) -> None:
        with self._write() as con:
            con.execute("DELETE FROM drafts WHERE owner = ? AND mechanism = ? AND dataset = ?",
                        (owner, mechanism, dataset))


def draft_refusal(body: str) -> InputError | None:
    """Why a draft body is not kept (too large, or holding what looks like a 身份证号), or None."""
    if len(body) > MAX_DRAFT_CHARS:
        return InputError(f"草稿过大（超过 {MAX_DRAFT_CHARS:,} 字符），未自动保存",
                          f"the draft is too large (over {MAX_DRAFT_CHARS:,} characters); not kept")
    if _ID_NUMBER.search(body):
        return InputError("草稿中含有疑似身份证号，未自动保存",
                          "the draft holds what looks like an ID number; not kept")
    return None


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


SCENARIO_WORDS = ("方案", "scenario")
BASELINE_WORDS = ("基准", "baseline")


def _clean_name(name: str, words: tuple[str, str] = SCENARIO_WORDS) -> str:
    zh, en = words
    name = str(name or "").strip()
    if not name:
        raise InputError(f"{zh}名称不能为空", f"the {en} name must not be blank", column=f"{zh}名称", value="")
    if len(name) > 200:
        raise InputError(f"{zh}名称过长（最多 200 字）", f"the {en} name is too long (200 characters at most)",
                         column=f"{zh}名称", value=name)
    return name


def _row_id(value) -> int:
    """An id as SQLite takes it: a whole number within INTEGER's range, else the "no such" refusal."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise _missing_baseline(value) from None
    if not 0 < number < 2**63:
        raise _missing_baseline(value)
    return number


def _missing_baseline(baseline_id) -> InputError:
    return InputError("没有这个基准（可能已被删除）", "no such baseline (it may have been deleted)",
                      column="baseline", value=baseline_id)


def _missing(scenario_id) -> InputError:
    return InputError("没有这个方案（可能已被删除）", "no such scenario (it may have been deleted)",
                      column="scenario", value=scenario_id)


def _own(con: sqlite3.Connection, scenario_id, author: str | None) -> None:
    """Refuse unless ``author`` wrote the scenario (one with no recorded author is read-only)."""
    row = con.execute("SELECT author FROM scenarios WHERE id = ?", (int(scenario_id),)).fetchone()
    if row is None:
        raise _missing(scenario_id)
    if row[0] is None:
        raise InputError("这个方案没有记录作者，只能查看和复制", "this scenario has no recorded author: it can only be "
                         "viewed and copied", column="scenario", value=scenario_id)
    if not author or row[0] != author:
        raise InputError("只有方案的作者可以重命名或删除它；可以复制后修改", "only the scenario's author can rename "
                         "or delete it; copy it to make your own", column="scenario", value=scenario_id)

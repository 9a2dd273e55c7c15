"""One file that keeps a user's saved baselines and scenarios: export, and import into any store.

Layout (JSON, bounded by fundcalc.limits MAX_BACKUP_*)::

    {"format": "fundcalc.backup", "schema_version": 1, "exported_at": "…",
     "baselines": [{"id": 3, "name": "…", "mechanism": "allocation", "version": 1, "created_at": "…",
                    "policy_toml": "…", "table_csv": "…", "monthly_csv": null}],
     "scenarios": [{"id": 12, "name": "…", "version": 2, "created_at": "…", "scenario": {…scenario JSON…}}]}

Ids are the exporting store's. On import every baseline gets a new id in the receiving store and every
scenario on one (dataset ``"baseline:<old id>"``) is pointed to the new id, so it replays on the same figures.
Nothing is written unless everything checks: each baseline as ``save_baseline`` checks it, each scenario as a
scenario file and replayed on its baseline; then all of it goes in one transaction. A baseline or scenario
identical to one in the store (same name and content) is not added again, so importing a file twice adds
nothing the second time. Authors are not exported (they are browser or sign-in ids); what is imported belongs
to whoever imports it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from . import baselines
from . import scenario as sc
from .errors import InputError
from .limits import MAX_BACKUP_BYTES, MAX_BACKUP_ENTRIES, MAX_BACKUP_ITEMS, MAX_BASELINE_TABLE_BYTES
from .scenario import Scenario
from .store import Store
from .userfiles import read_json

FORMAT = "fundcalc.backup"
SCHEMA_VERSION = 1
WHAT = ("备份文件", "the backup file")


@dataclass(frozen=True)
class Imported:
    """What an import did: new baselines and scenarios, and those already in the store (not added again)."""

    baselines: int
    scenarios: int
    baselines_present: int = 0
    scenarios_present: int = 0
    id_map: tuple = ()    # ((old baseline id, new id), …)

    def message(self, lang: str = "zh") -> str:
        if lang == "zh":
            text = f"已导入 {self.baselines} 个基准、{self.scenarios} 个方案"
            if self.baselines_present or self.scenarios_present:
                text += f"（{self.baselines_present} 个基准、{self.scenarios_present} 个方案已在库中，未重复导入）"
            return text
        text = f"imported {self.baselines} baseline(s) and {self.scenarios} scenario(s)"
        if self.baselines_present or self.scenarios_present:
            text += (f" ({self.baselines_present} baseline(s) and {self.scenarios_present} scenario(s) were "
                     "already there)")
        return text


# --- export --------------------------------------------------------------------------------

def export_backup(author: str | None = None, store: Store | None = None) -> str:
    """The backup text of ``author``'s baselines and scenarios (everything in the store when None), with every
    baseline their scenarios rest on. Refused (InputError) when it would exceed MAX_BACKUP_BYTES."""
    store = store or Store()
    entries = [e for e in store.list() if author is None or e.author == author]
    # The bodies as stored (read, not replayed: the store's own file, whatever $FUNDCALC_DB says).
    scenarios = [(e, json.loads(store.body(e.id))) for e in sorted(entries, key=lambda e: e.id)]
    wanted = {e.id for e in store.baselines() if author is None or e.author == author}
    wanted |= {baselines.baseline_id(e.dataset) for e, _ in scenarios if baselines.is_baseline(e.dataset)}
    rows = [store.baseline(i) for i in sorted(wanted)]
    data = {
        "format": FORMAT, "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "baselines": [{"id": b.id, "name": b.name, "mechanism": b.mechanism, "version": b.version,
                       "created_at": b.created_at, "policy_toml": b.policy_toml, "table_csv": b.table_csv,
                       "monthly_csv": b.monthly_csv} for b in rows],
        "scenarios": [{"id": e.id, "name": e.name, "version": e.version, "created_at": e.created_at,
                       "scenario": body} for e, body in scenarios],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if len(text.encode("utf-8")) > MAX_BACKUP_BYTES:
        raise InputError(f"备份过大（上限 {MAX_BACKUP_BYTES // 1024 // 1024} MB），请删除不用的方案或基准后再导出",
                         f"the backup is too large (limit {MAX_BACKUP_BYTES // 1024 // 1024} MB); delete unused "
                         "scenarios or baselines first")
    return text


# --- import --------------------------------------------------------------------------------

def import_backup(text: str | bytes, author: str | None = None, store: Store | None = None) -> Imported:
    """Check the whole backup, then add it to the store in one transaction (see the module docstring)."""
    store = store or Store()
    data = read_json(text, max_bytes=MAX_BACKUP_BYTES, max_items=MAX_BACKUP_ITEMS,
                     max_text=MAX_BASELINE_TABLE_BYTES, what=WHAT)
    raw_baselines, raw_scenarios = _shape(data)
    rows = {old: _check_baseline(i, b) for i, (old, b) in enumerate(raw_baselines.items(), 1)}
    scenarios = _check_scenarios(raw_scenarios, rows)
    id_map, new_baselines, new_scenarios = store.restore(rows, scenarios, author)
    return Imported(new_baselines, new_scenarios, len(rows) - new_baselines, len(scenarios) - new_scenarios,
                    tuple(id_map.items()))


def _shape(data) -> tuple[dict[int, dict], list[dict]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("不是测算台的备份文件", "not a backup file of this program", column="format",
                         value=data.get("format") if isinstance(data, dict) else type(data).__name__)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError("缺少 schema_version", "schema_version is missing", column="schema_version", value=version)
    if version > SCHEMA_VERSION:
        raise InputError(f"备份文件版本 {version} 比本程序新（支持 {SCHEMA_VERSION}），请升级",
                         f"backup file version {version} is newer than this program's ({SCHEMA_VERSION}); "
                         "please upgrade", column="schema_version", value=version)
    bases, scenarios = data.get("baselines", []), data.get("scenarios", [])
    if not isinstance(bases, list) or not isinstance(scenarios, list):
        raise InputError("baselines 与 scenarios 应为列表", "baselines and scenarios must be lists")
    if len(bases) + len(scenarios) > MAX_BACKUP_ENTRIES:
        raise InputError(f"备份中的基准和方案过多（上限 {MAX_BACKUP_ENTRIES:,} 个）",
                         f"the backup holds too many baselines and scenarios (limit {MAX_BACKUP_ENTRIES:,})",
                         value=len(bases) + len(scenarios))
    for i, s in enumerate(scenarios, 1):
        if not isinstance(s, dict) or not isinstance(s.get("scenario"), dict):
            raise InputError("方案应为含 scenario 的对象", "a scenario entry must hold a scenario object", row=i,
                             column="scenarios")
    return _by_id(bases), scenarios


def _by_id(bases: list) -> dict[int, dict]:
    by_id: dict[int, dict] = {}
    for i, b in enumerate(bases, 1):
        if not isinstance(b, dict):
            raise InputError("基准应为对象", "a baseline must be an object", row=i, column="baselines")
        old = b.get("id")
        if not isinstance(old, int) or isinstance(old, bool) or not 0 < old < 2**63 or old in by_id:
            raise InputError("基准编号缺失或重复", "a baseline id is missing or repeated", row=i,
                             column="baselines.id", value=old)
        by_id[old] = b
    return by_id


def _check_baseline(row: int, b: dict) -> dict:
    """One baseline as save_baseline checks it; the refusal names its row in the backup and its name."""
    texts = {k: b.get(k) for k in ("name", "mechanism", "policy_toml", "table_csv")}
    monthly = b.get("monthly_csv")
    for key, value in texts.items():
        if not isinstance(value, str):
            raise InputError("基准缺少此项或不是文本", "a baseline field is missing or not text", row=row,
                             column=f"baselines.{key}", value=value)
    if monthly is not None and not isinstance(monthly, str):
        raise InputError("月度表应为文本", "the monthly table must be text", row=row, column="baselines.monthly_csv")
    try:
        return baselines.checked_row(texts["name"], texts["mechanism"], texts["policy_toml"], texts["table_csv"],
                                     monthly)
    except InputError as exc:
        raise _in_entry(exc, f"第 {row} 个基准", f"baseline {row}", texts["name"]) from None


def _check_scenarios(raw: list[dict], rows: dict[int, dict]) -> list[Scenario]:
    """Every scenario as a scenario file, replayed on its baseline: a shipped dataset, or one of the backup's
    baselines (under its id in the file, through baselines.pending: nothing is written yet)."""
    out = []
    with baselines.pending(rows):
        for i, entry in enumerate(raw, 1):
            body = entry["scenario"]
            name = str(body.get("name") or entry.get("name") or "")
            try:
                s = Scenario.from_json(json.dumps(body, ensure_ascii=False))
                sc.apply(s)   # a scenario that does not replay on its baseline is refused, not stored
                sc.apply_monthly(s)
            except InputError as exc:
                raise _in_entry(exc, f"第 {i} 个方案", f"scenario {i}", name) from None
            out.append(s)
    return out


def _in_entry(exc: InputError, zh: str, en: str, name: str) -> InputError:
    """The refusal of one entry, said as such: which baseline or scenario of the backup, then why (the row,
    column and value stay those of the refusal: a county table's row, say)."""
    return InputError(f"备份中的{zh}「{name}」：{exc.zh}", f"{en} '{name}' in the backup: {exc.en}",
                      row=exc.row, column=exc.column, value=exc.value)


# --- command line --------------------------------------------------------------------------

def add_parser(sub) -> None:
    """``python -m fundcalc backup export|import FILE [--author ID]`` (the store is ``$FUNDCALC_DB``)."""
    p = sub.add_parser("backup", help="备份基准与方案 / back up baselines and scenarios",
                       description="把方案库中的基准与方案导出为一个 JSON 文件，或从这样的文件导入 / export the "
                                   "store's baselines and scenarios as one JSON file, or import one")
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("file", help="备份文件 / backup file (.json)")
    p.add_argument("--author", default=None,
                   help="export: only this author's; import: whom the imported items belong to")


def run(args) -> str:
    """Run the backup command; returns the line to print."""
    from pathlib import Path

    path = Path(args.file)
    if args.action == "export":
        text = export_backup(args.author)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"无法写入备份文件：{exc.strerror}", f"cannot write the backup file: {exc.strerror}",
                             value=args.file) from None
        return f"已导出 / exported: {args.file}"
    try:
        if path.stat().st_size > MAX_BACKUP_BYTES:
            raise InputError(f"备份文件过大（上限 {MAX_BACKUP_BYTES // 1024 // 1024} MB）",
                             f"the backup file is too large (limit {MAX_BACKUP_BYTES // 1024 // 1024} MB)",
                             value=args.file)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取备份文件：{exc.strerror}", f"cannot read the backup file: {exc.strerror}",
                         value=args.file) from None
    done = import_backup(data, args.author)
    return f"{done.message('zh')} / {done.message('en')}"

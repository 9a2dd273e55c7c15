"""名单去重 on the 补助资金结算 page: rosters → per-county counts → (on request) the settlement county table.

Small files come by upload; large ones are picked by name from the server's roster folder (the
FUNDCALC_ROSTER_DIR environment variable), never from a typed path. Uploaded bytes are written to a
temporary folder for the run and removed with it; the uploaders are cleared after a run, and only the
aggregates stay in the session.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from pathlib import Path

import streamlit as st

from fundcalc.errors import InputError
from fundcalc.roster import DEFAULT_ACTIVE_STATUSES, RosterRules, Sources, run_headcount, settlement_table
from fundcalc.roster.engines import LIST_NAMES
from ui import state
from ui.i18n import lang, tr
from ui.upload import GENERIC, both

log = logging.getLogger(__name__)

ROSTER_DIR_ENV = "FUNDCALC_ROSTER_DIR"
SUFFIXES = (".csv", ".parquet")
INPUTS = {"roster": ("参保名单（截止日）", "Roster at the cut-off"),
          **{k: (zh + "（可选）", en + " (optional)") for k, (zh, en) in LIST_NAMES.items()}}
K = "roster:"


def data_folder() -> Path | None:
    value = os.environ.get(ROSTER_DIR_ENV, "").strip()
    return Path(value) if value and Path(value).is_dir() else None


def server_files(folder: Path) -> list[str]:
    """File names (not paths) directly in the configured folder: the only server files a user can pick."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def _rev() -> int:
    return st.session_state.get(K + "rev", 0)


def panel(mechanism: str) -> None:
    with st.expander(tr("名单去重：从参保名单计算参保人数与重复参保人数", "Roster deduplication: counts from rosters"),
                     icon=":material/group_remove:", key=K + "expander"):
        try:
            _panel(mechanism)
        except InputError as exc:
            st.error(both(exc), icon=":material/block:")
        except Exception:  # noqa: BLE001 — the promise is: never a traceback in front of the user
            log.exception("roster step failed")
            st.error(both(GENERIC), icon=":material/block:")


def _cutoff_default(mechanism: str) -> tuple[dt.date | None, str | None]:
    meta = state.base_policy(mechanism).meta.get("headcount", {})
    try:
        return dt.date.fromisoformat(meta["cutoff"]), meta.get("clause")
    except (KeyError, TypeError, ValueError):
        return None, None


def _panel(mechanism: str) -> None:
    flash = st.session_state.pop(K + "flash", None)
    if flash:
        getattr(st, flash[0])(tr(*flash[1:]))
    st.caption(tr("名单中的身份证号只在本次计算中使用：不保存、不显示完整号码；结果只保留各县人数。",
                  "ID numbers are used for this run only: not stored, never shown in full; only per-county counts "
                  "are kept."))
    folder = data_folder()
    options = [tr("上传文件（小文件）", "Upload (small files)")]
    if folder is not None:
        options.append(tr("服务器名单目录（大文件）", "Server roster folder (large files)"))
    source = st.radio(tr("名单来源", "Files from"), options, horizontal=True, key=K + "source") \
        if len(options) > 1 else options[0]
    if folder is None:
        st.caption(tr(f"大文件：由管理员设置环境变量 {ROSTER_DIR_ENV} 指向服务器上的名单目录。",
                      f"Large files: the administrator sets {ROSTER_DIR_ENV} to the server's roster folder."))
    from_server = folder is not None and source == options[-1] and len(options) > 1
    picked: dict[str, object] = {}
    cols = st.columns(2)
    names = server_files(folder) if from_server else []
    for i, (key, (zh, en)) in enumerate(INPUTS.items()):
        with cols[i % 2]:
            if from_server:
                choice = st.selectbox(tr(zh, en), [""] + names, key=f"{K}pick:{key}")
                picked[key] = choice or None
            else:
                picked[key] = st.file_uploader(tr(zh, en), type=["csv", "parquet"], key=f"{K}up:{key}:{_rev()}")
    default, clause = _cutoff_default(mechanism)
    c1, c2, c3 = st.columns(3)
    cutoff = c1.date_input(tr("截止日期", "Cut-off date"), value=default or dt.date.today(), key=K + "cutoff",
                           help=tr("参保日期不晚于此日的记录计入", "Records insured on or before this day count"))
    if clause and default == cutoff:
        c1.caption(tr(f"文件规定：{clause}", f"Stated in the document: {clause}"))
    else:
        c1.caption(tr("假设：用户选定的截止日期", "Assumption: a cut-off chosen by the user"))
    convert = c2.checkbox(tr("15 位旧号码转为 18 位", "Convert 15-digit numbers"), key=K + "convert15",
                          help=tr("假设：默认不转换，15 位号码计为无效",
                                  "Assumption: off by default; 15 digits are invalid"))
    check_status = c3.checkbox(tr("检查参保状态", "Check the status"), value=True, key=K + "status",
                               help=tr("假设：状态为 " + "、".join(DEFAULT_ACTIVE_STATUSES) + " 或空白时计入",
                                       "Assumption: counted when the status is " + ", ".join(DEFAULT_ACTIVE_STATUSES)
                                       + " or blank"))
    ready = picked["roster"] is not None
    if st.button(tr("开始去重计数", "Count"), type="primary", disabled=not ready, key=K + "run"):
        rules = RosterRules(cutoff=cutoff, convert_15=convert,
                            active_statuses=DEFAULT_ACTIVE_STATUSES if check_status else None)
        _run(picked, folder if from_server else None, rules)
    result = st.session_state.get(K + "result")
    if result is not None:
        _show(result, mechanism)


def _run(picked: dict, folder: Path | None, rules: RosterRules) -> None:
    bar = st.progress(0.0, text=tr("准备", "Preparing"))

    def progress(fraction: float, zh: str, en: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=tr(zh, en))

    tmp = Path(tempfile.mkdtemp(prefix="fundcalc-upload-"))
    try:
        paths = {}
        for key, item in picked.items():
            if item is None:
                paths[key] = None
            elif folder is not None:
                if item not in server_files(folder):  # only a name listed from the folder
                    raise InputError("文件不在名单目录中", "the file is not in the roster folder", value=item)
                paths[key] = folder / item
            else:
                suffix = Path(item.name).suffix.lower()
                path = tmp / f"{key}{suffix}"
                path.write_bytes(item.getvalue())
                paths[key] = path
        result = run_headcount(Sources(**paths), rules, "duckdb", progress=progress)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    st.session_state[K + "result"] = result
    st.session_state[K + "rev"] = _rev() + 1   # drop the uploaded bytes from the uploaders
    st.rerun()


def _show(result, mechanism: str) -> None:
    t = result.totals()
    st.success(tr(f"{len(result.detail)} 个县，参保人数 {t['insured']:,} 人，"
                  f"扣除重复后结算补助人数 {t['headcount']:,} 人（{result.engine}，{result.seconds:,.1f} 秒）",
                  f"{len(result.detail)} counties, {t['insured']:,} insured, headcount after duplicates "
                  f"{t['headcount']:,} ({result.engine}, {result.seconds:,.1f} s)"))
    if t["invalid_id"]:
        st.warning(tr(f"{t['invalid_id']:,} 条记录的身份证号无效，未计入（各县数目与脱敏示例见报告）",
                      f"{t['invalid_id']:,} records have an invalid ID number and were not counted (see the report)"))
    st.dataframe(result.labelled_detail(lang()), hide_index=True)
    with st.popover(tr("报告", "Report")):
        st.markdown(result.report_markdown(lang()))
    d1, d2, d3 = st.columns(3)
    d1.download_button(tr("下载县级人数表 CSV", "Download county counts CSV"), result.county_csv(),
                       "roster_counties.csv", "text/csv", key=K + "dl_csv")
    d2.download_button(tr("下载报告", "Download report"), result.report_markdown(lang()).encode("utf-8"),
                       "roster_report.md", "text/markdown", key=K + "dl_report")
    if d3.button(tr("用作县级结算表", "Use as the county table"), key=K + "use", type="primary"):
        _use(result, mechanism)


def _use(result, mechanism: str) -> None:
    ws = state.workspace(mechanism)
    table, roster_only, table_only = settlement_table(result, ws["table"])
    state.set_override(mechanism, "mode", "headcount")
    st.session_state.pop(state.param_widget_key(mechanism, "mode"), None)
    state.replace_table(mechanism, table, tr("名单去重结果", "roster counts"))
    lines_zh = [f"已用名单计数替换县级结算表（{len(table)} 个县，按人数测算）；已预拨资金与补助标准按县名取自原表。"]
    lines_en = [f"The county table now holds the roster counts ({len(table)} counties, headcount mode); "
                f"pre-allocated amounts and standards were taken from the previous table by county name."]
    if roster_only:
        lines_zh.append("原表中没有、已预拨按 0 计的县：" + "、".join(roster_only))
        lines_en.append("Not in the previous table (pre-allocated set to 0): " + ", ".join(roster_only))
    if table_only:
        lines_zh.append("原表中有、名单中没有的县（已不在表中）：" + "、".join(table_only))
        lines_en.append("In the previous table but not in the roster (dropped): " + ", ".join(table_only))
    kind = "warning" if roster_only or table_only else "success"
    st.session_state[K + "flash"] = (kind, "  \n".join(lines_zh), "  \n".join(lines_en))
    st.rerun()

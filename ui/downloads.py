"""Export of the current scenario: CSV (UTF-8 with BOM, for Excel/WPS) and XLSX in the official layout."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from fundcalc import mechanisms, tables
from fundcalc.export import file_name
from fundcalc.result import Result
from fundcalc.sources import assumption_lines
from fundcalc.tables import official_xlsx

from .i18n import lang, tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def labelled_csv(result: Result, lang_code: str) -> bytes:
    """The official view as a plain table (fundcalc.tables.csv): the result's own column labels as headers, so
    Excel / WPS users read 县(市、区)、未脱贫人数(人)… rather than the reference CSV's keys; the figures and
    decimals of the official table; the file re-imports (the labels are aliases)."""
    return tables.csv(tables.official(result, lang_code, notes=csv_notes(result, lang_code)))


def csv_notes(result: Result, lang_code: str) -> list[str]:
    """Lines above the table (the importer skips '#' lines): the mechanism's own (figures above the counties,
    which are not a county column's 合计), then the 示例值 / 假设 the figures rest on."""
    spec = mechanisms.of_result(result)
    own = spec.csv_notes(result, lang_code) if result.mechanism == spec.name else []
    return own + assumption_lines(result, lang_code)


def render_downloads(mechanism: str, latest: Callable[[], Result]) -> None:
    """Two buttons; both files are built when clicked, from ``latest()``, the result shown at that moment.

    The buttons are drawn on full runs only, outside the results fragment, so a parameter change does not
    send them again (docs/speed.md §6); ``latest`` must not call Streamlit (it runs outside the script thread)."""
    current_lang = lang()
    with st.container(horizontal=True, gap="small"):  # one block, not st.columns' three
        st.download_button(
            tr("下载 CSV", "Download CSV"), lambda: labelled_csv(latest(), current_lang),
            file_name=file_name(mechanism, "csv"),
            mime="text/csv", key=f"dl:{mechanism}:csv", on_click="ignore", icon=":material/download:",
            help=tr("UTF-8（带 BOM），Excel / WPS 可直接打开，中文不乱码", "UTF-8 with BOM: opens in Excel / WPS"),
            width="stretch")
        st.download_button(
            tr("下载 XLSX（正式表格）", "Download XLSX (official layout)"),
            lambda: official_xlsx(latest(), current_lang), file_name=file_name(mechanism, "xlsx"), mime=XLSX_MIME,
            key=f"dl:{mechanism}:xlsx", on_click="ignore", icon=":material/table_view:",
            help=tr("标题、单位：万元、表头、合计行", "Title, unit line, header, total row"), width="stretch")


def render_budget_download(result: Result) -> None:
    """The secondary calculation's per-county table (the global budget) as CSV: fundcalc.tables.csv, 万元 with
    2 decimals, 合计 last, its 示例值 / 假设 above."""
    table = tables.view(result, lang(), places=2, notes=assumption_lines(result, lang()), key=result.mechanism)
    st.download_button(
        tr("下载总额预算 CSV", "Download global budget CSV"), lambda: tables.csv(table),
        file_name=file_name(result.mechanism, "csv"), mime="text/csv", key=f"dl:{result.mechanism}:csv",
        on_click="ignore", icon=":material/download:")

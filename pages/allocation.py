"""资助参保补助分配 (曲财社〔2018〕106号): people × 元/人 by category and government level."""

from __future__ import annotations

from fundcalc import mechanisms
from fundcalc.mechanisms import allocation
from fundcalc.tables import wan_places
from ui import assumptions, charts, page, state
from ui import result_table as result_table_view
from ui.i18n import lang, tr

M = "allocation"

# The document's own sentence ([page] intro of the policy file), else the mechanism's generic one; then the rule.
_policy = state.base_policy(M)
page.header(tr("资助参保补助分配", "Contribution subsidy allocation"),
            (_policy.page_intro(lang()) or tr(mechanisms.get(M).intro_zh, mechanisms.get(M).intro_en))
            + ("" if lang() == "zh" else " ") + allocation.rule_text(_policy, lang()))
page.inputs(M)


def result_table(r, marked) -> None:
    # Totals by level next to the names, where a reader looks first; the export keeps the 附表's order.
    result_table_view.show(r, "table:allocation", marked, order=[
        "county", "total_people", *[f"{lv}_total_fen" for lv in r.levels], "total_fen"])
    assumptions.caption(r)


def headline(r, base) -> None:
    places = wan_places(r)
    levels = r.levels
    row = page.metrics_row()
    b = base.totals if base is not None else {}
    names = allocation.level_labels(r.policy)
    for lv in levels:
        name = tr(names[lv][0] + "合计", names[lv][1] + " total")
        help_ = tr("市财政此次下达的金额（文件绩效目标表的预算安排金额）",
                   "What the city allocates now (the budget in the document's performance table)") \
            if lv == "city" else None
        page.metric(name, r.totals[f"{lv}_total_fen"], b.get(f"{lv}_total_fen"), places, container=row,
                    help=help_)
    page.metric(tr("补助资金合计", "Total subsidy"), r.totals["total_fen"], b.get("total_fen"), places,
                container=row)
    diff_people = r.totals["total_people"] - b["total_people"] if "total_people" in b else 0
    row.metric(tr("资助人数（人）", "People subsidised"), f"{r.totals['total_people']:,}", border=True,
               delta=(f"{diff_people:+,}" if diff_people else None), delta_color="off", height="stretch")


# The unit is in the view's label rather than a caption above the table: one element less to redraw (docs/speed.md §3).
page.live(M, headline=headline, chart=charts.allocation_levels, explain=allocation.explain,
          result_tabs=[page.ResultTab("测算结果（万元）", "Results (10k yuan)", result_table),
                       page.ResultTab("按人员类别", "By category",
                                      lambda r, marked: charts.show(charts.allocation_categories(r)))],
          editor_tab=("县级人数表（可编辑）", "County headcounts (editable)"))

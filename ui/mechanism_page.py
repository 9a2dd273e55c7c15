"""A mechanism page made from its declared spec (fundcalc.mechanisms): a mechanism without a page of its own
(``spec.page_file`` unset) gets this one: header and intro, the dataset and import, the headline totals, the
declared chart, the result table, the editable county table and the explanation."""

from __future__ import annotations

from fundcalc import mechanisms
from fundcalc.tables import wan_places

from . import assumptions, charts, page
from . import result_table as result_table_view
from .format import people
from .i18n import tr


def show(name: str) -> None:
    spec = mechanisms.get(name)
    page.header(tr(spec.zh, spec.en), tr(spec.intro_zh, spec.intro_en))
    page.inputs(name)

    def result_table(r, marked) -> None:
        result_table_view.show(r, f"table:{name}", marked)
        assumptions.caption(r)

    def headline(r, base) -> None:
        places = wan_places(r)
        b = base.totals if base is not None else {}
        row = page.metrics_row()
        for t in spec.totals_for(r.policy):
            if t.kind == "fen":
                page.metric(tr(t.zh, t.en), r.totals[t.key], b.get(t.key), places, container=row)
            elif t.kind == "people":
                row.metric(tr(t.zh, t.en), people(r.totals[t.key]), border=True, height="stretch")

    def chart(r) -> str | None:
        return charts.render(spec.charts[0], r) if spec.charts else None

    page.live(name, headline=headline, chart=chart, explain=spec.explain,
              result_tabs=[page.ResultTab("测算结果（万元）", "Result (10k yuan)", result_table)],
              editor_tab=("县级数据表（可编辑）", "County table (editable)"))

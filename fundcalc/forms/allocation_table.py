"""资助参保补助资金分配表 — the layout of 曲财社〔2018〕106号's 附表; its words from the policy's
[forms.allocation_table].

项目 | 省级补助下达人数 | 补助标准 | one group per person category (人数, each level's
元/人 standard, each level's 万元 amount) | 此次下达金额 (合计, then each level's
total) — two header rows, a 合计 row last, and the 备注 as the document prints it.
Categories and an optional county level add columns.
"""

from __future__ import annotations

from ..result import Result
from ..sources import assumption_lines
from . import facts
from .model import Form, Grid, header, merge_texts, people, text, wan, wan_places, yuan

KEY = "allocation_table"
PEOPLE_HEADER = "补助人数(人)"      # a neutral heading when the policy names none


def default_texts(result: Result) -> dict[str, str]:
    """The document's wording ([forms.allocation_table] of the policy), editable. The heading and prefix are
    labels, not facts: a neutral one (or none) when the policy has none; the 备注 only when it has one."""
    return {
        "allocation.category_prefix": facts.optional(result, "allocation_table.category_prefix"),
        "allocation.people_header": facts.optional(result, "allocation_table.people_header") or PEOPLE_HEADER,
        "allocation.note": facts.optional(result, "allocation_table.note"),
    }


def category_heading(result: Result, category, prefix: str) -> str:
    """A category's 分配表 group heading: its own ``heading_zh`` when the policy gives one, else the prefix
    ([forms.allocation_table] category_prefix) and its name."""
    for c in result.policy.meta.get("categories", []):
        if isinstance(c, dict) and c.get("key") == category.key and c.get("heading_zh"):
            return str(c["heading_zh"])
    return f"{prefix}{category.zh}"


def _category_headers(g: Grid, col: int, heading: str, level_names: list[str], zh: bool) -> None:
    """One category's group: its heading over 人数 and each level's 补助标准 then 补助金额."""
    per_cat = 1 + 2 * len(level_names)
    g.put(0, col, header(heading), cols=per_cat)
    g.put(1, col, header("人数(人)" if zh else "People"))
    for m, name in enumerate(level_names):
        g.put(1, col + 1 + m, header(f"{name}财政补助标准(元/人)" if zh else f"{name} standard (yuan/person)"))
        g.put(1, col + 1 + len(level_names) + m, header(f"{name}财政补助金额(万元)" if zh
                                                        else f"{name} amount (10k yuan)"))


def _notes(result: Result, t: dict, texts: dict | None, zh: bool) -> list[str]:
    """The 附表 prints its 备注 whatever the table: its headcounts are after the deduction (the document's
    table as published, or a before-deduction table once the deduction is applied)."""
    notes = []
    if t["allocation.note"]:
        # English: the policy's own translation, else the note as written (never another document's).
        notes.append(t["allocation.note"] if zh or texts and "allocation.note" in texts else
                     facts.optional(result, "allocation_table.note_en") or t["allocation.note"])
    return notes + [("注：" if zh else "Note: ") + x for x in assumption_lines(result, "zh" if zh else "en")]


def build(result: Result, texts: dict | None = None, lang: str = "zh", label: str = "") -> Form:
    zh = lang == "zh"
    t = merge_texts(default_texts(result), texts)
    cats, levels, rates = result.detail.categories, result.levels, result.detail.rates
    table, totals = result.table, result.totals
    places = wan_places(result)
    lv_name = {lv: result.policy.level_name(lv, lang) for lv in levels}
    # One 补助标准 column when every category has the same standard (the 附表's 180); otherwise
    # each category's level standards already show it.
    standards = {c.standard_fen for c in cats}
    common_std = standards.pop() if len(standards) == 1 else None

    cols = ["county", "people"] + (["std"] if common_std is not None else [])
    widths = [11, 13] + ([8] if common_std is not None else [])
    group_start = len(cols)
    per_cat = 1 + 2 * len(levels)
    n_cols = group_start + per_cat * len(cats) + 1 + len(levels)
    widths += ([11] + [9] * len(levels) + [11] * len(levels)) * len(cats) + [12] + [11] * len(levels)
    g = Grid(n_cols)
    g.put(0, 0, header("项目" if zh else "Item"), rows=2)
    people_en = facts.optional(result, "allocation_table.people_header_en") or "People subsidised (persons)"
    g.put(0, 1, header(t["allocation.people_header"] if zh else people_en), rows=2)
    if common_std is not None:
        g.put(0, 2, header("补助标准(元/人)" if zh else "Standard (yuan/person)"), rows=2)
    for k, c in enumerate(cats):
        heading = category_heading(result, c, t["allocation.category_prefix"]) if zh else c.en
        _category_headers(g, group_start + k * per_cat, heading, [lv_name[lv] for lv in levels], zh)
    col = group_start + per_cat * len(cats)
    g.put(0, col, header("此次下达金额" if zh else "Allocated now"), cols=1 + len(levels))
    g.put(1, col, header("合计金额(万元)" if zh else "Total (10k yuan)"))
    for m, lv in enumerate(levels):
        # The 附表's own words under 此次下达金额: 省级财政补助金额(万元), 市级财政补助金额(万元).
        g.put(1, col + 1 + m, header(f"{lv_name[lv]}财政补助金额(万元)" if zh else f"{lv_name[lv]} amount (10k yuan)"))

    def row_cells(name, get, bold):
        cells = [text(name, bold), people(get("total_people"), bold)]
        if common_std is not None:
            cells.append(yuan(common_std, bold))
        for j, c in enumerate(cats):
            cells.append(people(get(f"{c.key}_people"), bold))
            cells += [yuan(rates[j][lv], bold) for lv in levels]
            cells += [wan(get(f"{c.key}_{lv}_fen"), places, bold) for lv in levels]
        cells.append(wan(get("total_fen"), places, bold))
        cells += [wan(get(f"{lv}_total_fen"), places, bold) for lv in levels]
        return cells

    r = 2
    for i in range(len(table)):
        for j, cell in enumerate(row_cells(table["county"].iat[i], lambda k, i=i: table[k].iat[i], False)):
            g.put(r, j, cell)
        r += 1
    for j, cell in enumerate(row_cells("合计" if zh else "Total", lambda k: totals[k], True)):
        g.put(r, j, cell)

    notes = _notes(result, t, texts, zh)
    return Form(KEY, "分配表" if zh else "Allocation", result.policy.title_zh if zh else result.policy.title_en,
                widths, g.rows, g.merges, header_rows=2, notes=notes, label=label)

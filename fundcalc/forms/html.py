"""A Form as a print-friendly HTML table: the same cells and merges as the XLSX sheet.

Numbers are formatted here the way the XLSX formats show them (千分位, the
documents' decimals), from the exact values; text is escaped.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from .model import Cell, Form

CSS = """
<style>
.fc-form { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; color: #000;
           background: #fff; padding: 8px 4px; }
.fc-form .fc-above { font-weight: bold; margin: 0 0 4px 0; }
.fc-form h3 { text-align: center; font-family: "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 1.3em;
              margin: 4px 0 6px 0; }
.fc-form .fc-label { text-align: center; color: #c00000; font-weight: bold; margin: 2px 0; }
.fc-form .fc-line { margin: 2px 0; }
.fc-form .fc-scroll { overflow-x: auto; }
.fc-form table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
.fc-form th, .fc-form td { border: 1px solid #000; padding: 3px 5px; vertical-align: middle; }
.fc-form th { font-weight: bold; text-align: center; }
.fc-form td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.fc-form td.left { text-align: left; }
.fc-form td.center { text-align: center; }
.fc-form .fc-notes { margin-top: 6px; font-size: 0.85em; }
@media print { @page { size: A4 landscape; margin: 10mm; } .fc-form { page-break-after: always; }
               .fc-form table { min-width: 0 !important; } .fc-form .fc-scroll { overflow: visible; }
               .fc-form thead { display: table-header-group; } }
</style>
"""


def format_value(cell: Cell) -> str:
    """The cell as the spreadsheet shows it."""
    v = cell.value
    if v is None:
        return ""
    if not cell.is_number:
        return str(v)
    d = Decimal(v)
    if cell.fmt == "num0":
        return f"{d.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    if cell.fmt == "num2":
        return f"{d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    if cell.fmt == "num6":
        return f"{d.quantize(Decimal('0.000001'), rounding=ROUND_HALF_UP):,}"
    if cell.fmt == "pct2":
        return f"{(d * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
    if cell.fmt == "pct0":
        return f"{(d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"
    if cell.fmt == "months":
        return f"{d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"
    return str(v)


def _cell_html(cell, span: tuple[int, int], is_header: bool) -> str:
    """One cell as <th> or <td>, with its row/column span."""
    rs, cs = span
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    body = escape(format_value(cell)).replace("\n", "<br>")
    if is_header:
        return f"<th{attrs}>{body}</th>"
    cls = "num" if cell.is_number else (cell.align or "center")
    weight = ' style="font-weight:bold"' if cell.bold else ""
    return f'<td class="{cls}"{attrs}{weight}>{body}</td>'


def form_html(form: Form, with_css: bool = True) -> str:
    spans = {(i, j): (rs, cs) for i, j, rs, cs in form.merges}
    out = [CSS if with_css else "", '<div class="fc-form">']
    for txt, align in form.above:
        out.append(f'<div class="fc-above" style="text-align:{align}">{escape(txt)}</div>')
    out.append(f"<h3>{escape(form.title)}</h3>")
    if form.label:
        out.append(f'<div class="fc-label">{escape(form.label)}</div>')
    for txt, align in form.below_title:
        out.append(f'<div class="fc-line" style="text-align:{align}">{escape(txt)}</div>')
    widths = sum(form.widths)
    # Wide forms scroll sideways on a narrow screen instead of squeezing each heading to one character a line.
    out.append(f'<div class="fc-scroll"><table style="min-width:{widths * 7:.0f}px"><colgroup>'
               + "".join(f'<col style="width:{w / widths * 100:.1f}%">' for w in form.widths) + "</colgroup>")
    for i, row in enumerate(form.rows):
        if i == 0 and form.header_rows:
            out.append("<thead>")
        if i == form.header_rows:
            out.append("</thead><tbody>" if form.header_rows else "<tbody>")
        out.append("<tr>")
        out += [_cell_html(cell, spans.get((i, j), (1, 1)), i < form.header_rows)
                for j, cell in enumerate(row) if cell is not None]
        out.append("</tr>")
    out.append("</tbody></table></div>")
    if form.notes:
        out.append('<div class="fc-notes">' + "".join(f"<div>{escape(n)}</div>" for n in form.notes) + "</div>")
    out.append("</div>")
    return "".join(out)

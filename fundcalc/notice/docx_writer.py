"""The notice as DOCX, laid out after GB/T 9704-2012 as far as a DOCX carries it, followed by its 附件:
the official forms (fundcalc.forms, the same Form model the XLSX writer reads), wide ones in landscape.

GB/T 9704 measures: A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so bottom 35 mm, right 26 mm); 发文机关标志
in red 小标宋; a red rule under the 文号; 标题 二号 小标宋; 正文 三号 仿宋_GB2312, 22 lines of 28 characters; 版记
with rules above and below. Fonts are named as the standard names them; where a machine lacks one, Word and
LibreOffice substitute (the eastAsia font carries the Chinese, Times New Roman the digits).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..forms.html import format_value
from ..forms.model import Form
from .draft import Notice

RED = RGBColor(0xC0, 0x00, 0x00)
FANGSONG, XIAOBIAOSONG, HEITI, KAITI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
SAN, SI, ER, XIAO_SI, WU = Pt(16), Pt(14), Pt(22), Pt(12), Pt(10.5)   # 三号 四号 二号 小四 五号
LINE = Pt(28.9)            # 22 lines over the 225 mm 版心
WIDE_COLUMNS = 8           # forms with more columns go on a landscape page


def _font(run, name: str, size, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _para(doc, text: str = "", font: str = FANGSONG, size=SAN, align=None, indent: bool = False,
          bold: bool = False, color=None, line=LINE, before=0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before, fmt.space_after = Pt(before), Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, bold, color)
    return p


def _rule(paragraph, where: str, color: str = "C00000", size: int = 12) -> None:
    """A horizontal rule as a paragraph border (the 版头's red line, the 版记's black ones)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{where}")
    for k, v in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", color)):
        edge.set(qn(f"w:{k}"), v)
    borders.append(edge)


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = \
            Mm(20), Mm(20), Mm(20), Mm(20)
    else:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = \
            Mm(37), Mm(35), Mm(28), Mm(26)


def _joint_mark(doc, names: list[str]) -> None:
    """联合行文 (GB/T 9704 7.2.4): each 机关 on its own line, "文件" once beside them, centred on the lines."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widest = max(len(n) for n in names)
    size = Pt(min(30, int(140 / (widest + 3) * 72 / 25.4)))      # the longest name and 文件 fit the 156 mm 版心
    table.autofit = False
    widths = (Mm(156 * widest / (widest + 3)), Mm(156 * 3 / (widest + 3)))   # 文件 and the cell margins
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), widths, strict=True):
        column.width = cell.width = width        # the grid and the cell: Word reads one, LibreOffice the other
    left.text = ""
    for i, name in enumerate(names):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(name), XIAOBIAOSONG, size, color=RED)
    right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run("文件"), XIAOBIAOSONG, size, color=RED)


def _head(doc, notice: Notice) -> None:
    if notice.label:
        _para(doc, notice.label, HEITI, SAN, WD_ALIGN_PARAGRAPH.CENTER, bold=True, color=RED)
    names = notice.issuers.split()
    if len(names) > 1:
        _joint_mark(doc, names)
    else:
        _para(doc, f"{notice.issuers}文件", XIAOBIAOSONG, Pt(36 if len(notice.issuers) <= 12 else 26),
              WD_ALIGN_PARAGRAPH.CENTER, color=RED, line=Pt(48))
    _para(doc, "")
    no = _para(doc, notice.doc_no, FANGSONG, SAN, WD_ALIGN_PARAGRAPH.CENTER)
    _rule(no, "bottom", size=16)
    _para(doc, "")
    _para(doc, notice.title, XIAOBIAOSONG, ER, WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36))
    _para(doc, "")


def _body(doc, notice: Notice) -> None:
    _para(doc, f"{notice.addressees}：")
    for text in notice.paragraphs:
        _para(doc, text, indent=True)
    if notice.attachments:
        _para(doc, "")
        many = len(notice.attachments) > 1
        for i, title in enumerate(notice.attachments, 1):
            lead = ("附件：" if i == 1 else "　　　") + (f"{i}．" if many else "")
            p = _para(doc, lead + title)
            p.paragraph_format.left_indent = Pt(SAN.pt * 2)
            p.paragraph_format.first_line_indent = -Pt(SAN.pt * (3 + (1 if many else 0)))
            p.paragraph_format.left_indent = Pt(SAN.pt * (5 + (1 if many else 0)))
    _para(doc, "")
    _para(doc, "")
    for text in (notice.signature or notice.issuers, notice.date):
        p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(SAN.pt * 4)


def _record(doc, notice: Notice) -> None:
    """版记: 抄送 and 印发, between black rules, at the end of the notice's last page."""
    _para(doc, "")
    cc = _para(doc, f"抄送：{notice.copied_to}。", FANGSONG, SI)
    cc.paragraph_format.left_indent = Pt(SI.pt)
    _rule(cc, "top", "000000", 8)
    printed = _para(doc, "", FANGSONG, SI)
    printed.paragraph_format.left_indent = Pt(SI.pt)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(148), WD_TAB_ALIGNMENT.RIGHT)
    _font(printed.add_run(f"{notice.printed_by}\t{notice.date}印发"), FANGSONG, SI)
    _rule(printed, "top", "000000", 4)
    _rule(printed, "bottom", "000000", 8)


def _cell_text(cell, text: str, bold: bool, align, size) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(text), FANGSONG, size, bold)


ALIGNS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _form_table(doc, section, form: Form, size) -> None:
    """The form's grid as a Word table across the section's usable width, merged as the form says."""
    table = doc.add_table(rows=len(form.rows), cols=form.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = (section.page_width - section.left_margin - section.right_margin)
    total_w = sum(form.widths)
    for j, w in enumerate(form.widths):
        for cell in table.columns[j].cells:
            cell.width = int(usable * w / total_w)
    for i, j, rs, cs in form.merges:
        table.cell(i, j).merge(table.cell(i + rs - 1, j + cs - 1))
    for i, row in enumerate(form.rows):
        for j, cell in enumerate(row):
            if cell is None:
                continue
            head = i < form.header_rows
            align = (WD_ALIGN_PARAGRAPH.CENTER if head else WD_ALIGN_PARAGRAPH.RIGHT if cell.is_number
                     else ALIGNS.get(cell.align or "center"))
            _cell_text(table.cell(i, j), format_value(cell), cell.bold or head, align, size)


def _form(doc, form: Form, attachment_no: str) -> None:
    wide = form.n_cols > WIDE_COLUMNS
    section = doc.add_section()
    _page(section, wide)
    size = Pt(8) if form.n_cols > 12 else (Pt(9) if wide else WU)
    above = [t for t, _ in form.above] or ([attachment_no] if attachment_no else [])
    for text in above:
        _para(doc, text, HEITI, SAN, line=Pt(24))
    _para(doc, form.title, XIAOBIAOSONG, Pt(18), WD_ALIGN_PARAGRAPH.CENTER, line=Pt(30))
    if form.label:
        _para(doc, form.label, HEITI, XIAO_SI, WD_ALIGN_PARAGRAPH.CENTER, color=RED, line=Pt(20))
    for text, align in form.below_title:
        _para(doc, text, FANGSONG, XIAO_SI, ALIGNS.get(align, WD_ALIGN_PARAGRAPH.LEFT), line=Pt(20))
    _form_table(doc, section, form, size)
    for note in form.notes:
        _para(doc, note, FANGSONG, Pt(10), line=Pt(16))


def notice_docx(notice: Notice, forms: list[Form]) -> bytes:
    """The notice and its 附件 as DOCX bytes."""
    doc = Document()
    _page(doc.sections[0], landscape=False)
    _head(doc, notice)
    _body(doc, notice)
    _record(doc, notice)
    numbers = {t: i for i, t in enumerate(notice.attachments, 1)}
    for form in forms:
        n = numbers.get(form.title)
        _form(doc, form, f"附件{n}" if n and len(notice.attachments) > 1 else ("附件" if n else ""))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

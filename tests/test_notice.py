"""The notice (下达通知) read back from its DOCX with python-docx: the shipped documents' 文号, codes, marks and
amounts where the documents print them; the 合计 in the text is the 合计 of the 附件 table; a user's own
policy yields placeholders and none of the shipped documents' words; text stays text in the preview.

Expected figures are the documents' own (曲财社〔2018〕106号 附表, 塔地财社〔2021〕87号 附件1), not the code's."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, RGBColor

from fundcalc import mechanisms
from fundcalc.cli import main
from fundcalc.datasets import DATASETS
from fundcalc.errors import InputError
from fundcalc.forms import build_forms
from fundcalc.notice import build_notice, notice_html

SHIPPED_WORDS = ("曲靖", "塔城", "运城", "曲财社", "曲政办", "塔地财", "运政办", "106号", "160号", "2018年", "建档立卡",
                 "脱贫")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read(path):
    """(body text, tables as lists of cell-text rows) of a DOCX."""
    doc = Document(str(path))
    body = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return body, tables


def notice(tmp_path, *args, name="n.docx"):
    out = tmp_path / name
    assert main(["notice", *args, "--out", str(out)]) == 0
    return read(out)


def total_row(table):
    return next(row for row in table if row[0] == "合计" or (len(row) > 1 and row[1] == "合计"))


def result_of(dataset):
    d = DATASETS[dataset]
    policy = d.policy()
    return mechanisms.get(d.mechanism).compute(d.load(policy), policy, validated=True)


# --- 曲财社〔2018〕106号 ---------------------------------------------------------------------------

def test_qujing_notice_carries_the_document(tmp_path):
    body, tables = notice(tmp_path, "allocation")
    text = squeeze(body)
    assert "曲财社〔2018〕106号" in text
    assert "关于下达2018年建档立卡贫困人口资助参保补助资金的通知" in text
    assert "各县（市、区）财政局、人力资源和社会保障局：" in text
    assert "现下达你县（市、区）2018年建档立卡贫困人口资助参保补助资金万元（详见附件）" in text
    assert "“2101399-其他医疗救助支出”" in text and "“509”政府经济分类科目" in text
    assert "市级8,039.73万元" in text                   # 市级 合计 of the 附表, the 绩效目标表's 预算安排金额
    assert "附件：1．2018年建档立卡贫困人口资助参保补助资金分配表" in text
    assert "抄送：本局预算局、国库科。" in text and "2018年9月7日印发" in text
    # the 合计 the text states is the 附表's 合计金额
    allocation = next(t for t in tables if t[0][0] == "项目")
    row = total_row(allocation)
    assert row[-3:] == ["15,991.39", "7,951.66", "8,039.73"]
    assert f"合计{row[-3]}万元" in text


def test_qujing_notice_per_county_has_the_countys_own_amount(tmp_path):
    out = tmp_path / "q.docx"
    assert main(["notice", "allocation", "--per-county", "--out", str(out)]) == 0
    body, tables = read(tmp_path / "q_麒麟区.docx")
    text = squeeze(body)
    assert text.count("麒麟区：") == 1                      # 主送: the county itself
    assert "资助参保补助资金219.54万元（详见附件）" in text    # 麒麟区's 合计金额 in the 附表
    assert "合计15,991.39" not in text
    # the 附件 is the whole 附表, as the document sends it to every county
    assert total_row(next(t for t in tables if t[0][0] == "项目"))[-3] == "15,991.39"
    assert len(list(tmp_path.glob("q_*.docx"))) == 9


def test_qujing_header_signature_and_layout(tmp_path):
    out = tmp_path / "q.docx"
    assert main(["notice", "allocation", "--out", str(out)]) == 0
    doc = Document(str(out))
    # 联合行文: both 机关 of the 文头, each on its line, 文件 beside them, in red
    head = doc.tables[0].rows[0].cells
    assert [p.text for p in head[0].paragraphs] == ["曲靖市财政局", "曲靖市人力资源和社会保障局"]
    assert head[1].text == "文件"
    assert head[1].paragraphs[0].runs[0].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    # the 落款 as the document prints it (its clause notes it differs from the 文头)
    lines = [p.text for p in doc.paragraphs]
    assert lines[lines.index("2018年9月7日") - 1] == "昆明市财政局 昆明市人力资源和社会保障局"
    # GB/T 9704: A4 portrait, 天头 37 mm, 订口 28 mm; the 16-column 分配表 on a landscape page
    first = doc.sections[0]
    def mm(length) -> int:
        return round(length / Mm(1))

    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert [mm(m) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == \
        [37, 35, 28, 26]
    assert doc.sections[1].orientation == WD_ORIENT.LANDSCAPE and mm(doc.sections[1].page_width) == 297
    assert doc.sections[2].orientation == WD_ORIENT.PORTRAIT      # the 5-column 绩效目标表


# --- 塔地财社〔2021〕87号 ---------------------------------------------------------------------------

def test_tacheng_notice_carries_the_document(tmp_path):
    body, tables = notice(tmp_path, "settlement")
    text = squeeze(body)
    assert "塔地财社〔2021〕87号" in text
    assert "关于下达自治区财政2020年城乡居民基本医疗保险结算补助资金的通知" in text
    assert "一、该项资金请列入2021年政府收支分类科目“1100249医疗卫生共同财政事权转移支付收入”" in text
    assert "支出科目列“2101202财政对城乡居民基本医疗保险基金的补助”" in text
    assert "直达资金标识为“01自治区直达资金”" in text
    assert "从塔地财社〔2021〕8号文件扣回" in text          # the clawback names the document it claws back from
    assert "四、为进一步加强预算绩效管理" in text
    assert "五、请各地严格按照《自治区财政资金使用跟踪反馈管理暂行办法》" in text
    for item in ("1．2020年城乡居民基本医疗保险自治区财政补助资金结算分配表",
                 "2．自治区对地方专项转移支付项目绩效目标表",
                 "3．自治区财政资金使用情况跟踪反馈表"):
        assert item in text
    settlement = next(t for t in tables if "此次结算补助资金" in t[0])
    row = total_row(settlement)
    assert row[2:5] == ["5,031", "5,127", "-96"]
    assert f"合计{row[4]}万元" in text
    assert "（合计-96万元，详见附件1）" in text


def test_tacheng_per_county_notice_claws_back_its_own_amount(tmp_path):
    assert main(["notice", "settlement", "--per-county", "--out", str(tmp_path / "t.docx")]) == 0
    text = squeeze(read(tmp_path / "t_托里县.docx")[0])
    assert "现结算你县（市）自治区财政2020年城乡居民基本医疗保险补助资金-32万元" in text
    assert "此次结算补助资金为-32万元，从塔地财社〔2021〕8号文件扣回" in text
    text = squeeze(read(tmp_path / "t_乌苏市.docx")[0])
    assert "补助资金3万元" in text and "扣回" not in text.split("二、")[1].split("三、")[0]


def test_edited_fields_reach_the_docx_and_computed_ones_are_refused(tmp_path, capsys):
    body, _ = notice(tmp_path, "settlement", "--text", "date=2026年12月1日", "--text", "copied_to=甲科")
    assert "2026年12月1日" in body and "抄送：甲科。" in body and "2021年12月23日" not in body
    assert main(["notice", "settlement", "--text", "total=1", "--out", str(tmp_path / "x.docx")]) == 1
    assert "不能改写" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


# --- 运政办发〔2019〕30号: the notice is ours, a 示例 ------------------------------------------------

def test_pooling_notice_is_labelled_sample(tmp_path):
    body, _ = notice(tmp_path, "pooling")
    first = next(line for line in body.splitlines() if line.strip())
    assert first.startswith("示例")
    assert "运政办发〔2019〕30号" in body
    assert "上解至市级财政专户" in body
    assert "【待填写：绩效要求】" in body                  # the document states none: a placeholder, not made-up text


# --- a user's own policy --------------------------------------------------------------------------

OWN_POLICY = """
[meta]
mechanism = "allocation"
year = 2031
doc_no = "青财社〔2031〕5号"
title_zh = "2031年困难群众参保资助资金分配表"
title_en = "2031 contribution aid"
region_zh = "青山市"
region_en = "Qingshan"
levels = ["province", "city"]

[[meta.categories]]
key = "a"
zh = "低保对象"
en = "Minimum-income"

[[meta.categories]]
key = "b"
zh = "特困人员"
en = "Destitute"

[values]
rounding_unit_yuan = 100
table_stage = "after_deduction"
deduction_people = 0

[values.a]
standard_yuan = 350
subsidised_pct = 100
province_pct = 50
city_pct = 50
county_pct = 0

[values.b]
standard_yuan = 350
subsidised_pct = 100
province_pct = 70
city_pct = 30
county_pct = 0
{notice}
"""
PARTIAL_NOTICE = """
[notice.addressees]
zh = "主送"
en = "Addressed to"
value = "各区县财政局"
clause = "青财社〔2031〕5号 主送"
"""


def own_policy_notice(tmp_path, notice_section=""):
    params = tmp_path / "own.toml"
    params.write_text(OWN_POLICY.format(notice=notice_section), encoding="utf-8")
    data = tmp_path / "own.csv"
    data.write_text("county,a_people,b_people\n东城区,1000,200\n西城区,801,33\n", encoding="utf-8")
    return notice(tmp_path, "allocation", "--params", str(params), "--data", str(data))


@pytest.mark.parametrize("notice_section", ["", PARTIAL_NOTICE], ids=["no-notice", "partial-notice"])
def test_own_policy_shows_placeholders_and_no_shipped_text(tmp_path, notice_section):
    body, tables = own_policy_notice(tmp_path, notice_section)
    assert [w for w in SHIPPED_WORDS if w in body] == []
    assert "青财社〔2031〕5号" in body
    for field in ("依据", "资金名称", "成文日期", "抄送", "印发机关"):
        assert f"【待填写：{field}】" in body
    assert ("各区县财政局：" in body) == bool(notice_section)
    assert ("【待填写：主送】" in body) != bool(notice_section)
    # 350 元/人, each county's line rounded half-up to 0.01 万元 (by hand): 东城区 a 17.50 + 17.50, b 4.90 + 2.10;
    # 西城区 a 140,175 元 → 14.02 + 14.02, b 8,085 元 → 0.81 and 3,465 元 → 0.35; 省级 37.23, 市级 33.97, 合计 71.20
    assert "合计71.20万元，其中省级37.23万元、市级33.97万元" in squeeze(body)
    assert total_row(tables[0])[-3:] == ["71.20", "37.23", "33.97"]


# --- the preview ----------------------------------------------------------------------------------

def test_preview_shows_markdown_and_html_literally():
    result = result_of("qujing_2018")
    hostile = {"basis": "**粗体** <b>加粗</b> [链接](http://evil.example) <script>alert(1)</script>",
               "addressees": "<img src=x onerror=alert(1)>"}
    html = notice_html(build_notice(result, build_forms(result), hostile))
    assert "<script>" not in html and "<b>加粗" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;加粗&lt;/b&gt;" in html
    assert "**粗体**" in html and "[链接](http://evil.example)" in html


def test_unknown_field_is_refused_by_name():
    result = result_of("tacheng_2020")
    with pytest.raises(InputError) as exc:
        build_notice(result, build_forms(result), {"nosuch": "x"})
    assert exc.value.column == "nosuch"


def test_own_policy_attachments_carry_no_shipped_text(tmp_path):
    body, tables = own_policy_notice(tmp_path)
    cells = "\n".join("|".join(row) for t in tables for row in t)
    assert [w for w in SHIPPED_WORDS if w in cells] == []
    # The facts the policy lacks are flagged where they print, the figures are the policy's own.
    perf = next(t for t in tables if t[0][0] == "项目名称")
    assert perf[0][1] == "（待填写）" and perf[2][1] == "（待填写）"        # 项目名称, 项目年度目标
    assert ["产出指标", "时效指标", "参保筹资时间", "（待填写）", "（待填写）"] in perf
    assert "2．绩效目标表（待填写）" in body
    assert total_row(tables[0])[1] == "2,034"

"""``python -m fundcalc policy new <mechanism>``: a policy file for the user to fill in.

Written from what the mechanism declares (its parameter schema, its clause names, the policy format's sections),
never from a shipped document: every fact the user must give reads 待填写, which the loader refuses naming the
field, so a half-filled file never computes with a blank taken for a value.
"""

from __future__ import annotations

import json
from dataclasses import replace

from . import mechanisms
from .params import LEVEL_NAMES, TO_FILL, Param, Policy, plain

CATEGORY = "category_1"   # the template's one example category; the user renames, adds or removes categories


def _toml(value) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _describe(p: Param) -> str:
    """'补助标准 / Standard [元/人] 0–100000' or '… 可选 / one of: 1, 100, 10000'."""
    text = f"{p.zh.strip()} / {p.en.strip()}"
    if p.unit_zh:
        text += f" [{p.unit_zh}]"
    if p.choices:
        text += " 可选 / one of: " + ", ".join(map(str, p.choices))
    elif p.kind == "bool":
        text += " true / false"
    elif p.min is not None or p.max is not None:
        lo = "" if p.min is None else plain(p.min)
        hi = "" if p.max is None else plain(p.max)
        text += f" 范围 / range {lo}–{hi}"
    if p.kind == "int":
        text += "，整数 / whole number"
    return text


def _value(p: Param):
    # 统一补助标准 is a switch that is off unless the document sets one: 0 is its "none", not a blank.
    return 0 if p.key == "uniform_standard_yuan" else TO_FILL


def template(mechanism: str) -> str:
    """The commented TOML template of ``mechanism``'s policy file."""
    spec = mechanisms.get(mechanism)
    probe = Policy(mechanism, 0, "", "", "", {}, meta={"categories": [{"key": CATEGORY, "zh": "", "en": ""}]})
    specs = spec.param_specs(probe)
    has_categories = any(k.startswith(CATEGORY + ".") for k in specs)
    if not has_categories:
        specs = spec.param_specs(replace(probe, meta={}))
    plain_keys = [k for k in specs if not k.startswith(CATEGORY + ".")]
    cat_keys = [k for k in specs if k.startswith(CATEGORY + ".")]

    out = [
        f"# 政策文件：{spec.zh} / Policy file: {spec.en}",
        f"# 把每个“{TO_FILL}”换成文件的内容；未换完的文件在载入时会被拒绝，并指出哪一项还要填写。",
        f"# Replace every \"{TO_FILL}\" with the document's own text or value; a file with one left is refused",
        "# at load, naming it. Sections marked (可选 / optional) may be deleted.",
        "",
        "[meta]",
        f"mechanism = {_toml(mechanism)}",
        f"year = {_toml(TO_FILL)}                  # 年度（整数，如 2025）/ year",
        f"doc_no = {_toml(TO_FILL)}                # 文号 / document number",
        f"title_zh = {_toml(TO_FILL)}              # 标题（表格标题）/ title in Chinese",
        f"title_en = {_toml(TO_FILL)}              # title in English",
        f"region_zh = {_toml(TO_FILL)}             # 行政区名称，如 某某市 / region",
        'region_en = ""',
        '# region_code = "000000"          # 行政区划代码（可选）/ administrative code (optional)',
    ]
    if has_categories:
        out += [
            "",
            "# 人员类别：可增、可删、可改名、可调顺序；key 只用英文字母、数字和下划线。县级表中每个类别一列：",
            "# 「<zh>人数」或 aliases 里的列名。/ Person categories, any number; the county table has one column each.",
            "[[meta.categories]]",
            f"key = {_toml(CATEGORY)}",
            f"zh = {_toml(TO_FILL)}                    # 类别名称，如 特困人员",
            'en = ""',
            '# heading_zh = ""                 # 分配表中该类别的表头（可选）/ heading in the allocation table',
            "# aliases = []                    # 导入时也认作该类别人数的列名（可选）/ other column headers",
        ]
    out += ["", "# 各级财政的名称（可选；不写则为 省级/市级/县级）/ names of the paying levels (optional)"]
    for level, (zh, en) in LEVEL_NAMES.items():
        out += [f"[level_names.{level}]", f"zh = {_toml(zh)}", f"en = {_toml(en)}", ""]
    out += [
        "# 依据文件（可多项）/ the documents this one rests on",
        "[[basis]]",
        f"doc_no = {_toml(TO_FILL)}",
        f"title = {_toml(TO_FILL)}",
        f"clause = {_toml(TO_FILL)}",
        "",
        "# 计算说明引用的出处（可选；不写则不引用）/ references the explanations cite (optional)",
        "[clauses]",
    ]
    for name, (zh, en) in spec.clauses.items():
        out.append(f'# {name} = ""    # {zh} / {en}')
    out += [
        "",
        "# 页面顶部的文件说明（可选）；{year} {region} {doc_no} {title} 与参数名（点换成下划线）会代入当前值。",
        "# The page's sentence about the document (optional); {placeholders} are filled from the current values.",
        "[page]",
        'intro_zh = ""',
        'intro_en = ""',
        "",
        "[values]",
    ]
    for key in plain_keys:
        out.append(f"# {_describe(specs[key])}")
        out.append(f"{key} = {_toml(_value(specs[key]))}")
    if cat_keys:
        out += ["", "# 每个类别一节，节名为类别的 key / one table per category, named by its key",
                f"[values.{CATEGORY}]"]
        for key in cat_keys:
            out.append(f"# {_describe(specs[key])}")
            out.append(f"{key.split('.', 1)[1]} = {_toml(_value(specs[key]))}")
    out += [
        "",
        "# 每个值的出处。“文件规定”只用于文件写明的值，并写明条款；",
        "# 否则写 示例值（sample）或 假设（assumption）及理由。",
        "# Where each value comes from: document (with its clause), or sample / assumption (with why).",
        '#   例 / e.g.  key = { kind = "document", clause = "…〔2025〕1号 二(一)" }',
        '#              key = { kind = "assumption", why_zh = "…", why_en = "…" }',
        "# 未改的项显示为“未注明来源”/ entries left as they are show as \"source not given\".",
        "[sources]",
    ]
    for key in plain_keys + cat_keys:
        out.append(f'{_toml(key)} = {{ kind = "undeclared" }}')
    return "\n".join(out) + "\n"

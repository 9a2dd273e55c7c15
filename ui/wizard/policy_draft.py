"""The policy a user writes in 新建测算, kept as the document itself: the dict tomllib reads from a policy file
(data/params/*.toml's format), edited step by step and written back as TOML text (ui/wizard/toml_text.py).

Where a draft starts:
- ``blank(mechanism)``: every parameter of the mechanism's schema at its lowest allowed value or first choice;
- ``from_shipped(dataset_id)``: a shipped document's numbers, choices and categories, without its words (region,
  文号, title, clauses, notice and form facts, text values): the copy is the user's document, so nothing in it may
  speak for the shipped city;
- ``from_text(text)``: a policy file the user has (a saved baseline's, or one they upload), taken as it is.

Every value the user sets, and every value of a blank or copied start, is declared in [sources] as kind
"assumption" with why "用户在新建测算中设定": only a document's own file may call a value 文件规定.
No streamlit here: the tests drive these functions directly."""

from __future__ import annotations

import copy
import datetime
import re
from decimal import Decimal

from fundcalc import mechanisms
from fundcalc.baselines import policy_from_text
from fundcalc.errors import InputError
from fundcalc.params import LEVEL_NAMES, PARAMS_DIR, Policy
from fundcalc.userfiles import read_toml

from .toml_text import dumps

USER_SET = {"kind": "assumption", "why_zh": "用户在新建测算中设定", "why_en": "set by the user in New calculation"}
LEVELS = tuple(LEVEL_NAMES)                       # province, city, county
CATEGORY_FIELDS = ("standard_yuan", "subsidised_pct", *(f"{lv}_pct" for lv in LEVELS))
META_FIELDS = ("region_zh", "region_en", "doc_no", "title_zh", "title_en")
REQUIRED_META = {"region_zh": ("地区（中文）", "Region (Chinese)"), "doc_no": ("文号", "Document number"),
                 "title_zh": ("标题（中文）", "Title (Chinese)")}
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")


# --- flat keys ---------------------------------------------------------------------------------------------

def flat_values(doc: dict) -> dict:
    """``[values]`` as the dotted keys a Policy uses ("min_living.standard_yuan")."""
    out = {}
    for k, v in doc.get("values", {}).items():
        if isinstance(v, dict):
            out.update({f"{k}.{ik}": iv for ik, iv in v.items()})
        else:
            out[k] = v
    return out


def set_value(doc: dict, key: str, value) -> None:
    values = doc.setdefault("values", {})
    if "." in key:
        head, tail = key.split(".", 1)
        values.setdefault(head, {})[tail] = value
    else:
        values[key] = value


def number(value) -> int | Decimal:
    """A figure as the policy file keeps it: an integer when whole, else an exact decimal."""
    d = Decimal(str(value)).normalize()
    return int(d) if d == d.to_integral_value() else d


# --- starting points ---------------------------------------------------------------------------------------

def _empty(mechanism: str, year: int) -> dict:
    meta = {"mechanism": mechanism, "year": year, "doc_no": "", "title_zh": "", "title_en": "",
            "region_zh": "", "region_en": ""}
    return {"meta": meta, "values": {}, "sources": {}}


def _stub_policy(doc: dict) -> Policy:
    """A Policy of the draft's categories, only for asking the mechanism which parameters it has."""
    meta = doc["meta"]
    return Policy(meta["mechanism"], int(meta.get("year") or 0), "", "", "", flat_values(doc),
                  meta={"categories": list(meta.get("categories", []))})


def param_specs(doc: dict) -> dict:
    spec = mechanisms.get(doc["meta"]["mechanism"])
    return spec.param_specs(_stub_policy(doc))


def _lowest(p):
    if p.kind == "choice":
        return p.choices[0]
    if p.kind == "bool":
        return False
    if p.kind == "text":
        return ""
    return number(p.min if p.min is not None else 0)


def blank(mechanism: str, year: int | None = None) -> dict:
    """The mechanism's blank template (a mechanism of person categories starts with none: the user adds them)."""
    spec = mechanisms.get(mechanism)
    doc = _empty(mechanism, year or datetime.date.today().year)
    if spec.categories is not None:
        doc["meta"]["categories"] = []
    for key, p in param_specs(doc).items():
        if key not in flat_values(doc):
            set_value(doc, key, _lowest(p))
    doc["sources"] = {k: dict(USER_SET) for k in flat_values(doc)}
    return doc


def from_shipped(dataset_id: str) -> dict:
    """A shipped document's numbers, choices and categories, none of its words."""
    from fundcalc.datasets import DATASETS

    ds = DATASETS[dataset_id]
    raw = read_toml((PARAMS_DIR / ds.params_file).read_bytes(), ds.params_file)
    doc = _empty(ds.mechanism, int(raw["meta"]["year"]))
    if "categories" in raw["meta"]:
        doc["meta"]["categories"] = [{k: c[k] for k in ("key", "zh", "en")} for c in raw["meta"]["categories"]]
    doc["values"] = copy.deepcopy(raw.get("values", {}))
    for key, value in dict(ds.values).items():
        set_value(doc, key, value)
    specs = param_specs(doc)
    for key in flat_values(doc):
        if key in specs and specs[key].kind == "text":
            set_value(doc, key, "")              # a text value is the document's words (a 文号 to claw back from)
    doc["sources"] = {k: dict(USER_SET) for k in flat_values(doc)}
    return doc


def from_text(text: str, name: str = "policy.toml") -> dict:
    """A policy file's document as written (a saved baseline's, or an uploaded file); it must load."""
    doc = read_toml(text.encode("utf-8"), name)
    policy = load_text(dumps(doc))               # refuses what the loader refuses, with its message
    try:
        category_rows(doc)
        param_specs(doc)
        set_document(doc, doc["meta"], level_names(doc))
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
        # the loader reads [meta] and [values] as given; the wizard needs each category's key and names
        raise InputError("参数文件的人员类别、数值或各级名称格式不对", "the policy file's categories, values or "
                         "level names are malformed", value=name) from None
    mechanisms.get(policy.mechanism)
    return doc


# --- the steps' edits --------------------------------------------------------------------------------------

def level_names(doc: dict) -> dict[str, tuple[str, str]]:
    """(zh, en) of each paying level: the document's names, else the generic ones."""
    names = doc.get("level_names", {})
    return {lv: (str(names.get(lv, {}).get("zh") or LEVEL_NAMES[lv][0]),
                 str(names.get(lv, {}).get("en") or LEVEL_NAMES[lv][1])) for lv in LEVELS}


def set_document(doc: dict, fields: dict, levels: dict[str, tuple[str, str]]) -> dict:
    """The document's own words: region, year, 文号, title, level names. Empty English falls back to the Chinese."""
    doc = copy.deepcopy(doc)
    meta = doc["meta"]
    for key in META_FIELDS:
        meta[key] = str(fields.get(key, "") or "").strip()
    meta["region_en"] = meta["region_en"] or meta["region_zh"]
    meta["title_en"] = meta["title_en"] or meta["title_zh"]
    meta["year"] = int(fields.get("year") or meta.get("year") or 0)
    doc["level_names"] = {lv: {"zh": (zh or LEVEL_NAMES[lv][0]).strip(), "en": (en or LEVEL_NAMES[lv][1]).strip()}
                          for lv, (zh, en) in levels.items()}
    return doc


def check_document(doc: dict) -> None:
    """What the document must say before it can be saved: region, 文号 and title (Chinese), a plausible year."""
    meta = doc["meta"]
    for key, (zh, en) in REQUIRED_META.items():
        if not str(meta.get(key, "")).strip():
            raise InputError("请填写此项", f"fill in '{en}'", column=zh)
    if not 1949 <= int(meta.get("year") or 0) <= 2200:
        raise InputError("年度应在 1949 到 2200 之间", "the year must be between 1949 and 2200", column="年度",
                         value=meta.get("year"))


def category_rows(doc: dict) -> list[dict]:
    """The categories as the editor shows them: order, key, names, standard, subsidised share, level shares."""
    values = doc.get("values", {})
    rows = []
    for i, c in enumerate(doc["meta"].get("categories", []), start=1):
        v = values.get(c["key"], {})
        rows.append({"order": i, "key": c["key"], "zh": c["zh"], "en": c["en"],
                     **{f: float(Decimal(str(v.get(f, 0)))) for f in CATEGORY_FIELDS}})
    return rows


def _blank_cell(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _figure(row: int, value, zh: str, en: str, high: int) -> int | Decimal:
    if _blank_cell(value):
        raise InputError("不能为空", "must not be blank", row=row, column=zh)
    try:
        out = number(value)
    except ArithmeticError:
        raise InputError("应为数字", "must be a number", row=row, column=zh, value=value) from None
    if not 0 <= out <= high:
        raise InputError(f"应在 0 到 {high:,} 之间", f"must be between 0 and {high:,}", row=row, column=zh,
                         value=value)
    return out


def set_categories(doc: dict, rows: list[dict], labels: dict[str, tuple[str, str]]) -> dict:
    """The categories as edited (rows in the editor's order; ``order`` sorts them). ``labels``: field → the
    editor's (zh, en) column names, so a refusal names the column the user sees. Blank rows are dropped."""
    doc = copy.deepcopy(doc)
    kept = [(i, r) for i, r in enumerate(rows, start=1)
            if not all(_blank_cell(r.get(k)) for k in ("key", "zh", "en", *CATEGORY_FIELDS))]
    if not kept:
        raise InputError("至少需要一个人员类别", "at least one person category is needed")
    kept.sort(key=lambda ir: (_blank_cell(ir[1].get("order")), ir[1].get("order") or 0, ir[0]))
    old = {c["key"]: c for c in doc["meta"].get("categories", [])}
    cats, values, seen = [], {}, set()
    for row, r in kept:
        zh = "" if _blank_cell(r.get("zh")) else str(r["zh"]).strip()
        if not zh:
            raise InputError("类别名称不能为空", "the category name must not be blank", row=row, column=labels["zh"][0])
        en = "" if _blank_cell(r.get("en")) else str(r["en"]).strip()
        key = "" if _blank_cell(r.get("key")) else str(r["key"]).strip()
        key = key or code_for(en, seen | {str(x.get("key")) for _, x in kept})
        if not _KEY.match(key):
            raise InputError("代码应为英文字母、数字或下划线，以字母开头", "the code must be letters, digits or _, "
                             "starting with a letter", row=row, column=labels["key"][0], value=key or None)
        if key in seen:
            raise InputError("代码重复", "the code is used twice", row=row, column=labels["key"][0], value=key)
        seen.add(key)
        figures = {}
        for f in CATEGORY_FIELDS:
            figures[f] = _figure(row, r.get(f), labels[f][0], labels[f][1], 100_000 if f == "standard_yuan" else 100)
        total = sum(figures[f"{lv}_pct"] for lv in LEVELS)
        if total != 100:
            raise InputError(f"「{zh}」各级分担比例之和为 {total}%，应为 100%",
                             f"the level shares of '{en or zh}' add up to {total}%, not 100%",
                             row=row, column=labels["shares"][0], value=f"{total}%")
        cats.append({**{k: v for k, v in old.get(key, {}).items() if k not in ("key", "zh", "en", "added")},
                     "key": key, "zh": zh, "en": en or key})
        values[key] = figures
    for key in old:
        doc["values"].pop(key, None)
    doc["values"].update(values)
    doc["meta"]["categories"] = cats
    gone = set(old) - seen
    doc["sources"] = {k: v for k, v in doc.get("sources", {}).items() if k.split(".")[0] not in gone}
    return doc


def code_for(en: str, taken: set[str]) -> str:
    """A category code from its English name ("Min living" → min_living); numbered when taken or empty."""
    base = re.sub(r"[^a-z0-9]+", "_", en.lower()).strip("_")[:30]
    base = base if base and base[0].isalpha() else "category"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}_{n}"
    return code


def other_params(doc: dict) -> dict:
    """The parameters that are not a category's (rounding unit, table stage, modes, rates…)."""
    cats = {c["key"] for c in doc["meta"].get("categories", [])}
    return {k: p for k, p in param_specs(doc).items() if k.split(".")[0] not in cats}


def set_values(doc: dict, raw: dict) -> dict:
    """Other parameters as typed (key → text); each is parsed and range-checked by its Param."""
    doc = copy.deepcopy(doc)
    specs = other_params(doc)
    for key, value in raw.items():
        p = specs[key]
        coerced = p.coerce(value)
        set_value(doc, key, number(coerced) if isinstance(coerced, Decimal) else coerced)
    return doc


def mark_sources(doc: dict, start: dict) -> dict:
    """[sources] of the draft: a value as the start had it keeps its source; any other is the user's own."""
    doc = copy.deepcopy(doc)
    before, old = flat_values(start), start.get("sources", {})
    sources = dict(doc.get("sources", {}))
    for key, value in flat_values(doc).items():
        same = key in before and str(before[key]) == str(value)
        if not same or key not in old:
            sources[key] = dict(USER_SET)
        else:
            sources[key] = old[key]
    doc["sources"] = sources
    return doc


# --- text and policy ---------------------------------------------------------------------------------------

def comment(doc: dict) -> str:
    meta = doc["meta"]
    return (f"{meta.get('region_zh', '')} {meta.get('year', '')} {meta.get('title_zh', '')} — "
            f"{meta.get('doc_no', '')}\n由 医保资金测算台「新建测算」生成；数值来源见 [sources]。")


def to_text(doc: dict) -> str:
    return dumps(doc, comment(doc))


def load_text(text: str) -> Policy:
    """The policy of a TOML text, read by the same loader as a policy file (and as a saved baseline's)."""
    return policy_from_text(text)

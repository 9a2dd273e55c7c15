"""Policy parameters as data: TOML files under data/params/, each with its year
and source document (文号); scenarios override values without editing the files.

Values are kept flat ("not_lifted.standard_yuan" = 180) so that the command
line's --set, the dashboard's widgets, URLs and saved scenarios all address
them the same way.

Each file also says where every value comes from (``[sources]``: 文件规定 with its clause, or
示例值 / 假设 with why) and which facts the notice itself states (``[notice]``: budget codes,
where the money is paid, 主送/抄送/落款), so that no view calls a value the document's unless it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from string import Formatter

from .errors import InputError
from .limits import MAX_POLICY_BYTES
from .numbers import NOT_A_NUMBER, NumberError
from .numbers import parse as parse_number
from .userfiles import read_toml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PARAMS_DIR = DATA_DIR / "params"


@dataclass(frozen=True)
class Param:
    """One policy parameter: what it is called, its unit, its kind and its range."""

    key: str
    zh: str
    en: str
    kind: str  # "int" | "decimal" | "pct" | "bool" | "choice" | "text"
    unit_zh: str = ""
    unit_en: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple = ()
    group: str = ""          # the panel group it is shown in (the mechanism's schema.toml [groups])
    short_zh: str = ""       # a short label where the category is already said (a table of categories)
    short_en: str = ""
    # How the panel shows it (schema.toml; none of these changes a value):
    labels: tuple = ()            # (choice as text, zh, en) of each choice
    enabled_by: tuple = ()        # (param, value): editable only while that parameter has that value
    disabled_note: tuple = ()     # (zh, en) shown under it while it is not editable
    complement: tuple = ()        # (zh, en) of the party bearing 100% − this share, shown under it
    note: str = ""                # "share_sum": one of shares that add up to 100%, their sum shown with them
    warning: tuple = ()           # (value, zh, en): a warning while this value is chosen on a shipped dataset
    source_note: bool = False     # its source's note is shown under its group while it is editable
    hint: tuple = ()              # (zh, en) shown under it while it is editable: what a special value means

    def label(self, lang: str = "zh") -> str:
        if lang == "zh":
            return f"{self.zh}({self.unit_zh})" if self.unit_zh else self.zh
        return f"{self.en} ({self.unit_en})" if self.unit_en else self.en

    def coerce(self, raw):
        """Parse and range-check one value; raises InputError naming the parameter."""
        if self.kind == "bool":
            return self._coerce_bool(raw)
        if self.kind == "text":
            return str(raw)
        if self.kind == "choice":
            return self._coerce_choice(raw)
        return self._check_range(self._coerce_number(raw), raw)

    @property
    def _label(self) -> str:
        return f"{self.zh} {self.key}"

    def _coerce_bool(self, raw) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "on", "是", "开"):
            return True
        if text in ("0", "false", "no", "off", "否", "关"):
            return False
        raise InputError("应为 是/否（true/false）", "must be true or false", column=self._label, value=raw)

    def _coerce_choice(self, raw):
        for c in self.choices:
            if str(c) == str(raw).strip():
                return c
        raise InputError(f"可选值为 {', '.join(map(str, self.choices))}",
                         f"must be one of {', '.join(map(str, self.choices))}", column=self._label, value=raw)

    def _coerce_number(self, raw):
        """An int or a Decimal of at most 4 decimals, as the kind says."""
        label = self._label
        # The one number parser bounds the text before converting it: "1e1000000" costs nothing.
        try:
            value = parse_number(raw)
        except NumberError as exc:
            raise InputError(exc.zh, exc.en, column=label, value=raw) from None
        if value is None:
            raise InputError(*NOT_A_NUMBER, column=label, value=raw)
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))     # "7.4e3" is kept as 7400, not 7.4E+3
        if self.kind == "int":
            if value != value.to_integral_value():
                raise InputError("应为整数", "must be a whole number", column=label, value=raw)
            return int(value)
        if value.as_tuple().exponent < -4:
            raise InputError("小数位过多（最多 4 位）", "too many decimals (4 at most)", column=label, value=raw)
        return value

    def _check_range(self, value, raw):
        if self.min is not None and value < Decimal(str(self.min)):
            raise InputError(f"不能小于 {self.min}", f"must be at least {self.min}", column=self._label, value=raw)
        if self.max is not None and value > Decimal(str(self.max)):
            raise InputError(f"不能大于 {self.max}", f"must be at most {self.max}", column=self._label, value=raw)
        return value


PARAM_FIELDS = ("zh", "en", "kind", "unit_zh", "unit_en", "min", "max", "choices", "group", "short_zh", "short_en",
                "labels", "enabled_by", "disabled_note", "complement", "note", "warning", "source_note",
                "hint")


def _param(key: str, d: dict, names: dict[str, str] | None = None) -> Param:
    names = names or {}
    unknown = set(d) - set(PARAM_FIELDS)
    if unknown:
        raise InputError("参数定义有未知字段", "a parameter declaration has an unknown field", column=key,
                         value=sorted(unknown)[0])
    texts = {k: str(d[k]).format_map(names) for k in ("zh", "en", "short_zh", "short_en") if k in d}
    rest = {k: v for k, v in d.items() if k not in texts}
    if "choices" in rest:
        rest["choices"] = tuple(rest["choices"])
    if "labels" in rest:
        rest["labels"] = tuple((str(k), v[0], v[1]) for k, v in rest["labels"].items())
    if "enabled_by" in rest:
        rest["enabled_by"] = next(iter(rest["enabled_by"].items()))
    if "warning" in rest:
        rest["warning"] = (rest["warning"]["value"], rest["warning"]["zh"], rest["warning"]["en"])
    for k in ("disabled_note", "complement", "hint"):
        if k in rest:
            rest[k] = tuple(rest[k])
    return Param(key, **texts, **rest)


@dataclass(frozen=True, eq=False)   # hashed by identity: one object per mechanism
class ParamSchema:
    """What each parameter of a mechanism is (label, unit, kind, range, choices, panel group): data beside the
    mechanism (``fundcalc/mechanisms/<name>/schema.toml``). The policy file says each one's value and source.

    ``[params.<key>]`` declares a parameter; ``[category.<suffix>]`` one per policy category, keyed
    ``<category>.<suffix>`` with ``{cat}``/``{cat_en}`` in its labels; a suffix holding ``{level}`` is repeated
    for each of ``[levels]`` (``{level_zh}``, ``{level_en}``)."""

    params: tuple[tuple[str, dict], ...]
    category: tuple[tuple[str, dict], ...] = ()
    levels: tuple[tuple[str, str, str], ...] = ()            # (key, zh, en)
    groups: tuple[tuple[str, str, str], ...] = ()            # (key, zh, en), in order
    panel: tuple[tuple[str, dict], ...] = ()                 # each group's declaration: the panel's layout

    @classmethod
    def from_dict(cls, d: dict) -> ParamSchema:
        return cls(params=tuple((k, dict(v)) for k, v in d.get("params", {}).items()),
                   category=tuple((k, dict(v)) for k, v in d.get("category", {}).items()),
                   levels=tuple((k, v[0], v[1]) for k, v in d.get("levels", {}).items()),
                   groups=tuple((k, v["zh"], v["en"]) for k, v in d.get("groups", {}).items()),
                   panel=tuple((k, dict(v)) for k, v in d.get("groups", {}).items()))

    @classmethod
    def from_toml(cls, path: Path) -> ParamSchema:
        return cls.from_dict(read_toml(Path(path).read_bytes(), str(path)))

    def specs(self, policy: Policy | None = None) -> dict[str, Param]:
        """Every parameter of ``policy`` (its categories' included), in declaration order."""
        cats = tuple((c["key"], c["zh"], c["en"]) for c in (policy.meta.get("categories", ()) if policy else ()))
        # a level's share is labelled with the level's name in the policy (自治区级 …), the generic one without
        levels = tuple((lv, policy.level_name(lv, "zh"), policy.level_name(lv, "en")) if policy else (lv, zh, en)
                       for lv, zh, en in self.levels)
        return dict(_specs(self, cats, levels))


@lru_cache(maxsize=64)
def _specs(schema: ParamSchema, cats: tuple[tuple[str, str, str], ...],
           levels: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, Param], ...]:
    # Memoised: the dashboard asks for the specs of one policy many times per run.
    out = [(k, _param(k, d)) for k, d in schema.params]
    for key, zh, en in cats:
        for suffix, d in schema.category:
            if "{level}" in suffix:
                for lv, lzh, len_ in levels:
                    k = f"{key}.{suffix.format(level=lv)}"
                    out.append((k, _param(k, d, {"cat": zh, "cat_en": en, "level_zh": lzh, "level_en": len_})))
            else:
                k = f"{key}.{suffix}"
                out.append((k, _param(k, d, {"cat": zh, "cat_en": en})))
    return tuple(out)


SOURCE_KINDS = {
    "document": ("文件规定", "Document value"),
    "sample": ("示例值", "Sample value"),
    "assumption": ("假设", "Assumption"),
    "user": ("用户设定", "Set by the user"),
    "undeclared": ("未注明来源", "Source not given"),
}


@dataclass(frozen=True)
class Source:
    """Where a policy value comes from: the document (with its clause), or not (示例值 / 假设, with why).

    The rule the product keeps: "文件规定" only for a value the document states; anything else says
    what it is and why, wherever it is shown.
    """

    kind: str
    clause: str = ""
    why_zh: str = ""
    why_en: str = ""

    @property
    def from_document(self) -> bool:
        return self.kind == "document"

    def label(self, lang: str = "zh") -> str:
        zh, en = SOURCE_KINDS[self.kind]
        return zh if lang == "zh" else en

    def note(self, lang: str = "zh") -> str:
        """'文件规定（clause）' or '假设：why' — the text a tooltip, a form note or a CSV note prints."""
        if self.from_document:
            return f"{self.label(lang)}（{self.clause}）" if lang == "zh" else f"{self.label(lang)} ({self.clause})"
        why = self.why_zh if lang == "zh" else (self.why_en or self.why_zh)
        return f"{self.label(lang)}：{why}" if lang == "zh" else f"{self.label(lang)}: {why}"


# Generic names of the paying levels; a policy names its own in [level_names] (Policy.level_name).
LEVEL_NAMES = {"province": ("省级", "Province"), "city": ("市级", "City"), "county": ("县级", "County")}

USER_SOURCE = Source("user", why_zh="用户添加的类别，文件未载明",
                     why_en="a category the user added; not in the document")
UNDECLARED = Source("undeclared", why_zh="参数文件未注明此值的来源",
                    why_en="the policy file does not say where this value comes from")


@dataclass(frozen=True)
class NoticeFact:
    """A fact the notice itself states (a budget code, where the money is paid, 主送/抄送/落款), with its clause."""

    key: str
    zh: str
    en: str
    value: str
    clause: str


@dataclass(frozen=True)
class Policy:
    """A mechanism's parameters for one year and document, plus any overrides."""

    mechanism: str
    year: int
    doc_no: str
    title_zh: str
    title_en: str
    values: dict
    meta: dict = field(default_factory=dict)
    overridden: frozenset = frozenset()
    sources: dict = field(default_factory=dict)
    notice: tuple = ()

    def get(self, key: str):
        return self.values[key]

    def source(self, key: str) -> Source:
        """The source of a value (or of a rule without a value, such as ``monthly_split``).

        A value nobody declared (a user's own policy file) is "未注明来源", never shown as the document's;
        tests check that every value of a shipped policy file declares one."""
        if key in self.sources:
            return self.sources[key]
        if key.split(".")[0] in {c["key"] for c in self.meta.get("categories", []) if c.get("added")}:
            return USER_SOURCE
        return UNDECLARED

    def region(self, lang: str = "zh") -> str:
        """The region the document is for (``[meta] region_zh/region_en``); empty when the policy names none."""
        zh = str(self.meta.get("region_zh", ""))
        return zh if lang == "zh" else str(self.meta.get("region_en", "") or zh)

    def fact(self, path: str, default=None):
        """A fact the document states, by dotted path into the policy file's sections other than [values] and
        [sources] (e.g. ``forms.performance.project_name``, ``clauses.table``); ``default`` when absent.

        Facts are the document's words (设定依据, 年度目标, 项目名称…): a policy that lacks one gets ``default``
        (callers show it empty and flagged 待填写), never another document's text."""
        node = self.meta
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def clause(self, name: str) -> str:
        """A named reference the mechanism cites (``[clauses] table = "…〔2018〕106号 附表"``); "" when absent."""
        value = self.fact(f"clauses.{name}", "")
        return value if isinstance(value, str) else ""

    def level_name(self, level: str, lang: str = "zh") -> str:
        """What the document calls a paying level (``[level_names.<level>] zh/en``: 省级/市级/县级, or
        自治区级/地区级/县级…); the generic name when the policy does not say."""
        names = self.fact(f"level_names.{level}", {}) or {}
        generic = LEVEL_NAMES.get(level, (level, level))
        if lang == "zh":
            return str(names.get("zh") or generic[0])
        return str(names.get("en") or generic[1])

    def categories(self) -> list[dict]:
        """The person categories the policy declares (``[[meta.categories]]``), in its order; any number, any keys."""
        return list(self.meta.get("categories", ()))

    def text_names(self) -> dict[str, str]:
        """The names a policy text may use: ``{year} {region} {doc_no} {title}`` and every value by its key with
        dots as underscores (``{reserve_pct}``, ``{not_lifted_standard_yuan}``), as the value reads."""
        names = {"year": str(self.year), "region": self.region("zh"), "doc_no": self.doc_no, "title": self.title_zh}
        for key, value in self.values.items():
            names[key.replace(".", "_")] = plain(value)
        return names

    def format_text(self, template: str, extra: dict | None = None, where: str = "") -> str:
        """``template`` with its ``{name}`` placeholders filled from :meth:`text_names` and ``extra``; an unknown
        name is refused naming it (a typo in a policy file must not print a blank or another document's words)."""
        return fill(template, self.text_names() | (extra or {}), where)

    def page_intro(self, lang: str = "zh") -> str:
        """The document's own sentence for the page intro (``[page] intro_zh/intro_en``), filled from the current
        values; "" when the policy has none (the page then shows only the mechanism's generic intro)."""
        text = self.fact(f"page.intro_{lang}", "") or (self.fact("page.intro_zh", "") if lang != "zh" else "")
        return self.format_text(str(text), where=f"page.intro_{lang}") if text else ""

    def with_overrides(self, overrides: dict, specs: dict[str, Param]) -> Policy:
        """A new policy with some values replaced, each parsed by its Param."""
        values = dict(self.values)
        changed = set(self.overridden)
        for key, raw in overrides.items():
            if key not in specs:
                raise InputError("没有这个参数", "no such parameter", column=str(key))
            values[key] = specs[key].coerce(raw)
            changed.add(key)
        return replace(self, values=values, overridden=frozenset(changed))


# What a template (``python -m fundcalc policy new``) writes where the user has to fill something in.
TO_FILL = "待填写"


def plain(value) -> str:
    """A value as a sentence prints it: 3, 0.5, 75 (no exponent, no trailing zeros)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = format(Decimal(str(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def fill(template: str, names: dict, where: str = "") -> str:
    """``template.format_map(names)``, refusing an unknown or malformed placeholder with its name."""
    try:
        fields = [f for _, f, _, _ in Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise InputError(f"文字中的 {{…}} 占位符格式错误：{exc}", f"a {{…}} placeholder is malformed: {exc}",
                         column=where or None, value=template) from None
    for f in fields:
        if f not in names:
            raise InputError(f"文字中的占位符 {{{f}}} 不是已知的名称（可用：year、region、doc_no、title 与各参数名）",
                             f"the placeholder {{{f}}} is not a known name (year, region, doc_no, title or a "
                             f"parameter key)", column=where or None, value=f"{{{f}}}")
    try:
        return template.format_map(names)
    except (ValueError, KeyError, IndexError, AttributeError) as exc:   # a format spec such as {x:.2f} on text
        raise InputError(f"文字中的占位符无法填入：{exc}", f"a placeholder cannot be filled: {exc}",
                         column=where or None, value=template) from None


def check_sections(meta: dict, source: str) -> None:
    """The document's own sections, checked for shape at load so a typo is named where it is, not deep in a form.

    [level_names.<province|city|county>] zh/en; [[basis]] doc_no/title/clause(s); [clauses] name = text;
    [[meta.categories]] key/zh/en (+ heading_zh, aliases); [meta] region_code (digits); [page] intro_zh/intro_en."""
    for name in ("level_names", "clauses", "page"):
        if not isinstance(meta.get(name, {}), dict):
            raise InputError(f"[{name}] 应为表", f"[{name}] must be a table", value=source)
    _check_level_names(meta.get("level_names", {}))
    basis = meta.get("basis", [])
    if isinstance(basis, list):  # [meta] basis = "…" (one sentence) is today's form and stays readable
        for i, b in enumerate(basis, 1):
            if not isinstance(b, dict) or not isinstance(b.get("doc_no", ""), str):
                raise InputError("[[basis]] 每项应有 doc_no、title、clause", "each [[basis]] has doc_no, title, clause",
                                 row=i, column="basis", value=str(b))
    for name, text in meta.get("clauses", {}).items():
        if not isinstance(text, str):
            raise InputError("出处应为文字", "a clause must be text", column=f"clauses.{name}", value=str(text))
    for i, c in enumerate(meta.get("categories", ()) or (), 1):
        _check_category(i, c)
    code = meta.get("region_code", "")
    if not isinstance(code, str) or (code and not code.isdigit()):
        raise InputError("行政区划代码应为数字（写成文字，如 \"530300\"）", "region_code is digits, written as text",
                         column="meta.region_code", value=code)


def _check_level_names(names: dict) -> None:
    for level, entry in names.items():
        if level not in LEVEL_NAMES:
            raise InputError(f"层级应为 {'、'.join(LEVEL_NAMES)}", f"a level must be one of {', '.join(LEVEL_NAMES)}",
                             column="level_names", value=level)
        if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
            raise InputError("层级名称应写成 zh = \"…\"、en = \"…\"", "a level name is zh = \"…\", en = \"…\"",
                             column=f"level_names.{level}", value=str(entry))


def _check_category(i: int, c) -> None:
    if not isinstance(c, dict) or not all(isinstance(c.get(k), str) and c.get(k) for k in ("key", "zh")):
        raise InputError("每个人员类别应有 key 和 zh（en 可选）", "each category needs key and zh (en optional)", row=i,
                         column="meta.categories", value=str(c))
    if not c["key"].isidentifier():
        raise InputError("类别代码只能用字母、数字和下划线，且不以数字开头",
                         "a category key is letters, digits and underscores, not starting with a digit",
                         row=i, column="meta.categories.key", value=c["key"])
    aliases = c.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError("aliases 应为文字列表", "aliases must be a list of text", row=i,
                         column="meta.categories.aliases", value=str(aliases))


def _unfilled(meta: dict, values: dict) -> str | None:
    """The first field a template left as 待填写 (the loader names it so the user knows what to fill)."""
    for k in ("mechanism", "year", "doc_no", "title_zh", "title_en"):
        if str(meta.get(k, "")).strip() == TO_FILL:
            return f"meta.{k}"
    for i, c in enumerate(meta.get("categories", ()) or ()):
        if isinstance(c, dict) and TO_FILL in (str(c.get("zh", "")), str(c.get("key", ""))):
            return f"meta.categories[{i + 1}]"
    for k, v in values.items():
        if isinstance(v, str) and v.strip() == TO_FILL:
            return f"values.{k}"
    return None


def _flatten(prefix: str, obj: dict, out: dict) -> None:
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            _flatten(key + ".", v, out)
        else:
            out[key] = v


def load_policy(path: str | Path) -> Policy:
    """Read a parameter file. Tables become dotted keys; [meta] describes the source."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_POLICY_BYTES:
            raise InputError(f"参数文件过大（上限 {MAX_POLICY_BYTES // 1024:,} KB）",
                             f"the parameter file is too large (limit {MAX_POLICY_BYTES // 1024:,} KB)",
                             value=str(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("参数文件不存在", "parameter file not found", value=str(path)) from None
    except OSError as exc:
        raise InputError(f"无法读取参数文件：{exc.strerror}", f"cannot read the parameter file: {exc.strerror}",
                         value=str(path)) from None
    return policy_from_bytes(data, str(path))


def policy_from_bytes(data: bytes, name: str) -> Policy:
    """A policy file's content (a saved baseline's, an upload's), checked as a file is; ``name`` is what
    messages call it."""
    if len(data) > MAX_POLICY_BYTES:
        raise InputError(f"参数文件过大（上限 {MAX_POLICY_BYTES // 1024:,} KB）",
                         f"the parameter file is too large (limit {MAX_POLICY_BYTES // 1024:,} KB)", value=name)
    raw = read_toml(data, name)
    missing = [k for k in ("mechanism", "year", "doc_no", "title_zh", "title_en")
               if not isinstance(raw.get("meta"), dict) or k not in raw["meta"]]
    if missing:
        raise InputError(f"参数文件缺少 [meta] 中的「{missing[0]}」", f"the parameter file lacks [meta] {missing[0]}",
                         value=name)
    meta = raw.pop("meta")
    values: dict = {}
    _flatten("", raw.pop("values", {}), values)
    gap = _unfilled(meta, values)
    if gap:
        raise InputError(f"参数文件中「{gap}」还是“{TO_FILL}”：请填入文件规定的值",
                         f"'{gap}' is still '{TO_FILL}' (to be filled in): write the document's value",
                         value=name)
    if not str(meta["year"]).strip().isdigit():
        raise InputError("年度应为整数", "the year must be a whole number", column="meta.year", value=meta["year"])
    try:
        sources = {k: Source(**v) for k, v in raw.pop("sources", {}).items()}
        notice = tuple(NoticeFact(key=k, **v) for k, v in raw.pop("notice", {}).items())
    except TypeError as exc:
        raise InputError(f"参数文件的 [sources] 或 [notice] 格式错误：{exc}",
                         f"the [sources] or [notice] table is malformed: {exc}", value=name) from None
    bad = [k for k, s in sources.items() if s.kind not in SOURCE_KINDS]
    if bad:
        raise InputError(f"来源类别应为 {', '.join(SOURCE_KINDS)}",
                         f"source kind must be one of {', '.join(SOURCE_KINDS)}",
                         column="sources", value=bad[0])
    merged = {k: v for k, v in meta.items()} | {k: v for k, v in raw.items()}
    check_sections(merged, name)
    policy = Policy(
        mechanism=meta["mechanism"], year=int(meta["year"]), doc_no=meta["doc_no"],
        title_zh=meta["title_zh"], title_en=meta["title_en"], values=values,
        meta=merged, sources=sources, notice=notice,
    )
    for lang in ("zh", "en"):
        policy.page_intro(lang)  # an unknown {placeholder} is refused here, naming it, not on the page
    return policy


def parse_assignment(text: str) -> tuple[str, str]:
    """'NAME=VALUE' from the command line's --set."""
    if "=" not in text:
        raise InputError("应写成 名称=值", "must be NAME=VALUE", value=text)
    key, value = text.split("=", 1)
    return key.strip(), value.strip()

"""The column registry: one declaration per table column, used by import,
validation, the dashboard's editors and every export header.

A column knows its key (English, as in the reference CSVs), its Chinese and
English labels, the aliases a bureau's spreadsheet may use for it, its unit,
its kind and its allowed range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# kinds: "text" county names and notes; "people" whole persons;
# "wan" money in 万元 (2 decimals); "yuan" money in 元 (2 decimals); "pct" percent.


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: str
    unit_zh: str = ""
    unit_en: str = ""
    aliases: tuple[str, ...] = ()
    min: float | None = 0
    max: float | None = None
    required: bool = True
    help_zh: str = ""
    help_en: str = ""

    def label(self, lang: str = "zh", with_unit: bool = True) -> str:
        name = self.zh if lang == "zh" else self.en
        unit = self.unit_zh if lang == "zh" else self.unit_en
        return f"{name}({unit})" if with_unit and unit else name

    def help(self, lang: str = "zh") -> str:
        return self.help_zh if lang == "zh" else self.help_en


@dataclass(frozen=True)
class TableSchema:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    key: str = "county"
    # Words in the first column that mark a total row in official forms.
    total_markers: tuple[str, ...] = ("合计", "总计", "全市", "全区", "全地区", "total", "Total", "TOTAL")
    extras: dict = field(default_factory=dict, compare=False, hash=False)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def required_keys(self) -> list[str]:
        return [c.key for c in self.columns if c.required]


# Upper bounds that no real county reaches; larger values are typing errors.
MAX_PEOPLE = 50_000_000
MAX_WAN = 100_000_000  # 1 万亿元
MAX_YUAN_STANDARD = 100_000

COUNTY = Column(
    "county", "县(市、区)", "County", "text",
    aliases=("县（市、区）", "县市区", "县(市)", "县（市）", "县(市)名称", "县（市）名称", "县市", "地区",
             "项目", "单位", "区县", "县区", "县", "名称", "单位名称", "地区名称", "county", "region", "name"),
    min=None,
    help_zh="县级行政区名称，不可重复", help_en="County-level division, unique",
)


def people(key: str, zh: str, en: str, aliases: tuple[str, ...] = (), required: bool = True, **kw) -> Column:
    return Column(key, zh, en, "people", "人", "persons", aliases=aliases, min=0, max=MAX_PEOPLE,
                  required=required, **kw)


def wan(key: str, zh: str, en: str, aliases: tuple[str, ...] = (), required: bool = True,
        min: float | None = 0, **kw) -> Column:
    return Column(key, zh, en, "wan", "万元", "10k yuan", aliases=aliases, min=min, max=MAX_WAN,
                  required=required, **kw)

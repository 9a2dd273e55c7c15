"""The column registry: one declaration per table column, used by import,
validation, the dashboard's editors and every export header.

A column knows its key (English, as in the reference CSVs), its Chinese and
English labels, the aliases a bureau's spreadsheet may use for it, its unit,
its kind and its allowed range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A column's kind (fundcalc.kinds.KINDS) says how it is read, checked and summed.


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
    pattern: str = ""          # a coded text's form (a regex the whole value matches); help_zh/en describe it
    unique: bool = False       # no two rows may hold the same (non-blank) value

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


# 行政区划代码 (GB/T 2260): optional; when a table and its baseline both give it, counties are matched by it
# first, so a county renamed with the same code (甲县 → 甲市) is the same county (fundcalc.counties).
DIVISION_CODE = Column(
    "code", "行政区划代码", "Division code", "text",
    aliases=("区划代码", "行政区代码", "行政代码", "代码", "code", "adcode", "division_code"),
    min=None, required=False, pattern=r"\d{6}", unique=True,
    help_zh="6 位数字的行政区划代码，可不填", help_en="the 6-digit administrative division code; optional",
)


def people(key: str, zh: str, en: str, aliases: tuple[str, ...] = (), required: bool = True, **kw) -> Column:
    return Column(key, zh, en, "people", "人", "persons", aliases=aliases, min=0, max=MAX_PEOPLE,
                  required=required, **kw)


def wan(key: str, zh: str, en: str, aliases: tuple[str, ...] = (), required: bool = True,
        min: float | None = 0, **kw) -> Column:
    return Column(key, zh, en, "wan", "万元", "10k yuan", aliases=aliases, min=min, max=MAX_WAN,
                  required=required, **kw)


# --- person-level rosters (名单去重 → the settlement headcount columns) ------------------------------
# These tables are read by the roster engines (fundcalc/roster), never by the county-table importer:
# their size is not bound by the county-table row limits.

ID_NUMBER = Column(
    "id_number", "身份证号", "ID number", "text",
    aliases=("身份证号码", "公民身份号码", "居民身份证号", "居民身份证号码", "证件号码", "证件号", "身份证",
             "个人身份证号", "id", "id_no", "idnumber", "id_card"),
    min=None, help_zh="18 位，末位为 GB 11643 校验码", help_en="18 characters, the last one the GB 11643 check digit",
)
ROSTER_COUNTY = Column(
    "county", "县(市、区)", "County", "text",
    aliases=("县（市、区）", "县市区", "县(市)", "县（市）", "参保地", "参保县", "参保地区", "区县", "县区", "县",
             "county", "region"),
    min=None, help_zh="参保所在县级行政区", help_en="County where the person is insured",
)
INSURED_DATE = Column(
    "insured_date", "参保日期", "Insured date", "date",
    aliases=("参保时间", "参保登记日期", "登记日期", "缴费日期", "date", "insured_on"),
    min=None, help_zh="YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD", help_en="YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD",
)
INSURED_STATUS = Column(
    "status", "参保状态", "Status", "text",
    aliases=("状态", "人员状态", "参保人员状态", "status", "insured_status"),
    min=None, required=False, help_zh="可选；空白视为未给出", help_en="Optional; blank means not given",
)


def roster_schema() -> TableSchema:
    """The roster at the cut-off: one row per insurance record (a person may have several)."""
    return TableSchema("roster", "参保名单", "Insured roster", (ID_NUMBER, ROSTER_COUNTY, INSURED_DATE, INSURED_STATUS),
                       key="id_number")


def id_list_schema(zh: str, en: str) -> TableSchema:
    """A list of 身份证号 (兵团 insured, cross-province duplicates, employee insurance)."""
    return TableSchema("id_list", zh, en, (ID_NUMBER,), key="id_number")

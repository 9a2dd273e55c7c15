"""The column registry: one declaration per table column, used by import,
validation, the dashboard's editors and every export header.

A column knows its key (English, as in the reference CSVs), its Chinese and
English labels, the aliases a bureau's spreadsheet may use for it, its unit,
its kind and its allowed range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# kinds: "text" county names and notes; "people" whole persons;
# "wan" money in 万元 (2 decimals); "yuan" money in 元 (2 decimals); "pct" percent; "date" a calendar day.
KINDS = ("text", "people", "wan", "yuan", "pct", "date")


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


# --- seed 001: 资助参保补助分配 ---------------------------------------------------

def allocation_people_column(cat_key: str, zh: str, en: str) -> Column:
    """The headcount column of one person category (未脱贫, 已脱贫, or a user's own)."""
    return people(
        f"{cat_key}_people", f"{zh}人数", f"{en} people",
        aliases=(f"{zh}人数", f"{zh}人数(人)", f"{zh}人数（人）", f"建档立卡{zh}人数", f"建档立卡{zh}", f"{zh}"),
    )


def allocation_schema(categories) -> TableSchema:
    """Input table of the allocation: county plus one headcount column per category."""
    cols = [COUNTY] + [allocation_people_column(c.key, c.zh, c.en) for c in categories]
    return TableSchema("allocation", "资助参保人数表", "Subsidised headcounts", tuple(cols))


# --- seed 002: 补助资金结算 -------------------------------------------------------

SETTLEMENT_HEADCOUNT_COLUMNS = (
    people("insured", "6月底参保人数", "Insured at cut-off",
           aliases=("参保人数", "截止日参保人数", "6月底参保人数", "六月底参保人数", "insured_people")),
    people("dup_in_province", "省内重复参保", "Duplicates in province",
           aliases=("省内重复参保人数", "省内重复")),
    people("dup_bingtuan", "兵团重复参保", "Duplicates with 兵团",
           aliases=("兵团重复参保人数", "兵团重复")),
    people("dup_cross_province", "跨省重复参保", "Cross-province duplicates",
           aliases=("跨省重复参保人数", "跨省重复")),
    people("dup_cross_system", "跨制度重复参保", "Cross-system duplicates",
           aliases=("跨制度重复参保人数", "跨制度重复")),
)
SETTLEMENT_STANDARD = Column(
    "standard_yuan", "补助标准", "Per-person standard", "yuan", "元/人", "yuan/person",
    aliases=("人均补助标准", "补助标准(元/人)", "补助标准（元/人）", "自治区补助标准"),
    min=0, max=MAX_YUAN_STANDARD, required=False,
    help_zh="留空则用统一标准", help_en="Blank: use the common standard",
)
DUE = wan("due_wan", "应补助资金", "Due", aliases=("应补助资金(万元)", "应补助资金（万元）", "应补助", "应拨资金"))
PREALLOCATED = wan("preallocated_wan", "已预拨资金", "Pre-allocated",
                   aliases=("已预拨资金(万元)", "已预拨资金（万元）", "已预拨", "提前下达资金", "预拨资金"))
NOTE = Column("note", "备注", "Note", "text", aliases=("备注", "扣回文件", "说明", "remark"), min=None, required=False)
INSURED_TARGET = Column(
    "insured_at_least_10k", "参保人数目标", "Insured target", "wan", "万人", "10k persons",
    aliases=("参保人数目标(万人)", "参保人数(万人)", "绩效参保人数"), min=0, max=10_000, required=False,
)


def settlement_schema(due_given: bool) -> TableSchema:
    """Headcount mode (seed 002 二) or the published mode where 应补助资金 is given."""
    if due_given:
        cols = (COUNTY, DUE, PREALLOCATED, NOTE, INSURED_TARGET)
    else:
        cols = (COUNTY, *SETTLEMENT_HEADCOUNT_COLUMNS, SETTLEMENT_STANDARD, PREALLOCATED, NOTE)
    return TableSchema("settlement", "结算人数与预拨表", "Settlement inputs", cols)


# --- seed 004: 基金缺口分担 -------------------------------------------------------

POOLING_COLUMNS = (
    COUNTY,
    wan("revenue_wan", "征缴收入", "Contribution revenue", aliases=("基金征缴收入", "当年征缴收入", "征缴收入(万元)")),
    people("insured", "参保人数", "Insured people", aliases=("参保人数(人)", "城乡居民参保人数")),
    wan("expenditure_wan", "基金支出", "Fund expenditure", aliases=("基金支出(万元)", "当年基金支出", "医保基金支出")),
    wan("outpatient_spending_wan", "门诊统筹支出", "Outpatient pooling spending",
        aliases=("门诊统筹支出(万元)", "门诊统筹")),
    wan("carried_balance_wan", "留存结余", "Retained surplus", aliases=("以前年度留存结余", "累计结余", "留存结余(万元)"),
        required=False),
    wan("inpatient_base_wan", "上年住院医保费用", "Base-year inpatient cost",
        aliases=("2018年住院医保费用", "基年住院医保费用", "住院医保费用"), required=False),
)


def pooling_schema() -> TableSchema:
    return TableSchema("pooling", "县级基金收支表", "County fund accounts", POOLING_COLUMNS)


MONTH_KEYS = tuple(f"m{m:02d}" for m in range(1, 13))


def monthly_schema() -> TableSchema:
    cols = (COUNTY,) + tuple(
        wan(k, f"{int(k[1:])}月住院费用", f"Inpatient cost month {int(k[1:])}",
            aliases=(f"{int(k[1:])}月", f"{int(k[1:])}月(万元)")) for k in MONTH_KEYS)
    return TableSchema("monthly", "月度住院医保费用表", "Monthly inpatient cost", cols)


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

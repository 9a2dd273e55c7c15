"""Policy parameters as data: TOML files under data/params/, each with its year
and source document (文号); scenarios override values without editing the files.

Values are kept flat ("not_lifted.standard_yuan" = 180) so that the command
line's --set, the dashboard's widgets, URLs and saved scenarios all address
them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

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
    clause: str = ""

    def label(self, lang: str = "zh") -> str:
        name = self.zh if lang == "zh" else self.en
        unit = self.unit_zh if lang == "zh" else self.unit_en
        return f"{name}({unit})" if unit else name

    def coerce(self, raw):
        """Parse and range-check one value; raises InputError naming the parameter."""
        label = f"{self.zh} {self.key}"
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on", "是", "开"):
                return True
            if text in ("0", "false", "no", "off", "否", "关"):
                return False
            raise InputError("应为 是/否（true/false）", "must be true or false", column=label, value=raw)
        if self.kind == "text":
            return str(raw)
        if self.kind == "choice":
            for c in self.choices:
                if str(c) == str(raw).strip():
                    return c
            raise InputError(f"可选值为 {', '.join(map(str, self.choices))}",
                             f"must be one of {', '.join(map(str, self.choices))}", column=label, value=raw)
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
            value = int(value)
        elif value.as_tuple().exponent < -4:
            raise InputError("小数位过多（最多 4 位）", "too many decimals (4 at most)", column=label, value=raw)
        if self.min is not None and value < Decimal(str(self.min)):
            raise InputError(f"不能小于 {self.min}", f"must be at least {self.min}", column=label, value=raw)
        if self.max is not None and value > Decimal(str(self.max)):
            raise InputError(f"不能大于 {self.max}", f"must be at most {self.max}", column=label, value=raw)
        return value


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

    def get(self, key: str):
        return self.values[key]

    def with_overrides(self, overrides: dict, specs: dict[str, Param]) -> "Policy":
        """A new policy with some values replaced, each parsed by its Param."""
        values = dict(self.values)
        changed = set(self.overridden)
        for key, raw in overrides.items():
            if key not in specs:
                raise InputError("没有这个参数", "no such parameter", column=str(key))
            values[key] = specs[key].coerce(raw)
            changed.add(key)
        return replace(self, values=values, overridden=frozenset(changed))


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
    raw = read_toml(data, str(path))
    missing = [k for k in ("mechanism", "year", "doc_no", "title_zh", "title_en")
               if not isinstance(raw.get("meta"), dict) or k not in raw["meta"]]
    if missing:
        raise InputError(f"参数文件缺少 [meta] 中的「{missing[0]}」", f"the parameter file lacks [meta] {missing[0]}",
                         value=str(path))
    meta = raw.pop("meta")
    values: dict = {}
    _flatten("", raw.pop("values", {}), values)
    return Policy(
        mechanism=meta["mechanism"], year=int(meta["year"]), doc_no=meta["doc_no"],
        title_zh=meta["title_zh"], title_en=meta["title_en"], values=values,
        meta={k: v for k, v in meta.items()} | {k: v for k, v in raw.items()},
    )


def parse_assignment(text: str) -> tuple[str, str]:
    """'NAME=VALUE' from the command line's --set."""
    if "=" not in text:
        raise InputError("应写成 名称=值", "must be NAME=VALUE", value=text)
    key, value = text.split("=", 1)
    return key.strip(), value.strip()

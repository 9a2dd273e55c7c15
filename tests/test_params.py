"""Policy parameters as data: the shipped files, overrides and every refusal naming the parameter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fundcalc.errors import InputError
from fundcalc.mechanisms import allocation, pooling, settlement
from fundcalc.params import PARAMS_DIR, Param, load_policy, parse_assignment

SHIPPED = {"qujing_2018.toml": ("allocation", 2018, "曲财社〔2018〕106号"),
           "tacheng_2020.toml": ("settlement", 2020, "塔地财社〔2021〕87号"),
           "yuncheng_2019.toml": ("pooling", 2019, "运政办发〔2019〕30号")}
MODULES = {"allocation": allocation, "settlement": settlement, "pooling": pooling}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_files_carry_year_and_document(name):
    policy = load_policy(PARAMS_DIR / name)
    assert (policy.mechanism, policy.year, policy.doc_no) == SHIPPED[name]
    assert policy.title_zh and policy.title_en


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_shipped_value_passes_its_own_check_and_declares_its_source(name):
    policy = load_policy(PARAMS_DIR / name)
    specs = MODULES[policy.mechanism].param_specs(policy)
    for key, spec in specs.items():
        if key in policy.values:
            assert policy.source(key).kind != "undeclared", key
            spec.coerce(policy.values[key])  # raises if a shipped value is out of its own range


def test_the_documents_values():
    q = load_policy(PARAMS_DIR / "qujing_2018.toml").values
    assert (q["not_lifted.standard_yuan"], q["not_lifted.province_pct"], q["not_lifted.city_pct"]) == (180, 60, 40)
    assert (q["lifted.province_pct"], q["lifted.city_pct"]) == (40, 60)
    y = load_policy(PARAMS_DIR / "yuncheng_2019.toml").values
    assert (y["reserve_pct"], y["outpatient_yuan"], y["surplus_reserve_pct"]) == (3, 75, 10)
    assert (y["resident_budget_pct"], y["employee_budget_pct"]) == (90, 105)


def test_overrides_make_a_new_policy():
    base = load_policy(PARAMS_DIR / "qujing_2018.toml")
    p = base.with_overrides({"not_lifted.standard_yuan": "200"}, allocation.param_specs(base))
    assert p.values["not_lifted.standard_yuan"] == Decimal("200")
    assert base.values["not_lifted.standard_yuan"] == 180
    assert p.overridden == frozenset({"not_lifted.standard_yuan"})
    assert base.overridden == frozenset()


def test_unknown_parameter():
    base = load_policy(PARAMS_DIR / "qujing_2018.toml")
    with pytest.raises(InputError) as exc:
        base.with_overrides({"not_lifted.standard": "200"}, allocation.param_specs(base))
    assert exc.value.column == "not_lifted.standard"


class TestCoerce:
    def test_numbers(self):
        p = Param("x", "标准", "standard", "decimal", "元/人", "yuan/person", min=0, max=1000)
        assert p.coerce("180") == Decimal("180")
        assert p.coerce("1,000") == Decimal("1000")
        assert p.coerce(" 12.5 ") == Decimal("12.5")

    @pytest.mark.parametrize("raw, zh", [("abc", "不是数字"), ("", "不是数字"), ("nan", "不是数字"),
                                         ("inf", "不是有限的数"), (True, "不是数字"), ("-1", "不能小于"),
                                         ("1000.5", "不能大于"), ("1.23456", "小数位过多")])
    def test_decimal_refusals(self, raw, zh):
        p = Param("x", "标准", "standard", "decimal", "元/人", "yuan/person", min=0, max=1000)
        with pytest.raises(InputError) as exc:
            p.coerce(raw)
        assert zh in exc.value.zh
        assert exc.value.column == "标准 x"
        assert exc.value.value == raw

    def test_int(self):
        p = Param("n", "人数", "people", "int", min=0)
        assert p.coerce("4463") == 4463
        with pytest.raises(InputError, match="整数"):
            p.coerce("1.5")

    @pytest.mark.parametrize("raw, value", [("true", True), ("是", True), ("0", False), ("off", False), (False, False)])
    def test_bool(self, raw, value):
        assert Param("b", "开关", "switch", "bool").coerce(raw) is value

    def test_bool_refusal(self):
        with pytest.raises(InputError):
            Param("b", "开关", "switch", "bool").coerce("maybe")

    def test_choice_keeps_the_declared_type(self):
        p = Param("u", "取整单位", "unit", "choice", choices=(1, 100, 10000))
        assert p.coerce("100") == 100 and isinstance(p.coerce("100"), int)
        with pytest.raises(InputError) as exc:
            p.coerce("50")
        assert "1, 100, 10000" in exc.value.zh

    def test_label_has_the_unit(self):
        p = Param("x", "补助标准", "Standard", "decimal", "元/人", "yuan/person")
        assert p.label("zh") == "补助标准(元/人)" and p.label("en") == "Standard (yuan/person)"


class TestFiles:
    def test_missing_file(self, tmp_path):
        with pytest.raises(InputError) as exc:
            load_policy(tmp_path / "none.toml")
        assert "不存在" in exc.value.zh

    def test_bad_toml(self, tmp_path):
        path = tmp_path / "bad.toml"
        path.write_text("[meta\nmechanism = ", encoding="utf-8")
        with pytest.raises(InputError) as exc:
            load_policy(path)
        assert "TOML" in exc.value.en


@pytest.mark.parametrize("text, pair", [("a=1", ("a", "1")), (" not_lifted.standard_yuan = 200 ",
                                                             ("not_lifted.standard_yuan", "200")),
                                        ("clawback_doc=x=y", ("clawback_doc", "x=y"))])
def test_parse_assignment(text, pair):
    assert parse_assignment(text) == pair


def test_parse_assignment_refusal():
    with pytest.raises(InputError):
        parse_assignment("no-equals-sign")

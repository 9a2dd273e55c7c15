"""The registry of mechanisms: each is one package under fundcalc/mechanisms/ whose ``SPEC`` is registered
here. Everything that lists or picks a mechanism asks this module; an unknown name is refused, never
defaulted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError
from .spec import Mechanism

_REGISTRY: dict[str, Mechanism] = {}


def register(spec: Mechanism) -> Mechanism:
    if spec.name in _REGISTRY:
        raise InputError("测算类型已注册", "mechanism already registered", column="mechanism", value=spec.name)
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


@contextmanager
def registered(spec: Mechanism) -> Iterator[Mechanism]:
    """``spec`` registered for the block (tests of a mechanism defined in the test)."""
    register(spec)
    try:
        yield spec
    finally:
        unregister(spec.name)


def get(name) -> Mechanism:
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise InputError("未知的测算类型", "unknown mechanism", column="mechanism", value=name) from None


def known(name) -> bool:
    return isinstance(name, str) and name in _REGISTRY


def specs() -> list[Mechanism]:
    """Every registered mechanism, in registration order."""
    return list(_REGISTRY.values())


def names() -> list[str]:
    return list(_REGISTRY)


def of_result(result) -> Mechanism:
    """The spec a result belongs to: its mechanism's, or the one whose secondary calculation made it."""
    if result.mechanism in _REGISTRY:
        return _REGISTRY[result.mechanism]
    for spec in _REGISTRY.values():
        if spec.secondary is not None and spec.secondary.name == result.mechanism:
            return spec
    raise InputError("未知的测算类型", "unknown mechanism", column="mechanism", value=result.mechanism)


from . import allocation, pooling, settlement  # noqa: E402 — the shipped mechanisms register themselves

for _package in (allocation, settlement, pooling):
    register(_package.SPEC)

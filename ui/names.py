"""Names the pages share: a mechanism's label comes from its spec (fundcalc.mechanisms), never from a
table of names kept in a page."""

from __future__ import annotations

from fundcalc import mechanisms

from .i18n import tr


def mechanism_label(name: str) -> str:
    spec = mechanisms.get(name)
    return tr(spec.zh, spec.en)


def mechanism_labels() -> dict[str, str]:
    """Every registered mechanism's label, in registration order (made now: a format_func may run later)."""
    return {name: mechanism_label(name) for name in mechanisms.names()}

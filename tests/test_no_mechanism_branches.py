"""No code outside a mechanism's own package (fundcalc/mechanisms/<name>/) and its own page (pages/<name>.py)
spells a registered mechanism's name (or its secondary calculation's): everything else reads the spec from
the registry, so a new mechanism needs no edit elsewhere."""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from pathlib import Path

from fundcalc import mechanisms

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("fundcalc", "ui", "pages", "dashboard")


def _owners() -> dict[str, str]:
    """Each name that may not be spelled outside its owner → the owning mechanism."""
    owners = {spec.name: spec.name for spec in mechanisms.specs()}
    owners |= {spec.secondary.name: spec.name for spec in mechanisms.specs() if spec.secondary}
    return owners


def _literals(path: Path) -> list[str]:
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline):
        if tok.type == tokenize.STRING:
            try:
                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):  # f-strings and the like: not a plain name
                continue
            if isinstance(value, str):
                out.append(value)
    return out


def found() -> Counter:
    owners = _owners()
    hits: Counter = Counter()
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for value in _literals(path):
                owner = owners.get(value)
                if owner and not (rel.startswith(f"fundcalc/mechanisms/{owner}/") or rel == f"pages/{owner}.py"):
                    hits[(rel, value)] += 1
    return hits


def test_no_mechanism_name_is_spelled_outside_its_package():
    hits = found()
    assert not hits, f"mechanism names spelled outside their package (read the spec instead): {dict(hits)}"


def test_the_scan_sees_a_literal(tmp_path, monkeypatch):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "x.py").write_text('if mechanism == "pooling":\n    pass\n', encoding="utf-8")
    monkeypatch.setattr("tests.test_no_mechanism_branches.ROOT", tmp_path)
    monkeypatch.setattr("tests.test_no_mechanism_branches.SCANNED", ("ui",))
    assert found() == Counter({("ui/x.py", "pooling"): 1})

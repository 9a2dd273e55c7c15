"""No code outside a mechanism's own package (fundcalc/mechanisms/<name>/) and its own page (pages/<name>.py)
spells a registered mechanism's name (or its secondary calculation's): everything else reads the spec from
the registry, so a new mechanism needs no edit elsewhere.

``REMAINING`` lists, per file, the name literals not yet replaced by the spec; it may only shrink: a new
literal fails, and so does an entry that no longer matches (remove it when the branch is gone)."""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from pathlib import Path

from fundcalc import mechanisms

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("fundcalc", "ui", "pages", "dashboard")

REMAINING = {
    ("fundcalc/forms/tracking.py", "settlement"): 1,
    ("pages/compare.py", "allocation"): 1,
    ("pages/compare.py", "pooling"): 1,
    ("pages/compare.py", "settlement"): 1,
    ("pages/overview.py", "allocation"): 2,
    ("pages/overview.py", "pooling"): 2,
    ("pages/overview.py", "settlement"): 2,
    ("ui/upload.py", "settlement"): 1,
}


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


def test_no_new_branch_on_a_mechanism_name():
    hits = found()
    new = {k: n for k, n in hits.items() if n > REMAINING.get(k, 0)}
    assert not new, f"mechanism names spelled outside their package (read the spec instead): {new}"


def test_the_list_of_remaining_names_is_current():
    hits = found()
    stale = {k: (n, hits.get(k, 0)) for k, n in REMAINING.items() if hits.get(k, 0) < n}
    assert not stale, f"fewer literals than listed (listed, found): shrink REMAINING: {stale}"


def test_the_scan_sees_a_literal(tmp_path, monkeypatch):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "x.py").write_text('if mechanism == "pooling":\n    pass\n', encoding="utf-8")
    monkeypatch.setattr("tests.test_no_mechanism_branches.ROOT", tmp_path)
    monkeypatch.setattr("tests.test_no_mechanism_branches.SCANNED", ("ui",))
    assert found() == Counter({("ui/x.py", "pooling"): 1})

"""Functions a reader can hold: none above cyclomatic complexity 15 (radon), and the few left only shrink.

`tests/cases/complexity.yaml` lists the functions still above the limit with the complexity they had when the
limit came in. A function may not grow past its entry, a new function may not pass the limit, and an entry
whose function is now under it must be removed, so the list can only get shorter.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

radon = pytest.importorskip("radon.complexity", reason="radon is in the test extra")

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 15
ALLOWED = ROOT / "tests" / "cases" / "complexity.yaml"


def _blocks(blocks, prefix=""):
    """Every function, method and closure radon measured, by a dotted name inside its module (radon lists a
    class's methods among the functions too, with their class's name; a class itself is not a function)."""
    for block in blocks:
        if hasattr(block, "methods"):
            continue
        name = f"{prefix}{block.classname}.{block.name}" if block.is_method else f"{prefix}{block.name}"
        yield name, block.complexity
        yield from _blocks(block.closures, f"{name}.")


def measured() -> dict[str, int]:
    out = {}
    for path in sorted((ROOT / "factcheck").rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        for name, complexity in _blocks(radon.cc_visit(path.read_text(encoding="utf-8"))):
            out[f"{module}:{name}"] = max(complexity, out.get(f"{module}:{name}", 0))
    return out


def test_no_function_grows_past_the_limit():
    allowed = yaml.safe_load(ALLOWED.read_text(encoding="utf-8")) or {}
    now = measured()
    too_complex = {k: v for k, v in now.items() if v > LIMIT and v > allowed.get(k, LIMIT)}
    assert too_complex == {}, f"above cyclomatic complexity {LIMIT} (split them): {too_complex}"


def test_the_list_of_exceptions_only_shrinks():
    allowed = yaml.safe_load(ALLOWED.read_text(encoding="utf-8")) or {}
    now = measured()
    stale = sorted(k for k in allowed if now.get(k, 0) <= LIMIT)
    assert stale == [], f"now at or under {LIMIT}: remove from {ALLOWED.name}: {stale}"


def test_the_measure_sees_methods_and_closures():
    src = "class A:\n    def m(self, x):\n        def inner(y):\n            return 1 if y else 2\n        return inner(x)\n"
    assert dict(_blocks(radon.cc_visit(src))) == {"A.m": 1, "A.m.inner": 2}

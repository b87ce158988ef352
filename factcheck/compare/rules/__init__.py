"""Comparison rules, one per module; the registry maps a claim family to its rule.

Each rule module has a public `CODE`, a dotted `NAME`, a docstring that documents it
(first line: what it finds; then an example conflict and what is not a conflict), and
`positions(claims) -> list[list[Claim]]` plus `severity(positions) -> str`.
"""
from __future__ import annotations

from types import ModuleType

from factcheck.compare.rules import acronym, age, dates, enumeration, numeric, ranking, sums

REGISTRY: dict[str, ModuleType] = {
    "money": numeric, "count": numeric, "percent": numeric, "quantity": numeric, "multiplier": numeric,
    "date": dates, "ranking": ranking, "acronym": acronym,
}

DERIVED: dict[str, ModuleType] = {enumeration.KIND: enumeration, sums.KIND: sums, age.KIND: age}
"""Rules for derived claims, by derivation kind: `positions(stated, derived)` sets the working against what
the sources state (compare/derived.py); `reason`, `subject_words` and `alignment` say it in words. Their
findings are minor (their docstrings say why) and carry the rule's one CODE."""

ALL_RULES: tuple[ModuleType, ...] = tuple(dict.fromkeys([*REGISTRY.values(), *DERIVED.values()]))
"""Every rule once, for the rule list, SARIF's rule table and --select."""

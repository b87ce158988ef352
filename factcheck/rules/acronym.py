"""One acronym expanded two ways.

**Example conflict**: "Trans-Caspian Trade and Transit Partnership (TRIPP)" in one
source and "Route for International Peace and Prosperity ... TRIPP" in another.

**Not a conflict**: spelling variants ("Organisation"/"Organization", hyphens, "&"
for "and", a leading "the"): expansions whose words mostly agree
(Jaccard >= `SAME_WORDS`) are one position.

Severity: *minor*: the sources disagree on a name, not a figure.
"""
from __future__ import annotations

import re

from ..models import Claim
from .base import text_positions

CODE = "FC401"
NAME = "acronym.two_expansions"
SAME_WORDS = 0.5
_SPELLING = [(re.compile(r"isation"), "ization"), (re.compile(r"&"), " and "), (re.compile(r"[-–]"), " ")]


def _words(text: str) -> set[str]:
    t = text.lower()
    for pattern, repl in _SPELLING:
        t = pattern.sub(repl, t)
    return {w for w in re.findall(r"[a-z0-9]+", t) if w not in ("the", "of", "and", "for")}


def _same(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa | wb) and len(wa & wb) / len(wa | wb) >= SAME_WORDS


def positions(claims: list[Claim]) -> list[list[Claim]]:
    return text_positions(claims, _same)


def severity(groups: list[list[Claim]]) -> str:
    return "minor"


def code_for(claims: list[Claim]) -> str:
    return CODE


def reason(groups: list[list[Claim]]) -> str:
    return "expanded as " + " and as ".join(repr(g[0].text_value) for g in groups)

"""One acronym expanded two ways.

**Example conflict**: "Baltic Ports Association (BPA)" in one source and "Baltic Pilots
Alliance ... BPA" in another.

Two expansions that differ in a content word conflict: "Competition and Markets
Authority" and "Competition and Mergers Authority" name two different bodies.

**Not a conflict**: spelling variants ("Organisation"/"Organization", hyphens, "&"
for "and", a leading "the", a plural): words that are alike letter by letter
(similarity >= `SAME_WORD`) are one word; and an expansion that leaves a word out of
the other ("Collective Security Treaty Organization" / "Collective Security Treaty")
is one position with it.

Severity: *minor*: the sources disagree on a name, not a figure.
"""
from __future__ import annotations

import difflib
import functools
import re

from factcheck.config.knowledge import builtin
from factcheck.models import Claim
from factcheck.compare.rules.base import text_positions

CODE = "FC401"
NAME = "acronym.two_expansions"
SAME_WORD = 0.8
_DASHES = re.compile(r"[-–]")


@functools.lru_cache(maxsize=1)
def _spellings() -> tuple[tuple[str, str], ...]:
    """Spellings two expansions may differ in (lexicon.yaml grammar `expansion_spellings`: -isation, &)."""
    return tuple(builtin("lexicon")["grammar"]["expansion_spellings"].items())


@functools.lru_cache(maxsize=1)
def _skipped() -> frozenset[str]:
    """The words two expansions may differ in (lexicon `expansion_skip_words`: "the", "of")."""
    return frozenset(builtin("lexicon").get("expansion_skip_words") or ())


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """Remembered: a group of hundreds of sources repeats a few expansions, each compared with every other."""
    t = text.lower()
    for spelling, usual in _spellings():
        t = t.replace(spelling, usual)
    t = _DASHES.sub(" ", t)
    skipped = _skipped()
    return frozenset(w for w in re.findall(r"[a-z0-9]+", t) if w not in skipped)


@functools.lru_cache(maxsize=65536)
def _alike(x: str, y: str) -> bool:
    """The same word spelled another way. Remembered, and the cheap upper bounds of the similarity first: it is
    asked for every pair of words of every pair of expansions."""
    if x == y:
        return True
    matcher = difflib.SequenceMatcher(None, x, y)
    return matcher.real_quick_ratio() >= SAME_WORD and matcher.quick_ratio() >= SAME_WORD \
        and matcher.ratio() >= SAME_WORD


def _covered(words: frozenset[str], other: frozenset[str]) -> bool:
    return all(any(_alike(w, o) for o in other) for w in words)


def _same(a: str, b: str) -> bool:
    """One expansion: every content word of one has its match in the other (spelling aside)."""
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and (_covered(wa, wb) or _covered(wb, wa))


def positions(claims: list[Claim]) -> list[list[Claim]]:
    return text_positions(claims, _same)


def severity(groups: list[list[Claim]]) -> str:
    return "minor"


def code_for(claims: list[Claim]) -> str:
    return CODE


def reason(groups: list[list[Claim]]) -> str:
    return "expanded as " + " and as ".join(repr(g[0].text_value) for g in groups)

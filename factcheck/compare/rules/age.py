"""A birth date that a person's age at a dated event rules out: the two cannot both hold.

The age is read where its words make it one ("was 40 when she founded the press in 1990", "aged 62");
the birth years it allows are a derived claim (extract/ages.py), set against every birth date the story
states for the same person, in the same source or another.

**Example conflict**: "Ada Voss (born 1952)" and "Ada Voss was 40 when she founded the press in 1990"
(40 in 1990 means born in 1949 or 1950).

**Not a conflict**: a birth date the age fits, either side of the birthday ("born 1950" with "40 in
1990"); a life span whose first year fits ("(1949–2020)"); an open date ("born before 1960"); the birth
of someone else with a like name only in part ("Ben Voss").

Severity: *minor*, one step below two stated dates: the working (whose age, which year) is the checker's.
"""
from __future__ import annotations

from factcheck.compare.rules.base import quoted, working
from factcheck.extract.ages import birth_interval
from factcheck.models import Claim

CODE = "FC602"
NAME = "derived.age_birth_year"
KIND = "age"


def positions(stated: list[Claim], derived: Claim) -> list[list[Claim]]:
    """The stated birth dates the age rules out and the age in two positions; none when every one fits."""
    if derived.date is None:
        return []
    first, last = int(derived.date.start[:4]), int(derived.date.end[:4])
    apart = [c for c in stated if (b := birth_interval(c)) is not None and (b[1] < first or b[0] > last)]
    return [apart, [derived]] if apart else []


def reason(groups: list[list[Claim]]) -> str:
    """In words: "'born 1952' does not fit: aged 40 in 1990: born 1949 or 1950"."""
    stated, (derived,) = groups
    said, how = quoted(stated), working(derived)
    return f"the birth date {said} does not fit the age: {how}"


def subject_words(derived: Claim) -> tuple[str, str]:
    """(metric, key part) of the finding: the person's birth."""
    person = derived.derived.person if derived.derived else ""
    return f"birth of {person}", f"born|{person}"


def alignment(derived: Claim) -> str:
    person = derived.derived.person if derived.derived else ""
    return f"a birth date and an age at a dated event of one person, {person}"

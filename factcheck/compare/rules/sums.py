"""A total that its own breakdown contradicts: the parts do not add up to it.

The breakdown is read from the punctuation and words that tie it to the total, and only when every part
opens with a figure of the total's kind and unit (extract/breakdowns.py); its sum is a derived claim, set
against the stated total only, never lined up with other claims.

**Example conflict**: "24 staff: 15 nurses, 6 doctors and 2 porters" adds up to 23; "$4.5 million
($2.5 million from donors and $1.5 million from the city)" to $4 million; "40 buses, including 25
diesel buses and 20 electric buses" names 45 of the 40.

**Not a conflict**: parts that add up within their rounding and the total's hedge ("about 1,000
visitors: 420 adults and 570 children"); a partial breakdown ("including") that adds up to less;
figures of another unit or kind among the parts ("$5 million in bonds and 40% in shares"), which is no
breakdown; parts of a larger whole ("three of the five branches (two in Lorne and one in Bree)").

Severity: *minor*, one step below two stated figures: which words make the breakdown is the checker's
reading, not the source's.
"""
from __future__ import annotations

from factcheck.compare.rules.base import apart_from_working, quoted, working
from factcheck.models import Claim
from factcheck.wording import plural_of

CODE = "FC603"
NAME = "derived.sum_of_parts"
KIND = "sum"


positions = apart_from_working   # the stated total and its parts' sum apart when no value fits both


def reason(groups: list[list[Claim]]) -> str:
    """In words: "the source says '24 staff' and its parts say otherwise: 15 nurses + 6 doctors + 2 porters = 23"."""
    stated, (derived,) = groups
    return f"the source says {quoted(stated)} and its parts say otherwise: {working(derived)}"


def subject_words(derived: Claim) -> tuple[str, str]:
    """(metric, key part) of the finding: the total."""
    what = f"number of {plural_of(derived.noun)}" if derived.kind == "count" and derived.noun else "total"
    return what, f"sum|{derived.unit or ''}|{derived.noun or ''}"


def alignment(derived: Claim) -> str:
    return f"the breakdown follows the total in the same sentence of {derived.source}: {working(derived)}"

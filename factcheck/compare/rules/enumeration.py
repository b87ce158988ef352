"""A count that its own list contradicts: the source says how many, then names a different number.

The list is read from the punctuation that ties it to the count (extract/enumerations.py); its length is
a derived claim, set against the stated count only, never lined up with other claims.

**Example conflict**: "the board has four members: Ames, Baker and Cole" lists three, not four; "five
sites (North, South, East, West, Centre and Harbour)" lists six.

**Not a conflict**: a list that names some members only ("twelve members, including Ames and Baker") as
long as it is not longer than the count; a count the list matches; a hedged count the list fits ("at least
three sites: ..." with four listed); "three of the five members: A, B and C" (the list spells out
the three); a breakdown ("ten people: four adults and six children"), which is no list of members.

Severity: *minor*, one step below a stated count against a stated count: the working (which words make
the list) is the checker's, not the source's.
"""
from __future__ import annotations

from factcheck.compare.rules.base import apart_from_working, quoted, working
from factcheck.models import Claim
from factcheck.wording import listing, number, plural_of

CODE = "FC601"
NAME = "derived.enumeration_count"
KIND = "enumeration"


positions = apart_from_working   # the stated count and its list apart when no value fits both


def reason(groups: list[list[Claim]]) -> str:
    """In words: 'the source says 'four members' and then lists 3: Ames, Baker and Cole (3)'."""
    stated, (derived,) = groups
    items = derived.derived.items if derived.derived else ()
    return f"the source says {quoted(stated)} and then lists {number(len(items))}: {listing(items)} ({len(items)})"


def subject_words(derived: Claim) -> tuple[str, str]:
    """(metric, key part) of the finding: what the count counts."""
    noun = derived.noun or "item"
    return f"number of {plural_of(noun)}", noun


def alignment(derived: Claim) -> str:
    return f"the list follows the count in the same sentence of {derived.source}: {working(derived)}"

"""One event dated in ways that cannot all be true.

Dates are intervals with a granularity and a modifier, as TIMEX3 has them: "early
March 2026" is March 1-11, 2026 (mod START) and agrees with "March 4, 2026"; "the
first half of 2025" does not contain "October 2025". Only dates of the same event
are compared: the same event predicate (born, died, founded, opened, broke through,
...; frames.yaml) with the same participants, as the alignment lined them up.

**Example conflict**: "the summit took place on November 6, 2025" and "the summit
on November 16, 2025".

**Not a conflict**: two visits to the same country years apart: for an event that
recurs (a visit, a meeting, a launch), a date more than `MAX_GAP_DAYS` from the other
is another occurrence. A birth, a death or a founding happens once: no window.

Severity: *minor* when the dates are at most three days apart, else *material*.
"""
from __future__ import annotations

import datetime as dt

from factcheck.models import Claim, Period
from factcheck.wording import date_words
from factcheck.compare.rules.base import interval_positions

CODE = "FC101"
NAME = "date.event_mismatch"
MAX_GAP_DAYS = 180


def _date(c: Claim) -> Period:
    """The interval a date claim denotes: every claim of a date family has one (align.scoring's family)."""
    if c.date is None:
        raise ValueError(f"claim {c.id} is a date without the interval it denotes")
    return c.date


def _days(c: Claim) -> tuple[float, float, bool, bool]:
    date = _date(c)
    a = dt.date.fromisoformat(date.start).toordinal()
    b = dt.date.fromisoformat(date.end).toordinal()
    return float(a), float(b), False, False


def positions(claims: list[Claim]) -> list[list[Claim]]:
    groups = interval_positions(claims, _days)
    recurs = any(c.frame is not None and c.frame.recurs for c in claims)
    if len(groups) > 1 and recurs and _gap(groups) > MAX_GAP_DAYS:
        return []  # a visit or a meeting happens again: dates far apart are two occurrences, not a conflict
    return groups


def _gap(groups: list[list[Claim]]) -> float:
    spans = sorted((min(_days(c)[0] for c in g), max(_days(c)[1] for c in g)) for g in groups)
    return max(b[0] - a[1] for a, b in zip(spans, spans[1:]))


def severity(groups: list[list[Claim]]) -> str:
    return "minor" if _gap(groups) <= 3 else "material"


def code_for(claims: list[Claim]) -> str:
    return CODE


def reason(groups: list[list[Claim]]) -> str:
    spans = [date_words(_date(g[0])) for g in groups]
    return "the dates " + " and ".join(spans) + " do not overlap"

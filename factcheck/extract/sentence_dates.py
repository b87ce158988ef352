"""The dates of one sentence, indexed so that each figure finds its period in logarithmic time.

A figure's period is the date nearest it in its own clause, else in a clause that holds no
figure, else the next date after it, else the last one (reader.py says why). Asked naively
for every figure, those questions rescan every date and clause of the sentence: 16,000
figures on one line took minutes. Here the clauses and dates are sorted once per sentence
and every question is a binary search.
"""
from __future__ import annotations

import bisect
import functools
import re

from factcheck.config.knowledge import alternatives, grammar_words
from factcheck.models import Period

Dated = tuple[int, int, Period]


@functools.lru_cache(maxsize=1)
def _joiner() -> re.Pattern[str]:
    """Nothing but blanks and a preposition between a figure's words and a date (lexicon.yaml grammar
    `period_prepositions`)."""
    return re.compile(rf"(?<!\s)\s*+(?:(?:{alternatives(grammar_words('period_prepositions'))})\s*+)?$")


class SentenceDates:
    def __init__(self, dates: list[Dated], parts: list[tuple[int, int]], figures: list[int]):
        self.dates = sorted(dates, key=lambda d: d[0])
        self.starts = [d[0] for d in self.dates]
        self.parts = sorted(parts)
        self.part_starts = [a for a, _ in self.parts]
        figures = sorted(figures)
        free = [(a, b) for a, b in self.parts if not _holds_any(figures, a, b)]
        self.free_dates = _dates_within(self.dates, free)
        self.free_starts = [d[0] for d in self.free_dates]

    def __bool__(self) -> bool:
        return bool(self.dates)

    def right_after(self, scan: str, end: int) -> Dated | None:
        """A date within 12 characters after the figure, joined to it by at most 'in', 'for', 'during', 'of'."""
        k = bisect.bisect_left(self.starts, end)
        while k < len(self.dates) and self.starts[k] - end <= 12:
            if _joiner().match(scan[end:self.starts[k]]):
                return self.dates[k]
            k += 1
        return None

    def nearest_in_own_clause(self, start: int) -> Dated | None:
        k = bisect.bisect_right(self.part_starts, start) - 1
        if k < 0 or not start < self.parts[k][1]:
            return None
        a, b = self.parts[k]
        lo, hi = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        return _nearest(self.dates, self.starts, lo, hi, start)

    def nearest_in_free_clause(self, start: int) -> Dated | None:
        return _nearest(self.free_dates, self.free_starts, 0, len(self.free_dates), start)

    def next_or_last(self, start: int) -> Dated:
        k = bisect.bisect_left(self.starts, start)
        if k < len(self.dates):
            return self.dates[k]
        last = self.starts[-1]
        return self.dates[bisect.bisect_left(self.starts, last)]


def _holds_any(sorted_points: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_left(sorted_points, a)
    return k < len(sorted_points) and sorted_points[k] < b


def _dates_within(dates: list[Dated], spans: list[tuple[int, int]]) -> list[Dated]:
    """The dates (sorted) that start inside one of the spans (sorted, disjoint), in one merge pass."""
    out, k = [], 0
    for d in dates:
        while k < len(spans) and spans[k][1] <= d[0]:
            k += 1
        if k < len(spans) and spans[k][0] <= d[0]:
            out.append(d)
    return out


def _nearest(dates: list[Dated], starts: list[int], lo: int, hi: int, pos: int) -> Dated | None:
    """The date of dates[lo:hi] starting nearest `pos`; on a tie the earlier one, as `min` would pick."""
    if lo >= hi:
        return None
    k = bisect.bisect_left(starts, pos, lo, hi)
    best: int | None = None
    for i in (k - 1, k):
        if lo <= i < hi and (best is None or abs(starts[i] - pos) < abs(starts[best] - pos)):
            best = bisect.bisect_left(starts, starts[i], lo, hi)  # the first of equal starts
    return dates[best] if best is not None else None   # always one: dates[lo:hi] is not empty

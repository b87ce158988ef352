"""Breakdowns that spell out a total: "24 staff: 15 nurses, 6 doctors and 2 porters" says 24 but adds up to 23.

A breakdown is a list tied to a total by the same punctuation and words as a list of members
(extract/enumerations.py: brackets, a colon, "namely", "split between", "including"), whose every member
opens with a figure of the total's kind and unit, and holds no other figure: "30 in Lorne and 20 in Bree"
is a breakdown of "50 staff"; "$5 million in bonds and 40% in shares" is not one of "$9 million".
A complete breakdown adds up to its total, within the rounding of its figures and the total's hedge; a
partial one ("including", "of which") may add up to less, never to more.
"""
from __future__ import annotations

import bisect

from factcheck.config.knowledge import Knowledge
from factcheck.extract.enumerations import Listing, list_words, listing_after
from factcheck.models import Claim

SUMMED_KINDS = frozenset({"count", "money", "percent", "quantity"})
MAX_PARTS = 12   # a longer breakdown is a table, not a sentence


def totals(claims: list[Claim]) -> list[Claim]:
    """The figures of a sentence that a breakdown may follow: stated, of a kind that adds up, one value."""
    return [c for c in claims if c.kind in SUMMED_KINDS and c.derived is None and c.value is not None
            and c.bound != "range" and c.change is None]


def breakdown_after(scan: str, total: Claim, sentence: tuple[int, int], figures: list[Claim],
                    kn: Knowledge) -> tuple[Listing, list[Claim]] | None:
    """The breakdown that follows `total`, with the figure each part opens with; `figures` are the sentence's
    other figures, in the order of the text."""
    if sum(f.start >= total.end for f in figures) < 2:
        return None   # a breakdown has two parts at least, after its total: most figures end here
    starts = [f.start for f in figures]
    parts: list[Claim] = []
    read: list[bool] = []   # whether a list was tied to the total at all (else there is nothing to retry)

    def of_figures(items: tuple[str, ...], spans: tuple[tuple[int, int], ...]) -> bool:
        read.append(True)
        parts.clear()
        if len(spans) > MAX_PARTS:
            return False
        for a, b in spans:
            inside = figures[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]
            if len(inside) != 1 or inside[0].start != a or not _same_measure(total, inside[0]):
                return False
            parts.append(inside[0])
        return True

    words = list_words(kn)
    # "four vans and one bus, call at 90 stops": when the whole clause is no breakdown, the list may end with
    # the member its joiner adds (tried second: "£1 million for roads and bridges, £3 million ..." holds one)
    listing = listing_after(scan, total, sentence, starts, words, of_figures)
    if listing is None and read:
        listing = listing_after(scan, total, sentence, starts, words, of_figures, ends_at_joiner=True)
    return (listing, list(parts)) if listing is not None else None


def _same_measure(total: Claim, part: Claim) -> bool:
    """A part is of the total's kind and unit: counts with counts, euros with euros, km with km."""
    return part.kind == total.kind and part.unit == total.unit and part.value is not None and \
        part.low is not None and part.high is not None and part.bound != "range" and part.change is None

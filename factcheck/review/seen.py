"""What a review decision saw, in words, so a stale decision can say which figure or source changed.

The decision file keeps a hash of the state (decisions.py) to notice a change, and this
list of "source: figure" lines to tell the reviewer what the change was.
"""
from __future__ import annotations

from factcheck.models import Discrepancy
from factcheck.wording import figure, noun_of_metric


def seen_of(d: Discrepancy) -> tuple[str, ...]:
    """Each claim of the discrepancy as 'source: figure', sorted: what a decision is made on."""
    return tuple(sorted({f"{c.source}: {figure(c, noun_of_metric(c.subject.metric if c.subject else None))}"
                         for p in d.positions for c in p.claims}))


def what_changed(seen: tuple[str, ...], d: Discrepancy, was: str | None = None) -> tuple[str, ...]:
    """'new: visit-c: 35 agreements', 'gone: visit-a: 29 agreements': the difference since the decision. `was`:
    for a decision made under another id, what it was about ('was: ...; now: ...' comes first)."""
    moved = [f"was: {was or 'another discrepancy'}; now: {d.subject}"] if was is not None else []
    if not seen:
        return tuple(moved) + ("the figures or sources changed (this decision was recorded before factcheck kept "
                               "what it saw)",)
    now = seen_of(d)
    figures = [f"new: {x}" for x in now if x not in seen] + [f"gone: {x}" for x in seen if x not in now]
    return tuple(moved + figures) or (f"the figures are the same; what they are about was read anew from their "
                                      f"sentences (now: {d.subject})",)

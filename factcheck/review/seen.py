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


def what_changed(seen: tuple[str, ...], d: Discrepancy) -> tuple[str, ...]:
    """'new: visit-c: 35 agreements', 'gone: visit-a: 29 agreements': the difference since the decision."""
    if not seen:
        return ("the figures or sources changed (this decision was recorded before factcheck kept what it saw)",)
    now = seen_of(d)
    return tuple([f"new: {x}" for x in now if x not in seen] + [f"gone: {x}" for x in seen if x not in now])

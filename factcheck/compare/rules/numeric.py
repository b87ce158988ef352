"""Figures about one subject whose intervals cannot all hold.

Each figure stands for an interval: what its hedge allows ("more than 30" is above 30,
"almost $40 billion" is 36-40 billion), widened by the rounding its precision implies
("$17.2 billion" is 17.15-17.25 billion). Figures that share no point conflict.

**Example conflict**: "29 agreements" and "more than 30 agreements" for the same
visit: 29 is not above 30.

**Not a conflict**: "approximately $17 billion" and "$17.2 billion"; "almost $40
billion" and "$38 billion"; a figure for 2024 and one for 2025 (different periods are
different facts and are never compared); an amount and a count.

Severity: *material* when the gap is more than 5% of the figures or the figures are
counts (a count cannot be rounded into another); *minor* when a little more rounding
or a looser hedge would explain it.
"""
from __future__ import annotations

from factcheck.models import Claim
from factcheck.wording import span
from factcheck.compare.rules.base import effective, interval_positions, overlap

CODES = {"count": "FC201", "money": "FC202", "percent": "FC203", "quantity": "FC204", "multiplier": "FC205"}
CODE = "FC200"
NAME = "numeric.interval_conflict"
MINOR_GAP = 0.05


def positions(claims: list[Claim]) -> list[list[Claim]]:
    return interval_positions(claims, effective)


def _span(members: list[Claim]) -> tuple[float, float]:
    ivs = [effective(c) for c in members]
    return max(i[0] for i in ivs), min(i[1] for i in ivs)


def severity(groups: list[list[Claim]]) -> str:
    if any(c.kind == "count" for g in groups for c in g):
        return "material"
    spans = sorted(_span(g) for g in groups)
    gap = max(b[0] - a[1] for a, b in zip(spans, spans[1:]))
    scale = max(abs(v) for s in spans for v in s if v not in (float("inf"), float("-inf"))) or 1.0
    return "minor" if gap <= MINOR_GAP * scale else "material"


def code_for(claims: list[Claim]) -> str:
    return CODES.get(claims[0].kind, "FC200")


def reason(groups: list[list[Claim]]) -> str:
    """In words: 'the figures allow 29 and above 30, which share no value'."""
    parts = []
    for g in groups:
        lo, hi, lo_open, hi_open = _common(g)
        parts.append(_fmt(lo, hi, lo_open, hi_open, g[0]))
    return "the figures allow " + " and ".join(parts) + ", which share no value"


def _common(members: list[Claim]) -> tuple[float, float, bool, bool]:
    common = effective(members[0])
    for c in members[1:]:
        common = overlap(common, effective(c)) or common
    return common


def _fmt(lo: float, hi: float, lo_open: bool, hi_open: bool, c: Claim) -> str:
    """A common interval (in base units) in the claim's own unit, as wording.span writes it."""
    f = c.to_base or 1.0
    return span(lo / f, hi / f, c, lo_open, hi_open) + ("%" if c.kind == "percent" else "")

"""Sources that name different holders of the same rank.

"X is Y's largest trading partner" is a claim that X holds rank 1 among Y's trading
partners; "Kalvane Container Terminal, the largest container terminal on the Gulf of Riga"
one that the terminal holds that title on the Gulf. Two claims of one title, in one scope, conflict
when the sets of holders they name share no member.

**Example conflict**: "Arlow remains Brenton's largest supplier" and "Corvan remains
Brenton's largest supplier" (even in one source).

**Not a conflict**: "Arlow is supplier number one" and "Arlow and Corvan are the largest
suppliers" (they share Arlow); "Arlow is one of the largest suppliers" (not a rank-one
claim, never extracted as one).

Severity: always *material*: a rank has one holder.
"""
from __future__ import annotations

from factcheck.models import Claim
from factcheck.compare.rules.base import text_positions

CODE = "FC301"
NAME = "ranking.different_holder"
SAME_SOURCE = True


def _share_a_holder(a: str, b: str) -> bool:
    """One holder in common, a shortened name counting as the full one ("Hoshimi" for "Hoshimi Orbital")."""
    return any(_same_name(x, y) for x in a.split(" + ") for y in b.split(" + "))


def _same_name(x: str, y: str) -> bool:
    wx, wy = set(x.lower().split()), set(y.lower().split())
    return bool(wx and wy) and (wx <= wy or wy <= wx)


def positions(claims: list[Claim]) -> list[list[Claim]]:
    return text_positions(claims, _share_a_holder)


def severity(groups: list[list[Claim]]) -> str:
    return "material"


def code_for(claims: list[Claim]) -> str:
    return CODE


def reason(groups: list[list[Claim]]) -> str:
    return "the rank is held by " + " or ".join(repr(g[0].text_value) for g in groups)

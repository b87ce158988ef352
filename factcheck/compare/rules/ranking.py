"""Sources that name different holders of the same rank.

"X is Y's largest trading partner" is a claim that X holds rank 1 among Y's trading
partners; "Tembu Space, the largest commercial SAR satellite operator in Asia" one that
Tembu Space holds that title in Asia. Two claims of one title, in one scope, conflict
when the sets of holders they name share no member.

**Example conflict**: "China remains Kazakhstan's largest trading partner" and "The
European Union remains Kazakhstan's largest trading partner" (even in one source).

**Not a conflict**: "the EU is investor number one" and "the EU and the US are the
largest investors" (they share the EU); "China is one of the largest partners" (not
a rank-one claim, never extracted as one).

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

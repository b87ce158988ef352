"""Sources that name different holders of the same rank.

"X is Y's largest trading partner" is a claim that X holds rank 1 among Y's trading
partners. Two claims conflict when the sets they name share no member.

**Example conflict**: "China remains Kazakhstan's largest trading partner" and "The
European Union remains Kazakhstan's largest trading partner" (even in one source).

**Not a conflict**: "the EU is investor number one" and "the EU and the US are the
largest investors" (they share the EU); "China is one of the largest partners" (not
a rank-one claim, never extracted as one).

Severity: always *material*: a rank has one holder.
"""
from __future__ import annotations

from ..models import Claim
from .base import text_positions

CODE = "FC301"
NAME = "ranking.different_holder"
SAME_SOURCE = True


def _share_a_holder(a: str, b: str) -> bool:
    return bool(set(a.split(" + ")) & set(b.split(" + ")))


def positions(claims: list[Claim]) -> list[list[Claim]]:
    return text_positions(claims, _share_a_holder)


def severity(groups: list[list[Claim]]) -> str:
    return "material"


def code_for(claims: list[Claim]) -> str:
    return CODE


def reason(groups: list[list[Claim]]) -> str:
    return "the rank is held by " + " or ".join(repr(g[0].text_value) for g in groups)

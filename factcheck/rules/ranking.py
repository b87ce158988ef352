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
from .base import value_positions

CODE = "FC301"
NAME = "ranking.different_holder"
SAME_SOURCE = True


def positions(claims: list[Claim]) -> list[list[Claim]]:
    groups = value_positions(claims, lambda c: c.text_value or "")
    merged: list[list[Claim]] = []
    for g in groups:
        members = set((g[0].text_value or "").split(" + "))
        for m in merged:
            if members & set((m[0].text_value or "").split(" + ")):
                m.extend(g)
                break
        else:
            merged.append(list(g))
    return merged


def severity(groups: list[list[Claim]]) -> str:
    return "material"


def code_for(claims: list[Claim]) -> str:
    return CODE


def reason(groups: list[list[Claim]]) -> str:
    return "the rank is held by " + " or ".join(repr(g[0].text_value) for g in groups)

"""Helpers shared by the rules: effective intervals and clustering into positions."""
from __future__ import annotations

from typing import Callable

from factcheck.models import Claim

INF = float("inf")


def effective(c: Claim) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open): the hedge interval widened by the figure's rounding, in base units
    (kilometres and miles both in metres; a currency with a corpus rate in the reference currency)."""
    f = c.to_base or 1.0
    low = -INF if c.low is None else (c.low - c.precision) * f
    high = INF if c.high is None else (c.high + c.precision) * f
    if f < 0:
        low, high = high, low
    # A rounded figure stands for what rounds to it: the ends themselves ("$5.5 billion" between $5 and $6
    # billion) belong to neither, so rounding ends are open, like the strict hedges ("more than", "almost").
    return low, high, c.bound == ">" or c.precision > 0 or c.low is None, \
        c.bound == "<" or c.precision > 0 or c.high is None


def overlap(a: tuple[float, float, bool, bool], b: tuple[float, float, bool, bool]) -> tuple[float, float, bool, bool] | None:
    low = max(a[0], b[0])
    high = min(a[1], b[1])
    low_open = (a[2] if a[0] >= b[0] else False) or (b[2] if b[0] >= a[0] else False)
    high_open = (a[3] if a[1] <= b[1] else False) or (b[3] if b[1] <= a[1] else False)
    if low > high or (low == high and (low_open or high_open)):
        return None
    return low, high, low_open, high_open


def interval_positions(claims: list[Claim], interval: Callable[[Claim], tuple]) -> list[list[Claim]]:
    """Greedy clustering: a claim joins the first position whose common interval it overlaps."""
    positions: list[tuple[tuple, list[Claim]]] = []
    for c in sorted(claims, key=lambda c: (interval(c)[0], interval(c)[1], c.source, c.start)):
        iv = interval(c)
        for k, (common, members) in enumerate(positions):
            both = overlap(common, iv)
            if both is not None:
                positions[k] = (both, members + [c])
                break
        else:
            positions.append((iv, [c]))
    return [members for _, members in positions]


def text_positions(claims: list[Claim], same: Callable[[str, str], bool]) -> list[list[Claim]]:
    """Claims with a text value in positions: connected components of `same` (one shared holder or a close
    spelling links two values), so only claims with nothing in common stand apart. Work grows with the
    number of distinct values, not of claims."""
    ordered = sorted(claims, key=lambda c: (c.source, c.start))
    values = list(dict.fromkeys(c.text_value or "" for c in ordered))
    parent = list(range(len(values)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(values):
        for j in range(i + 1, len(values)):
            if root(i) != root(j) and same(a, values[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[Claim]] = {}
    index = {v: i for i, v in enumerate(values)}
    for c in ordered:
        groups.setdefault(root(index[c.text_value or ""]), []).append(c)
    return list(groups.values())


def quoted(claims: list[Claim]) -> str:
    """The stated side of a derived finding in words: "'four members' or '4 members'"."""
    return " or ".join(dict.fromkeys(f"'{c.quote}'" for c in claims))


def working(derived: Claim) -> str:
    """A derived claim's working in words ('listed: A, B and C (3)'), '' for a stated claim."""
    return derived.derived.how if derived.derived else ""


def apart_from_working(stated: list[Claim], derived: Claim) -> list[list[Claim]]:
    """The stated figures no value of the derived one fits, and the derived one, in two positions (none when
    every stated figure fits): a count against its list, a total against its parts."""
    worked = effective(derived)
    apart = [c for c in stated if overlap(effective(c), worked) is None]
    return [apart, [derived]] if apart else []


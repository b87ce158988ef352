"""Stage 5b, lined up: from the scored pairs of a family to groups of claims about one thing.

A claim lines up with at most one claim of each other source: the pair must be each other's
best match (ties go to the claims at the same place in their sources' lists, so row k of one
table meets row k of the other). A claim whose best match in another source is already lined
up with a claim of its own source restates that thing, so one source contradicting itself is
found. A figure given twice in one frame ("43 miles (69 km)") joins its twin. Only the scored
pairs (align.score_pairs) are read, which is what lets a family be lined up in parts
(family_parts.py).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from factcheck.models import Claim
from factcheck.align.unionfind import UnionFind
from factcheck.config.vocab import FrameVocab

MIN_SCORE = 0.3          # word overlap needed to line two claims of different sources up
MIN_SCORE_SAME = 0.4     # one source stating one thing twice must be very alike

Edges = dict[tuple[int, int], tuple[float, tuple[str, ...]]]   # (i, j), i < j -> score, shared words


@dataclass(frozen=True)
class Link:
    """Why two claims were lined up, in terms a reviewer can check."""

    a: Claim
    b: Claim
    score: float
    shared: tuple[str, ...]
    owner: str | None
    restated: bool = False   # a restates, in its own source, what b was lined up with there


@dataclass
class Alignment:
    groups: list[list[Claim]] = field(default_factory=list)
    links: dict[tuple[str, str], Link] = field(default_factory=dict)
    by_claim: dict[str, list[Link]] = field(default_factory=dict)   # claim id -> its links
    candidates: int = 0            # pairs scored
    alignable: int = 0             # claims that could have lined up
    unaligned: list[Claim] = field(default_factory=list)

    def add(self, link: Link) -> None:
        self.links[(link.a.id, link.b.id)] = link
        self.by_claim.setdefault(link.a.id, []).append(link)
        self.by_claim.setdefault(link.b.id, []).append(link)


def family_ranks(members: list[Claim]) -> list[int]:
    """The place of each claim among its source's claims of this family: ties go to the same place (row k of
    one table lines up with row k of the other)."""
    seen: dict[str, int] = defaultdict(int)
    rank = []
    for c in members:
        rank.append(seen[c.source])
        seen[c.source] += 1
    return rank


def link_up(members: list[Claim], rank: list[int], edges: Edges, voc: FrameVocab, out: Alignment) -> None:
    """Groups and links from the scored edges (in index order): each claim's best match in each other source,
    mutual best matches linked, restatements and twins joined to what they restate."""
    out.alignable += len(members)
    best, loose, scored = _best_matches(members, rank, edges)
    groups_of = UnionFind(range(len(members)))
    linked = _link_mutual_best(members, scored, best, groups_of, out)
    _join_restatements(members, edges, loose, linked, groups_of, voc, out)
    _join_twins(members, linked, groups_of)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i in sorted(linked):
        groups[groups_of.root(i)].append(members[i])
    out.groups.extend(groups.values())
    out.unaligned.extend(c for i, c in enumerate(members) if i not in linked)


Best = dict[tuple[int, str], tuple[float, int]]   # (claim, other source) -> score, its best match there


def _best_matches(members: list[Claim], rank: list[int], edges: Edges) -> tuple[Best, Best, Edges]:
    """Each claim's best match in each other source (its own source apart, tagged "#"): among the edges that
    may link (`best`), among all of them, loose ones too (`loose`); and the edges that may link."""
    best: Best = {}
    loose: Best = {}   # best matches down to MIN_SCORE_RESTATED
    scored: Edges = {}
    for (i, j), (score, shared) in sorted(edges.items()):
        _prefer(loose, i, j, score, members, rank)
        if score < (MIN_SCORE_SAME if members[i].source == members[j].source else MIN_SCORE):
            continue
        scored[(i, j)] = (score, shared)
        _prefer(best, i, j, score, members, rank)
    return best, loose, scored


def _prefer(table: Best, i: int, j: int, score: float, members: list[Claim], rank: list[int]) -> None:
    """Keep i-j as each side's best match in the other's source if it beats the one held; on a tie in score,
    the nearer in rank (row k of one table with row k of the other), then the first seen."""
    for x, y in ((i, j), (j, i)):
        key = (x, members[y].source + ("#" if members[y].source == members[x].source else ""))
        held = table.get(key)
        if held is None or (score, -abs(rank[y] - rank[x])) > (held[0], -abs(rank[held[1]] - rank[x])):
            table[key] = (score, y)


def _link_mutual_best(members: list[Claim], scored: Edges, best: Best, groups_of: UnionFind,
                      out: Alignment) -> set[int]:
    """Link the pairs that are each other's best match; the claims linked."""
    linked: set[int] = set()
    for (i, j), (score, shared) in sorted(scored.items()):
        a, b = members[i], members[j]
        tag = "#" if a.source == b.source else ""
        if best.get((i, b.source + tag), (0, -1))[1] != j or best.get((j, a.source + tag), (0, -1))[1] != i:
            continue
        groups_of.join(i, j)
        linked.update((i, j))
        out.add(Link(a, b, round(score, 2), shared, _owner(a) or _owner(b)))
    return linked


def _join_restatements(members: list[Claim], edges: Edges, loose: Best, linked: set[int], groups_of: UnionFind,
                       voc: FrameVocab, out: Alignment) -> None:
    """A claim whose best match y is lined up with another claim of its own source states that thing again."""
    for (i, j), (score, shared) in sorted(edges.items()):
        for x, y in ((i, j), (j, i)):
            if _restates(x, y, members, loose, linked, voc):
                groups_of.join(y, x)
                linked.add(x)
                out.add(Link(members[x], members[y], round(score, 2), shared,
                             _owner(members[x]) or _owner(members[y]), restated=True))


def _owner(c: Claim) -> str | None:
    """Whose figure the claim is, when its frame says."""
    return c.frame.owner if c.frame is not None else None


def _join_twins(members: list[Claim], linked: set[int], groups_of: UnionFind) -> None:
    """"43 miles (69 km)": one figure, one frame, two claims; the twin of a linked claim joins its group."""
    twins = twin_sets(members)
    for key in sorted({twin_key(members[i]) for i in linked}, key=lambda k: twins[k][0]):
        ts = twins[key]
        first = min(i for i in ts if i in linked)
        for k in ts:   # each set once: a sentence repeated ten thousand times is not joined pair by pair
            groups_of.join(first, k)
            linked.add(k)


def twin_key(c: Claim) -> tuple:
    return (c.source, c.sentence, c.frame)


def twin_sets(members: list[Claim]) -> dict[tuple, list[int]]:
    """Claims of one figure stated twice in one frame ("43 miles (69 km)"): a twin of a lined-up claim joins it."""
    twins: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(members):
        twins[twin_key(c)].append(i)
    return twins


def _restates(x: int, y: int, members: list[Claim], best, linked: set[int], voc: FrameVocab) -> bool:
    """Two claims of one source whose best match in another source is the same claim state one thing twice
    (the second needs to be only loosely alike: the lined-up pair already says what the thing is)."""
    a, b = members[x], members[y]
    if x in linked or a.source == b.source or best.get((x, b.source), (0, -1))[1] != y:
        return False
    partner = best.get((y, a.source), (0, -1))[1]
    return partner >= 0 and partner in linked and members[partner].sentence != a.sentence and \
        same_source_ok(a, members[partner], voc)


def same_source_ok(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """One source states one thing twice only when both figures say what they are per or count the same
    noun, and nobody disputes either (two speakers disagreeing are not a contradiction of the source)."""
    if a.frame is None or b.frame is None or "disputed" in a.frame.qualifiers or "disputed" in b.frame.qualifiers:
        return False
    if (a.speaker or b.speaker) and a.speaker != b.speaker:
        return False
    return bool(a.frame.denominator) or (a.kind == "count" and a.frame.thing[:1] == b.frame.thing[:1]
                                         and _modifiers(a, voc) == _modifiers(b, voc))


def _modifiers(c: Claim, voc: FrameVocab) -> set[str]:
    """The words a count's quote puts before its noun: "70 commercial agreements" are not just agreements
    (hedge and function words aside)."""
    return {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", c.quote)[:-1] if w[:1].islower()} - voc.stop

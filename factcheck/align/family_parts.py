"""Stage 5b, line up again only what an edit reaches: a family in parts.

What lines up with what in a family depends only on the edges score_pairs finds (pairs alike
enough to be a best or a loose match) and on twins (matching.link_up). So a family falls apart
into parts, the connected pieces of that graph, and each part lines up exactly as it does in
the whole family. Each part's findings are kept under a key made of its claims; the last run's
parts are remembered by claim (`Known`: for each claim, its part and a digest of the claims it
was scored against).

After an edit, a part is read back when every one of its claims is still there, unchanged
(the same record, value after exchange rates, rank in its source, rarity of its words), and
was scored against the same claims as before. Its claims cannot have gained an edge: a pair
of unchanged claims scores as it did, and one that reached the part then would be in it. So
only the pairs with a changed claim, or a claim of a changed part, are scored again; a claim
that was part of nothing joins a part when it meets one of them. A large family costs its
candidate pairs and a hash per claim, not its alignment.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from factcheck.align.scoring import family_pairs, score_pairs, weighed_words
from factcheck.align.matching import Alignment, Edges, family_ranks, link_up, twin_sets
from factcheck.models import Claim
from factcheck.align.unionfind import UnionFind
from factcheck.config.vocab import FrameVocab

ALONE = -1   # a claim in no part: no edge, nothing to line up with


@dataclass(frozen=True)
class Known:
    """What the last run found about a family: each claim's part (or ALONE) and the digest of its candidates."""
    claims: dict[str, tuple[int, str]]
    parts: tuple[str, ...]


@dataclass
class FamilyParts:
    """A family lined up part by part: the parts lined up anew (handed on as findings by compare.family_findings),
    those to read back, and the index to keep."""
    found: list[tuple[str, Alignment]] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    alone: int = 0          # claims in no part: compared, lined up with nothing
    scored: int = 0         # compatible pairs scored in this run (a measure of the work, never kept in the cache)
    known: Known | None = None


def line_up_parts(members: list[Claim], idf: dict[str, float], sources: dict[str, tuple[str, str]],
                  voc: FrameVocab, fingerprint: str, known: Known | None = None) -> FamilyParts:
    """The family's parts: those of `known` that nothing reached are read back, the rest lined up anew."""
    rank = family_ranks(members)
    sigs = claim_sigs(members, rank, idf, sources, fingerprint)
    pairs = sorted(family_pairs(members))
    twins = Twins(members)
    near = _neighbourhoods(sigs, pairs, twins)
    if len(set(sigs)) != len(sigs):
        known = None   # one claim twice in a family: no claim-by-claim reuse
    kept, alone = _untouched(sigs, near, known)
    edges, scored = score_pairs(members, _unsettled(pairs, kept, alone), idf, voc)
    if any(kept[i] or kept[j] for i, j in edges):   # cannot happen (see the module's docstring): trust nothing
        return line_up_parts(members, idf, sources, voc, fingerprint, None)
    out = FamilyParts(scored=scored)
    index = _read_back(sigs, near, kept, known)
    out.reused = sorted({key for key, _ in index.values()})
    parts = _components(_with_twins(_region(kept, alone, edges), twins, kept), edges, twins)
    for part, inside in zip(parts, _edges_by_part(parts, edges)):
        if len(part) < 2:
            continue
        key = part_key(fingerprint, [(sigs[i], near[i]) for i in part])
        out.found.append((key, _aligned_part(members, part, rank, inside, voc)))
        index.update((sigs[i], (key, near[i])) for i in part)
    for i in range(len(members)):
        index.setdefault(sigs[i], ("", near[i]))
    out.alone = sum(1 for key, _ in index.values() if not key)
    out.known = _known_from(index)
    return out


def _unsettled(pairs: list[tuple[int, int]], kept: list[bool], alone: list[bool]) -> list[tuple[int, int]]:
    """The pairs to score again: all but those of two claims whose part is read back or that were alone and
    still are."""
    return [(i, j) for i, j in pairs if not (_settled(i, kept, alone) and _settled(j, kept, alone))]


def _settled(i: int, kept: list[bool], alone: list[bool]) -> bool:
    return kept[i] or alone[i]


def _region(kept: list[bool], alone: list[bool], edges: Edges) -> list[int]:
    """The claims to line up anew: those not read back, except lone claims no new edge reached."""
    touched = {i for pair in edges for i in pair}
    return [i for i in range(len(kept)) if not kept[i] and not (alone[i] and i not in touched)]


def _read_back(sigs: list[str], near: list[str], kept: list[bool], known: Known | None) -> dict[str, tuple[str, str]]:
    """The index entries (claim -> part key, neighbourhood) of the claims whose part is read back."""
    index: dict[str, tuple[str, str]] = {}
    if known is None:   # nothing known: nothing kept (_untouched)
        return index
    for i in range(len(sigs)):
        if kept[i]:
            index[sigs[i]] = (known.parts[known.claims[sigs[i]][0]], near[i])
    return index


def _known_from(index: dict[str, tuple[str, str]]) -> Known:
    """The index to keep for the next run: parts numbered in the order of their keys."""
    names = tuple(sorted({key for key, _ in index.values() if key}))
    number = {key: n for n, key in enumerate(names)}
    return Known({s: (number[key] if key else ALONE, d) for s, (key, d) in sorted(index.items())}, names)


def claim_sigs(members: list[Claim], rank: list[int], idf: dict[str, float], sources: dict[str, tuple[str, str]],
               fingerprint: str) -> list[str]:
    """Each claim as alignment and its findings read it: the whole record (after the story's exchange rates), its
    source's path, its rank among its source's claims of the family, and the rarity of its words. Not its
    source's hash: an edit after a claim leaves it as it was (one before it moves its offsets, which the
    findings report, and so changes it)."""
    sigs = []
    for c, r in zip(members, rank):
        words = "\t".join(f"{w}={idf[w]!r}" for w in sorted(weighed_words(c)))
        text = f"{fingerprint}\t{sources[c.source][0]}\t{r}\t{words}\t{c.model_dump_json()}"
        sigs.append(hashlib.blake2b(text.encode(), digest_size=8).hexdigest())
    return sigs


def part_key(fingerprint: str, claims: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"part\n{fingerprint}".encode())
    for sig, near in sorted(claims):
        digest.update(f"\n{sig}\t{near}".encode())
    return digest.hexdigest()


class Twins:
    """Claims of one figure stated twice in one frame (matching.twin_sets), as numbered sets: each claim
    knows its set's number, each set its members, so nothing holds every pair of twins (a sentence repeated
    ten thousand times is one set of ten thousand, not a hundred million pairs)."""

    def __init__(self, members: list[Claim]) -> None:
        self.sets: list[list[int]] = list(twin_sets(members).values())
        self.of = [0] * len(members)
        for n, ts in enumerate(self.sets):
            for i in ts:
                self.of[i] = n

    def of_claims(self, claims: list[int]) -> list[list[int]]:
        """The twin sets the claims belong to, each once."""
        return [self.sets[n] for n in sorted({self.of[i] for i in claims})]


def _neighbourhoods(sigs: list[str], pairs: list[tuple[int, int]], twins: Twins) -> list[str]:
    """A digest, per claim, of the claims it is scored against and of its twin set: the same digest means the
    same candidates and the same twins."""
    near: list[list[str]] = [[] for _ in sigs]
    for i, j in pairs:
        near[i].append(sigs[j])
        near[j].append(sigs[i])
    shared = [_set_digest(sigs, ts) for ts in twins.sets]
    return [hashlib.blake2b("\t".join(sorted(n) + [shared[twins.of[i]]] * bool(shared[twins.of[i]])).encode(),
                            digest_size=8).hexdigest() for i, n in enumerate(near)]


def _set_digest(sigs: list[str], members: list[int]) -> str:
    """One digest of a twin set's claims, the claim itself included; empty for a claim without twins."""
    if len(members) < 2:
        return ""
    return "=" + hashlib.blake2b("\t".join(sorted(sigs[k] for k in members)).encode(), digest_size=8).hexdigest()


def _untouched(sigs: list[str], near: list[str], known: Known | None) -> tuple[list[bool], list[bool]]:
    """Per claim: in a part of the last run to read back whole; in no part then, and unchanged since."""
    if known is None:
        return [False] * len(sigs), [False] * len(sigs)
    same = [known.claims.get(s, (None, ""))[1] == d for s, d in zip(sigs, near)]
    size = Counter(p for p, _ in known.claims.values() if p != ALONE)
    whole = Counter(known.claims[s][0] for s, ok in zip(sigs, same) if ok and known.claims[s][0] != ALONE)
    kept_parts = {p for p, n in whole.items() if n == size[p]}
    kept = [ok and known.claims[s][0] in kept_parts for s, ok in zip(sigs, same)]
    alone = [ok and known.claims[s][0] == ALONE for s, ok in zip(sigs, same)]
    return kept, alone


def _with_twins(region: list[int], twins: Twins, kept: list[bool]) -> list[int]:
    """The twins of a claim to line up are lined up with it: one of them lined up brings in the others."""
    out = set(region)
    for ts in twins.of_claims(region):
        out.update(k for k in ts if not kept[k])
    return sorted(out)


def _components(region: list[int], edges: Edges, twins: Twins) -> list[list[int]]:
    """The connected pieces of the region: claims joined by an edge or as twins."""
    inside = set(region)
    parts = UnionFind(region)
    for i, j in edges:
        parts.join(i, j)
    for ts in twins.of_claims(region):
        there = [k for k in ts if k in inside]
        for k in there[1:]:
            parts.join(there[0], k)
    grouped: dict[int, list[int]] = defaultdict(list)
    for i in region:
        grouped[parts.root(i)].append(i)
    return sorted(grouped.values())


def _edges_by_part(parts: list[list[int]], edges: Edges) -> list[Edges]:
    """Each part's edges, renumbered to the part's own claims (in one pass over the family's edges)."""
    where = {i: (n, k) for n, part in enumerate(parts) for k, i in enumerate(part)}
    out: list[Edges] = [{} for _ in parts]
    for (i, j), e in edges.items():
        (n, a), (_, b) = where[i], where[j]
        out[n][(a, b)] = e
    return out


def _aligned_part(members: list[Claim], part: list[int], rank: list[int], edges: Edges, voc: FrameVocab) -> Alignment:
    """One part lined up on its own, with its claims' ranks in the whole family and its own edges."""
    aligned = Alignment()
    link_up([members[i] for i in part], [rank[i] for i in part], edges, voc, aligned)
    return aligned

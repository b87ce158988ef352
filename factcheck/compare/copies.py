"""Sources that copy each other count once: how many independent sources back one position.

Ten outlets repeating one wire story are one voice, not ten (light copy detection, as in AccuCopy
and the truth-discovery literature). Two sources are joined when two of their sentences share most
word trigrams; sentences are bucketed by their rarest trigrams first, so only likely copies are
compared and the work stays bounded as a group grows.
"""
from __future__ import annotations

import re
from collections import defaultdict

from factcheck.models import Claim
from factcheck.align.unionfind import UnionFind

BUCKET_KEYS = 3     # trigrams of each sentence that index it
BUCKET_LIMIT = 32   # sentences compared within one bucket, at most
COPY_JACCARD = 0.5  # shared trigrams (Jaccard) that make two sentences copies


def independent_sources(claims: list[Claim]) -> int:
    """Sources, counting those that repeat one figure in near-identical words as one."""
    copies = UnionFind(c.source for c in claims)
    of_sentence = {sentence: _shingles(sentence) for sentence in {c.sentence for c in claims}}  # copies share one
    shingles = {c.id: of_sentence[c.sentence] for c in claims}
    buckets: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for c in claims:
        for sh in sorted(shingles[c.id])[:BUCKET_KEYS]:
            buckets[sh].append(c)
    for members in buckets.values():
        for i, a in enumerate(members[:BUCKET_LIMIT]):
            for b in members[i + 1:BUCKET_LIMIT]:
                if a.source != b.source and copies.root(a.source) != copies.root(b.source) and \
                        _jaccard(shingles[a.id], shingles[b.id]) >= COPY_JACCARD:
                    copies.join(b.source, a.source)
    return len({copies.root(c.source) for c in claims})


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0

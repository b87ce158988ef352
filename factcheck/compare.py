"""Stage 5, group and compare: claims about one subject, in one period, through one rule.

Grouping is a dictionary keyed by subject, so the work grows with the number of
claims, not with all pairs across the corpus; only claims inside one group are
compared. A discrepancy needs positions from two different sources (a source that
lists several figures in one breath is listing different things), except for rules
that say a single source can contradict itself (rankings).
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from .knowledge import Knowledge
from .models import Claim, ClaimRef, Corroboration, Discrepancy, Position, Subject
from .rules import REGISTRY
from .sources import Document
from .subjects import SubjectResolver, corpus_topic, describe


def resolve_all(docs: list[Document], claims: dict[str, list[Claim]], kn: Knowledge) -> dict[str, Subject]:
    resolvers = [SubjectResolver(doc, kn) for doc in docs]
    topic = corpus_topic(resolvers)
    out: dict[str, Subject] = {}
    for doc, resolver in zip(docs, resolvers):
        resolver.topic = topic
        by_sentence: dict[str, list[Claim]] = defaultdict(list)
        for c in claims.get(doc.meta.id, []):
            by_sentence[c.sentence].append(c)
        for c in claims.get(doc.meta.id, []):
            subject = resolver.resolve(c, by_sentence[c.sentence])
            if subject is not None:
                out[c.id] = subject
    return out


def _period_key(c: Claim) -> str | None:
    p = c.period if c.kind != "date" else None
    if p is None or p.origin == "document":
        return None
    return p.start[:4] if p.start[:4] == p.end[:4] else f"{p.start[:4]}-{p.end[:4]}"


def period_buckets(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims of one subject split by the period they refer to; undated claims join a lone dated bucket."""
    dated: dict[str, list[Claim]] = defaultdict(list)
    undated: list[Claim] = []
    for c in claims:
        key = _period_key(c)
        (dated[key] if key else undated).append(c)
    if len(dated) == 1 and undated:
        (key, members), = dated.items()
        return [(key, members + undated)]
    buckets = sorted(dated.items())
    return buckets + ([("any", undated)] if undated else [])


def independent_sources(claims: list[Claim]) -> int:
    """Sources, counting those that repeat one figure in near-identical words as one (light copy detection,
    as in AccuCopy): sources are joined (union-find) when two of their sentences share most word trigrams."""
    parent = {c.source: c.source for c in claims}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    shingles = {c.id: _shingles(c.sentence) for c in claims}
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if a.source != b.source and root(a.source) != root(b.source) and \
                    _jaccard(shingles[a.id], shingles[b.id]) >= 0.6:
                parent[root(a.source)] = root(b.source)
    return len({root(s) for s in parent})


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def claim_ref(c: Claim, path: str, subject: Subject | None = None) -> ClaimRef:
    return ClaimRef(subject=subject, claim_id=c.id, source=c.source, path=path, line=c.line, column=c.column, start=c.start,
                    end=c.end, quote=c.quote, sentence=c.sentence, kind=c.kind, value=c.value, low=c.low,
                    high=c.high, bound=c.bound, precision=c.precision, unit=c.unit, to_base=c.to_base, text_value=c.text_value,
                    date=c.date, period=c.period, speaker=c.speaker, confidence=c.confidence)


def _position_label(members: list[Claim]) -> str:
    quotes = sorted({" ".join(c.quote.split()) for c in members})
    return " / ".join(quotes[:3]) + (" …" if len(quotes) > 3 else "")


def _cross_source(groups: list[list[Claim]], same_source_ok: bool) -> bool:
    """Two sources take different sides: one in a position the other is absent from, and vice versa.
    A source that lists two figures and a second source repeating one of them is not a disagreement
    between sources (unless the rule accepts one source contradicting itself)."""
    if same_source_ok:
        return True
    sources = [{c.source for c in g} for g in groups]
    return any(a - b and b - a for i, a in enumerate(sources) for b in sources[i + 1:])


def compare(docs: list[Document], claims: dict[str, list[Claim]], kn: Knowledge
            ) -> tuple[list[Discrepancy], list[Corroboration], int]:
    """All discrepancies and corroborations in the corpus, and how many claims had no subject."""
    subjects = resolve_all(docs, claims, kn)
    paths = {d.meta.id: d.meta.path for d in docs}
    groups: dict[str, list[Claim]] = defaultdict(list)
    for source_claims in claims.values():
        for c in source_claims:
            if c.id in subjects:
                groups[subjects[c.id].key].append(c)
    unresolved = sum(1 for cs in claims.values() for c in cs if c.id not in subjects and c.kind != "ordinal")
    found, agreed = [], []
    for key in sorted(groups):
        rule = REGISTRY[groups[key][0].kind]
        for bucket, members in period_buckets(groups[key]):
            if len({c.source for c in members}) < 2 and not getattr(rule, "SAME_SOURCE", False):
                continue
            positions = rule.positions(members)
            subject = subjects[members[0].id]
            words = describe(subject, kn) + ("" if bucket == "any" else f", {bucket}")
            if len(positions) > 1 and _cross_source(positions, getattr(rule, "SAME_SOURCE", False)):
                found.append(_discrepancy(rule, key, bucket, words, positions, subjects, paths))
            elif len(positions) == 1 and len({c.source for c in members}) > 1:
                agreed.append(Corroboration(subject=words, subject_key=key, label=_position_label(members),
                                            claims=tuple(claim_ref(c, paths[c.source]) for c in members),
                                            independent_sources=independent_sources(members)))
    return found, agreed, unresolved


def _discrepancy(rule, key: str, bucket: str, words: str, groups: list[list[Claim]], subjects: dict[str, Subject],
                 paths: dict[str, str]) -> Discrepancy:
    code = rule.code_for(groups[0])
    fingerprint = hashlib.sha1(f"{code}|{key}|{bucket}".encode()).hexdigest()[:10]
    positions = tuple(Position(label=_position_label(g), claims=tuple(claim_ref(c, paths[c.source], subjects.get(c.id)) for c in g),
                               independent_sources=independent_sources(g)) for g in groups)
    claims = [c for g in groups for c in g]
    message = f"{words}: " + " vs ".join(
        f"{p.label} ({', '.join(sorted({c.source for c in p.claims}))})" for p in positions)
    return Discrepancy(
        id=f"{code}-{fingerprint}", code=code, rule=rule.NAME, severity=rule.severity(groups), subject=words,
        subject_key=key if bucket == "any" else f"{key}|{bucket}", message=message, reason=rule.reason(groups),
        positions=positions, subject_confidence=round(min(subjects[c.id].confidence for c in claims), 2),
        extraction_confidence=round(min(c.confidence for c in claims), 2))

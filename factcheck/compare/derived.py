"""Stage 6c, derived findings: each derived claim set against the stated claims it was worked out for.

A derived claim (extract/derived.py) is never lined up with other claims: its derivation names the claims
to check it against, and its rule (compare/rules, DERIVED) says whether they can both hold. A finding
shows the working in words, in its reason and in the claim it cites, so a reviewer can redo it.
"""
from __future__ import annotations

import hashlib

from factcheck.compare.copies import independent_sources
from factcheck.compare.findings import Comparison, claim_ref
from factcheck.compare.rules import DERIVED
from factcheck.models import Claim, Derivation, Discrepancy, Position, Subject
from factcheck.wording import plural_of


def derived_findings(claims: list[Claim], paths: dict[str, str]) -> Comparison:
    """The discrepancies between derived claims and the stated claims they are set against (all in `claims`)."""
    by_id = {c.id: c for c in claims}
    out = Comparison([], [], 0, 0, 0)
    derived = [(c, c.derived) for c in claims if c.derived is not None]
    for c, derivation in sorted(derived, key=lambda pair: (pair[0].source, pair[0].start, pair[0].id)):
        rule = DERIVED[derivation.kind]
        against = [by_id[i] for i in derivation.against if i in by_id]
        groups = rule.positions(against, c) if against else []
        if groups:
            out.discrepancies.append(_discrepancy(rule, groups, derivation, paths))
    return out


def _discrepancy(rule, groups: list[list[Claim]], derivation: Derivation, paths: dict[str, str]) -> Discrepancy:
    """The finding of one derived claim (the second position's) worked out as `derivation` says."""
    stated, (derived,) = groups
    subject = _subject(derived, derivation)
    refs = [[claim_ref(c, paths[c.source], subject) for c in g] for g in groups]
    labels = [" / ".join(dict.fromkeys(c.quote for c in stated)), f"{derivation.how.split(': ')[0]} "
              f"{len(derivation.items)}"]
    positions = tuple(Position(label=label, claims=tuple(r), independent_sources=independent_sources(g))
                      for label, r, g in zip(labels, refs, groups))
    fingerprint = hashlib.sha1(f"{rule.CODE}|{derived.source}|{subject.key}".encode()).hexdigest()[:10]
    return Discrepancy(
        id=f"{rule.CODE}-{fingerprint}", code=rule.code_for(stated), rule=rule.NAME, severity=rule.severity(groups),
        subject=subject.metric, subject_key=subject.key,
        message=f"{subject.metric}: " + " vs ".join(f"{p.label} ({derived.source})" for p in positions),
        reason=rule.reason(groups), positions=positions, subject_confidence=1.0,
        extraction_confidence=round(min(c.confidence for g in groups for c in g), 2),
        alignment=f"the list follows the count in the same sentence of {derived.source}: {derivation.how}")


def _subject(derived: Claim, derivation: Derivation) -> Subject:
    noun = derived.noun or "item"
    owner = derived.frame.owner if derived.frame else None
    return Subject(entities=(owner,) if owner else (), metric=f"number of {plural_of(noun)}",
                   key=f"derived|{derivation.kind}|{noun}|{owner or ''}", words=(noun,), confidence=1.0)

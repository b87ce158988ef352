"""Stage 6c, derived findings: each derived claim set against the stated claims it was worked out for.

A derived claim (extract/derived.py) is never lined up with other claims. An enumeration's derivation names
the claims to check it against; an age names a person, whose stated birth dates in the story are found here
(an index by name word, so the work grows with the claims, never with their pairs). The rule (compare/rules,
DERIVED) says whether they can both hold. A finding shows the working in words, in its reason and in the
claim it cites, so a reviewer can redo it.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from types import ModuleType

from factcheck.align.separators import same_name
from factcheck.compare.copies import independent_sources
from factcheck.compare.findings import Comparison, claim_ref
from factcheck.compare.rules import DERIVED
from factcheck.config.knowledge import Knowledge
from factcheck.extract.ages import age_words, born_whom
from factcheck.models import Claim, Derivation, Discrepancy, Position, Subject


DERIVED_SEVERITY = "minor"   # one step below two stated figures: the working is the checker's reading


def derived_findings(claims: list[Claim], paths: dict[str, str], kn: Knowledge) -> Comparison:
    """The discrepancies between derived claims and the stated claims they are set against (all in `claims`)."""
    by_id = {c.id: c for c in claims}
    births = _Births(claims, kn) if any(c.derived is not None and c.derived.person for c in claims) else None
    out = Comparison([], [], 0, 0, 0)
    derived = [(c, c.derived) for c in claims if c.derived is not None]
    for c, derivation in sorted(derived, key=lambda pair: (pair[0].source, pair[0].start, pair[0].id)):
        rule = DERIVED[derivation.kind]
        against = [by_id[i] for i in derivation.against if i in by_id] or \
            (births.of(derivation.person) if births is not None else [])
        groups = rule.positions(against, c) if against else []
        if groups:
            out.discrepancies.append(_discrepancy(rule, groups, derivation, paths))
    return out


class _Births:
    """The story's stated birth dates by whose they are, looked up by any word of a person's name."""

    def __init__(self, claims: list[Claim], kn: Knowledge) -> None:
        words = age_words(kn)
        self.by_word: dict[str, list[tuple[str, Claim]]] = defaultdict(list)
        for c in claims:
            if c.kind == "date" and c.derived is None and c.frame is not None and c.frame.event == words.birth_event:
                person = born_whom(c, words)
                for word in set((person or "").split()):
                    self.by_word[word].append((person or "", c))

    def of(self, person: str | None) -> list[Claim]:
        if not person:
            return []
        found = {c.id: c for word in person.split() for whom, c in self.by_word.get(word, ())
                 if same_name(whom, person)}
        return sorted(found.values(), key=lambda c: (c.source, c.start))


def _discrepancy(rule: ModuleType, groups: list[list[Claim]], derivation: Derivation,
                 paths: dict[str, str]) -> Discrepancy:
    """The finding of one derived claim (the second position's) worked out as `derivation` says."""
    stated, (derived,) = groups
    subject = _subject(rule, derived, derivation)
    refs = [[claim_ref(c, paths[c.source], subject) for c in g] for g in groups]
    labels = [" / ".join(dict.fromkeys(c.quote for c in stated)), derivation.result]
    positions = tuple(Position(label=label, claims=tuple(r), independent_sources=independent_sources(g))
                      for label, r, g in zip(labels, refs, groups))
    sources = " ".join(sorted({c.source for g in groups for c in g}))
    fingerprint = hashlib.sha1(f"{rule.CODE}|{sources}|{subject.key}".encode()).hexdigest()[:10]
    return Discrepancy(
        id=f"{rule.CODE}-{fingerprint}", code=rule.CODE, rule=rule.NAME, severity=DERIVED_SEVERITY,
        subject=subject.metric, subject_key=subject.key,
        message=f"{subject.metric}: " + " vs ".join(
            f"{p.label} ({', '.join(sorted({c.source for c in g}))})" for p, g in zip(positions, groups)),
        reason=rule.reason(groups), positions=positions, subject_confidence=1.0,
        extraction_confidence=round(min(c.confidence for g in groups for c in g), 2),
        alignment=rule.alignment(derived))


def _subject(rule: ModuleType, derived: Claim, derivation: Derivation) -> Subject:
    metric, part = rule.subject_words(derived)
    owner = derived.frame.owner if derived.frame else None
    return Subject(entities=(owner,) if owner else (), metric=metric,
                   key=f"derived|{derivation.kind}|{part}|{owner or ''}",
                   words=(part,), confidence=1.0)

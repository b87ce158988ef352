"""Stage 6b, findings: claims lined up as one subject, split by period and put through their rule.

A group of lined-up claims becomes a discrepancy when its rule finds more than one position and two different
sources take different sides (a source that lists several figures in one breath is listing different things),
unless one source was lined up with itself (the same thing stated two ways in two sentences) or the rule says a
single source can contradict itself (rankings); it becomes a corroboration when sources agree. Each finding says
in words what it is about (the subject), why it is a conflict and why its claims were lined up.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from factcheck.align.scoring import KEYED, family
from factcheck.align.separators import period_key
from factcheck.compare.copies import independent_sources
from factcheck.align.matching import Alignment, Link
from factcheck.models import Claim, ClaimRef, Corroboration, Discrepancy, Position, Subject
from factcheck.compare.rules import REGISTRY
from factcheck.config.vocab import FrameVocab, canon
from factcheck.wording import CHANGE_WORDS

CORE_WORDS = 4                              # nearest words of each claim that make the stable part of a subject


@dataclass
class Comparison:
    """What comparing some claims found, and how much of them could be compared (a family, a story, a corpus)."""

    discrepancies: list[Discrepancy]
    corroborations: list[Corroboration]
    compared: int        # claims that could line up with another
    unaligned: int       # of those, claims that lined up with nothing
    candidates: int      # pairs of claims scored
    family_lines: dict[str, bytes] = field(default_factory=dict)  # new cache entries of the families (packed)
    family_keys: list[str] = field(default_factory=list)        # every family of the story, in order (state/story_cache.py)
    own: Comparison | None = None   # of a story's findings (compare_story), those no family entry holds

    def add(self, other: Comparison) -> None:
        self.discrepancies += other.discrepancies
        self.corroborations += other.corroborations
        self.compared += other.compared
        self.unaligned += other.unaligned
        self.candidates += other.candidates


def period_buckets(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims of one subject split by the period they refer to; undated claims join a lone dated bucket."""
    dated: dict[str, list[Claim]] = defaultdict(list)
    undated: list[Claim] = []
    for c in claims:
        key = period_key(c)
        (dated[key] if key else undated).append(c)
    if len(dated) == 1 and undated:
        (key, members), = dated.items()
        return [(key, members + undated)]
    buckets = sorted(dated.items())
    return buckets + ([("any", undated)] if undated else [])


def claim_ref(c: Claim, path: str, subject: Subject | None = None) -> ClaimRef:
    return ClaimRef(subject=subject, claim_id=c.id, source=c.source, path=path, line=c.line, column=c.column,
                    start=c.start, end=c.end, quote=c.quote, sentence=c.sentence, kind=c.kind, value=c.value,
                    low=c.low, high=c.high, bound=c.bound, precision=c.precision, unit=c.unit, to_base=c.to_base,
                    text_value=c.text_value, date=c.date, period=c.period, speaker=c.speaker,
                    confidence=c.confidence, derived=c.derived.how if c.derived else None)


def _position_label(members: list[Claim]) -> str:
    quotes = sorted({" ".join(c.quote.split()) for c in members})
    return " / ".join(quotes[:3]) + (" …" if len(quotes) > 3 else "")


def _cross_source(groups: list[list[Claim]], same_source_ok: bool) -> bool:
    """Two sources take different sides: one in a position the other is absent from, and vice versa.
    A source that lists two figures and a second source repeating one of them is not a disagreement
    between sources (unless the claims were lined up inside that source, or the rule accepts it)."""
    if same_source_ok:
        return True
    sources = [{c.source for c in g} for g in groups]
    return any(a - b and b - a for i, a in enumerate(sources) for b in sources[i + 1:])


def keyed_groups(claims: list[Claim]) -> list[list[Claim]]:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind in KEYED and c.about and c.confidence >= 0.6 and not c.about.startswith("title:"):
            groups[(c.kind, c.about)].append(c)
    return [g for _, g in sorted(groups.items())]


def alignment_findings(aligned: Alignment, paths: dict[str, str], voc: FrameVocab) -> Comparison:
    part = findings([(g, False) for g in aligned.groups], aligned, paths, voc)
    part.compared, part.unaligned, part.candidates = aligned.alignable, len(aligned.unaligned), aligned.candidates
    return part


def findings(groups: list[tuple[list[Claim], bool]], aligned: Alignment, paths: dict[str, str],
              voc: FrameVocab) -> Comparison:
    """Each group of lined-up claims through its rule, period by period: a discrepancy or a corroboration."""
    out = Comparison([], [], 0, 0, 0)
    for members, keyed in groups:
        rule = REGISTRY[members[0].kind]
        inside = keyed or any(link.a.source == link.b.source for link in _links_of(members, aligned))
        for bucket, bucket_members in period_buckets(members):
            if len({c.source for c in bucket_members}) < 2 and not (inside or getattr(rule, "SAME_SOURCE", False)):
                continue
            _judge(rule, bucket, bucket_members, aligned, paths, voc, keyed, out)
    return out


def _judge(rule, bucket: str, members: list[Claim], aligned: Alignment, paths: dict[str, str], voc: FrameVocab,
           keyed: bool, out: Comparison) -> None:
    """One period's claims of a group through their rule: sources on different sides make a discrepancy, several
    sources on one side a corroboration, anything else nothing."""
    positions = rule.positions(members)
    subject = _subject(members, aligned, voc, keyed)
    words = subject.metric + ("" if bucket == "any" else f", {bucket}")
    same_source = getattr(rule, "SAME_SOURCE", False) or _self_contradiction(positions, aligned)
    if len(positions) > 1 and _cross_source(positions, same_source):
        out.discrepancies.append(_discrepancy(rule, subject, bucket, words, positions, paths,
                                              _why(members, aligned, voc), _what_is_compared(members, voc, keyed)))
    elif len(positions) == 1 and len({c.source for c in members}) > 1:
        out.corroborations.append(Corroboration(subject=words, subject_key=subject.key,
                                                label=_position_label(members),
                                                claims=tuple(claim_ref(c, paths[c.source]) for c in members),
                                                independent_sources=independent_sources(members)))


def _self_contradiction(positions: list[list[Claim]], aligned: Alignment) -> bool:
    """A source lined up with itself (or restating what it was lined up with) whose claims landed in different
    positions."""
    where = {c.id: k for k, g in enumerate(positions) for c in g}
    return any((link.a.source == link.b.source or link.restated) and where[link.a.id] != where[link.b.id]
               for link in _links_of([c for g in positions for c in g], aligned))


def _core_words(members: list[Claim]) -> list[str]:
    """The words most of the claims use for what they measure: the stable part of a subject."""
    counts = Counter(w for c in members if c.frame for w in set(c.frame.thing[:CORE_WORDS]))
    need = max(2, (len(members) + 1) // 2)
    common = [w for w, n in counts.items() if n >= need] or sorted(counts, key=lambda w: (-counts[w], w))[:2]
    return sorted(common)[:4]


def _subject(members: list[Claim], aligned: Alignment, voc: FrameVocab, keyed: bool) -> Subject:
    """What a group of claims is about, in words (the metric), as a key stable across runs and edits, and how
    sure the alignment is of it (its weakest link)."""
    first = members[0]
    if keyed:
        return _acronym_subject(first) if first.kind == "acronym" else _ranking_subject(first)
    owner = _most_used(Counter(c.frame.owner for c in members if c.frame and c.frame.owner))
    core = _core_words(members)
    key = _subject_key(members, owner, core)
    metric = _metric(members, owner, voc)
    if first.change:  # "revenue was up $5 million" is another fact than "revenue was $50 million": another subject
        metric, key = f"{CHANGE_WORDS[first.change]} {metric}", f"{key}|{first.change}"
    words = tuple(dict.fromkeys(_surface(w, first, voc) for w in core))  # as the text writes them
    scores = [link.score for link in _links_of(members, aligned)]
    return Subject(entities=(owner,) if owner else (), metric=metric, key=key, words=words,
                   confidence=round(min(scores), 2) if scores else 0.5)


def _acronym_subject(first: Claim) -> Subject:
    return Subject(entities=(), metric=f"expansion of {first.about}", key=f"acronym|{first.about}",
                   words=(first.quote,), confidence=first.confidence)


def _ranking_subject(first: Claim) -> Subject:
    """A rank of a role, of its owner when it has one: "role#rank@owner"."""
    about = first.about or ""
    role, owner = about.split("@", 1) if "@" in about else (about, "")
    role_name, _, rank = role.partition("#")
    return Subject(entities=(owner,) if owner else (), metric=f"{role_name} rank {rank}" + (f" ({owner})" if owner else ""),
                   key=f"ranking|{first.about}", words=(first.quote,), confidence=first.confidence)


def _most_used(counts: Counter) -> str | None:
    """The most frequent of some words, the first in order on a tie; None: there are none."""
    return min(counts, key=lambda w: (-counts[w], w)) if counts else None


def _subject_key(members: list[Claim], owner: str | None, core: list[str]) -> str:
    """Kind, unit, denominator, event, owner, the core words and the names all claims share: what stays when a
    source is added or edited."""
    first = members[0]
    unit = first.dimension if first.kind == "quantity" else first.unit
    common = set.intersection(*(set(c.frame.names) for c in members if c.frame)) if members else set()
    per, event = (first.frame.denominator, first.frame.event) if first.frame else (None, None)
    return (f"{first.kind}:{unit}|{per or ''}|{event or ''}|{owner or ''}|"
            f"{'+'.join(core)}|{'+'.join(sorted(common)[:3])}")


def _metric(members: list[Claim], owner: str | None, voc: FrameVocab) -> str:
    """The subject in words: the phrase most claims use (a date's event), per what, whose."""
    first = members[0]
    if first.kind == "date":
        phrase = f"date {first.frame.event}" if first.frame else "date"
    else:
        phrase = _most_used(Counter(c.frame.phrase for c in members if c.frame and c.frame.phrase)) or first.kind
    per = first.frame.denominator if first.frame else None
    metric = phrase + (f" per {per}" if per not in (None, "each") else "")
    return metric + (f" ({voc.label(owner)})" if owner else "")


def _links_of(members: list[Claim], aligned: Alignment) -> list[Link]:
    """The links among these claims, looked up by claim (never a scan over every link of the corpus)."""
    ids = {c.id for c in members}
    found = {(link.a.id, link.b.id): link for c in members for link in aligned.by_claim.get(c.id, ())
             if link.a.id in ids and link.b.id in ids}
    return [found[k] for k in sorted(found)]


def _why(members: list[Claim], aligned: Alignment, voc: FrameVocab) -> str:
    """Why these claims were lined up, in the words of the text: owner, shared words, how alike."""
    links = _links_of(members, aligned)
    if not links:
        return "the same acronym, or the same rank of the same owner, in one story"
    parts = []
    for link in links[:4]:
        owner = f"both about {voc.label(link.owner)}; " if link.owner else ""
        words = ", ".join(dict.fromkeys(_surface(w, link.a, voc) for w in link.shared if not w.startswith("@")))
        tokens = {w[1:] for w in link.shared if w.startswith("@")}
        names = _names_with(link.a, tokens, voc)
        shared = "; ".join(x for x in (f"shared words {words}" if words else "", f"both name {names}" if names
                                       else "") if x) or "little in common"
        parts.append(f"'{link.a.quote}' ({link.a.source}) with '{link.b.quote}' ({link.b.source}): {owner}"
                     f"{shared}; alike {link.score:.0%}")
    return "; ".join(parts)


def _names_with(c: Claim, tokens: set[str], voc: FrameVocab) -> str:
    """The names of the claim's sentence that hold one of the words, as people name them."""
    names = c.frame.names if c.frame is not None else ()
    return ", ".join(voc.label(n) for n in names if tokens & set(n.split()))


def _surface(word: str, c: Claim, voc: FrameVocab) -> str:
    """A canonical word as the sentence writes it ('sign' -> 'signed')."""
    return next((w.lower() for w in re.findall(r"[A-Za-z][\w-]*", c.sentence) if canon(w, voc) == word), word)


def _what_is_compared(members: list[Claim], voc: FrameVocab, keyed: bool) -> str:
    """What a discrepancy's id is a fingerprint of: the kind of claim and what it is measured in (its family:
    kind, unit or dimension, per what, rise or level, a date's event), and the measured thing, in the one word
    the most sources use for it. Never the owner (an owner learnt later must not move the id; report-level
    collisions are told apart by it, run/check.py), the label (a synonym picked) or the members: a source
    that joins or leaves keeps the id. A keyed group is its acronym, or its rank of a role of an owner."""
    if keyed:
        return f"keyed|{members[0].kind}|{members[0].about}"
    return f"{family(members[0], voc)!r}|{_head_word(members)}"


def _head_word(members: list[Claim]) -> str:
    """The word of the measured thing the most sources use (a source saying it twice counts once), nearer
    words first on a tie, then the first in order: a source that joins uses it too, or was not lined up."""
    by_source: dict[str, dict[str, int]] = defaultdict(dict)
    for c in members:
        for at, w in enumerate(c.frame.thing[:CORE_WORDS] if c.frame else ()):
            by_source[c.source][w] = min(at, by_source[c.source].get(w, at))
    used: Counter = Counter()
    nearness: Counter = Counter()
    for words in by_source.values():
        used.update(words.keys())
        nearness.update(words)
    return min(used, key=lambda w: (-used[w], nearness[w], w)) if used else ""


def _discrepancy(rule, subject: Subject, bucket: str, words: str, groups: list[list[Claim]],
                 paths: dict[str, str], why: str, compared: str) -> Discrepancy:
    code = rule.code_for(groups[0])
    fingerprint = hashlib.sha1(f"{code}|{compared}|{bucket}".encode()).hexdigest()[:10]
    positions = tuple(Position(label=_position_label(g), claims=tuple(claim_ref(c, paths[c.source], subject)
                                                                      for c in g),
                               independent_sources=independent_sources(g)) for g in groups)
    claims = [c for g in groups for c in g]
    message = f"{words}: " + " vs ".join(
        f"{p.label} ({', '.join(sorted({c.source for c in p.claims}))})" for p in positions)
    return Discrepancy(
        id=f"{code}-{fingerprint}", code=code, rule=rule.NAME, severity=rule.severity(groups), subject=words,
        subject_key=subject.key if bucket == "any" else f"{subject.key}|{bucket}", message=message,
        reason=rule.reason(groups), positions=positions, subject_confidence=subject.confidence,
        extraction_confidence=round(min(c.confidence for c in claims), 2), alignment=why)


def distinct_ids(discrepancies: list[Discrepancy]) -> list[Discrepancy]:
    """The discrepancies of a report with ids unique in it. Two that compare the same kind of thing in the same
    period (the same acronym expanded differently in two stories; one figure of two owners) share their
    fingerprint: the first by holder, by least source, by claims keeps it, each other gets a suffix made from
    the first of those that tells them apart. The same report gives the same ids, whatever the order."""
    by_id: dict[str, list[Discrepancy]] = defaultdict(list)
    for d in discrepancies:
        by_id[d.id].append(d)
    renamed: dict[int, str] = {}
    for ident, shared in by_id.items():
        if len(shared) > 1:
            renamed.update(_told_apart(ident, shared))
    return [d.model_copy(update={"id": renamed[id(d)]}) if id(d) in renamed else d for d in discrepancies]


def _told_apart(ident: str, shared: list[Discrepancy]) -> dict[int, str]:
    tiers = [[_tier(d, level) for d in shared] for level in range(3)]
    values = next((t for t in tiers if len(set(t)) == len(t)), tiers[-1])
    order = sorted(range(len(shared)), key=lambda k: (values[k], tiers[-1][k]))
    out: dict[int, str] = {}
    taken = {ident}
    for k in order[1:]:
        name = f"{ident}-{hashlib.sha1(values[k].encode()).hexdigest()[:4]}"
        while name in taken:   # the very same claims twice over: numbered
            name = f"{name}-{len(taken)}"
        taken.add(name)
        out[id(shared[k])] = name
    return out


def _tier(d: Discrepancy, level: int) -> str:
    """What tells discrepancies of one fingerprint apart: 0 the holder, 1 the least hash of a source's id (a source
    that joins is rarely the least), 2 every claim."""
    refs = [c for p in d.positions for c in p.claims]
    if level == 0:
        return "|".join(sorted({e for c in refs if c.subject for e in c.subject.entities}))
    if level == 1:
        return min(hashlib.blake2b(c.source.encode(), digest_size=8).hexdigest() for c in refs)
    return "|".join(sorted(c.claim_id for c in refs))

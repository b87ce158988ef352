"""Stage 6, compare: the claims lined up as one subject, in one period, through one rule.

Sources are grouped into stories (stories.py) and the claims of each story lined up by
their frames (align.py); only claims lined up with each other are compared. A
discrepancy needs positions from two different sources (a source that lists several
figures in one breath is listing different things), unless one source was lined up
with itself (the same thing stated two ways in two sentences) or the rule says a single
source can contradict itself (rankings).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from .align import TITLE_FAMILY, align_family, family, period_key, story_families, word_weights
from .copies import independent_sources
from .family_parts import FamilyParts, Known, line_up_parts
from .knowledge import Knowledge, canonical_knowledge
from .matching import Alignment, Link
from .models import Claim, ClaimRef, Corroboration, Discrepancy, Position, Subject
from .rules import REGISTRY
from .runner import Lost, Runner, worth_spreading
from .sources import Document
from .rates import convert
from .stories import source_terms, stories_of
from .story_cache import FamilyCache, StoryCache
from .vocab import FrameVocab, canon, vocab_for
from .wording import CHANGE_WORDS

KEYED = frozenset({"ranking", "acronym"})   # compared by what they name: the rank and holder, the acronym
STORY_CHUNK = 64                            # stories sent to the workers at once (their claims are in memory)
SPREAD_FAMILIES_FROM = 2000                  # claims to line up before a story's families go to the workers
CORE_WORDS = 4                              # nearest words of each claim that make the stable part of a subject


@dataclass
class Comparison:
    discrepancies: list[Discrepancy]
    corroborations: list[Corroboration]
    compared: int        # claims that could line up with another
    unaligned: int       # of those, claims that lined up with nothing
    candidates: int      # pairs of claims scored
    family_lines: dict[str, bytes] = field(default_factory=dict)  # new cache entries of the families (packed)
    family_keys: list[str] = field(default_factory=list)        # every family of the story, in order (story_cache.py)
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
                    confidence=c.confidence)


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


def _keyed_groups(claims: list[Claim]) -> list[list[Claim]]:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind in KEYED and c.about and c.confidence >= 0.6 and not c.about.startswith("title:"):
            groups[(c.kind, c.about)].append(c)
    return [g for _, g in sorted(groups.items())]


def compare(docs: list[Document], claims: Mapping[str, list[Claim]], kn: Knowledge,
            cache: StoryCache | None = None, runner: Runner | None = None,
            terms: dict[str, dict[str, float]] | None = None) -> Comparison:
    """All discrepancies and corroborations in the corpus, and how much of it could be compared.

    Stories are compared one by one, each from its own claims only; a story whose sources are unchanged
    since the last run is taken from `cache` (story_cache.py), the others go to `runner` (a process pool
    or a Dask cluster, runner.py) when one is given.
    """
    paths = {d.meta.id: d.meta.path for d in docs}
    if terms is None:
        terms = {s: source_terms(claims[s]) for s in paths}
    members: dict[int, list[str]] = defaultdict(list)
    for source, number in _stories(sorted(paths), terms, cache).items():
        members[number].append(source)
    keys = {n: cache.key(sorted(ids)) if cache else None for n, ids in members.items()}
    parts = {n: cache.get(keys[n]) if cache else None for n in members}
    todo = sorted(n for n in members if parts[n] is None)
    done = _compare_stories([sorted(members[n]) for n in todo], claims, paths, kn, runner, cache)
    for n, part in zip(todo, done):
        parts[n] = part
        if cache:
            cache.put(keys[n], part)
            cache.used.update(part.family_lines)
    total = Comparison([], [], 0, 0, 0)
    for n in sorted(members):
        total.add(parts[n])
    return total


def _stories(ids: list[str], terms: dict[str, dict[str, float]], cache: StoryCache | None) -> dict[str, int]:
    """Source id -> story number, read back when the sources and their terms are those the last run grouped."""
    mine = {s: terms[s] for s in ids}
    known = cache.stories(mine) if cache else None
    if known is None:
        known = stories_of(mine)
        if cache:
            cache.remember_stories(mine, known)
    return known


def _compare_stories(stories: list[list[str]], claims: Mapping[str, list[Claim]], paths: dict[str, str],
                     kn: Knowledge, runner: Runner | None, cache: StoryCache | None) -> list[Comparison]:
    """Each story's findings. On a runner, a story too large to share a worker with the others (a folder on one
    topic is mostly one story) is compared here with its families spread over the workers; the other stories go
    to the workers in chunks, so that the claims of the whole corpus are never all in memory at once. Families
    are read back from the cache in this process (a worker would need the whole cache); a worker's new family
    entries come back with its findings."""
    voc = vocab_for(canonical_knowledge(kn))

    def job(ids: list[str], here: bool) -> tuple:
        """A story's comparable claims, paths, vocabularies and family cache (read only in this process: a
        worker would need the whole cache)."""
        return ({s: comparable(claims[s], voc) for s in ids}, {s: paths[s] for s in ids}, kn,
                cache.families(ids, lookup=here) if cache else None)

    if not worth_spreading(runner, len(stories), least=1):
        return [compare_story(*job(ids, True)) for ids in stories]
    out: list[Comparison | None] = [None] * len(stories)
    large = _large(stories, claims, runner.jobs)
    small = [n for n in range(len(stories)) if n not in large]
    if not worth_spreading(runner, len(small), least=2):
        large, small = sorted(large + small), []
    for i in range(0, len(small), STORY_CHUNK):
        chunk = small[i:i + STORY_CHUNK]
        for n, part in zip(chunk, runner.map(compare_story, [job(stories[n], False) for n in chunk])):
            out[n] = compare_story(*job(stories[n], True)) if isinstance(part, Lost) else part  # died: redo it here
    for n in large:
        out[n] = compare_story(*job(stories[n], True), runner=runner)
    return out


def comparable(claims: list[Claim], voc: FrameVocab) -> list[Claim]:
    """The claims a story's comparison reads: those with a family or a key, and every amount (a stated exchange
    rate converts them before their families are known). About half of a source's claims are neither, and a
    large story's claims are the peak of a run's memory."""
    return [c for c in claims if c.kind == "money" or c.kind in KEYED or family(c, voc) is not None]


def _large(stories: list[list[str]], claims: Mapping[str, list[Claim]], workers: int) -> list[int]:
    """The stories that would keep one worker busy while the others wait: more than a worker's share of the claims."""
    counts = getattr(claims, "counts", None) or {s: len(claims[s]) for ids in stories for s in ids}
    sizes = [sum(counts.get(s, 0) for s in ids) for ids in stories]
    return [n for n, size in enumerate(sizes) if size * workers > sum(sizes)]


def compare_story(claims: dict[str, list[Claim]], paths: dict[str, str], kn: Knowledge,
                  families: FamilyCache | None = None, runner: Runner | None = None) -> Comparison:
    """The discrepancies and corroborations among the claims of one story (its sources' claims only).

    Families (what can be compared with what) are lined up independently; a family whose claims, sources
    and word rarities are what they were is read back from `families`, and what is found anew is handed
    to it (one changed source in a large story costs the families it is in, not the story). With a runner,
    the families to line up go to its workers.
    """
    kn = canonical_knowledge(kn)
    voc = vocab_for(kn)
    story = convert([c for source in sorted(claims) for c in claims[source]], kn)
    fams, idf = story_families(story, voc)
    titles = Alignment()  # rankings lined up as titles: their links also explain the groups of one rank
    parts: list[Comparison | None] = []
    todo: list[tuple[int, tuple, list[Claim], set[str], str | None, Known | None]] = []
    for fam, members in fams.items():
        if fam[0] == TITLE_FAMILY:  # small, and their links are needed here: always lined up in this process
            aligned = _aligned(members, idf, voc)
            for link in aligned.links.values():
                titles.add(link)
            parts.append(_family_findings(aligned, paths, voc))
            continue
        words = {w for c in members for w in word_weights(c)}   # what the family's cache key and its job need
        key = families.key(members, words, idf) if families is not None else None
        parts.append(families.get(key) if key else None)
        if parts[-1] is None:
            known = families.known(fam, members) if families is not None else None
            todo.append((len(parts) - 1, fam, members, words, key, known))
    sources = families.sources if families is not None else {s: (p, "") for s, p in paths.items()}
    fingerprint = families.fingerprint if families is not None else ""
    for (n, fam, members, words, key, _), lined in zip(todo, _line_up(todo, idf, sources, fingerprint, kn, runner)):
        job = (members, {w: idf[w] for w in words}, sources, kn, fingerprint)
        parts[n] = _family_total(lined, families, key, fam, job)
    own = Comparison([], [], 0, 0, 0)   # titles and keyed groups: what no family entry of the cache holds
    total = Comparison([], [], 0, 0, 0)
    for (fam, _), part in zip(fams.items(), parts):
        (own if fam[0] == TITLE_FAMILY else total).add(part)
    own.add(_findings([(g, True) for g in _keyed_groups(story)], titles, paths, voc))
    total.add(own)
    total.own = own
    if families is not None:
        total.family_lines, total.family_keys = families.new_lines, families.keys
    return total


def _family_total(lined: LinedUp, families: FamilyCache | None, key: str | None, fam: tuple, job: tuple) -> Comparison:
    """A family's findings: its parts lined up anew and those read back; kept in the cache by part. A part to
    read back that the cache no longer holds makes the whole family lined up again, here."""
    found, parts = lined
    reused = [families.get(k) for k in parts.reused] if families is not None else []
    if any(r is None for r in reused):
        found, parts = family_findings(*job, None)
        reused = []
    total = Comparison([], [], parts.alone, parts.alone, parts.scored)
    for part in [c for _, c in found] + reused:
        total.add(part)
    if families is not None and key:
        families.put_family(key, fam, job[0], found, parts)
    return total


def _line_up(todo: list[tuple], idf: dict[str, float], sources: dict[str, tuple[str, str]], fingerprint: str,
             kn: Knowledge, runner: Runner | None) -> list[LinedUp]:
    """The findings of each family to line up, on the runner's workers when there are enough claims to share;
    the largest families are sent first, so that no worker is left with one at the end."""
    def job(members: list[Claim], words: set[str], known: Known | None) -> tuple:
        return (members, {w: idf[w] for w in words}, {c.source: sources[c.source] for c in members}, kn, fingerprint,
                known)

    if not worth_spreading(runner, len(todo), least=2) or sum(len(t[2]) for t in todo) < SPREAD_FAMILIES_FROM:
        return [family_findings(*job(*t[2:4], t[5])) for t in todo]
    order = sorted(range(len(todo)), key=lambda k: (-len(todo[k][2]), k))
    found = runner.map(family_findings, [job(*todo[k][2:4], todo[k][5]) for k in order])
    out: list[LinedUp] = [None] * len(todo)  # type: ignore[list-item]
    for k, part in zip(order, found):
        out[k] = family_findings(*job(*todo[k][2:4], todo[k][5])) if isinstance(part, Lost) else part  # died: redo here
    return out


LinedUp = tuple[list[tuple[str, Comparison]], FamilyParts]


def family_findings(members: list[Claim], idf: dict[str, float], sources: dict[str, tuple[str, str]], kn: Knowledge,
                    fingerprint: str, known: Known | None) -> LinedUp:
    """One family lined up part by part (family_parts.py), and each new part's groups through their rules (a task
    for a worker: everything it needs is in its arguments)."""
    voc = vocab_for(canonical_knowledge(kn))
    lined = line_up_parts(members, idf, sources, voc, fingerprint, known)
    paths = {s: path for s, (path, _) in sources.items()}
    found = [(key, _family_findings(aligned, paths, voc)) for key, aligned in lined.found]
    lined.found = []
    return found, lined


def _aligned(members: list[Claim], idf: dict[str, float], voc: FrameVocab) -> Alignment:
    aligned = Alignment()
    align_family(members, idf, voc, aligned)
    return aligned


def _family_findings(aligned: Alignment, paths: dict[str, str], voc: FrameVocab) -> Comparison:
    part = _findings([(g, False) for g in aligned.groups], aligned, paths, voc)
    part.compared, part.unaligned, part.candidates = aligned.alignable, len(aligned.unaligned), aligned.candidates
    return part


def _findings(groups: list[tuple[list[Claim], bool]], aligned: Alignment, paths: dict[str, str],
              voc: FrameVocab) -> Comparison:
    """Each group of lined-up claims through its rule, period by period: a discrepancy or a corroboration."""
    found, agreed = [], []
    for members, keyed in groups:
        rule = REGISTRY[members[0].kind]
        inside = keyed or any(link.a.source == link.b.source for link in _links_of(members, aligned))
        for bucket, bucket_members in period_buckets(members):
            if len({c.source for c in bucket_members}) < 2 and not (inside or getattr(rule, "SAME_SOURCE", False)):
                continue
            positions = rule.positions(bucket_members)
            subject = _subject(bucket_members, aligned, voc, keyed)
            words = subject.metric + ("" if bucket == "any" else f", {bucket}")
            same_source = getattr(rule, "SAME_SOURCE", False) or _self_contradiction(positions, aligned)
            if len(positions) > 1 and _cross_source(positions, same_source):
                found.append(_discrepancy(rule, subject, bucket, words, positions, paths,
                                          _why(bucket_members, aligned, voc)))
            elif len(positions) == 1 and len({c.source for c in bucket_members}) > 1:
                agreed.append(Corroboration(subject=words, subject_key=subject.key, label=_position_label(bucket_members),
                                            claims=tuple(claim_ref(c, paths[c.source]) for c in bucket_members),
                                            independent_sources=independent_sources(bucket_members)))
    return Comparison(found, agreed, 0, 0, 0)


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
    first = members[0]
    if keyed and first.kind == "acronym":
        return Subject(entities=(), metric=f"expansion of {first.about}", key=f"acronym|{first.about}",
                       words=(first.quote,), confidence=first.confidence)
    if keyed:
        role, owner = (first.about or "").split("@", 1) if "@" in (first.about or "") else (first.about or "", "")
        role_name, _, rank = role.partition("#")
        return Subject(entities=(owner,) if owner else (), metric=f"{role_name} rank {rank}" + (f" ({owner})" if owner else ""),
                       key=f"ranking|{first.about}", words=(first.quote,), confidence=first.confidence)
    owners = Counter(c.frame.owner for c in members if c.frame and c.frame.owner)
    owner = min(owners, key=lambda o: (-owners[o], o)) if owners else None
    phrases = Counter(c.frame.phrase for c in members if c.frame and c.frame.phrase)
    phrase = min(phrases, key=lambda p: (-phrases[p], p)) if phrases else first.kind
    if first.kind == "date":
        phrase = f"date {first.frame.event}" if first.frame else "date"
    scores = [link.score for link in _links_of(members, aligned)]
    core = _core_words(members)
    unit = first.dimension if first.kind == "quantity" else first.unit
    common = set.intersection(*(set(c.frame.names) for c in members if c.frame)) if members else set()
    key = (f"{first.kind}:{unit}|{first.frame.denominator or ''}|{first.frame.event or ''}|{owner or ''}|"
           f"{'+'.join(core)}|{'+'.join(sorted(common)[:3])}")
    metric = phrase + (f" per {first.frame.denominator}" if first.frame.denominator not in (None, "each") else "")
    metric += f" ({voc.label(owner)})" if owner else ""
    if first.change:  # "revenue was up $5 million" is another fact than "revenue was $50 million": another subject
        metric, key = f"{CHANGE_WORDS[first.change]} {metric}", f"{key}|{first.change}"
    words = tuple(dict.fromkeys(_surface(w, first, voc) for w in core))  # as the text writes them
    return Subject(entities=(owner,) if owner else (), metric=metric, key=key, words=words,
                   confidence=round(min(scores), 2) if scores else 0.5)


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
        names = ", ".join(voc.label(n) for n in link.a.frame.names if tokens & set(n.split()))
        shared = "; ".join(x for x in (f"shared words {words}" if words else "", f"both name {names}" if names
                                       else "") if x) or "little in common"
        parts.append(f"'{link.a.quote}' ({link.a.source}) with '{link.b.quote}' ({link.b.source}): {owner}"
                     f"{shared}; alike {link.score:.0%}")
    return "; ".join(parts)


def _surface(word: str, c: Claim, voc: FrameVocab) -> str:
    """A canonical word as the sentence writes it ('sign' -> 'signed')."""
    return next((w.lower() for w in re.findall(r"[A-Za-z][\w-]*", c.sentence) if canon(w, voc) == word), word)


def _discrepancy(rule, subject: Subject, bucket: str, words: str, groups: list[list[Claim]],
                 paths: dict[str, str], why: str) -> Discrepancy:
    code = rule.code_for(groups[0])
    fingerprint = hashlib.sha1(f"{code}|{subject.key}|{bucket}".encode()).hexdigest()[:10]
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

"""Stage 4, read each claim's frame from the words of its own sentence.

Two figures can only be compared when they measure the same thing. No topic list can
say what that thing is for every corpus a user brings, so the frame is read from the
text: the content words nearest the figure in its clause (what it measures), the name
it belongs to (its owner, resolved inside the document: "Hoshimi Orbital Inc." ...
"Hoshimi"), what it is per ("per share", "a day"), and the qualifiers that make two
figures different facts ("since 2019", "planned", "new", "an earlier version of this
article said"). Dates take the event predicate they are attached to ("born", "broke
through"). The English word lists are data (frames.yaml); nothing here knows a topic.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from factcheck.models import Claim, Frame
from factcheck.config.knowledge import Knowledge, alternatives, grammar_words
from factcheck.sources.document import Document
from factcheck.extract.text import Sentence, Token, clauses, sentences, tokenize
from factcheck.extract.names import DocumentNames, owner_of, sentence_subject
from factcheck.config.vocab import FrameVocab, canon, vocab_for
from factcheck.extract.frame_fields import (Site, denominator, event, phrase, predicate, qualifiers, reference,
                                            restrictors, scope)

NUMERIC = frozenset({"money", "count", "percent", "quantity", "multiplier"})
THING_WORDS = 8
WINDOW = 300        # characters either side of a figure that its frame is read from


def read_frames(doc: Document, claims: list[Claim], kn: Knowledge, sents: list[Sentence] | None = None) -> list[Claim]:
    """Every claim with its frame; one pass over the document's sentences (split once: pass them when the caller
    has them)."""
    voc = vocab_for(kn)
    sents = sentences(doc.scan, kn, doc.body_start) if sents is None else sents
    names = DocumentNames(doc, claims, voc, kn, frozenset(s.start for s in sents))
    reading = _Reading(doc.scan, names, voc, kn)
    starts = [s.start for s in sents]
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        k = bisect.bisect_right(starts, c.start) - 1
        by_sentence.setdefault(k, []).append(c)
    out: list[Claim] = []
    last: str | None = None
    paragraph = -1
    for k, sent in enumerate(sents):
        if sent.paragraph != paragraph:
            last, paragraph = None, sent.paragraph
        subject = sentence_subject(doc.scan, sent, names.within(sent.start, sent.end), last, voc)
        last = subject or last
        members = sorted(by_sentence.get(k, []), key=lambda m: m.start)
        twins = _twins(doc.scan, members)
        main = [m for m in members if m.id not in twins]
        main_starts = [m.start for m in main]
        frames: dict[str, Frame | None] = {}
        for c in members:
            if c.id in twins:  # "5-metre (16 ft)": one figure in two units, one frame
                frame = frames.get(twins[c.id])
            else:
                # a figure is read from the words around it: in a very long sentence (a flattened table), from
                # a window around it, so the work per figure stays bounded
                local = Sentence(max(sent.start, c.start - WINDOW), min(sent.end, c.end + WINDOW), sent.paragraph,
                                 sent.index)
                near = main[bisect.bisect_left(main_starts, local.start):bisect.bisect_right(main_starts, local.end)]
                frame = _frame(reading, local, c, near, subject)
            frames[c.id] = frame
            out.append(c.model_copy(update={"frame": frame}) if frame else c)
    out.extend(by_sentence.get(-1, []))
    return sorted(out, key=lambda c: (c.start, c.end, c.kind))


@functools.lru_cache(maxsize=1)
def _restated() -> re.Pattern[str]:
    """'corresponding to', ', or about': the words that say the next figure restates the last (lexicon.yaml
    grammar `restating_phrases`, `restating_or_hedges`)."""
    phrases, hedges = alternatives(grammar_words("restating_phrases")), alternatives(grammar_words("restating_or_hedges"))
    return re.compile(rf"(?:{phrases}|,?(?<!\s)\s+or(?:\s(?:{hedges}))?)\s*$")


@functools.lru_cache(maxsize=1)
def _bracketed_twin() -> re.Pattern[str]:
    """'12 km (about 7.5 miles)': only a bracket and a hedge between a figure and its restatement."""
    return re.compile(rf"(?<!\s)\s*+[(\[]\s*+(?:(?:{alternatives(grammar_words('bracket_hedges'))})\s*+)?")


def _restatements(scan: str, c: Claim, figures: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """'got 17,943,000 corresponding to 40.4%', '¥69 billion, or about $460 million': one fact said twice; the
    two figures share the words around them instead of dividing them."""
    out = set()
    for a, b in figures:
        if a < c.start and c.start - b <= 30 and _restated().search(scan[a:c.start]):
            out.add((a, b))
        elif a > c.start and a - c.end <= 30 and _restated().search(scan[c.end:a]):
            out.add((a, b))
    return out


def _twins(scan: str, members: list[Claim]) -> dict[str, str]:
    """Figures restated in another unit in parentheses right after themselves: twin id -> main id."""
    out: dict[str, str] = {}
    ordered = sorted(members, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.kind == b.kind and a.kind in ("quantity", "money") and a.dimension == b.dimension and \
                _bracketed_twin().fullmatch(scan[a.end:b.start]):
            out[b.id] = out.get(a.id, a.id)
    return out


@dataclass(frozen=True)
class _Reading:
    """What stays the same for every claim of a document: built once, shared by every frame read from it."""
    scan: str
    names: DocumentNames
    voc: FrameVocab
    kn: Knowledge


def _site(r: _Reading, sent: Sentence, c: Claim, members: list[Claim]) -> Site:
    parts = clauses(r.scan, sent.start, sent.end)
    own = next(((a, b) for a, b in parts if a <= c.start < b), (sent.start, sent.end))
    return Site(scan=r.scan, sent=sent, claim=c, members=members, parts=parts, own=own,
                cuts=[start for start, _ in parts[1:]], toks=tokenize(r.scan, sent.start, sent.end),
                figures=[(m.start, m.end) for m in members if m.kind in NUMERIC or m.kind == "date"],
                numeric=[(m.start, m.end) for m in members if m.kind in NUMERIC],
                sentence_names=r.names.within(sent.start, sent.end),
                clause_names=[n for n in r.names.within(*own) if not (c.start <= n[0] < c.end)],
                voc=r.voc, kn=r.kn)


def _compared_by_name(c: Claim) -> bool:
    """Acronyms and ranks (not titles) are compared by what they name, so their frame holds only the names
    of their sentence, which still tell which story the source belongs to."""
    return c.kind == "acronym" or (c.kind == "ranking" and not (c.about or "").startswith("title:"))


def _frame(r: _Reading, sent: Sentence, c: Claim, members: list[Claim], subject: str | None) -> Frame | None:
    if _compared_by_name(c):
        return Frame(names=tuple(sorted({n for _, _, n in r.names.within(sent.start, sent.end)})))
    if c.kind == "ranking":
        return _title_frame(c, r.voc, r.kn)
    at = _site(r, sent, c, members)
    thing, context = _thing(at)
    parties = _parties(at)
    happening = _event_of(at, parties)
    return Frame(thing=tuple(thing[:THING_WORDS]), context=tuple(context[:2 * THING_WORDS]), owner=_owner(at, subject),
                 recurs=happening in at.voc.recurring,
                 parties=tuple(parties),
                 names=tuple(sorted({n for _, _, n in at.sentence_names})),
                 scope=scope(at), denominator=denominator(at), qualifiers=tuple(sorted(qualifiers(at))),
                 reference=reference(at), event=happening, predicate=predicate(at), restrictors=restrictors(at),
                 phrase=phrase(at))


def _thing(at: Site) -> tuple[list[str], list[str]]:
    """What the figure measures (its nearest content words, sharpened by its counted noun, the word after a
    quantity and a counted set before an amount) and, apart, the words of the figures around it."""
    c = at.claim
    partners = _restatements(at.scan, c, at.figures)
    thing, context = _words(at, [f for f in at.figures if f not in partners])
    if c.kind == "count" and c.noun:
        thing = _counted_noun_first(at, c.noun, thing, context)
    after = re.match(r"(?<!\s)\s*+([a-z]+)\b", at.scan[c.end:c.end + 12]) if c.kind == "quantity" else None
    if after and after.group(1) in at.voc.after_quantity:  # "roughly 326 miles up": an altitude
        thing = [at.voc.after_quantity[after.group(1)]] + thing
    counted = _counted_before(at)
    if counted and counted not in thing:
        thing.insert(1, counted)
    return thing, context


def _counted_noun_first(at: Site, counted: str, thing: list[str], context: list[str]) -> list[str]:
    """A count measures the things it counts (`counted`, the claim's noun); a generic noun gives way to a more
    telling head word nearby."""
    noun = canon(counted, at.voc)
    if noun in at.voc.generic_nouns:  # "spoken by two individuals": the individuals are speakers
        noun = next((w for w in thing + context if w in at.voc.heads), noun)
    return [noun] + [w for w in thing if w != noun]


def _owner(at: Site, subject: str | None) -> str | None:
    c = at.claim
    owner = owner_of(at.scan, at.sent, c, at.sentence_names, subject, at.voc)
    if owner is None and c.kind == "date" and at.sentence_names and at.sentence_names[0][0] < c.start:
        owner = at.sentence_names[0][2]  # "Her brother Anton Vell was born in 1921": whose event it is
    return owner


def _parties(at: Site) -> list[str]:
    """The names a figure is about: those of its clause (of its sentence, for an event's date) that stand
    nearer to it than to any other figure."""
    c = at.claim
    others = sorted(f for f in (at.figures if c.kind == "date" else at.numeric) if f[0] != c.start)
    other_starts = [a for a, _ in others]
    around = at.sentence_names if c.kind == "date" else at.clause_names
    return sorted({n for s, e, n in around if not (c.start <= s < c.end) and not _nearer_other(
        s, e, _distance(s, e, c.start, c.end, at.cuts), others, other_starts, at.cuts)})


def _nearer_other(s: int, e: int, distance: float, others: list[tuple[int, int]], other_starts: list[int],
                  cuts: list[int]) -> bool:
    """Does the span s:e stand nearer to one of the other figures than `distance`?"""
    return any(_distance(s, e, a, b, cuts) < distance for a, b in _neighbours(s, others, other_starts))


def _dates_a_figure(at: Site) -> bool:
    """A date that is the stated period of a figure of its sentence dates that figure; it is no event."""
    c = at.claim
    return c.date is not None and any(
        m.kind in NUMERIC and m.dimension != "time" and m.period is not None and m.period.origin == "stated"
        and (m.period.start, m.period.end) == (c.date.start, c.date.end) for m in at.members)


def _event_of(at: Site, parties: list[str]) -> str | None:
    if at.claim.kind != "date" or _dates_a_figure(at):
        return None
    found = event(at)
    if found is not None and any(n.split()[-1] in at.voc.gatherings for n in parties):
        found = "held"  # "the ... Business Forum took place on" / "opened on": one date, that of the gathering
    return found


def _title_frame(c: Claim, voc: FrameVocab, kn: Knowledge) -> Frame:
    """A title's frame: the words of the role it ranks, its rank and its scope."""
    role, _, scope = (c.about or "").removeprefix("title:").partition("@")
    role_words, _, rank = role.partition("#")
    thing = [canon(w, voc) for w in role_words.split() if voc.content(w, kn)]
    where = f" in {voc.label(voc.name_key(scope))}" if voc.name_key(scope) else ""
    return Frame(thing=tuple(dict.fromkeys(thing)), scope=voc.name_key(scope) or None, event=f"rank {rank}",
                 phrase=f"{'first' if rank == '1' else 'rank ' + rank} among {role_words}{where}".strip())


def _counted_before(at: Site) -> str | None:
    """'29 agreements totaling $17 billion', '30 deals worth $17.2 billion': an amount right after a counted
    set is the value of that set, so the set's noun is part of what the amount measures."""
    c, own = at.claim, at.own
    if c.kind != "money":
        return None
    for m in at.members:
        if m.kind == "count" and m.noun and own[0] <= m.start and m.end <= c.start and c.start - m.end <= 40:
            return canon(m.noun, at.voc)
    return None


def _words(at: Site, figures: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """Content words nearest the figure first. A word belongs to the figure it stands nearest to (a clause
    boundary counts as a long way), so that in "sales rose to $412 million in 2025, and staff to 970" the
    staff belong to 970; the words of other figures are this figure's context."""
    c, cuts, toks = at.claim, at.cuts, at.toks
    mine: list[tuple[float, int, str]] = []
    rest: list[tuple[float, int, str]] = []
    others = sorted((a, b) for a, b in figures if a != c.start)
    other_starts = [a for a, _ in others]
    inside = sorted(figures)
    inside_starts = [a for a, _ in inside]
    first = toks[0].start if toks else -1
    for t in toks:
        if t.kind != "word" or c.start <= t.start < c.end or _within(t.start, inside, inside_starts):
            continue
        if not _says_what(at, t, first):
            continue
        distance = _distance(t.start, t.end, c.start, c.end, cuts)
        nearer = _nearer_other(t.start, t.end, distance, others, other_starts, cuts)
        (rest if nearer or distance > 120 else mine).append((distance, t.start, canon(t.text, at.voc)))
    return _unique(mine), _unique(rest)


def _says_what(at: Site, t: Token, first: int) -> bool:
    """Only a content word can say what a figure measures; a name is who, not what (names are read apart),
    though the sentence's first word has a capital whatever it is: it is a name only when the name reader
    took it for the start of a name of several words ("Arlow Foods reported ..."), not when it may be an
    ordinary word ("Revenue rose ...", "Trade between ...": one capitalised word is no proof of a name)."""
    if not at.voc.content(t.text, at.kn):
        return False
    if not t.text[:1].isupper():
        return True
    return t.start == first and not any(s <= t.start < e and " " in at.scan[s:e] for s, e, _ in at.sentence_names)


def _within(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _neighbours(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    """The two spans before and the two after a position: the only ones that can be nearest to it."""
    k = bisect.bisect_left(starts, pos)
    return spans[max(0, k - 2):k + 2]


def _distance(ts: int, te: int, a: int, b: int, cuts: list[int]) -> float:
    gap = ts - b if ts >= b else a - te
    lo, hi = min(ts, a), max(ts, a)
    crossings = bisect.bisect_right(cuts, hi) - bisect.bisect_right(cuts, lo)
    return max(gap, 0) + 40 * crossings


def _unique(scored: list[tuple[float, int, str]]) -> list[str]:
    out: list[str] = []
    for _, _, w in sorted(scored):
        if w not in out:
            out.append(w)
    return out



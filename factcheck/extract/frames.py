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
import re

from factcheck.wording import singular
from factcheck.wording import plural_of
from factcheck.models import Claim, Frame
from factcheck.config.knowledge import Knowledge
from factcheck.sources.document import Document
from factcheck.extract.text import Sentence, clauses, sentences, tokenize
from factcheck.extract.names import DocumentNames, owner_of, sentence_subject
from factcheck.config.vocab import FrameVocab, canon, vocab_for

NUMERIC = frozenset({"money", "count", "percent", "quantity", "multiplier"})
THING_WORDS = 8
WINDOW = 300        # characters either side of a figure that its frame is read from


def read_frames(doc: Document, claims: list[Claim], kn: Knowledge, sents: list[Sentence] | None = None) -> list[Claim]:
    """Every claim with its frame; one pass over the document's sentences (split once: pass them when the caller
    has them)."""
    voc = vocab_for(kn)
    names = DocumentNames(doc, claims, voc, kn)
    sents = sentences(doc.scan, doc.body_start) if sents is None else sents
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
                frame = _frame(doc, local, c, near, names, voc, kn, subject)
            frames[c.id] = frame
            out.append(c.model_copy(update={"frame": frame}) if frame else c)
    out.extend(by_sentence.get(-1, []))
    return sorted(out, key=lambda c: (c.start, c.end, c.kind))


_RESTATED = re.compile(r"(?:(?:corresponding|equivalent|equal|amounting) to|representing|i\.e\.|,?\s+or(?: about| roughly"
                       r"| some| nearly)?)\s*$")


def _restatements(scan: str, c: Claim, figures: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """'got 17,943,000 corresponding to 40.4%', '¥69 billion, or about $460 million': one fact said twice; the
    two figures share the words around them instead of dividing them."""
    out = set()
    for a, b in figures:
        if a < c.start and c.start - b <= 30 and _RESTATED.search(scan[a:c.start]):
            out.add((a, b))
        elif a > c.start and a - c.end <= 30 and _RESTATED.search(scan[c.end:a]):
            out.add((a, b))
    return out


def _twins(scan: str, members: list[Claim]) -> dict[str, str]:
    """Figures restated in another unit in parentheses right after themselves: twin id -> main id."""
    out: dict[str, str] = {}
    ordered = sorted(members, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.kind == b.kind and a.kind in ("quantity", "money") and a.dimension == b.dimension and \
                re.fullmatch(r"\s*[(\[]\s*(?:about\s+|c\.\s*|approx\.\s*)?", scan[a.end:b.start]):
            out[b.id] = out.get(a.id, a.id)
    return out


def _frame(doc: Document, sent: Sentence, c: Claim, members: list[Claim], names: DocumentNames,
           voc: FrameVocab, kn: Knowledge, subject: str | None) -> Frame | None:
    if c.kind == "acronym" or (c.kind == "ranking" and not (c.about or "").startswith("title:")):
        # compared by what they name (the acronym, the rank and its owner); the names of their sentence still
        # tell which story the source belongs to
        return Frame(names=tuple(sorted({n for _, _, n in names.within(sent.start, sent.end)})))
    if c.kind == "ranking":
        return _title_frame(c, voc, kn)
    parts = clauses(doc.scan, sent.start, sent.end)
    own = next(((a, b) for a, b in parts if a <= c.start < b), (sent.start, sent.end))
    toks = tokenize(doc.scan, sent.start, sent.end)
    figures = [(m.start, m.end) for m in members if m.kind in NUMERIC or m.kind == "date"]
    numeric = [(m.start, m.end) for m in members if m.kind in NUMERIC]
    partners = _restatements(doc.scan, c, figures)
    thing, context = _words(toks, c, parts, [f for f in figures if f not in partners], voc, kn)
    sentence_names = names.within(sent.start, sent.end)
    owner = owner_of(doc.scan, sent, c, sentence_names, subject, voc)
    if owner is None and c.kind == "date" and sentence_names and sentence_names[0][0] < c.start:
        owner = sentence_names[0][2]  # "Her brother Otto Marten was born in 1934": whose event it is
    clause_names = [n for n in names.within(*own) if not (c.start <= n[0] < c.end)]
    others = sorted(f for f in (figures if c.kind == "date" else numeric) if f[0] != c.start)
    other_starts = [a for a, _ in others]
    cuts = [start for start, _ in parts[1:]]
    around = sentence_names if c.kind == "date" else clause_names  # an event's participants: its sentence
    parties = sorted({n for s, e, n in around if not (c.start <= s < c.end) and not any(
        _distance(s, e, a, b, cuts) < _distance(s, e, c.start, c.end, cuts)
        for a, b in _neighbours(s, others, other_starts))})
    if c.kind == "count" and c.noun:
        noun = canon(c.noun, voc)
        if noun in voc.generic_nouns:  # "spoken by two individuals": the individuals are speakers
            noun = next((w for w in thing + context if w in voc.heads), noun)
        thing = [noun] + [w for w in thing if w != noun]
    after = re.match(r"\s*([a-z]+)\b", doc.scan[c.end:c.end + 12]) if c.kind == "quantity" else None
    if after and after.group(1) in voc.after_quantity:  # "roughly 326 miles up": an altitude
        thing = [voc.after_quantity[after.group(1)]] + thing
    counted = _counted_before(doc.scan, c, members, own, voc)
    if counted and counted not in thing:
        thing.insert(1, counted)
    dates_a_figure = c.kind == "date" and c.date is not None and any(
        m.kind in NUMERIC and m.dimension != "time" and m.period is not None and m.period.origin == "stated"
        and (m.period.start, m.period.end) == (c.date.start, c.date.end) for m in members)
    event = _event(doc, sent, own, c, toks, numeric, voc) if c.kind == "date" and not dates_a_figure else None
    if event is not None and any(n.split()[-1] in voc.gatherings for n in parties):
        event = "held"  # "the ... Business Forum took place on" / "opened on": one date, that of the gathering
    return Frame(thing=tuple(thing[:THING_WORDS]), context=tuple(context[:2 * THING_WORDS]), owner=owner,
                 recurs=event in voc.recurring,
                 parties=tuple(parties),
                 names=tuple(sorted({n for _, _, n in sentence_names})),
                 scope=_scope(doc.scan, own, c, clause_names, voc),
                 denominator=_denominator(doc.scan, c, own, voc, kn),
                 qualifiers=tuple(sorted(_qualifiers(doc.scan, sent, own, c, voc))),
                 reference=_reference(doc.scan, own, c, voc, kn),
                 event=event, phrase=_phrase(c, toks, own, voc, kn))


def _title_frame(c: Claim, voc: FrameVocab, kn: Knowledge) -> Frame:
    """A title's frame: the words of the role it ranks, its rank and its scope."""
    role, _, scope = (c.about or "").removeprefix("title:").partition("@")
    role_words, _, rank = role.partition("#")
    thing = [canon(w, voc) for w in role_words.split() if voc.content(w, kn)]
    where = f" in {voc.label(voc.name_key(scope))}" if voc.name_key(scope) else ""
    return Frame(thing=tuple(dict.fromkeys(thing)), scope=voc.name_key(scope) or None, event=f"rank {rank}",
                 phrase=f"{'first' if rank == '1' else 'rank ' + rank} among {role_words}{where}".strip())


def _counted_before(scan: str, c: Claim, members: list[Claim], own: tuple[int, int], voc: FrameVocab) -> str | None:
    """'29 agreements totaling $17 billion', '30 deals worth $17.2 billion': an amount right after a counted
    set is the value of that set, so the set's noun is part of what the amount measures."""
    if c.kind != "money":
        return None
    for m in members:
        if m.kind == "count" and m.noun and own[0] <= m.start and m.end <= c.start and c.start - m.end <= 40:
            return canon(m.noun, voc)
    return None


def _reference(scan: str, own: tuple[int, int], c: Claim, voc: FrameVocab, kn: Knowledge) -> tuple[str, ...]:
    """'a premium of 71% to the closing share price': the words of what the figure is measured against, up to
    the next figure or date."""
    if c.kind not in ("percent", "multiplier", "money"):
        return ()
    m = voc.reference.search(scan, max(own[0], c.start - 40), own[1])
    if m is None or m.start() > c.end + 40:
        return ()
    ref = re.split(r"\s(?:on|in|at|as of)\s+(?:\d|[A-Z][a-z]+\s\d)", m.group("ref"))[0]
    return tuple(dict.fromkeys(canon(w, voc) for w in re.findall(r"[A-Za-z][\w-]*", ref) if voc.content(w, kn)))


def _qualifiers(scan: str, sent: Sentence, own: tuple[int, int], c: Claim, voc: FrameVocab) -> set[str]:
    """Separators next to the figure: 'new' and 'in all' inside its noun phrase, 'since' or 'planned' in its
    clause near it, a correction or a dispute anywhere in the sentence."""
    near = scan[max(own[0], c.start - 14):min(own[1], c.end + 10)].lower()
    clause = scan[max(own[0], c.start - 60):min(own[1], c.end + 40)].lower()
    return voc.qualifiers_in(near, clause, scan[sent.start:sent.end].lower())


def _words(toks, c: Claim, parts: list[tuple[int, int]], figures: list[tuple[int, int]], voc: FrameVocab,
           kn: Knowledge) -> tuple[list[str], list[str]]:
    """Content words nearest the figure first. A word belongs to the figure it stands nearest to (a clause
    boundary counts as a long way), so that in "sales rose to $412 million in 2025, and staff to 970" the
    staff belong to 970; the words of other figures are this figure's context."""
    mine: list[tuple[float, int, str]] = []
    rest: list[tuple[float, int, str]] = []
    others = sorted((a, b) for a, b in figures if a != c.start)
    other_starts = [a for a, _ in others]
    cuts = [start for start, _ in parts[1:]]
    inside = sorted(figures)
    inside_starts = [a for a, _ in inside]
    for t in toks:
        if t.kind != "word" or c.start <= t.start < c.end or _within(t.start, inside, inside_starts):
            continue
        if not voc.content(t.text, kn) or (t.text[:1].isupper() and t.start != toks[0].start):
            continue  # a name is who, not what: names are read apart
        distance = _distance(t.start, t.end, c.start, c.end, cuts)
        nearer = any(_distance(t.start, t.end, a, b, cuts) < distance for a, b in _neighbours(t.start, others,
                                                                                              other_starts))
        (rest if nearer or distance > 120 else mine).append((distance, t.start, canon(t.text, voc)))
    return _unique(mine), _unique(rest)


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


def _scope(scan: str, own: tuple[int, int], c: Claim, clause_names, voc: FrameVocab) -> str | None:
    """'in Asia', 'Japan's': the place a figure or a title is limited to."""
    for s, e, name in clause_names:
        before = scan[max(own[0], s - 12):s].lower().split()
        if before and before[-1] in voc.scope_prepositions:
            return name
    return None


def _denominator(scan: str, c: Claim, own: tuple[int, int], voc: FrameVocab, kn: Knowledge) -> str | None:
    """What the figure is per: 'per share', 'a day', 'each', 'daily passengers'."""
    tail = scan[c.end:min(own[1], c.end + 40)].lower()
    m = re.match(r"\s*(?:(?:[a-z]+\s){0,2}?)(?P<per>" + "|".join(voc.per_words) + r")\s+(?P<unit>[a-z]+)", tail)
    if m and m.group("unit") not in kn.stop_words and (m.group("per") in ("per", "every") or c.kind in ("money", "count", "quantity")):
        if m.group("per") in ("a", "an") and not _close(tail, m):
            m = None
        if m:
            return voc.rate_units.get(m.group("unit"), singular(m.group("unit")))
    if re.match(r"\s*(?:[a-z]+\s)?(?:" + "|".join(voc.each_words) + r")\b", tail):
        return "each"
    head = scan[max(own[0], c.start - 40):c.start].lower()
    if re.search(r"\beach\s+[\w-]+(?:\s+[\w-]+)?\s+(?:has|have|had|is|was|weighs|costs|carries)\b", head, re.I) \
            or re.search(r"\b(?:each|every)\s+\w+\s*$", head, re.I):
        return "each"
    around = scan[max(own[0], c.start - 25):min(own[1], c.end + 25)].lower()
    for word, unit in voc.rate_units.items():
        if re.search(rf"\b{word}\b", around):
            return unit
    return None


def _close(tail: str, m: re.Match[str]) -> bool:
    """'$48.50 a share', '148,000 passengers a day': 'a' right after the figure or its noun, not 'a deal'."""
    return m.start("per") <= 14 and m.group("unit") in {"share", "day", "year", "month", "week", "head", "person",
                                                         "unit", "barrel", "tonne", "ton", "kilogram", "kg", "hour",
                                                         "night", "piece", "seat", "passenger", "vehicle", "litre"}


EVENT_WINDOW = 90   # characters around a date searched for its event word
AFTER_PENALTY = 2   # an event word after the date counts as this many times farther ("renamed ... in 1983")


def _event(doc: Document, sent: Sentence, own: tuple[int, int], c: Claim, toks, figures, voc: FrameVocab) -> str | None:
    """The event a date is attached to: the nearest event word around it in its sentence, words before the
    date first (English puts the verb before its date: "was renamed ... in 1983 for a passenger who died");
    a date that dates a figure right before it ('USD 412 million in 2025') is no event."""
    life = _lifespan(doc.scan, sent, c)
    if life:
        return life
    if any(0 <= c.start - e <= 5 for _, e in figures):
        return None
    a, b = max(sent.start, c.start - EVENT_WINDOW), min(sent.end, c.end + EVENT_WINDOW)
    low = doc.scan[a:b].lower()
    best: tuple[float, str] | None = None
    for event, pattern in voc.event_patterns:
        for m in pattern.finditer(low):
            at, end = a + m.start(), a + m.end()
            if at >= c.end:
                distance = (at - c.end) * AFTER_PENALTY
            elif end <= c.start:
                distance = c.start - end
            else:
                continue
            if any(min(end, c.start) <= s < max(at, c.end) for s, _ in figures):
                continue  # a figure stands between the word and the date: the word is the figure's
            if best is None or distance < best[0]:
                best = (distance, event)
    return best[1] if best else None


def _lifespan(scan: str, sent: Sentence, c: Claim) -> str | None:
    """'Karl Weyprecht (8 September 1838 – 2 March 1881)': the first date is a birth, the second a death."""
    opening = scan.rfind("(", sent.start, c.start)
    if opening < 0 or ")" in scan[opening:c.start]:
        return None
    inside = scan[opening + 1:scan.find(")", c.end) if scan.find(")", c.end) > 0 else sent.end]
    if not re.search(r"\d{3,4}\s*[–—-]\s*(?:\w+\s){0,2}\d{1,2}?\s*\w*\s*\d{3,4}", inside):
        return None
    dash = re.search(r"\s[–—-]\s|[–—]", inside)
    if dash is None:
        return None
    return "born" if c.start < opening + 1 + dash.start() else "died"


def _phrase(c: Claim, toks, own: tuple[int, int], voc: FrameVocab, kn: Knowledge) -> str:
    """What a person reads as the thing measured: the counted noun, else the clause's nearest content words
    in text order ('equity value', 'altitude')."""
    if c.kind == "count" and c.noun:
        return f"number of {plural_of(c.noun)}"
    near = [t for t in toks if t.kind == "word" and own[0] <= t.start < own[1] and not c.start <= t.start < c.end
            and voc.content(t.text, kn) and not t.text[:1].isupper()]
    near.sort(key=lambda t: abs(t.start - c.start))
    chosen = sorted(near[:2], key=lambda t: t.start)
    return " ".join(t.text.lower() for t in chosen)

"""Stage 5b, line claims up: which claims of a story are about the same thing.

Two claims line up when their frames are similar enough, never because a topic list
gave them the same key:

- they must be comparable: same kind and dimension (money with money, lengths with
  lengths), same denominator ("per share"), same direction of change, the same event
  for dates, compatible owners (an unknown owner fits any), the same scope and period,
  the same speaker, and no separator on one side only ("since 2019", "planned",
  "new", "in all", a figure reported as wrong);
- then they are scored: how much of the shorter description the other covers, over
  the words of what they measure, rare words weighing more than common ones (inverse
  document frequency inside the story, smoothed), the words nearest the figure more
  than the rest of the sentence; for dates, the participants both name weigh most.

The pairs scored come from an inverted index of the words nearest each figure and the
names of its sentence, with bounded work per word (blocking.py), so the work grows with
the claims, not with their pairs. Which pairs then line up (mutual best matches,
restatements, twins) is matching.py's question.
"""
from __future__ import annotations

import functools
import math
from collections import defaultdict

from factcheck.align.blocking import candidate_pairs
from factcheck.extract.mentions import FRACTION_NOTE
from factcheck.align.matching import MIN_SCORE_SAME, Alignment, Edges, family_ranks, link_up, same_source_ok
from factcheck.models import Claim
from factcheck.config.vocab import FrameVocab

NUMERIC = frozenset({"money", "count", "percent", "quantity", "multiplier"})
KEYED = frozenset({"ranking", "acronym"})   # compared by what they name: the rank and holder, the acronym
MIN_SCORE_RESTATED = 0.15  # a claim restating, in its own source, a thing already lined up: its best match there
INDEX_WORDS = 4          # the nearest words of each claim that go into the candidate index
IDF_PRIOR = 20           # claims added to every story when weighing words: in a story of two short sources,
                         # the words both use are evidence of one subject, not "common" words
GRID_FROM = 2000         # claims in a story's families beyond which word rarity is kept on a grid (rarity())
GRID_STEP = 1.1          # ... the story's size rounded up to the next step of 10 %
RARITY_STEPS = 64        # ... and each word's rarity to 1/64
PARTICIPANTS = 0.7       # for dates, the weight of shared participants against shared words
TITLE_FAMILY = "title"   # the family of rankings: one title in one scope
MIN_CONFIDENCE = 0.6     # a weak parse ("the two leaders", "one") is kept as a claim but never lined up


def as_share(c: Claim) -> Claim:
    """'roughly a quarter of' (0.25 of a whole) in percent points, so that it compares with '14%'."""
    if c.kind == "multiplier" and FRACTION_NOTE in c.notes and c.to_base == 1.0:
        return c.model_copy(update={"to_base": 100.0})
    return c


def is_comparable(c: Claim, voc: FrameVocab) -> bool:
    """Whether a story's comparison reads this claim: it has a family or a key, or it is an amount (a stated
    exchange rate converts amounts before their families are known). About half of a source's claims are
    none of these; they are decided once, when the source is extracted, and never read again for comparing."""
    return c.kind == "money" or c.kind in KEYED or family(c, voc) is not None


def family(c: Claim, voc: FrameVocab) -> tuple | None:
    """What a claim can be compared with at all; None: nothing."""
    f = c.frame
    if f is None or c.confidence < MIN_CONFIDENCE or "withdrawn" in f.qualifiers:
        return None
    if c.kind == "multiplier" and FRACTION_NOTE in c.notes:
        return ("percent", "%", f.denominator, c.change)
    if c.kind in NUMERIC:
        if c.kind == "quantity":
            unit = c.dimension if c.to_base is not None else c.unit
        elif c.kind == "money":
            unit = "money" if c.to_base is not None else c.unit
        else:
            unit = c.unit
        if c.kind == "count" and not (f.thing and (c.noun or f.thing[0] in voc.heads)):
            return None  # a bare number ("with 18") says too little about what it counts to be lined up,
            # unless a word it stands next to names a measured thing ("the population ... reached 522,000")
        return (c.kind, unit, f.denominator, c.change)
    if c.kind == "date" and f.event and c.date is not None and not any("relative date" in n for n in c.notes):
        return ("date", f.event)
    if c.kind == "ranking" and f.thing:
        return (TITLE_FAMILY, f.event, f.scope or "")  # one title in one scope: "largest ... in Asia"
    return None


def word_weights(c: Claim) -> dict[str, float]:
    """Words of what the claim measures (nearest first weigh most), of the rest of its sentence, and of the
    names in it. A date's event is already the same on both sides: its participants, the names, weigh most."""
    dated = c.kind == "date"
    w: dict[str, float] = {}
    for i, word in enumerate(c.frame.thing):
        w[word] = max(w.get(word, 0.0), (0.5 if dated else 1.0) / (1.0 + i / 3.0))
    for i, word in enumerate(c.frame.context):
        w.setdefault(word, 0.25 / (1.0 + i / 6.0))
    for name in c.frame.names:
        for word in name.split():
            w.setdefault("@" + word, 1.0 if dated else 0.5)
    return w


def weighed_words(c: Claim) -> set[str]:
    """The words `word_weights` weighs, without the weights: what rarity is counted over and a family's cache
    key is made of, asked of every claim of a story in every run that compares it."""
    return {*c.frame.thing, *c.frame.context, *("@" + word for name in c.frame.names for word in name.split())}


def owners_fit(a: Claim, b: Claim) -> bool:
    """Unknown owners fit anything; two known owners must be one name, word for word or shortened ("Hoshimi"
    for "Hoshimi Orbital"), or one must take part in the other's figure ("Vellmark agreed to buy Ostrava
    Dairy in a deal worth ..." and "the transaction values Ostrava Dairy's equity at ...")."""
    oa, ob = a.frame.owner, b.frame.owner
    return oa is None or ob is None or _same_name(oa, ob) or _named_in((oa,), b.frame.parties) or \
        _named_in((ob,), a.frame.parties)


def _named_in(parties: tuple[str, ...], names: tuple[str, ...]) -> bool:
    return any(_same_name(p, n) for p in parties for n in names)


def _unnamed(parties: tuple[str, ...], names: tuple[str, ...]) -> bool:
    """Some party of one claim is named nowhere in the other claim's sentence."""
    return any(not any(_same_name(p, n) for n in names) for p in parties)


def _same_name(x: str, y: str) -> bool:
    wx, wy = _words(x), _words(y)
    return bool(wx) and bool(wy) and (wx <= wy or wy <= wx)


@functools.lru_cache(maxsize=1 << 16)
def _words(name: str) -> frozenset[str]:
    """A name's words, split once: pairs of claims ask about the same few names again and again."""
    return frozenset(name.split())


def period_key(c: Claim) -> str | None:
    """The year or span of years a figure is about, as stated or read from its context (None for a date, or
    for a figure dated only by its document): two figures of different periods are two facts."""
    p = c.period if c.kind != "date" else None
    if p is None or p.origin == "document":
        return None
    return p.start[:4] if p.start[:4] == p.end[:4] else f"{p.start[:4]}-{p.end[:4]}"


def same_counted(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """Two counts count the same thing: one noun (as a synonym head: "staff" and "employees" are employees),
    or a plain noun ("people", "individuals") whose sentence says what they are ("spoken by two individuals"
    counts speakers)."""
    na, nb = a.frame.thing[0], b.frame.thing[0]
    if na == nb:
        return True
    return (na in voc.generic_nouns and nb in a.frame.thing[1:] + a.frame.context) or \
        (nb in voc.generic_nouns and na in b.frame.thing[1:] + b.frame.context)


def compatible(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    fa, fb = a.frame, b.frame
    if a.kind == "count" and not same_counted(a, b, voc):
        return False
    if a.kind == "date" and fa.event in voc.personal and fa.owner and fb.owner and not _same_name(fa.owner, fb.owner):
        return False  # a birth or a death is someone's own: two people's are two events
    if a.kind == "date" and not fa.recurs:
        # A birth, a death, a founding happen once: who else the sentences name does not matter, as long as
        # an owner of one is named in the other.
        return (fa.owner is None or fb.owner is None or _named_in((fa.owner,), fb.names + (fb.owner,))
                or _named_in((fb.owner,), fa.names) or _named_in(fa.parties, fb.parties)) \
            and not (a.speaker and b.speaker and a.speaker != b.speaker)
    if (fa.qualifiers or fb.qualifiers) and _separated(fa.qualifiers, fb.qualifiers, voc):
        return False
    if fa.scope and fb.scope and not _same_name(fa.scope, fb.scope):
        return False
    ra, rb = set(fa.reference), set(fb.reference)
    if ra and rb and not (ra <= rb or rb <= ra):
        return False  # "71% to the closing price" and "62% to the 30-day average price"
    pa, pb = period_key(a), period_key(b)
    if pa and pb and pa != pb:
        return False
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return False
    if fa.parties and fb.parties and (not _named_in(fa.parties, fb.parties) or (
            _unnamed(fa.parties, fb.names) and _unnamed(fb.parties, fa.names))):
        return False  # "a $2.5 billion John Deere project" and "a $7 billion Boeing contract"; trade with
        # Russia and trade with the EU
    return owners_fit(a, b)


def _separated(qa: tuple[str, ...], qb: tuple[str, ...], voc: FrameVocab) -> bool:
    """A qualifier on one side only ("planned"), or two that exclude each other, makes two facts of one figure."""
    return any((q in qa) != (q in qb) for q in voc.one_sided) or \
        any((x in qa and y in qb) or (y in qa and x in qb) for x, y in voc.excludes)


def participants(a: Claim, b: Claim) -> float:
    """The share of the fewer-named side's names that the other side names too: who took part in an event."""
    na, nb = a.frame.names, b.frame.names
    if not na or not nb:
        return 0.0
    fewer, other = (na, nb) if len(na) <= len(nb) else (nb, na)
    return sum(1 for n in fewer if any(_same_name(n, m) for m in other)) / len(fewer)


def mass(w: dict[str, float], idf: dict[str, float]) -> float:
    """The weight of a whole description, computed once per claim rather than once per pair."""
    return sum(v * idf[word] for word, v in w.items())


def overlap(wa: dict[str, float], wb: dict[str, float], idf: dict[str, float], lighter: float) -> float:
    common = sum(min(v, wb[w]) * idf[w] for w, v in wa.items() if w in wb)
    return common / lighter if lighter and common else 0.0


def shared_words(wa: dict[str, float], wb: dict[str, float], idf: dict[str, float]) -> tuple[str, ...]:
    """The words that weigh most in what two descriptions share (a link's explanation)."""
    ranked = sorted((-min(v, wb[w]) * idf[w], w) for w, v in wa.items() if w in wb)
    return tuple(w for _, w in ranked[:4])


def align_story(claims: list[Claim], voc: FrameVocab, out: Alignment) -> None:
    """Line up the claims of one story; adds groups and links to `out`."""
    fams, idf = story_families(claims, voc)
    for members in fams.values():
        align_family(members, idf, voc, out)


def story_families(claims: list[Claim], voc: FrameVocab) -> tuple[dict[tuple, list[Claim]], dict[str, float]]:
    """The claims of a story by family (what can be compared with what), and how rare each word is in the
    story. Families are lined up independently of each other (align_family), each weighing its own claims'
    words: the weights of a large story's claims are never all in memory at once."""
    fams: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        key = family(c, voc)
        if key is not None:
            fams[key].append(as_share(c))
    df: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    for c in (c for cs in fams.values() for c in cs if c.id not in seen):
        seen.add(c.id)
        for word in weighed_words(c):
            df[word] += 1
    n = max(1, len(seen))
    return fams, {word: rarity(n, d) for word, d in df.items()}


def rarity(n: int, d: int) -> float:
    """How rare a word used by d of a story's n claims is (inverse document frequency, smoothed). In a large
    story it is kept on a grid, so that a new source rarely moves it: the story's size rounded up to a step of
    GRID_STEP, the rarity to 1/RARITY_STEPS. One more source then realigns the parts it reaches, not every
    claim whose words it shares (family_parts.py); a small story weighs its words exactly."""
    if n <= GRID_FROM:
        return math.log((n + IDF_PRIOR) / (d + 1))
    size = GRID_FROM * GRID_STEP ** math.ceil(math.log(n / GRID_FROM, GRID_STEP) - 1e-9)
    return round(math.log((size + IDF_PRIOR) / (d + 1)) * RARITY_STEPS) / RARITY_STEPS


def align_family(members: list[Claim], idf: dict[str, float], voc: FrameVocab, out: Alignment) -> None:
    """Line up the claims of one family; adds its groups, links and counts to `out`."""
    edges, scored = score_pairs(members, sorted(family_pairs(members)), idf, voc)
    out.candidates += scored
    link_up(members, family_ranks(members), edges, voc, out)


def family_pairs(members: list[Claim]) -> set[tuple[int, int]]:
    """The pairs worth scoring (indexes into `members`): claims that share a word nearest their figure or a
    name of their sentence, bounded per word (blocking.py)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(members):
        for word in c.frame.thing[:INDEX_WORDS]:
            postings[word].append(i)
        for word in {w for name in c.frame.names for w in name.split()}:
            postings["@" + word].append(i)
    return candidate_pairs(postings.values(), order=lambda i: (members[i].frame.thing[:3], members[i].frame.names[:2],
                                                                members[i].source))


def score_pairs(members: list[Claim], pairs: list[tuple[int, int]], idf: dict[str, float],
                voc: FrameVocab) -> tuple[Edges, int]:
    """The pairs alike enough to bear on how the family lines up (a best match, or a loose one a restatement
    needs), with their scores and shared words; and how many compatible pairs were scored. Nothing outside
    these edges changes what lines up with what (family_parts.py relies on it)."""
    weights: dict[int, dict[str, float]] = {}
    masses: dict[int, float] = {}

    def weighed(i: int) -> dict[str, float]:
        if i not in weights:
            weights[i] = word_weights(members[i])
            masses[i] = mass(weights[i], idf)
        return weights[i]

    edges: Edges = {}
    scored = 0
    for i, j in pairs:
        a, b = members[i], members[j]
        if a.source == b.source and (a.sentence == b.sentence or not same_source_ok(a, b, voc)):
            continue
        if not compatible(a, b, voc):
            continue
        scored += 1
        wa, wb = weighed(i), weighed(j)
        score = overlap(wa, wb, idf, min(masses[i], masses[j]))
        if a.kind == "date" and a.frame.names and b.frame.names:  # one event: who took part in it decides
            score = PARTICIPANTS * participants(a, b) + (1 - PARTICIPANTS) * score
        if score < (MIN_SCORE_SAME if a.source == b.source else MIN_SCORE_RESTATED):
            continue
        shared = shared_words(wa, wb, idf)
        if (a.kind != "date" and all(w[0] == "@" for w in shared)) or (
                a.kind == "date" and a.frame.names and b.frame.names and not any(w[0] == "@" for w in shared)):
            continue  # names alone say who, not what: two figures need a word of what they measure in common;
            # two dates of one kind of event need a participant in common
        edges[(i, j)] = (score, shared)
    return edges, scored

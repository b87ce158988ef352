"""Stage 5b, what keeps two claims apart: an ordered registry of separators.

Two figures of one family are two facts, never to be compared, when something one of them is
qualified by differs from the other's: the thing counted, whose birth or death it is, the scope,
the reference, the period, the speaker, the parties, the owner. Each such qualifier is one named
check (a separator, as Wikidata calls the qualifiers that make two statements distinct), and two
claims are compatible when no separator of their kind parts them. The separators are asked in a
fixed order, cheapest and most telling first, and the first one that parts a pair decides: this runs
for every candidate pair of a family, so each check is a plain function over the two frames, and
the list to ask is chosen once per pair, by kind, from tuples built at import.
"""
from __future__ import annotations

import functools
import unicodedata
from typing import Callable

from factcheck.align.meaning import similarity
from factcheck.extract.names import TRANSLITERATION_MARKS
from factcheck.models import Claim
from factcheck.config.vocab import FrameVocab

Separator = Callable[[Claim, Claim, FrameVocab], bool]   # True: the two claims are two facts
# Every claim a separator is asked about has a frame (scoring.family gives a claim without one no family, so it is
# never in a pair): each one's `frame is None` check narrows the type, and says nothing parts such a claim.
PREDICATES_ALIKE = 0.55   # word-vector similarity from which two verbs say one thing of people ("kill", "die")


def compatible(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """Whether two claims of one family may be about one thing: no separator of a's kind parts them."""
    if a.kind == "count":
        separators = COUNT_SEPARATORS
    elif a.kind == "date":
        separators = RECURRING_DATE_SEPARATORS if a.frame is not None and a.frame.recurs else ONE_OFF_DATE_SEPARATORS
    else:
        separators = SEPARATORS
    for apart in separators:
        if apart(a, b, voc):
            return False
    return True


def other_thing_counted(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """Counts of two different things ("12 ships" and "12 crew") are two facts. One noun (as a synonym head:
    "staff" and "employees" are employees) is one thing, and so is a plain noun ("people", "individuals")
    whose sentence says what they are ("spoken by two individuals" counts speakers)."""
    fa, fb = a.frame, b.frame
    if fa is None or fb is None:
        return False
    na, nb = fa.thing[0], fb.thing[0]
    if na == nb:
        return False
    return not ((na in voc.generic_nouns and nb in fa.thing[1:] + fa.context) or
                (nb in voc.generic_nouns and na in fb.thing[1:] + fb.context))


def other_predicate(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """People rescued and people killed are two counts: when both sentences say what happened to the people
    they count, the two verbs must mean one thing (by word vectors: "killed" and "died" do)."""
    if a.frame is None or b.frame is None:
        return False
    pa, pb = a.frame.predicate, b.frame.predicate
    if not (pa and pb) or pa == pb:
        return False
    return similarity(pa, pb) < PREDICATES_ALIKE


def other_restrictors(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """"70 commercial agreements" and "29 agreements" count two sets: an adjective that narrows the counted
    noun on one side only makes two counts (a qualifier on one side, as Wikidata's separators are). Two
    different adjectives do not: writers describe one set in their own words ("two elderly speakers",
    "eight native speakers"), and an adjective cannot say whether it narrows or describes."""
    if a.frame is None or b.frame is None:
        return False
    ra, rb = a.frame.restrictors, b.frame.restrictors
    return bool(ra) != bool(rb)


def other_person(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """A birth or a death is someone's own: two people's are two events."""
    fa, fb = a.frame, b.frame
    if fa is None or fb is None or not (fa.event in voc.personal and fa.owner and fb.owner):
        return False
    return not same_name(fa.owner, fb.owner)


def owner_absent_from_event(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """A birth, a death, a founding happen once: who else the sentences name does not matter, as long as an
    owner of one is named in the other (or one of them has no owner)."""
    fa, fb = a.frame, b.frame
    if fa is None or fb is None:
        return False
    return not (fa.owner is None or fb.owner is None or _named_in((fa.owner,), fb.names + (fb.owner,))
                or _named_in((fb.owner,), fa.names) or _named_in(fa.parties, fb.parties))


def other_qualifiers(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """A qualifier on one side only ("planned"), or two that exclude each other, makes two facts of one figure."""
    if a.frame is None or b.frame is None:
        return False
    qa, qb = a.frame.qualifiers, b.frame.qualifiers
    if not (qa or qb):
        return False
    return _separated(qa, qb, voc)


def other_scope(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """"the largest port in the region" and "the largest port in the country" are two titles."""
    if a.frame is None or b.frame is None:
        return False
    sa, sb = a.frame.scope, b.frame.scope
    if not (sa and sb):
        return False
    return not same_name(sa, sb)


def other_reference(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """A premium over the closing price and one over a 30-day average are two figures, unless one reference
    names part of the other."""
    if a.frame is None or b.frame is None:
        return False
    ra, rb = a.frame.reference, b.frame.reference
    if not (ra and rb):
        return False
    sa, sb = set(ra), set(rb)
    return not (sa <= sb or sb <= sa)


def other_period(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """Two figures of different years are two facts."""
    pa, pb = period_key(a), period_key(b)
    if not (pa and pb):
        return False
    return pa != pb


def other_speaker(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """Two speakers giving two figures disagree with each other; neither contradicts a source."""
    if not (a.speaker and b.speaker):
        return False
    return a.speaker != b.speaker


def other_parties(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """"a $4 billion Arlow project" and "a $9 billion Brenton contract" are two deals; trade with one country and
    trade with another are two trades."""
    if a.frame is None or b.frame is None:
        return False
    pa, pb = a.frame.parties, b.frame.parties
    if not (pa and pb):
        return False
    return not _named_in(pa, pb) or (_unnamed(pa, b.frame.names) and _unnamed(pb, a.frame.names))


def other_owner(a: Claim, b: Claim, voc: FrameVocab) -> bool:
    """Unknown owners fit anything; two known owners must be one name, word for word or shortened ("Kestrel"
    for "Kestrel Marine"), or one must take part in the other's figure ("Arlow agreed to buy Brenton Foods in a
    deal worth ..." and "the transaction values Brenton Foods' equity at ..."): else two facts."""
    if a.frame is None or b.frame is None:
        return False
    oa, ob = a.frame.owner, b.frame.owner
    if oa is None or ob is None:
        return False
    return not (same_name(oa, ob) or _named_in((oa,), b.frame.parties) or _named_in((ob,), a.frame.parties))


# The registry, in the order the separators are asked. Any kind but counts and dates:
SEPARATORS: tuple[Separator, ...] = (other_qualifiers, other_scope, other_reference, other_period, other_speaker,
                                     other_parties, other_owner)
COUNT_SEPARATORS: tuple[Separator, ...] = (other_thing_counted, other_predicate, other_restrictors) + SEPARATORS
RECURRING_DATE_SEPARATORS: tuple[Separator, ...] = (other_person,) + SEPARATORS   # an anniversary, a season
ONE_OFF_DATE_SEPARATORS: tuple[Separator, ...] = (other_person, owner_absent_from_event, other_speaker)


def period_key(c: Claim) -> str | None:
    """The year or span of years a figure is about, as stated or read from its context (None for a date, or
    for a figure dated only by its document): two figures of different periods are two facts."""
    p = c.period if c.kind != "date" else None
    if p is None or p.origin == "document":
        return None
    return p.start[:4] if p.start[:4] == p.end[:4] else f"{p.start[:4]}-{p.end[:4]}"


def _separated(qa: tuple[str, ...], qb: tuple[str, ...], voc: FrameVocab) -> bool:
    return any((q in qa) != (q in qb) for q in voc.one_sided) or \
        any((x in qa and y in qb) or (y in qa and x in qb) for x, y in voc.excludes)


def _named_in(parties: tuple[str, ...], names: tuple[str, ...]) -> bool:
    return any(same_name(p, n) for p in parties for n in names)


def _unnamed(parties: tuple[str, ...], names: tuple[str, ...]) -> bool:
    """Some party of one claim is named nowhere in the other claim's sentence."""
    return any(not any(same_name(p, n) for n in names) for p in parties)


def same_name(x: str, y: str) -> bool:
    """One name, word for word or shortened: every word of one is a word of the other."""
    wx, wy = _words(x), _words(y)
    return bool(wx) and bool(wy) and (wx <= wy or wy <= wx)



@functools.lru_cache(maxsize=1 << 16)
def _words(name: str) -> frozenset[str]:
    """A name's words, split once (pairs of claims ask about the same few names again and again), without
    accents or transliteration marks: 'ʿArabī' and 'Arabi' are one name written two ways."""
    return frozenset(plain_name(name).split())


def plain_name(name: str) -> str:
    """A name without accents or transliteration marks, as names are compared."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in TRANSLITERATION_MARKS)

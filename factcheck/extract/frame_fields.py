"""The fields of a claim's frame read from its site, a reader a field: where the figure is limited to, what
it is per, what it is measured against, its qualifiers, the event of a date, the phrase a person reads.

Each reader looks at one `Site`, the claim among the words of its sentence, built once per claim by
frames.py. The English word lists are data (frames.yaml).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from factcheck.wording import singular
from factcheck.wording import plural_of
from factcheck.models import Claim
from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.extract.parse import Word, parse
from factcheck.extract.text import Sentence, Token
from factcheck.config.vocab import FrameVocab, canon, vocab_for


@dataclass(frozen=True)
class Site:
    """One claim among the words of its sentence, built once per claim, so that each field of its frame is read
    by a small reader of its own instead of one function passing nine things around."""
    scan: str
    sent: Sentence
    claim: Claim
    members: list[Claim]
    parts: list[tuple[int, int]]               # the sentence's clauses
    own: tuple[int, int]                       # the claim's clause
    cuts: list[int]                            # where clauses after the first begin
    toks: list[Token]
    figures: list[tuple[int, int]]             # spans of the figures and dates near the claim
    numeric: list[tuple[int, int]]             # spans of the figures only
    sentence_names: list[tuple[int, int, str]]
    clause_names: list[tuple[int, int, str]]   # names in the claim's clause, not inside the claim
    voc: FrameVocab
    kn: Knowledge


def reference(at: Site) -> tuple[str, ...]:
    """'a premium of 71% to the closing share price': the words of what the figure is measured against, up to
    the next figure or date."""
    scan, own, c, voc, kn = at.scan, at.own, at.claim, at.voc, at.kn
    if c.kind not in ("percent", "multiplier", "money"):
        return ()
    m = voc.reference.search(scan, max(own[0], c.start - 40), own[1])
    if m is None or m.start() > c.end + 40:
        return ()
    ref = re.split(rf"\s(?:{alternatives(kn.grammar('date_prepositions'))})\s+(?:\d|[A-Z][a-z]+\s\d)", m.group("ref"))[0]
    return tuple(dict.fromkeys(canon(w, voc) for w in re.findall(r"[A-Za-z][\w-]*", ref) if voc.content(w, kn)))


def qualifiers(at: Site) -> set[str]:
    """Separators next to the figure: 'new' and 'in all' inside its noun phrase, 'since' or 'planned' in its
    clause near it, a correction or a dispute anywhere in the sentence."""
    scan, sent, own, c = at.scan, at.sent, at.own, at.claim
    near = scan[max(own[0], c.start - 14):min(own[1], c.end + 10)].lower()
    clause = scan[max(own[0], c.start - 60):min(own[1], c.end + 40)].lower()
    found = at.voc.qualifiers_in(near, clause, scan[sent.start:sent.end].lower())
    dated = _right_after_period(at)
    return found | at.voc.qualifiers_in(dated, dated, "") if dated else found


PERIOD_TAIL = 12   # characters after the date that gives a figure its period, read for its qualifiers


def _right_after_period(at: Site) -> str:
    """The words right after the date of the figure's sentence that dates it: 'in 2025 alone, $4 million' is
    only a part, though 'alone' stands in the clause before the figure's."""
    p = at.claim.period
    if p is None or p.origin != "stated" or not p.text:
        return ""
    at_date = at.scan.find(p.text, at.sent.start, at.sent.end)
    if at_date < 0:
        return ""
    end = at_date + len(p.text)
    return at.scan[end:min(at.sent.end, end + PERIOD_TAIL)].lower()


def scope(at: Site) -> str | None:
    """'in Asia', 'Japan's': the place a figure or a title is limited to."""
    for s, e, name in at.clause_names:
        before = at.scan[max(at.own[0], s - 12):s].lower().split()
        if before and before[-1] in at.voc.scope_prepositions:
            return name
    return None


def denominator(at: Site) -> str | None:
    """What the figure is per: 'per share', 'a day', 'each', 'daily passengers'."""
    scan, c, own, voc, kn = at.scan, at.claim, at.own, at.voc, at.kn
    tail = scan[c.end:min(own[1], c.end + 40)].lower()
    rates = _rate_patterns(kn)
    m = rates.per.match(tail)
    if m and m.group("unit") not in kn.stop_words and (m.group("per") in kn.grammar("strict_rate_words") or c.kind in ("money", "count", "quantity")):
        if m.group("per") in ("a", "an") and not _close(tail, m, kn):
            m = None
        if m:
            return voc.rate_units.get(m.group("unit"), singular(m.group("unit")))
    if rates.each.match(tail):
        return "each"
    head = scan[max(own[0], c.start - 40):c.start].lower()
    if any(p.search(head) for p in _distributive(kn)):
        return "each"
    around = scan[max(own[0], c.start - 25):min(own[1], c.end + 25)].lower()
    return next((unit for pattern, unit in rates.units if pattern.search(around)), None)


class _RatePatterns(NamedTuple):
    per: re.Pattern[str]                          # 'per share', 'a day' after the figure
    each: re.Pattern[str]                         # 'each', 'apiece' after it
    units: tuple[tuple[re.Pattern[str], str], ...]   # 'daily' -> day, in the order frames.yaml gives them


@functools.lru_cache(maxsize=4)
def _rate_patterns(kn: Knowledge) -> _RatePatterns:
    """The denominator's patterns, compiled once per knowledge base rather than once per figure."""
    voc = vocab_for(kn)
    return _RatePatterns(
        per=re.compile(r"(?<![\sa-z])\s*+(?:(?:[a-z]+\s){0,2}?)(?P<per>" + "|".join(voc.per_words) + r")\s+(?P<unit>[a-z]+)"),
        each=re.compile(r"(?<![\sa-z])\s*+(?:[a-z]+\s)?(?:" + "|".join(voc.each_words) + r")\b"),
        units=tuple((re.compile(rf"\b{word}\b"), unit) for word, unit in voc.rate_units.items()))


def _close(tail: str, m: re.Match[str], kn: Knowledge) -> bool:
    """'$48.50 a share', '148,000 passengers a day': 'a' right after the figure or its noun, not 'a deal'."""
    return m.start("per") <= 14 and m.group("unit") in kn.grammar("rate_units_after_a")


@functools.lru_cache(maxsize=4)
def _distributive(kn: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """'each ship has 40 cabins', 'every vehicle 2': a figure said of each member of a group, before it."""
    each, verbs = alternatives(kn.grammar("distributive_words")), alternatives(kn.grammar("distributive_verbs"))
    return (re.compile(rf"\b(?:{each})\s+[\w-]+(?:\s+[\w-]+)?\s+(?:{verbs})\b", re.I),
            re.compile(rf"\b(?:{each})\s+\w+\s*$", re.I))


EVENT_WINDOW = 90   # characters around a date searched for its event word
AFTER_PENALTY = 2   # an event word after the date counts as this many times farther ("renamed ... in 1983")


def event(at: Site) -> str | None:
    """The event a date is attached to: the nearest event word around it in its sentence, words before the
    date first (English puts the verb before its date: "was renamed ... in 1983 for a passenger who died");
    a date that dates a figure right before it ('USD 412 million in 2025') is no event."""
    scan, sent, c, figures, voc = at.scan, at.sent, at.claim, at.numeric, at.voc
    life = _lifespan(scan, sent, c)
    if life:
        return life
    if any(0 <= c.start - e <= 5 for _, e in figures):
        return None
    a, b = max(sent.start, c.start - EVENT_WINDOW), min(sent.end, c.end + EVENT_WINDOW)
    low = scan[a:b].lower()
    best: tuple[float, str] | None = None
    for event, pattern in voc.event_patterns:
        for m in pattern.finditer(low):
            begin, end = a + m.start(), a + m.end()
            if begin >= c.end:
                distance = (begin - c.end) * AFTER_PENALTY
            elif end <= c.start:
                distance = c.start - end
            else:
                continue
            if any(min(end, c.start) <= s < max(begin, c.end) for s, _ in figures):
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


def phrase(at: Site) -> str:
    """What a person reads as the thing measured: the counted noun, else the clause's nearest content words
    in text order ('equity value', 'altitude')."""
    c, own, voc, kn = at.claim, at.own, at.voc, at.kn
    if c.kind == "count" and c.noun:
        return f"number of {plural_of(c.noun)}"
    near = [t for t in at.toks if t.kind == "word" and own[0] <= t.start < own[1] and not c.start <= t.start < c.end
            and voc.content(t.text, kn) and not t.text[:1].isupper()]
    near.sort(key=lambda t: abs(t.start - c.start))
    chosen = sorted(near[:2], key=lambda t: t.start)
    return " ".join(t.text.lower() for t in chosen)


_COMPLEMENTS = ("acomp", "attr", "oprd", "xcomp")
_OWN_PREDICATES = ("acl", "amod", "relcl")


def predicate(at: Site) -> str | None:
    """What a count of people says of them, by the lemma of the verb that governs it: 'two people were rescued'
    -> rescue, 'dozens of people died' -> die, 'six people missing' -> missing, 'four others are presumed dead'
    -> presume. Only a count of a plain noun (voc.generic_nouns) needs it: 'people' say nothing about what
    was counted until their verb does. Read from the sentence's dependency parse (parse.py)."""
    c = at.claim
    if c.kind != "count" or not c.noun or canon(c.noun, at.voc) not in at.voc.generic_nouns:
        return None
    words = parse(at.scan[at.sent.start:at.sent.end])
    inside = [i for i, w in enumerate(words) if at.sent.start + w.start < c.end and at.sent.start + w.end > c.start]
    tops = [i for i in inside if words[i].head not in inside or words[i].head == i]
    anchor = next((i for i in tops if words[i].pos in ("NOUN", "PRON", "PROPN")), tops[0] if tops else None)
    return None if anchor is None else _governing(words, inside, anchor, at.voc)


def _governing(words: tuple[Word, ...], inside: list[int], anchor: int, voc: FrameVocab) -> str | None:
    """The nearest predicate above the figure: a participle or clause on its own noun first ('six people
    missing'), else the verbs it hangs from, through prepositions ('dozens of people'), up to three arcs; a
    light verb ('be', 'have') gives way to its complement ('are missing')."""
    own = next((w for k, w in enumerate(words) if w.head in inside and k not in inside and w.dep in _OWN_PREDICATES
                and w.pos in ("VERB", "ADJ")), None)   # not "more" of "more than 40 people": a hedge
    if own is not None:
        return own.lemma
    i = anchor
    for _ in range(3):
        head = words[i].head
        if head == i:
            break
        i = head
        w = words[i]
        if w.pos in ("VERB", "AUX"):
            if w.lemma not in voc.light_verbs:
                return w.lemma
            complement = next((x for x in words if x.head == i and x.dep in _COMPLEMENTS), None)
            return complement.lemma if complement is not None else None
    return None


def restrictors(at: Site) -> tuple[str, ...]:
    """The adjectives between a count and its noun that narrow what is counted: '70 commercial agreements' are
    not all the agreements, 'two foreign companies' not all the companies. Read from the parse of the figure's
    own words: only adjectives count, so participles that say what happened to the things ('38 derailed
    cars') and compound nouns do not, and words a qualifier already reads ('new') are left to it."""
    c = at.claim
    if c.kind != "count" or not c.noun or not _word_before_noun(c.quote, at.kn):
        return ()
    words = parse(c.quote)
    seen_number = False
    out: list[str] = []
    for w in words:
        if w.pos == "NUM":
            seen_number = True
        elif seen_number and w.pos == "ADJ" and w.dep == "amod" and not at.voc.qualifiers_in(w.lemma, w.lemma, w.lemma):
            out.append(w.lemma)
    return tuple(sorted(set(out)))


def _word_before_noun(quote: str, kn: Knowledge) -> bool:
    """Whether a word stands between the number and the noun ('70 commercial agreements', not '29
    agreements' or 'more than 30 agreements'): only then is the quote worth a parse."""
    words = quote.split()
    if len(words) < 3:
        return False
    before = words[-2].lower()
    return not (any(ch.isdigit() for ch in before) or before in kn.numbers or before in kn.scales)

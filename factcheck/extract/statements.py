"""Claims that are not numbers: rankings ("X is Y's largest trading partner") and acronym
definitions ("Baltic Ports Association (BPA)").

Both become claims with a `text_value` and compare by the same positions logic as
figures: two sources that name different largest trading partners, or expand one
acronym two ways, cannot both be right.
"""
from __future__ import annotations

import functools
import re

from factcheck.extract.claims import claim_id
from factcheck.extract.entities import find_entities, label
from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.models import Claim
from factcheck.sources.document import Document
from factcheck.extract.text import Sentence

_CAP_WORD = r"[A-Z][\w’'&]*(?:[-.][A-Z\w][\w’'&]*)*"
_CAP_START = r"(?<![\w’'&.-])"   # a capitalised name starts a word: a search never restarts inside one
# What holds a rank (x) starts a word, and ends one before the linking verb: a search tries a start a word,
# not one a character, each with up to 80 ends


def _link(kn: Knowledge) -> str:
    """The verb that links a holder to its rank: 'is', 'has (now) become', 'ranks as', 'is regarded as', 'as'."""
    w = kn.grammar
    perfect = rf"(?:{alternatives(w('perfect_auxiliaries'))})\s+(?:\w+\s+)?(?:{alternatives(w('perfect_participles'))})"
    called = rf"(?:{alternatives(w('copulas'))})\s+(?:{alternatives(w('naming_participles'))})\s+as"
    return rf"(?:{perfect}|{called}|{alternatives(w('rank_verbs'))}|{alternatives(w('copulas'))}|as)"


def _long_form(kn: Knowledge, words: str) -> str:
    """An acronym's expansion: capitalised words and the function words between them ('Bank of Norland')."""
    return rf"{_CAP_WORD}(?:\s+(?:{_CAP_WORD}|{alternatives(kn.acronym_function_words)})){words}"


@functools.lru_cache(maxsize=4)
def _acronym_patterns(kn: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """'Bank of Norland (BoN)' and 'BoN (Bank of Norland)'."""
    long = _long_form(kn, "{1,9}")
    return (re.compile(rf"{_CAP_START}(?P<long>{long})\s*\((?P<acr>[A-Z][A-Za-z&]{{1,9}})\)"),
            re.compile(rf"\b(?P<acr>[A-Z][A-Z&]{{1,9}})\s*\((?P<long>{long})\)"))


@functools.lru_cache(maxsize=4)
def _ranking_patterns(kn: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int], re.Pattern[str]]:
    sup = dict(kn.data["metrics"]["superlatives"])
    sup_rx = alternatives(sup)
    role_rx = alternatives(kn.data["metrics"]["roles"]) or "(?!)"   # no roles known: the pattern never matches
    adverbs = alternatives(kn.data["metrics"].get("ranking_adverbs", []))
    adjectives = alternatives(kn.data["metrics"].get("role_adjectives", []))
    link = _link(kn)
    ranking = re.compile(
        rf"(?<!\w)(?=\S)(?P<x>[^;:“”\"()]{{2,80}}?)(?<!\s)\s++{link}\s+(?:(?:{adverbs or '(?!)'})\s+)*"
        rf"(?:(?P<y>{_CAP_WORD}(?:\s{_CAP_WORD}){{0,3}})['’]s?\s+|the\s+|its\s+)(?P<sup>{sup_rx})\s+"
        rf"(?:(?:{adjectives or '(?!)'})\s+)*(?P<role>{role_rx})s?(?:\s+of\s+(?P<y2>{_CAP_WORD}(?:\s{_CAP_WORD}){{0,3}}))?")
    number_one = re.compile(rf"(?<!\w)(?=\S)(?P<x>[^;:“”\"()]{{2,80}}?)(?<!\s)\s++{link}\s+(?P<role>{role_rx})\s+number\s+one")
    cue = re.compile(rf"(?:{sup_rx}|number\s+one)\b")
    return ranking, number_one, sup, cue


def _parties(doc: Document, start: int, end: int, kn: Knowledge) -> tuple[str, ...]:
    return tuple(sorted({e.party if e.type != "person" else e.id for e in find_entities(doc.scan, start, end, kn)}))


LONG_SENTENCE = 400   # characters; in a longer one, the ranking patterns run only around each superlative


def _near_cues(pattern: re.Pattern[str], cue: re.Pattern[str], scan: str, sent: Sentence):
    """Matches of a backtracking pattern, searched only in a window around each cue of a long sentence, so a
    4 KB line of figures costs what its superlatives cost, not the square of its length."""
    if sent.end - sent.start <= LONG_SENTENCE:
        yield from pattern.finditer(scan, sent.start, sent.end)
        return
    seen: set[tuple[int, int]] = set()
    for c in cue.finditer(scan, sent.start, sent.end):
        for m in pattern.finditer(scan, max(sent.start, c.start() - 140), min(sent.end, c.end() + 160)):
            if m.span() not in seen:
                seen.add(m.span())
                yield m


def find_rankings(doc: Document, sent: Sentence, text: str, kn: Knowledge, nth: dict) -> list[Claim]:
    ranking, number_one, sup, cue = _ranking_patterns(kn)
    out: list[Claim] = []
    if not cue.search(doc.scan, sent.start, sent.end):
        return out  # the cheap test first: the ranking patterns backtrack
    for pattern in (ranking, number_one):
        for m in _near_cues(pattern, cue, doc.scan, sent):
            before = doc.scan[max(sent.start, m.start("x") - 12):m.start("x")].lower()
            x_text = m.group("x")
            if "one of" in x_text.lower() or "one of" in before or "among" in x_text.lower():
                continue
            x_start = _holders_start(doc, m, kn)
            xs = _parties(doc, x_start, m.end("x"), kn)
            if not xs:
                continue
            owner_ids = _owner_ids(doc, m, kn)
            rank = sup.get(m.groupdict().get("sup", "number one").lower(), 1) if "sup" in m.groupdict() else 1
            role = m.group("role").lower()
            holders = " + ".join(label(kn, x) for x in xs)
            out.append(_claim(doc, sent, text, x_start, m.end(), "ranking", holders, nth,
                              f"{role}#{rank}@{'+'.join(owner_ids)}"))
    return out


def _holders_start(doc: Document, m: re.Match[str], kn: Knowledge) -> int:
    """Where the holders of a rank begin: the last comma-separated part before the role that names a party
    ("In 2025, after a long race, Vell Motors became the largest ..."), else the whole of it."""
    x_text = m.group("x")
    for segment in reversed(re.split(r",", x_text)):
        seg_start = m.start("x") + x_text.rfind(segment)
        if _parties(doc, seg_start, seg_start + len(segment), kn):
            return seg_start + len(segment) - len(segment.lstrip())
    return m.start("x") + len(x_text) - len(x_text.lstrip())


def _owner_ids(doc: Document, m: re.Match[str], kn: Knowledge) -> tuple[str, ...]:
    """The parties a rank is held within ('the largest bank in Norland'), if the pattern found any."""
    group = "y" if m.groupdict().get("y") else "y2"
    if not m.groupdict().get(group):
        return ()
    return _parties(doc, m.start(group), m.end(group), kn)


def _content_initials(long: str, kn: Knowledge) -> str:
    skipped = kn.acronym_function_words
    return "".join(w[0] for w in re.split(r"[\s-]+", long) if w and w.lower() not in skipped).upper()


def _trim_long(long: str, acr: str, kn: Knowledge) -> str | None:
    """Drop leading words until the long form starts with the acronym's first letter."""
    words = long.split()
    while words and (words[0].lower() in kn.acronym_function_words or words[0][0].upper() != acr[0].upper()):
        words = words[1:]
    if len(words) < 2 or sum(1 for w in words if w.lower() not in kn.acronym_function_words) < 2:
        return None
    return " ".join(words)


def find_acronyms(doc: Document, sent: Sentence, text: str, kn: Knowledge, nth: dict,
                  defined: set[str]) -> list[Claim]:
    out = []
    for pattern in _acronym_patterns(kn):
        for m in pattern.finditer(doc.scan, sent.start, sent.end):
            acr = m.group("acr")
            long = _trim_long(m.group("long"), acr, kn)
            if long is None or len(acr) < 2 or not acr[1:].replace("&", "").isalpha():
                continue
            word_starts = [w.start() for w in re.finditer(r"\S+", m.group("long"))]  # any whitespace, \v too
            start = min(m.start("long") + word_starts[len(word_starts) - len(long.split())], m.start("acr"))
            out.append(_claim(doc, sent, text, start, m.end(), "acronym", long, nth, acr))
            defined.add(acr)
    return out


def find_loose_acronyms(doc: Document, sents: list[Sentence], kn: Knowledge, defined: set[str], nth: dict,
                        texts: dict[int, str]) -> list[Claim]:
    """An acronym used near a capitalised name whose initials end it ('Route for International Peace and
    Prosperity' ... 'TRIPP'), when the source defines it nowhere in parentheses. Lower confidence."""
    out = []
    for k, sent in enumerate(sents):
        for m in re.finditer(r"\b[A-Z]{3,8}\b", doc.scan[sent.start:sent.end]):
            acr = m.group()
            if acr in defined:
                continue
            window_start = sents[k - 1].start if k and sents[k - 1].paragraph == sent.paragraph else sent.start
            for n in re.finditer(rf"{_CAP_START}{_long_form(kn, '{2,8}')}",
                                 doc.scan[window_start:sent.end]):
                long = n.group()
                initials = _content_initials(long, kn)
                if len(initials) >= 3 and acr.endswith(initials) and long.split()[-1][0].isupper():
                    claim = _claim(doc, sent, texts[sent.index], window_start + n.start(), window_start + n.end(),
                                   "acronym", long, nth, acr)
                    out.append(claim.model_copy(update={"confidence": 0.6, "notes": (
                        f"{acr} read as an abbreviation of this name (its initials end the acronym)",)}))
                    defined.add(acr)
                    break
    return out


def _claim(doc: Document, sent: Sentence, text: str, start: int, end: int, kind: str, value: str, nth: dict,
           about: str) -> Claim:
    quote = doc.text[start:end]
    key = (kind, quote, text)
    n = nth.get(key, 0)
    nth[key] = n + 1
    line, col = doc.line_col(start)
    return Claim(id=claim_id(doc.meta.id, kind, quote, text, n), source=doc.meta.id, kind=kind, quote=quote,
                 start=start, end=end, line=line, column=col, sentence=text, bound="=", dimension=kind,
                 text_value=value, about=about)

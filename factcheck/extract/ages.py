"""Ages at dated events: "Ada Voss was 40 when she founded the press in 1990" says she was born in 1949 or 1950.

An age is read only where the words around a figure make it one, and only with what a birth year needs:
  - the figure is an age by its own words: "aged 62", "at the age of 35", "62 years old", or a verb of being
    right before it and a word of time right after ("was only 19 when ...");
  - it is a plain number (not "40 members" or "40 minutes") and a year of its own sentence dates the event;
  - the person is a name the frame reader found for the figure (its owner): "the old mill was 40 when it
    closed" names no one and derives nothing.
Someone N years old in year Y was born in Y-N-1 or Y-N (before or after their birthday); a hedged age widens
that by its interval. The English words come from data/derivations.yaml (`ages`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.models import Claim, Period


@dataclass(frozen=True)
class AgeWords:
    before: re.Pattern[str]     # "aged " right before the figure
    after: re.Pattern[str]      # " years old" right after it
    copula: re.Pattern[str]     # "was only " right before it
    person_copula: re.Pattern[str]   # "who was " right before it
    when: re.Pattern[str]       # " when" right after it
    birth_event: str
    birth_lead: re.Pattern[str]   # a word between a name and its birth date, at the end: "born", "in"


@dataclass(frozen=True)
class Age:
    """An age as read: where its words stand, whose it is, the year of the event, and its interval."""

    start: int
    end: int
    person: str
    year: int
    low: float
    high: float


@functools.lru_cache(maxsize=8)
def age_words(kn: Knowledge) -> AgeWords:
    """The age words of derivations.yaml as patterns, built once per Knowledge."""
    spec = kn.data["derivations"]["ages"]
    being = rf"(?:{alternatives(spec['copulas'])})\s+(?:(?:{alternatives(spec['softeners'])})\s+)?$"
    pronouns = alternatives(spec.get("person_pronouns") or ()) or "(?!)"
    return AgeWords(
        before=re.compile(rf"(?<![\w-])(?:{alternatives(spec['before'])})\s+$", re.I),
        after=re.compile(rf"(?<!\s)\s*(?:{alternatives(spec['after'])})(?!\w)", re.I),   # lookbehinds: linear searches
        copula=re.compile(rf"(?<![\w-]){being}", re.I),
        person_copula=re.compile(rf"(?<![\w-])(?:{pronouns})\s+{being}", re.I),
        when=re.compile(rf"(?<!\s)\s+(?:{alternatives(spec['when_words'])})(?!\w)", re.I),
        birth_event=str(spec["birth_event"]),
        birth_lead=re.compile(rf"(?<![\w-])(?:{alternatives(spec['birth_lead'])})$", re.I))


WINDOW = 40   # characters before a figure searched for the words that make it an age


def age_of(scan: str, c: Claim, sentence: tuple[int, int], words: AgeWords) -> Age | None:
    """The age figure `c` states, if its words make it a person's age at an event of a year of its sentence."""
    if not _plain_number(c) or c.frame is None or not c.frame.owner:
        return None
    year = _event_year(scan, c, sentence)
    if year is None:
        return None
    lead = scan[max(sentence[0], c.start - WINDOW):c.start]
    tail = scan[c.end:sentence[1]]
    before, copula = words.before.search(lead), words.copula.search(lead)
    after, when = words.after.match(tail), words.when.match(tail)
    if before:
        start, end = c.start - len(lead) + before.start(), c.end + (after.end() if after else 0)
    elif after:
        start, end = c.start, c.end + after.end()
    elif copula and (when or _closes_a_persons_clause(lead, tail, words)):
        start, end = c.start - len(lead) + copula.start(), c.end
    else:
        return None
    return Age(start, _through_year(scan, end, year, sentence[1]), c.frame.owner, year, c.low, c.high) \
        if c.low is not None and c.high is not None else None


def _closes_a_persons_clause(lead: str, tail: str, words: AgeWords) -> bool:
    """'Lund, who was 62, retired': a pronoun of persons, a verb of being, the figure, then the clause ends."""
    return bool(words.person_copula.search(lead)) and tail[:1] in (",", ";", ")", ".")


def _plain_number(c: Claim) -> bool:
    """A figure with nothing counted or measured after it: '40', not '40 members' or '40 minutes'."""
    return c.kind == "count" and c.noun is None and c.derived is None and c.value is not None


def _event_year(scan: str, c: Claim, sentence: tuple[int, int]) -> int | None:
    """The one year the figure's own sentence dates it by (its period, read from a date of the sentence)."""
    p = c.period
    if p is None or p.origin != "stated" or p.start[:4] != p.end[:4] or p.mod in ("BEFORE", "AFTER"):
        return None
    if not p.text or scan.find(p.text, sentence[0], sentence[1]) < 0:
        return None
    return int(p.start[:4])


def _through_year(scan: str, end: int, year: int, sentence_end: int) -> int:
    """The quote runs on to the event's year when it follows in the sentence ("was 40 when she founded the
    press in 1990"), so that a reviewer sees the whole working."""
    at = scan.find(str(year), end, sentence_end)
    return at + 4 if at >= 0 else end


def birth_years(age: Age) -> tuple[int, int]:
    """The years someone of this age in this year was born in: Y-N-1 (birthday still to come) to Y-N."""
    return int(age.year - age.high - 1), int(age.year - age.low)


def born_whom(c: Claim, words: AgeWords) -> str | None:
    """Whose birth a stated birth date is: the name it stands right after ("A (born 1950)", "A, born in 1950"),
    else the figure's owner."""
    if c.frame is None:
        return None
    at = c.sentence.find(c.quote)
    if at > 0:
        lead = c.sentence[:at]
        opening = lead.rfind("(")
        if opening > 0 and ")" not in lead[opening:]:   # "A (Arabic: ...; 1165–1240)": the name before the bracket
            lead = lead[:opening]
        bare = _without_birth_lead(lead, words).lower()
        for name in sorted(c.frame.names, key=len, reverse=True):
            if bare.endswith(name.lower()):
                return name
    return c.frame.owner


def _without_birth_lead(lead: str, words: AgeWords) -> str:
    """'Ada Voss, born in' -> 'Ada Voss': strip the punctuation and birth words that end the text, in turn."""
    while True:
        bare = lead.rstrip(" \t(,;:–—-")
        word = words.birth_lead.search(bare, max(0, len(bare) - 12))
        bare = bare[:word.start()] if word else bare
        if bare == lead:
            return bare
        lead = bare


def birth_interval(c: Claim) -> tuple[int, int] | None:
    """The birth years a stated birth date allows: its year (a life span's first), or a decade's years."""
    d: Period | None = c.date
    if d is None or d.mod in ("BEFORE", "AFTER"):
        return None
    first = int(d.start[:4])
    last = first if d.granularity == "span" else int(d.end[:4])
    widen = 2 if d.mod == "APPROX" else 0
    return first - widen, last + widen

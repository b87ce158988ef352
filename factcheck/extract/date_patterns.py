"""The date recognizer's patterns, built from the words of dates.yaml.

A pattern here is the shape of a date in digits and fixed words ("the first half of 2024", "Q3 2025"); every
set of words a slot may hold (month names, the parts of a period, the ordinals of halves and quarters, seasons,
the words that join a range or count a duration) is read from dates.yaml, so that a word added there is a word
the recognizer finds. Built once per knowledge base. The patterns run longest first; `dates.py` reads what
they match.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge, alternatives, month_numbers

YEAR = r"(?:1[5-9]\d\d|2[01]\d\d)"
OLD_YEAR = r"(?:1[0-4]\d\d|[1-9]\d\d)"   # 100-1499: a year only where its words say so (dates._old_years)
_DASH = r"\s?[-–—]\s?"


@dataclass(frozen=True)
class DateGrammar:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]   # (name, pattern), longest shapes first
    month_names: tuple[str, ...]                        # full names, January first: what dateparser is handed
    month_numbers: dict[str, int]                       # a name or abbreviation, lower case, no full stop
    cue: re.Pattern[str]                                # a digit, a month or a calendar word: maybe a date
    offset_directions: dict[str, str]                   # "later" -> after, "ago" -> ago
    span_opens: re.Pattern[str]                         # "from " or "between " right before a date
    span_joins: dict[str, re.Pattern[str]]              # what may join the two dates a span word opens

    def month(self, name: str) -> int:
        return self.month_numbers[name.lower().rstrip(".")]


def _month(spec: dict) -> str:
    full = alternatives(spec["months"])
    short = alternatives(spec["month_abbreviations"])
    return rf"(?:{full}|(?:{short})\.?)"


def _part(spec: dict) -> str:
    """'early ', 'mid-', 'the end of ': a part of the period that follows (dates.yaml `parts`)."""
    words = [p for p in spec["parts"] if " " not in p]
    phrases = [p for p in spec["parts"] if " " in p]
    return rf"(?:(?:{alternatives(words)})[- ]|(?:{alternatives(phrases)})\s)"


def _calendar_patterns(spec: dict, ordinals: list[str]) -> list[tuple[str, str]]:
    month, year, dash, part = _month(spec), YEAR, _DASH, _part(spec)
    ordinal_day = rf"(?:3[01]|[12]\d|0?[1-9])(?:{alternatives(ordinals)})"   # '3rd' (lexicon `ordinal_suffixes`)
    day = rf"(?:3[01]|[12]\d|0?[1-9])(?:{alternatives(ordinals)})?"          # '3', '03', '3rd'
    joins = rf"\s(?:{alternatives(spec['range_words'])})\s"
    return [
        ("month_day_range", rf"(?P<m1>{month})\s(?P<d1>{day})(?:{dash}|{joins})(?:(?P<m2>{month})\s)?"
                            rf"(?P<d2>{day})(?:,?\s(?P<y>{year}))?\b"),
        ("day_month_range", rf"\b(?P<d1>{day})(?:\s(?P<m1>{month}))?(?:{dash}|{joins})(?P<d2>{day})"
                            rf"\s(?P<m2>{month})(?:,?\s(?P<y>{year}))?\b"),
        ("month_day", rf"(?P<m1>{month})\s(?P<d1>{day})\b(?!\s?[-–—]\s?\d)(?:,?\s(?P<y>{year})\b)?"),
        # 'the 3rd of May': an ordinal day (a bare '3 of May' is a part of something, as in '3 of May's ministers')
        ("day_of_month", rf"(?i:\bthe\s)?\b(?P<d1>{ordinal_day})\sof\s(?P<m1>{month})(?:,?\s(?P<y>{year}))?\b"),
        ("day_month", rf"\b(?P<d1>{day})\s(?P<m1>{month})(?:,?\s(?P<y>{year}))?\b"),
        ("iso", rf"\b(?P<y>{year})-(?P<mn>0[1-9]|1[0-2])-(?P<d1>0[1-9]|[12]\d|3[01])\b"),
        ("half", rf"(?i:the\s)?(?P<ord>{alternatives(spec['halves'])})\shalf\sof\s(?P<y>{year})\b"
                 rf"|\bH(?P<h>[12])\s(?P<y2>{year})\b"),
        ("quarter", rf"(?i:the\s)?(?P<ord>{alternatives(spec['quarters'])})\squarter\sof\s(?P<y>{year})\b"
                    rf"|\bQ(?P<q>[1-4])\s(?P<y2>{year})\b"),
        ("season", rf"(?i:(?P<part>{part})?(?P<season>{alternatives(spec['seasons'])}))(?:\sof)?\s(?P<y>{year})\b"),
        ("month_year", rf"(?i:(?P<part>{part}))?(?P<m1>{month})(?:\sof)?(?:,?\s(?P<y>{year}))\b"),
    ]


def _year_patterns(spec: dict) -> list[tuple[str, str]]:
    month, year, part = _month(spec), YEAR, _part(spec)
    joins = alternatives(spec["range_words"])
    return [
        ("year_range", rf"\b(?P<y>{year})\s?[-–—/]\s?(?P<y2>{year}|\d\d)\b(?!\s?%)"),
        ("between_years", rf"(?i:between\s)(?P<y>{year})\sand\s(?P<y2>{year})\b"
                          rf"|\b(?P<y3>{year})\s(?:{joins})\s(?P<y4>{year})\b"),
        ("decade", rf"(?i:(?P<part>{part})|the\s)?(?P<dec>1[89]\d0|20\d0)s\b"),
        ("part_year", rf"(?i:(?P<part>{part}))(?P<y>{year})\b"),
        ("month", rf"(?i:(?P<part>{part})|\b(?P<cue>{alternatives(spec['month_cues'])})\s)(?P<m1>{month})\b(?!\s\d)"),
        ("year", rf"(?<![$€£¥₸\d.,])\b(?P<y>{year})\b(?![-–.,]?\d|\s?%|\s(?:{alternatives(spec['not_after_year'])}))"),
    ]


def _offset_pattern(spec: dict) -> tuple[str, str]:
    """'three months later', 'nearly two years ago': a duration from another date or from the document's."""
    numbers = rf"(?:{alternatives(spec['offset_numbers'])}|\d{{1,2}})"
    units = "|".join(rf"{re.escape(u)}s?" for u in spec["offset_units"])
    return ("relative_offset", rf"(?i:(?P<hedge>(?:{alternatives(spec['offset_hedges'])})\s)?\b(?P<n>{numbers})\s"
                               rf"(?P<u>{units})\s(?P<dir>{alternatives(spec['offset_directions'])}))\b")


def _span_join(joiners: list[str]) -> re.Pattern[str]:
    """What may stand between the two dates of a span: a word with blanks around it, a dash with or without.
    The lookbehind keeps a search linear."""
    words = [j for j in joiners if j[:1].isalnum()]
    signs = [j for j in joiners if not j[:1].isalnum()]
    either = [rf"\s+(?:{alternatives(words)})\s+"] if words else []
    either += [rf"\s*(?:{alternatives(signs)})\s*"] if signs else []
    return re.compile(rf"(?<!\s)(?:{'|'.join(either) or '(?!)'})")


@functools.lru_cache(maxsize=4)
def date_grammar(kn: Knowledge) -> DateGrammar:
    spec = kn.data["dates"]
    shapes = [*_calendar_patterns(spec, kn.data["lexicon"]["ordinal_suffixes"]), *_year_patterns(spec), _offset_pattern(spec)]
    calendar = alternatives(spec["calendar_words"])
    joiners = spec["span_joiners"]
    return DateGrammar(
        patterns=tuple((name, re.compile(rx)) for name, rx in shapes),
        month_names=tuple(spec["months"]),
        month_numbers=month_numbers(spec),
        cue=re.compile(rf"\d|{_month(spec)}|(?i:\b(?:{calendar})s?\b)"),
        offset_directions=dict(spec["offset_directions"]),
        span_opens=re.compile(rf"(?i:\b(?P<w>{alternatives(joiners)})\s+)$"),
        span_joins={w.lower(): _span_join(js) for w, js in joiners.items()},
    )

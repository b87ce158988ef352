"""Date mentions: our own recognizer finds the spans, a pinned dateparser reads them.

dateparser's `search_dates` over running text turns "$27" into a date and fills
missing parts from today's clock, so it never sees a whole text here: the regexes
below find date-shaped spans, and the adapter parses only those, with the clock
pinned to the anchor date. Parts ("early November 2025"), halves, quarters, ranges
and relative expressions ("two months after") become TIMEX3-like intervals.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.extract.date_patterns import OLD_YEAR, YEAR, date_grammar
from factcheck.extract.parse import parse
from factcheck.models import Period

_OLD_SPAN = re.compile(rf"(?<![\d.,])(?P<y>{OLD_YEAR})\s?[–—-]\s?(?P<y2>{OLD_YEAR}|{YEAR})(?=\))")
LONGEST_LIFE = 125   # years a life span in brackets may cover


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    period: Period | None          # None for relative expressions until anchored
    relative: tuple[str, int, str] | None = None   # (unit, offset, "anchor"|"document"|"ago")
    needs_year: bool = False
    invalid: bool = False           # date-shaped but impossible ("31 April 2024"): reported, and no figure


_PLAIN_LAYOUTS = ("%B %d, %Y", "%B %Y")   # strptime's month names are the C locale's: English


class DateParseError(Exception):
    pass


@functools.lru_cache(maxsize=1)
def _dateparser():
    from dateparser.date import DateDataParser
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(2000, 1, 1), "PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past",
        "TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False,
        "PARSERS": ["absolute-time"], "DATE_ORDER": "MDY"})


@functools.lru_cache(maxsize=8192)
def parse_day(text: str) -> dt.date:
    """dateparser, pinned: no clock, no host timezone, English only, absolute dates only.

    Our code hands it dates it has already written out as 'March 9, 2018' or 'June 2018'; those are read
    with the standard library first, since loading dateparser's locale data costs most of a second in a run
    that checks a file or two. Anything else, an impossible day included, goes to dateparser as before.
    """
    for layout in _PLAIN_LAYOUTS:
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    data = _dateparser().get_date_data(text)
    if data is None or data.date_obj is None:
        raise DateParseError(f"dateparser could not read {text!r}")
    return data.date_obj.date()


def _month(name: str, kn: Knowledge) -> int:
    return date_grammar(kn).month(name)


def _written(month: int, rest: str, kn: Knowledge) -> str:
    """A date as dateparser is handed it: 'March 9, 2018', 'June 2018'."""
    return f"{date_grammar(kn).month_names[month - 1]} {rest}"


def _day(text: str) -> int:
    m = re.match(r"\d+", text)
    if m is None:   # never: the patterns' day groups start with digits
        raise DateParseError(f"no day in {text!r}")
    return int(m.group())


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _span(y1: int, m1: int, d1: int, y2: int, m2: int, d2: int, granularity: str, mod=None, text="") -> Period:
    return Period(start=dt.date(y1, m1, d1).isoformat(), end=dt.date(y2, m2, d2).isoformat(),
                  granularity=granularity, mod=mod, text=text)


def _part_of(period: Period, part: str | None, kn: Knowledge) -> Period:
    """'early November 2025' -> the first third of November, mod START."""
    if not part:
        return period
    key = re.sub(r"(?<![- ])[- ]+$", "", part.lower().strip())
    spec = kn.data["dates"]["parts"].get(key)
    if spec is None:
        return period
    a, b = dt.date.fromisoformat(period.start), dt.date.fromisoformat(period.end)
    days = (b - a).days
    s = a + dt.timedelta(days=int(days * spec["from"]))
    e = a + dt.timedelta(days=int(round(days * spec["to"])))
    return period.model_copy(update={"start": s.isoformat(), "end": e.isoformat(), "mod": spec["mod"]})


def _month_period(y: int, m: int, text: str) -> Period:
    return _span(y, m, 1, y, m, _last_day(y, m), "month", text=text)


def _year_period(y: int, text: str) -> Period:
    return _span(y, 1, 1, y, 12, 31, "year", text=text)


def _period_for(name: str, g: dict, text: str, year: int | None, kn: Knowledge) -> Period | None:
    read = _PERIOD_READERS.get(name)
    if read is None:
        return None
    return read(g, text, int(g["y"]) if g.get("y") else year, kn)


def _day_range(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    """'12-14 March', 'March 30 - April 2'; no period when the end comes before the start."""
    if y is None:
        return None
    m2 = _month(g["m2"], kn) if g.get("m2") else _month(g["m1"], kn)
    m1 = _month(g["m1"], kn) if g.get("m1") else m2
    a = parse_day(_written(m1, f"{_day(g['d1'])}, {y}", kn))
    b = parse_day(_written(m2, f"{_day(g['d2'])}, {y}", kn))
    return _span(a.year, a.month, a.day, b.year, b.month, b.day, "span", text=text) if b >= a else None


def _one_day(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    if y is None:
        return None
    month = int(g["mn"]) if g.get("mn") else _month(g["m1"], kn)
    d = parse_day(_written(month, f"{_day(g['d1'])}, {y}", kn))
    return _span(d.year, d.month, d.day, d.year, d.month, d.day, "day", text=text)


def _half(g: dict, text: str, y: int | None, kn: Knowledge) -> Period:
    y = int(g.get("y") or g["y2"])
    h = int(g["h"]) if g.get("h") else kn.data["dates"]["halves"][g["ord"].lower()]
    return _span(y, 6 * h - 5, 1, y, 6 * h, _last_day(y, 6 * h), "half", text=text)


def _quarter(g: dict, text: str, y: int | None, kn: Knowledge) -> Period:
    y = int(g.get("y") or g["y2"])
    q = int(g["q"]) if g.get("q") else kn.data["dates"]["quarters"][g["ord"].lower()]
    return _span(y, 3 * q - 2, 1, y, 3 * q, _last_day(y, 3 * q), "quarter", text=text)


def _season(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    """A season that ends in the next year (a northern winter) runs into it."""
    if y is None:   # never: the pattern has a year
        return None
    a, b = kn.data["dates"]["seasons"][g["season"].lower()]
    y2 = y + 1 if b < a else y
    return _part_of(_span(y, a, 1, y2, b, _last_day(y2, b), "span", text=text), g.get("part"), kn)


def _month_of(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    if y is None:
        return None
    d = parse_day(_written(_month(g["m1"], kn), str(y), kn))
    return _part_of(_month_period(d.year, d.month, text), g.get("part"), kn)


def _year_range(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    """'2019-2021', '2019-21': a second year of two digits is in the first one's century."""
    if y is None:   # never: the pattern has a year
        return None
    y2 = int(g["y2"]) if len(g["y2"]) == 4 else (y // 100) * 100 + int(g["y2"])
    return _span(y, 1, 1, y2, 12, 31, "span", text=text) if y2 > y else None


def _between_years(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    a, b = int(g.get("y") or g["y3"]), int(g.get("y2") or g["y4"])
    return _span(a, 1, 1, b, 12, 31, "span", text=text) if b > a else None


def _decade(g: dict, text: str, y: int | None, kn: Knowledge) -> Period:
    d = int(g["dec"])
    return _part_of(_span(d, 1, 1, d + 9, 12, 31, "decade", text=text), g.get("part"), kn)


def _part_year(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    if y is None:   # never: the pattern has a year
        return None
    return _part_of(_year_period(y, text), g.get("part"), kn)


def _whole_year(g: dict, text: str, y: int | None, kn: Knowledge) -> Period | None:
    if y is None:   # never: the pattern has a year
        return None
    return _year_period(y, text)


# the reader of each date pattern's groups, by the pattern's name
_PERIOD_READERS = {
    "month_day_range": _day_range, "day_month_range": _day_range,
    "month_day": _one_day, "day_month": _one_day, "day_of_month": _one_day, "iso": _one_day,
    "half": _half, "quarter": _quarter, "season": _season,
    "month_year": _month_of, "month": _month_of,
    "year_range": _year_range, "between_years": _between_years, "decade": _decade,
    "part_year": _part_year, "year": _whole_year,
}


def _year_has_cue(scan: str, start: int, kn: Knowledge) -> bool:
    before = scan[max(0, start - 20):start].lower().rstrip(" (")
    words = re.findall(r"[a-z]+", before)
    return (not before) or before.endswith((",", ".", ";", ":", "—", "–")) or (
        bool(words) and (words[-1] in kn.data["dates"]["year_cues"]
                         or " ".join(words[-2:]) in kn.data["dates"]["year_cues"]))


@functools.lru_cache(maxsize=4)
def _relative_patterns(kn: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str], list[tuple[re.Pattern[str], dict]]]:
    table = kn.data["dates"]["relative"]
    cue = date_grammar(kn).cue
    anywhere = re.compile(rf"(?i)\b(?:{alternatives(table)})\b") if table else re.compile("(?!)")
    return cue, anywhere, [(re.compile(rf"(?i)\b{re.escape(p)}\b"), spec) for p, spec in table.items()]


def find_dates(scan: str, start: int, end: int, kn: Knowledge, default_year: int | None = None) -> list[DateMention]:
    """Date mentions in scan[start:end], longest first, never overlapping."""
    cue, any_relative, relative = _relative_patterns(kn)
    if not cue.search(scan, start, end):
        return []  # no digit, month or calendar word: no date, and no regex work
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    _pattern_dates(scan, start, end, kn, default_year, found, taken)
    _old_years(scan, start, end, kn, found, taken)
    if any_relative.search(scan, start, end):  # one search, not one per phrase
        _relative_dates(scan, start, end, relative, found, taken)
    return _joined_spans(scan, sorted(found, key=lambda d: d.start), kn)


def _joined_spans(scan: str, found: list[DateMention], kn: Knowledge) -> list[DateMention]:
    """'from October 2018 to June 2019', 'between 3 May and 14 June 2022': two dates the words join are one
    span, from the first one's start to the second one's end (each date alone would be a wrong period)."""
    grammar = date_grammar(kn)
    out: list[DateMention] = []
    k = 0
    while k < len(found):
        a = found[k]
        b = found[k + 1] if k + 1 < len(found) else None
        opening = grammar.span_opens.search(scan, max(0, a.start - 12), a.start)
        if b is not None and opening and a.period and b.period and a.period.start <= b.period.end and \
                grammar.span_joins[opening["w"].lower()].fullmatch(scan, a.end, b.start):
            text = scan[a.start:b.end]
            out.append(DateMention(a.start, b.end, Period(start=a.period.start, end=b.period.end, granularity="span",
                                                          text=text)))
            k += 2
            continue
        out.append(a)
        k += 1
    return out


def _pattern_dates(scan: str, start: int, end: int, kn: Knowledge, default_year: int | None,
                   found: list[DateMention], taken: list[tuple[int, int]]) -> None:
    """The calendar patterns, longest first: a match overlapping one already taken is a part of it."""
    for name, pattern in date_grammar(kn).patterns:
        for m in pattern.finditer(scan, start, end):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            if name == "year" and not _year_has_cue(scan, s, kn):
                continue
            mention = _mention(name, m, scan, kn, default_year)
            if mention is not None:
                _take(mention, found, taken)


@functools.lru_cache(maxsize=4)
def _old_year_pattern(kn: Knowledge) -> re.Pattern[str]:
    spec = kn.data["dates"]
    cues = "|".join(rf"(?<=\b{re.escape(w)}\s)" for w in sorted(spec["old_year_cues"]))
    after = alternatives(spec["after_old_year"])
    return re.compile(rf"(?i:{cues})(?P<y>{OLD_YEAR})\b(?![-–.,]?\d|\s?%)(?!\s+(?!(?i:{after})\b)[a-z])")


def _old_years(scan: str, start: int, end: int, kn: Knowledge, found: list[DateMention],
               taken: list[tuple[int, int]]) -> None:
    """Years before 1500: after a time word and before the end of the clause ("sacked in 1066."), or a life span
    in brackets after a name ("Aldric of Venn (1165–1240)"). Anywhere else such a number is a figure."""
    for m in _old_year_pattern(kn).finditer(scan, start, end):
        _take(DateMention(m.start(), m.end(), _year_period(int(m["y"]), m.group())), found, taken)
    for m in _OLD_SPAN.finditer(scan, start, end):
        y, y2 = int(m["y"]), int(m["y2"])
        if y < y2 <= y + LONGEST_LIFE and _in_brackets_after_a_name(scan, m.start(), (start, end)):
            _take(DateMention(m.start(), m.end(), _span(y, 1, 1, y2, 12, 31, "span", text=m.group())), found, taken)


def _take(mention: DateMention, found: list[DateMention], taken: list[tuple[int, int]]) -> None:
    """Keep a mention unless one already taken overlaps it (the longer patterns run first)."""
    if not any(mention.start < b and a < mention.end for a, b in taken):
        found.append(mention)
        taken.append((mention.start, mention.end))


def _in_brackets_after_a_name(scan: str, at: int, sentence: tuple[int, int]) -> bool:
    """The bracket holding `at` opens right after a proper noun ('Aldric of Venn (', 'Hale (c. '), by the
    sentence's parse: a capital alone may open the sentence ('Attendance (100–150)'). Rare enough to parse; the
    whole sentence is parsed, so the figures' readers find the parse cached."""
    start, end = sentence
    opening = scan.rfind("(", start, at)
    if opening < 0 or ")" in scan[opening:at]:
        return False
    before = scan[start:opening].rstrip()
    if not before or not before[-1].isalpha():
        return False
    words = parse(scan[start:end])
    last = [w for w in words if w.end <= len(before)]
    return bool(last) and last[-1].end == len(before) and last[-1].pos == "PROPN"


def _relative_dates(scan: str, start: int, end: int, relative: list[tuple[re.Pattern[str], dict]],
                    found: list[DateMention], taken: list[tuple[int, int]]) -> None:
    """'last year', 'the previous month': dates counted from an anchor or from the document's own date."""
    for pattern, spec in relative:
        for m in pattern.finditer(scan, start, end):
            how = "document" if spec.get("document") else "anchor"
            _take(DateMention(m.start(), m.end(), None, (spec["unit"], int(spec["offset"]), how)), found, taken)


def _mention(name: str, m: re.Match[str], scan: str, kn: Knowledge, default_year: int | None) -> DateMention | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    text = m.group()
    if name == "relative_offset":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else int(kn.numbers.get(n, 1))
        direction = date_grammar(kn).offset_directions[g["dir"].lower()]
        sign = 1 if direction == "after" else -1
        how = "document" if direction == "ago" else "anchor"
        return DateMention(m.start(), m.end(), None, (g["u"].lower().rstrip("s"), sign * count, how))
    needs_year = name in ("month_day_range", "day_month_range", "month_day", "day_month", "day_of_month", "month") and "y" not in g
    try:
        period = _period_for(name, g, text, None if needs_year else default_year, kn)
    except (DateParseError, ValueError, KeyError):
        return DateMention(m.start(), m.end(), None, None, False, invalid=True)
    if period is None and not needs_year:
        return None
    return DateMention(m.start(), m.end(), period, None, needs_year)


def with_year(mention: DateMention, scan: str, year: int, kn: Knowledge) -> DateMention | None:
    """Re-read a date written without its year ("On November 12") once the context gives one."""
    text = scan[mention.start:mention.end]
    for name, pattern in date_grammar(kn).patterns:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        g = {k: v for k, v in m.groupdict().items() if v}
        try:
            period = _period_for(name, g, text, year, kn)
        except (DateParseError, ValueError, KeyError):
            return None
        if period is not None:
            return DateMention(mention.start, mention.end, period, None, False)
    return None


def shift(anchor: Period, unit: str, offset: int, text: str) -> Period:
    """The period `offset` units from `anchor` ("two months after" a date in September -> November)."""
    a = dt.date.fromisoformat(anchor.start)
    if unit == "year":
        return _span(a.year + offset, 1, 1, a.year + offset, 12, 31, "year", text=text)
    if unit == "month":
        idx = a.year * 12 + a.month - 1 + offset
        y, mth = divmod(idx, 12)
        return _month_period(y, mth + 1, text)
    days = {"day": 1, "week": 7}.get(unit, 1) * offset
    d = a + dt.timedelta(days=days)
    return _span(d.year, d.month, d.day, d.year, d.month, d.day, "day" if unit == "day" else "span", text=text)

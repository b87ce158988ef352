"""What a plain-text article says about itself in its first lines: headline, by-line, dateline.

A `.txt` (or a `.md` without front matter) that someone adds usually starts like a
printed article: a headline, perhaps "By Jane Roe", and a dateline ("ALMATY, Nov. 20,
2025 —", "Published: 20 November 2025", "2025-11-20"). `factcheck add` offers these as
the metadata, so the publication date that anchors "last year" is not lost.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from factcheck.config.knowledge import alternatives, builtin, grammar_words, month_numbers

HEAD_LINES = 8          # a dateline or by-line further down is part of the story, not of its head
MAX_TITLE = 160



@functools.lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Month names and abbreviations, lower case, to their numbers (dates.yaml `months`, `month_abbreviations`)."""
    return month_numbers(builtin("dates"))


@functools.lru_cache(maxsize=1)
def _dates() -> tuple[re.Pattern[str], ...]:
    """A publication date on a head line: ISO, 'March 8, 2026', '8 March 2026'."""
    month = rf"(?P<month>{alternatives(_months())})\.?"
    return (re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
            re.compile(month + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b", re.I),
            re.compile(r"\b(?P<day>\d{1,2})\s+" + month + r",?\s+(?P<year>\d{4})\b", re.I))


@functools.lru_cache(maxsize=1)
def _byline() -> re.Pattern[str]:
    """'By Ana Lund', 'Author: Ana Lund' (lexicon.yaml grammar `byline_leads`)."""
    return re.compile(rf"^(?:{alternatives(grammar_words('byline_leads'))})\s+(?P<name>[^\d,;:]{{3,80}})$", re.I)


def _date(line: str) -> str | None:
    for pattern in _dates():
        m = pattern.search(line)
        if not m:
            continue
        month = int(m.group("mon")) if "mon" in m.groupdict() else _months()[m.group("month").lower()]
        try:
            return dt.date(int(m.group("year")), month, int(m.group("day"))).isoformat()
        except ValueError:
            return None
    return None


_PLACE = re.compile(r"(?<![^\W\d_])[A-Z][^\W\d_]*+(?:[ .'’-]++[^\W\d_]++){0,5}+,")   # "ALMATY,", "NEW YORK,", "St. Paul,"
_DASHES = ("—", "–", " -- ", " - ")


def _dateline_head(line: str) -> str | None:
    """The dated part of a line: the whole of a line that is (mostly) a date ('Published: 2025-11-20', 'ALMATY,
    Nov. 20, 2025 —'), or what comes before the dash of a wire-style dateline that the story follows on the same
    line ('VELMORA, March 8, 2026 — The port ...'); None for a sentence."""
    if _date(line) is not None and (len(line) < 60 or line.rstrip().endswith(("—", "–", "-"))):
        return line
    for dash in _DASHES:
        head, found, _ = line.partition(dash)
        if found and len(head) < 60 and _PLACE.match(head) and _date(head) is not None:
            return head
    return None


def _is_dateline(line: str) -> bool:
    return _dateline_head(line) is not None


def head_meta(text: str) -> dict[str, str]:
    """title, author and published read from the first lines of a plain-text article, where they are."""
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines()[:HEAD_LINES * 2] if line.strip()]
    meta: dict[str, str] = {}
    head = lines[:HEAD_LINES]
    if head and len(head[0]) <= MAX_TITLE and not head[0].endswith((".", ":", ";")) and not _is_dateline(head[0]):
        meta["title"] = head[0]
    for line in head:
        byline = _byline().match(line)
        if byline and "author" not in meta:
            meta["author"] = byline.group("name").strip()
        head_of_line = _dateline_head(line)
        if "published" not in meta and head_of_line is not None:
            meta["published"] = _date(head_of_line) or ""
    return {k: v for k, v in meta.items() if v}

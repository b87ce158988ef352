"""Who a figure is attributed to: "According to Putin, ...", "... ," Mustafin says."

Attribution matters to a reviewer: two figures that disagree because two speakers
disagree are a different finding from two reporters disagreeing.
"""
from __future__ import annotations

import bisect
import functools
import re

from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.sources.document import Document
from factcheck.extract.text import Sentence

_NAME_START = r"(?<![\w’'-])"   # a name starts a word: no search restarts inside a long one


@functools.lru_cache(maxsize=4)
def _patterns(kn: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = alternatives(kn.data["lexicon"]["speech_verbs"])
    name = rf"(?:[A-Z][\w’'-]+(?:\s(?:[A-Z][\w’'-]+|{alternatives(kn.grammar('name_particles'))})){{0,3}})"
    lead, fillers = alternatives(kn.grammar("attribution_leads")), alternatives(kn.grammar("speech_fillers"))
    according = re.compile(rf"\b(?i:{lead})\s(?:the\s)?(?P<name>{name}|[a-z]+(?:\s[a-z]+)?\s{name})")
    before_verb = re.compile(rf"{_NAME_START}(?P<name>{name})\s(?:(?:{fillers})\s)*(?:{verbs})\b")
    after_quote = re.compile(rf"[”\"]\s*+(?:,\s*+)?(?:(?:the\s)?[a-z]+(?:\s[a-z]+)?\s)?(?P<name>{name})\s(?:{verbs})\b"
                             rf"|[”\"]\s*+(?:,\s*+)?(?:{verbs})\s(?P<name2>{name})")
    return according, before_verb, after_quote


def _canonical(name: str, kn: Knowledge) -> str | None:
    words = name.split()
    while words and words[0].lower() in kn.speaker_leads:
        words = words[1:]
    if not words:
        return None
    return " ".join(words)


class _Marks:
    """Where the newlines and curly quotes of one scan view are, so each sentence finds its paragraph
    and its enclosing quotation by binary search instead of rescanning from the paragraph start."""

    def __init__(self, scan: str):
        self.scan = scan
        self.newlines = [m.start() for m in re.finditer("\n", scan)]
        self.opens = [m.start() for m in re.finditer("“", scan)]
        self.closes = [m.start() for m in re.finditer("”", scan)]

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        k = bisect.bisect_left(self.newlines, start)
        para_start = self.newlines[k - 1] + 1 if k else 0
        j = bisect.bisect_left(self.newlines, end)
        return para_start, self.newlines[j] if j < len(self.newlines) else len(self.scan)

    def open_quote_at(self, pos: int, para_start: int) -> int | None:
        """Where the quotation enclosing `pos` opens, if `pos` is inside one in its paragraph: the first
        opening mark after the last closing one (both in the paragraph, before `pos`)."""
        k = bisect.bisect_left(self.closes, pos)
        after = self.closes[k - 1] + 1 if k and self.closes[k - 1] >= para_start else para_start
        j = bisect.bisect_left(self.opens, after)
        return self.opens[j] if j < len(self.opens) and self.opens[j] < pos else None

    def next_close(self, pos: int) -> int:
        k = bisect.bisect_left(self.closes, pos)
        return self.closes[k] if k < len(self.closes) else -1


_MARKS: list[_Marks] = []


def _marks(scan: str) -> _Marks:
    """The marks of the document being read (one cached: sentences of a document come in a row)."""
    if not _MARKS or _MARKS[0].scan is not scan:
        _MARKS[:] = [_Marks(scan)]
    return _MARKS[0]


def speaker_for(doc: Document, sent: Sentence, kn: Knowledge) -> str | None:
    according, before_verb, after_quote = _patterns(kn)
    text = doc.scan[sent.start:sent.end]
    m = according.search(text)
    if m:
        return _canonical(m.group("name"), kn)
    marks = _marks(doc.scan)
    para_start, para_end = marks.paragraph(sent.start, sent.end)
    opened = marks.open_quote_at(sent.start, para_start)
    if opened is not None or "“" in text:
        closing = marks.next_close(sent.start)
        if closing != -1 and closing < para_end:
            m = after_quote.search(doc.scan, closing, min(para_end, closing + 80))
            if m and m.start() == closing:
                return _canonical(m.group("name") or m.group("name2"), kn)
    m = before_verb.search(text)
    if m:
        return _canonical(m.group("name"), kn)
    return None

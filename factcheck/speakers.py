"""Who a figure is attributed to: "According to Putin, ...", "... ," Mustafin says."

Attribution matters to a reviewer: two figures that disagree because two speakers
disagree are a different finding from two reporters disagreeing.
"""
from __future__ import annotations

import functools
import re

from .knowledge import Knowledge
from .sources import Document
from .text import Sentence

_NAME = r"(?:[A-Z][\w’'-]+(?:\s(?:[A-Z][\w’'-]+|of|de|van|von|al-)){0,3})"
_PRONOUNS = frozenset("he she they it him her them this that these those the".split())


@functools.lru_cache(maxsize=4)
def _patterns(kn: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = "|".join(re.escape(str(v)) for v in sorted(kn.data["lexicon"]["speech_verbs"], key=len, reverse=True))
    according = re.compile(rf"\b[Aa]ccording to (?:the\s)?(?P<name>{_NAME}|[a-z]+(?:\s[a-z]+)?\s{_NAME})")
    before_verb = re.compile(rf"(?P<name>{_NAME})\s(?:has\s|had\s|also\s|himself\s|herself\s)*(?:{verbs})\b")
    after_quote = re.compile(rf"[”\"]\s*,?\s*(?:(?:the\s)?[a-z]+(?:\s[a-z]+)?\s)?(?P<name>{_NAME})\s(?:{verbs})\b"
                             rf"|[”\"]\s*,?\s*(?:{verbs})\s(?P<name2>{_NAME})")
    return according, before_verb, after_quote


def _canonical(name: str, kn: Knowledge) -> str | None:
    words = name.split()
    while words and words[0].lower() in _PRONOUNS | {"president", "chairman", "minister", "mr", "ms", "dr"}:
        words = words[1:]
    if not words:
        return None
    return " ".join(words)


def _open_quote_at(text: str, pos: int, para_start: int) -> int | None:
    """Where the quotation enclosing `pos` opens, if `pos` is inside one in its paragraph."""
    depth_open = None
    for i in range(para_start, pos):
        ch = text[i]
        if ch == "“":
            depth_open = i if depth_open is None else depth_open
        elif ch == "”":
            depth_open = None
    return depth_open


def speaker_for(doc: Document, sent: Sentence, kn: Knowledge) -> str | None:
    according, before_verb, after_quote = _patterns(kn)
    text = doc.scan[sent.start:sent.end]
    m = according.search(text)
    if m:
        return _canonical(m.group("name"), kn)
    para_start = doc.scan.rfind("\n", 0, sent.start) + 1
    opened = _open_quote_at(doc.scan, sent.start, para_start)
    if opened is not None or "“" in text:
        para_end = doc.scan.find("\n", sent.end)
        para_end = len(doc.scan) if para_end == -1 else para_end
        closing = doc.scan.find("”", sent.start)
        if closing != -1 and closing < para_end:
            m = after_quote.search(doc.scan, closing, min(para_end, closing + 80))
            if m and m.start() == closing:
                return _canonical(m.group("name") or m.group("name2"), kn)
    m = before_verb.search(text)
    if m:
        return _canonical(m.group("name"), kn)
    return None

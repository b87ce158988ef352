"""Sentences and tokens over the scan view, with absolute offsets.

Cheap by design: one regex pass per document, no model. Sentence splitting knows
common abbreviations ("U.S.", "D.C.", "Jan.") and joins lines that a PDF conversion
broke in the middle of a sentence; the words for both are the lexicon's (`abbreviations`,
`name_abbreviations`, `dangling_words`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge, alternatives, grammar_words

TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.])\.\d+)"
    r"|(?P<word>(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)?)"
    r"|(?P<sym>\S)"
)
_END = re.compile(r"(?<![.!?])[.!?]++[\"”’')\]]*+(?=\s)")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "num", "word" or "sym"

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int


def tokenize(scan: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(scan) if end is None else end
    return [Token(m.group(), m.start(), m.end(), m.lastgroup or "sym") for m in TOKEN.finditer(scan, start, end)]


def _is_abbreviation(scan: str, dot: int, kn: Knowledge) -> bool:
    m = re.search(r"([A-Za-z.]+)$", scan[max(0, dot - 12): dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    return word in kn.abbreviations or (len(word) == 1 and word.isalpha())


def _inside_name(scan: str, dot: int, kn: Knowledge) -> bool:
    """'Dr. Owen', 'Arland D. Williams', 'Williams, Jr. Memorial': an abbreviation that stands inside a name,
    so the capital after it does not open a sentence."""
    m = re.search(r"([A-Za-z]+)$", scan[max(0, dot - 12): dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in kn.name_abbreviations:
        return True
    before = scan[max(0, dot - len(word) - 30): dot - len(word)]
    return len(word) == 1 and word.isupper() and re.search(r"[A-Z][\w’'-]*\s$", before) is not None


def _boundaries(scan: str, start: int, end: int, kn: Knowledge) -> list[int]:
    cuts = []
    for m in _END.finditer(scan, start, end):
        text = m.group()
        if text.startswith(".") and len(text.rstrip("\"”’')]")) == 1 and _is_abbreviation(scan, m.start(), kn):
            nxt = re.match(r"(?<!\s)\s*+(\S)", scan[m.end(): m.end() + 40])
            if not nxt or not nxt.group(1).isupper() or re.match(r"(?<!\s)\s*+[A-Z][a-z]*+\.", scan[m.end():m.end() + 6]) \
                    or _inside_name(scan, m.start(), kn):
                continue
        cuts.append(m.end())
    return cuts


def _continues(prev_line: str, line: str, kn: Knowledge) -> bool:
    """Whether `line` carries on the sentence `prev_line` left open (a PDF line or page break)."""
    prev, line = prev_line.rstrip(), line.lstrip()
    if not prev or not line or prev[-1] in ".!?:;\"”’)":
        return False
    last_word = prev.rsplit(None, 1)[-1].lower()
    return line[0].islower() or (prev[-1].isalpha() and last_word in kn.dangling_words)


def _paragraphs(scan: str, start: int, end: int, kn: Knowledge) -> list[tuple[int, int]]:
    """Blocks of text: a line break ends a block unless the line was cut mid-sentence."""
    spans: list[tuple[int, int]] = []
    block: tuple[int, int] | None = None
    last_line, pos = "", start
    for line in scan[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip():
            continue
        if block is not None and _continues(last_line, line, kn):
            block = (block[0], line_end)
        else:
            if block is not None:
                spans.append(block)
            block = (line_start, line_end)
        last_line = line
    if block is not None:
        spans.append(block)
    return spans


def sentences(scan: str, kn: Knowledge, start: int = 0) -> list[Sentence]:
    out: list[Sentence] = []
    for p, (a, b) in enumerate(_paragraphs(scan, start, len(scan), kn)):
        prev = a
        for cut in _boundaries(scan, a, b, kn) + [b]:
            s, e = trim(scan, prev, cut)
            if e > s:
                out.append(Sentence(s, e, p, len(out)))
            prev = cut
    return out


@functools.lru_cache(maxsize=1)
def _clause_break() -> re.Pattern[str]:
    """A comma, a semicolon, a dash between blanks, or a contrast (lexicon.yaml grammar `contrast_conjunctions`)."""
    return re.compile(rf"[,;]\s|\s[–—]\s|\s(?:{alternatives(grammar_words('contrast_conjunctions'))})\s")


def clauses(scan: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the clauses of scan[start:end], cut at commas, semicolons, dashes and contrasts."""
    cuts = [start] + [m.end() for m in _clause_break().finditer(scan, start, end)] + [end]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def trim(scan: str, s: int, e: int) -> tuple[int, int]:
    while s < e and scan[s].isspace():
        s += 1
    while e > s and scan[e - 1].isspace():
        e -= 1
    return s, e

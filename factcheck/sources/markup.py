"""Blank out what is not prose, keeping every offset.

Extraction runs over a *scan view* of a file: the same length as the original text,
with markup, URLs, DOIs, e-mail addresses, footnote markers, citations and reference
lists replaced by spaces. Because no character moves, a span found in the scan view
slices the original file back to its quote, and no offset table is ever needed.
"""
from __future__ import annotations

import functools
import re

from factcheck.config.knowledge import alternatives, builtin, grammar_words

_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]\"']+|\bdoi:\s*\S+|\b10\.\d{4,9}/\S+", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
# The body stops at the next tag of the same name, opening or closing: a run of unclosed tags costs one
# pass, not one pass per tag
_TAG_WITH_BODY = re.compile(r"<(sup|sub|script|style)\b[^<>]*+>(?:[^<]++|<(?!/?\1\b))*+</\1\s*+>", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>|<(?:https?|ftp|mailto):[^<>\s]+>")
_MD_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]\[\n]++\](?::[^\n]*+)?")
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!$%&])")
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
_MD_BRACKETS = re.compile(r"[\[\]]")
# A footnote marker glued to the word or figure it follows, as wikis print them: "1,200[3] metres", "long.[a]"
# (not a Markdown link "[3](...)", not a bracket after a blank).
_GLUED_FOOTNOTE = re.compile(r"(?<=[^\s\[\]])\[(?:\d{1,3}|[a-z])\](?![(\[:])")


def _not_author() -> str:
    """Words that open a date in brackets, never an author: "(November 2025)", "(Q3 2025)", "(Early 2024)",
    "(Since 2019)". Month names, seasons, parts and year cues from dates.yaml, capitalised as they open."""
    spec = builtin("dates")
    words = [*spec["months"], *spec["month_abbreviations"], *spec["seasons"], *spec["parts"], *spec["year_cues"]]
    articles = set(builtin("lexicon")["determiners"])   # "(The Caspian Post, 2024)" is a citation
    opening = {w.split()[0].capitalize() for w in words if w[:1].isalpha() and w.split()[0] not in articles}
    return rf"(?:{alternatives(opening)}|Q[1-4]|H[12]|FY)\b"


@functools.lru_cache(maxsize=1)
def _citation() -> re.Pattern[str]:
    """Author-year citations: "(Sakenova, 2023)", "(Sullivan, 2019; Abbasova, 2022)", "Lemon (2018)". Each
    author-year item is atomic and takes the last year within its reach, so a list that is not a citation fails
    in one pass (a lazy item could be re-split every way, exponential in the number of years)."""
    return re.compile(rf"\((?!{_not_author()})(?:(?>[A-Z][^()\n]{{0,80}},?\s(?:19|20)\d{{2}}[a-z]?)(?:[;,]\s*+)?)+\)"
                      r"|(?<=[a-z] )\((?:19|20)\d{2}[a-z]?\)")


# Possessive blanks, each run read once: "[ \t]*(?:marker)?[ \t]*" tried every split of a run of blanks
_FOOTNOTE_LINE = re.compile(r"^[ \t]*+(?:(?:\[\^?\d+\]|\d{1,3}[.)]?)[ \t]*+)?<?https?://[^\n]*$", re.M)


@functools.lru_cache(maxsize=1)
def _references() -> re.Pattern[str]:
    """A heading line that opens a reference list (lexicon.yaml grammar `reference_headings`)."""
    return re.compile(rf"^[ \t#*]*(?:{alternatives(grammar_words('reference_headings'))})[ \t:*]*$", re.I | re.M)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _blank_all(chars: list[str], text: str, pattern: re.Pattern[str]) -> None:
    for m in pattern.finditer(text):
        _blank(chars, m.start(), m.end())


@functools.lru_cache(maxsize=1)
def _reference_line() -> re.Pattern[str]:
    """A line of a reference list: a link, a DOI, pages, 'Retrieved from' (lexicon.yaml grammar
    `reference_line_phrases`), a numbered entry, or 'Author, A. ... (2019)'."""
    phrases = alternatives(grammar_words("reference_line_phrases"))
    return re.compile(rf"https?://|\bdoi\b|\bpp?\.\s?\d|{phrases}|^[^\S\n]*+(?:\[\d+\]|\d+\.)\s+[A-Z]"
                      r"|(?<![\w'-])[A-Z][\w'-]++,\s(?:[A-Z]\.|[A-Z][a-z]+).{0,80}\((?:19|20)\d{2}[a-z]?\)", re.I | re.M)


@functools.lru_cache(maxsize=1)
def _weak_headings() -> frozenset[str]:
    """The headings that open a reference list only when one follows (lexicon `weak_reference_headings`)."""
    return frozenset(builtin("lexicon").get("weak_reference_headings") or ())


def _looks_like_references(text: str, pos: int) -> bool:
    """'References' or 'Bibliography' always opens a list; 'Notes' or 'Sources' only when a
    bibliography-like line (a year, a URL, a DOI, a page number) follows."""
    heading = text[pos:text.find("\n", pos) if "\n" in text[pos:] else len(text)].strip(" \t#*:").lower()
    if heading not in _weak_headings():
        return True
    lines = [line for line in text[pos:].split("\n")[1:12] if line.strip()][:5]
    return any(_reference_line().search(line) for line in lines)


_LIST_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,3}[.)]|\[\d{1,3}\])\s")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]")


def _line_kind(line: str) -> str:
    """'reference' (a URL, a DOI, pages, an author-year entry), 'heading', 'short', or 'prose'."""
    if _references().fullmatch(line):
        return "reference"
    if _MD_HEADING.match(line):
        return "heading"
    if _reference_line().search(line) or (_YEAR.search(line) and (_LIST_ITEM.match(line) or len(line) < 300)):
        return "reference"
    return "short" if len(line.split()) <= 12 else "prose"


def _is_trailing_list(text: str, pos: int) -> bool:
    """Whether everything from the heading at `pos` to the end reads as a reference list: no later
    section heading, and reference-like lines outnumbering prose four to one."""
    kinds = [_line_kind(line) for line in text[pos:].split("\n")[1:] if line.strip()]
    if "heading" in kinds:
        return False
    references, prose = kinds.count("reference"), kinds.count("prose")
    return references > 0 and prose * 4 <= references


def reference_section_start(text: str) -> int | None:
    """Where a trailing reference list begins; it yields no claims (its numbers are bibliographic).

    Only a list that runs to the end of the file counts: a "References" heading in mid-document,
    followed by more sections or by prose, keeps everything after it. A heading such as "Sources"
    or "Notes" counts only when bibliography-like lines (years, URLs, DOIs, page numbers) follow it,
    so a section that happens to be called "Notes" keeps its figures.
    """
    for m in _references().finditer(text):
        if _looks_like_references(text, m.start()) and _is_trailing_list(text, m.start()):
            return m.start()
    return None


def scan_view(text: str, body_start: int = 0) -> str:
    """The text with everything that is not prose blanked out; same length as `text`."""
    return scan_view_with_drops(text, body_start)[0]


def scan_view_with_drops(text: str, body_start: int = 0) -> tuple[str, list[tuple[int, int, str]]]:
    """The scan view, and the whole sections it left out, as (start, end, what) for a diagnostic."""
    chars = list(text)
    _blank(chars, 0, body_start)
    dropped = []
    refs = reference_section_start(text)
    if refs is not None and refs >= body_start:
        _blank(chars, refs, len(text))
        dropped.append((refs, len(text.rstrip()), "trailing reference list"))
    for pattern in (_TAG_WITH_BODY, _MD_LINK_TARGET, _TAG, _URL, _EMAIL, _MD_FOOTNOTE, _FOOTNOTE_LINE,
                    _GLUED_FOOTNOTE, _citation()):
        _blank_all(chars, "".join(chars), pattern)
    view = "".join(chars)
    for pattern in (_ESCAPE, _HEADING, _EMPHASIS, _MD_BRACKETS):
        _blank_all(chars, view, pattern)
        view = "".join(chars)
    return view, dropped

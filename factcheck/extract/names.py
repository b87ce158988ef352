"""Names inside one document: which spans are names, what each stands for, and whose a figure is.

"Hoshimi Orbital Inc." ... "Hoshimi" ... "the company" are one owner: a name is resolved to
the first longer name of the document that starts with it, an acronym the text defines to
its expansion, and the entity list (when it knows the name) to its label. A figure's owner
is a possessor right before it, the name a relative clause hangs on, or the subject of its
sentence (a pronoun standing for the paragraph's last one).
"""
from __future__ import annotations

import bisect
import functools
import re

from factcheck.config.knowledge import Knowledge, alternatives, grammar_words
from factcheck.models import Claim
from factcheck.sources.document import Document
from factcheck.extract.text import Sentence
from factcheck.config.vocab import FrameVocab


TRANSLITERATION_MARKS = "ʿʾʻ"   # modifier letters a transliterated name may open with or hold ('ʿArabī', 'Hawaiʻi')


def _upper_class() -> str:
    """Every capital letter of the Basic Multilingual Plane as a character class ('É', 'Ł', 'Ö' open names as 'A'
    does), with the modifier letters that may stand before one in a transliteration ('ʿArabī', 'ʻOkina')."""
    capitals = [chr(i) for i in range(0x41, 0x3000) if chr(i).isupper()]
    ranges, first, prev = [], capitals[0], capitals[0]
    for ch in capitals[1:] + ["\uffff"]:
        if ord(ch) != ord(prev) + 1:
            ranges.append(re.escape(first) + ("-" + re.escape(prev) if prev != first else ""))
            first = ch
        prev = ch
    return f"[{TRANSLITERATION_MARKS}]?[" + "".join(ranges) + "]"


_CAPITAL = _upper_class()


@functools.lru_cache(maxsize=4)
def _name_pattern(links: frozenset[str]) -> re.Pattern[str]:
    """Capitalised words in a row, one linking word (lexicon `name_links`: "of", "van") allowed between two."""
    linked = "|".join(re.escape(w) for w in sorted(links, key=lambda w: (-len(w), w))) or "(?!)"
    marks = TRANSLITERATION_MARKS
    return re.compile(rf"(?<![\w’'{marks}-]){_CAPITAL}[\w’'{marks}&.-]*(?:[ \t]+(?:(?:{linked})[ \t]+)?"
                      rf"{_CAPITAL}[\w’'{marks}&.-]*)*(?:[ \t]\d{{1,2}}(?=[,;:)]|\.(?!\d)|[ \t][a-z(]|$))?")


def _without_trailing_links(name: str, links: frozenset[str]) -> str:
    """'Bank of' -> 'Bank': a name never ends in a linking word (words are joined by one space)."""
    words = name.split(" ")
    while len(words) > 1 and words[-1] in links:
        words.pop()
    return " ".join(words)


class DocumentNames:
    """The names a document uses, each resolved to the longest form the document gives it, so that
    "Hoshimi" and "the Hoshimi Orbital Inc." are one owner; acronyms the text defines are their expansion."""

    def __init__(self, doc: Document, claims: list[Claim], voc: FrameVocab, kn: Knowledge,
                 sentence_starts: frozenset[int] = frozenset()):
        self.doc, self.voc, self.links = doc, voc, kn.name_links
        self.low = doc.scan.lower()
        self.sentence_starts = sentence_starts
        self.spans: list[tuple[int, int, str]] = []
        for m in _name_pattern(kn.name_links).finditer(doc.scan, doc.body_start):
            for start, end, name in self._split(m.start(), m.group()):
                self.spans.append((start, end, name))
        self.lower_words = set(re.findall(r"(?<![\w-])[a-z][a-z’'-]*", doc.scan))
        figures = sorted((c.start, c.end) for c in claims if c.kind not in ("acronym", "ranking"))
        self.spans = [n for n in self.spans if not self._opening_word(n) and not _a_figure_word(n, figures)]
        self.starts = [s for s, _, _ in self.spans]
        expansions = {c.about: voc.name_key(c.text_value or "") for c in claims if c.kind == "acronym" and c.about}
        self.aliases = self._aliases(expansions)

    def _opening_word(self, span: tuple[int, int, str]) -> bool:
        """'Founded in Basel', 'Originally competing': a lone capitalised word opening a sentence is an
        ordinary word when the text also writes it in lower case or it reads as a participle or adverb."""
        start, _, name = span
        if " " in name:
            return False
        before = self.doc.scan[max(0, start - 3):start]
        opening = start == 0 or before.endswith(("\n", ". ", "? ", "! ", "\n\n", "* ", "- ")) or not before.strip()
        low = name.lower()
        forms = {low, low + "s", low + "es", low.removesuffix("s")}
        return opening and (bool(forms & self.lower_words) or low.endswith(self.voc.word_endings))

    def _split(self, start: int, text: str) -> list[tuple[int, int, str]]:
        """Drop sentence-opening function words ("The", "In") and cut the match where a function word stands
        alone or a sentence begins ("... with Arlow Foods. Mina Dace said": two names, since a name's words
        may end in a full stop, as "Inc." does); what is left is a name, its span ending before any possessive
        ("Dace’s" -> Dace)."""
        out: list[tuple[int, int, str]] = []
        current: list[str] = []
        first = last_end = start
        for m in re.finditer(r"\S+", text):
            w = m.group()
            clean = w.rstrip(".,;:’'").removesuffix("’s").removesuffix("'s")
            if current and start + m.start() in self.sentence_starts:
                out.append((first, last_end, " ".join(current)))
                current = []
            if clean in self.voc.not_names or not clean or clean.endswith(("-based", "-born", "-led")):
                if current:
                    out.append((first, last_end, " ".join(current)))
                current = []
                continue
            if not current:
                first = start + m.start()
            current.append(clean)
            last_end = start + m.start() + len(clean)
        if current:
            out.append((first, last_end, " ".join(current)))
        out = [(a, b, _without_trailing_links(n, self.links)) for a, b, n in out]
        return [piece for a, b, n in out if self.voc.name_key(n) for piece in self._segments(a, b, n)]

    def _segments(self, a: int, b: int, name: str) -> list[tuple[int, int, str]]:
        parts = self.voc.segment(self.voc.name_key(name)) if self.voc.entity_label(self.voc.name_key(name)) is None \
            else None
        if not parts:
            return [(a, b, name)]
        out, pos = [], a
        for part in parts:
            k = self.low.find(part.split()[0], pos, b)
            k = pos if k < 0 else k
            out.append((k, min(b, k + len(part)), self.doc.scan[k:min(b, k + len(part))]))
            pos = k + len(part)
        return out

    def _aliases(self, expansions: dict[str, str]) -> dict[str, str]:
        """Each name to the first longer name of the document that starts with it ("Halbeck" -> "Halbeck
        Pharma", named first, not "Halbeck Group Communications" in the contact block)."""
        order: dict[str, int] = {}
        for start, _, name in self.spans:
            order.setdefault(self.voc.name_key(name), start)
        order.pop("", None)
        by_first: dict[str, list[str]] = {}  # a name can only shorten one that starts with the same word
        for m in order:
            by_first.setdefault(_first_word(m), []).append(m)
        out: dict[str, str] = {}
        for k in order:
            longer = [m for m in (by_first.get(_first_word(k), []) if k.split() else order) if _prefix(k, m)]
            out[k] = expansions.get(k.upper()) or (min(longer, key=lambda m: order[m]) if longer else k)
        for k, v in list(out.items()):
            out[k] = self.voc.entity_label(v) or self.voc.entity_label(k) or v
        return out

    def canonical(self, name: str) -> str:
        key = self.voc.name_key(name)
        return self.aliases.get(key, key)

    def within(self, a: int, b: int) -> list[tuple[int, int, str]]:
        lo, hi = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        return [(s, e, self.canonical(n)) for s, e, n in self.spans[lo:hi] if e <= b]


def _a_figure_word(span: tuple[int, int, str], figures: list[tuple[int, int]]) -> bool:
    """'Two people were rescued', 'Dozens of homes': a lone capitalised word that the figure readers read as
    part of a figure is a number, not a name."""
    start, end, name = span
    if " " in name:
        return False
    k = bisect.bisect_right(figures, (start, float("inf"))) - 1
    return k >= 0 and figures[k][0] <= start and end <= figures[k][1]


def _first_word(name: str) -> str:
    return name.split(maxsplit=1)[0] if name.strip() else ""


def _prefix(short: str, long: str) -> bool:
    """"hoshimi" names "hoshimi orbital"; "orbital" does not (a name is shortened from its start)."""
    s, l = short.split(), long.split()
    return len(s) < len(l) and l[:len(s)] == s


@functools.lru_cache(maxsize=1)
def _relative() -> re.Pattern[str]:
    """', which ...': a relative clause opens after a comma (lexicon.yaml grammar `relative_pronouns`)."""
    return re.compile(rf",\s+(?:{alternatives(grammar_words('relative_pronouns'))})\b")


def owner_of(scan: str, sent: Sentence, c: Claim, sentence_names, subject: str | None, voc: FrameVocab) -> str | None:
    """The name the figure belongs to: a possessor right before it ("Quorvane's 970 employees", "Hoshimi's
    current fleet of 18"), the name a relative clause hangs on ("Tembu Space, ..., which operates 26"), else
    the sentence's subject (a name opening it, or a pronoun for the last subject of the paragraph); else
    unknown, which fits any owner."""
    before = [n for n in sentence_names if n[1] <= c.start and _can_own(scan, n, voc)]
    for s, e, name in reversed(before):
        if c.start - e <= 40 and re.match(r"[’']s?\s", scan[e:e + 3]) and "," not in scan[e:c.start]:
            return name
    relative = [m for m in _relative().finditer(scan, sent.start, c.start)]
    if relative:
        hang = relative[-1].start()
        named = [n for n in before if n[1] <= hang and hang - n[1] <= 90]
        if named:
            return named[0][2]
    return subject


def _can_own(scan: str, name: tuple[int, int, str], voc: FrameVocab) -> bool:
    """A place after 'in' is a scope, and an acronym used as an adjective ('SAR satellite') no owner."""
    s, e, _ = name
    before = scan[max(0, s - 12):s].lower().split()
    if before and before[-1] in voc.scope_prepositions:
        return False
    word = scan[s:e]
    return not (word.isupper() and len(word) <= 5 and re.match(r"(?<!\s)\s++[a-z]", scan[e:e + 3]))


def sentence_subject(scan: str, sent: Sentence, sentence_names, previous: str | None, voc: FrameVocab) -> str | None:
    """A name that opens the sentence (after at most an article, or after an opening phrase and its comma:
    "Founded in Basel in 1911, Halbeck Pharma is ..."), or a pronoun standing for the previous subject."""
    commas = [m.end() for m in re.finditer(r",\s", scan[sent.start:min(sent.end, sent.start + 80)])][:3]
    starts = [sent.start]
    for end in commas:
        if voc.clause_word.search(scan, sent.start, sent.start + end):
            break  # the words before the comma are a clause of their own, not an opening phrase
        starts.append(sent.start + end)
    for begin in starts:  # a name first: "Its neighbour, the Port of Saldus, handled ..." is about Saldus
        lead_ok = lambda s: all(w in voc.titles or w.lower() in ("the", "a", "an")  # noqa: E731
                                for w in scan[begin:s].split())
        named = next((n for n in sentence_names if n[0] >= begin), None)
        if named is not None and lead_ok(named[0]) and not re.match(r"[’']s?\s", scan[named[1]:named[1] + 3]):
            return named[2]
    if voc.subject_pronoun.match(scan, sent.start, sent.start + 20):
        return previous
    return None

"""Stages 2-3 for one document: sentences -> mentions -> claims, with period and speaker.

The period a figure refers to is taken from a date in its own sentence ("stated"),
else from the last date earlier in the same paragraph ("context"), else from the
document's publication date ("document"). Relative dates ("later that year") are
anchored the same way, never on the clock.
"""
from __future__ import annotations

from collections import Counter

from factcheck.extract import dates as dates_mod
from factcheck.extract.claims import clean_sentence, date_claim, quantity_claim, to_base
from factcheck.extract.derived import derived_claims
from factcheck.extract.frames import read_frames
from factcheck.extract.governs import date_governs
from factcheck.config.knowledge import Knowledge
from factcheck.extract.mentions import find_quantities
from factcheck.models import Claim, Diagnostic, Period
from factcheck.extract.sentence_dates import SentenceDates
from factcheck.sources.document import Document
from factcheck.extract.speakers import speaker_for
from factcheck.extract.statements import find_acronyms, find_loose_acronyms, find_rankings
from factcheck.extract.superlatives import find_superlatives
from factcheck.extract.text import Sentence, clauses, sentences, tokenize



def _document_period(doc: Document) -> Period | None:
    if not doc.meta.published:
        return None
    y = doc.meta.published[:4]
    return Period(start=f"{y}-01-01", end=f"{y}-12-31", granularity="year", origin="document",
                  text=f"published {doc.meta.published}")


class _Anchor:
    """The most recent absolute date read so far, for relative dates and periods."""

    def __init__(self, doc: Document):
        self.document = _document_period(doc)
        self.last: Period | None = None
        self.sentence = -1
        self.paragraph = -1
        self.paragraph_date: Period | None = None
        self.earlier: tuple[Period | None, int] = (None, -1)

    def year(self, sentence: int) -> int | None:
        """The year of a date written without one: a year of its own sentence, else the publication's (a
        news story's "on 18 February" is this year's), else the last year the text gave."""
        p = self.last if self.last is not None and self.sentence == sentence else (self.document or self.last)
        return int(p.start[:4]) if p else None

    def note(self, period: Period, paragraph: int, sentence: int = -1) -> None:
        if sentence != self.sentence or sentence < 0:
            self.earlier = (self.paragraph_date, self.paragraph)
        self.last, self.sentence = period, sentence
        self.paragraph_date, self.paragraph = period, paragraph

    def paragraph_date_before(self, sentence: int, paragraph: int) -> Period | None:
        """The last date of the paragraph read before this sentence (a date of the sentence itself that does not
        date its figure is no context for it either)."""
        date, where = self.earlier if self.sentence == sentence else (self.paragraph_date, self.paragraph)
        return date if where == paragraph else None


def _resolve(d: dates_mod.DateMention, doc: Document, kn: Knowledge, anchor: _Anchor, sentence: int) -> Period | None:
    if d.period is not None or d.invalid:
        return d.period
    if d.needs_year:
        year = anchor.year(sentence)
        if year is None:
            return None
        again = dates_mod.with_year(d, doc.scan, year, kn)
        return again.period.model_copy(update={"origin": "context"}) if again and again.period else None
    if d.relative is None:   # never: a valid mention with no period that needs no year is a relative one
        return None
    unit, offset, how = d.relative
    base = anchor.document if how == "document" else (anchor.last or anchor.document)
    if base is None:
        return None
    text = doc.text[d.start:d.end]
    shifted = dates_mod.shift(base, unit, offset, f"{text} ({base.text or base.start})")
    return shifted.model_copy(update={"origin": "context", "mod": "APPROX" if unit != "year" else None})


def _period_for_figure(scan: str, start: int, end: int, dated: SentenceDates, anchor: _Anchor, sent: Sentence
                       ) -> Period | None:
    """The date nearest the figure in its own clause ("…, up from $4 billion in 2023"), else in a clause
    that holds no other figure ("In 2024, trade reached $5 billion"), else anywhere in the sentence
    (after the figure first) where the grammar lets it date the figure, else the last date of the paragraph
    before the sentence, else the publication year."""
    # "$412 million in 2025 from $268 million in 2024": the date right after a figure is its own
    found = dated.right_after(scan, end) or dated.nearest_in_own_clause(start)
    if not found:   # a date of another clause: only where the grammar puts the figure under it (governs.py)
        found = dated.nearest_in_free_clause(start) or (dated.next_or_last(start) if dated else None)
        if found and not date_governs(scan, (sent.start, sent.end), start, found[0]):
            found = None
    if found:
        return found[2].model_copy(update={"origin": "stated"})
    earlier = anchor.paragraph_date_before(sent.index, sent.paragraph)
    if earlier is not None:
        return earlier.model_copy(update={"origin": "context"})
    return anchor.document


def extract_document(doc: Document, kn: Knowledge) -> tuple[list[Claim], list[Diagnostic]]:
    claims: list[Claim] = []
    problems: list[Diagnostic] = []
    anchor = _Anchor(doc)
    seen: Counter[tuple[str, str, str]] = Counter()
    nth: dict = {}
    defined: set[str] = set()
    sents = sentences(doc.scan, kn, doc.body_start)
    texts = {s.index: clean_sentence(doc, s.start, s.end) for s in sents}
    for sent in sents:
        text = texts[sent.index]
        rankings = find_rankings(doc, sent, text, kn, nth)
        claims.extend(rankings or find_superlatives(doc, sent, text, kn, nth))
        claims.extend(find_acronyms(doc, sent, text, kn, nth, defined))
        sentence_dates, taken = _dates_in(doc, sent, kn, anchor, claims, seen, text, problems)
        if not kn.figure_cue.search(doc.scan, sent.start, sent.end):
            continue  # no digit and no number word: nothing for the token scan to find
        toks = tokenize(doc.scan, sent.start, sent.end)
        parts = clauses(doc.scan, sent.start, sent.end)
        speaker, asked = None, False
        mentions = find_quantities(doc.scan, toks, kn, taken)
        dated = SentenceDates(sentence_dates, parts, [o.start for o in mentions])  # once per sentence
        for m in mentions:
            key = ("q", doc.text[m.start:m.end], text)
            claim = quantity_claim(doc, m, text, seen[key], to_base(m, kn.rates, kn.default_dollar))
            seen[key] += 1
            period = _period_for_figure(doc.scan, m.start, m.end, dated, anchor, sent)
            if not asked:
                speaker, asked = speaker_for(doc, sent, kn), True
            claims.append(claim.model_copy(update={"period": period, "speaker": speaker or None}))
            for note in m.drops:
                line, col = doc.line_col(m.start)
                problems.append(Diagnostic(code="FC911", message=f"unit parser dropped a match near "
                                           f"{claim.quote!r}: {note}", path=doc.meta.path, line=line, column=col))
    claims.extend(find_loose_acronyms(doc, sents, kn, defined, nth, texts))
    framed = read_frames(doc, claims, kn, sents)
    return framed + derived_claims(doc, framed, sents, kn), problems


def _dates_in(doc, sent: Sentence, kn, anchor: _Anchor, claims: list[Claim], seen: Counter, text: str,
              problems: list[Diagnostic]):
    found: list[tuple[int, int, Period]] = []
    taken: set[int] = set()
    if anchor.paragraph != sent.paragraph:
        anchor.paragraph_date = None
    for d in dates_mod.find_dates(doc.scan, sent.start, sent.end, kn, None):
        period = _resolve(d, doc, kn, anchor, sent.index)
        if d.invalid:
            line, col = doc.line_col(d.start)
            problems.append(Diagnostic(code="FC912", path=doc.meta.path, line=line, column=col,
                                       message=f"not a real date, no claim made: {doc.text[d.start:d.end]!r}"))
        if d.relative is None or d.relative[2] == "document":
            taken.update(t.start for t in tokenize(doc.scan, d.start, d.end))
        if period is None:
            continue
        key = ("d", doc.text[d.start:d.end], text)
        claims.append(date_claim(doc, d, period, text, seen[key]))
        seen[key] += 1
        found.append((d.start, d.end, period))
        if not d.relative:
            anchor.note(period, sent.paragraph, sent.index)
    return found, taken

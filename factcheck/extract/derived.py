"""Derived claims: figures a source does not state but its own words imply, each with its working.

A derived claim is a claim like the stated ones (kind, value, interval, quote and offsets of the words it
was worked out from) with `derived` saying how, and which stated claims it is to be checked against. The
comparison sets it against those claims only (compare/derived.py): it never lines up with other claims, so
a working can add a finding but never move a stated one.

Derivations, by kind (one function each, registered below):
  - enumeration: the length of the list that spells out a count (extract/enumerations.py). "Six chairs:
    A, B, C, D and E" derives 5 from the list, to be checked against the stated six.
  - sum: the sum of the figures of a breakdown that spells out a total (extract/breakdowns.py). "24 staff:
    15 nurses, 6 doctors and 2 porters" derives 23, to be checked against the stated 24.
  - age: the birth years an age at a dated event allows (extract/ages.py). "Ada Voss was 40 when she founded
    the press in 1990" derives a birth in 1949 or 1950, to be checked against the birth dates the corpus
    states for Ada Voss (the comparison finds them: `against` is empty).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from factcheck.config.knowledge import Knowledge
from factcheck.extract.ages import Age, age_of, age_words, birth_years
from factcheck.extract.breakdowns import breakdown_after, totals
from factcheck.extract.claims import claim_id
from factcheck.extract.enumerations import Listing, countable, list_words, listing_after
from factcheck.extract.text import Sentence
from factcheck.models import Claim, Derivation, Period
from factcheck.wording import amount, listing as words_of_list
from factcheck.sources.document import Document

LISTED_CONFIDENCE = 0.9   # a list read from punctuation is a little less sure than the count it is set against


def enumeration_claims(doc: Document, sentence: Sentence, claims: list[Claim], kn: Knowledge) -> Iterable[Claim]:
    """For each count of the sentence that a list spells out, the list's length, to be checked against it."""
    words = list_words(kn)
    figures = [c.start for c in claims if c.kind != "date"]
    for c in claims:
        if not countable(c):
            continue
        others = [f for f in figures if f != c.start]
        listing = listing_after(doc.scan, c, (sentence.start, sentence.end), others, words)
        if listing is not None:
            yield _listed(doc, c, listing)


def _listed(doc: Document, stated: Claim, listing: Listing) -> Claim:
    n = float(len(listing.items))
    listed = "listed, among others" if listing.partial else "listed"
    how = f"{listed}: {words_of_list(listing.items)} ({len(listing.items)})"
    return _worked_out(doc, stated, listing.start, listing.end, {
        "value": n, "low": n, "high": None if listing.partial else n, "bound": ">=" if listing.partial else "=",
        "precision": 0.0}, Derivation(kind="enumeration", against=(stated.id,), how=how, result=f"{listed} {int(n)}",
                                      items=listing.items, partial=listing.partial))


def sum_claims(doc: Document, sentence: Sentence, claims: list[Claim], kn: Knowledge) -> Iterable[Claim]:
    """For each total of the sentence that a breakdown spells out, the sum of its parts."""
    figures = sorted((c for c in claims if c.kind != "date" and c.derived is None), key=lambda c: c.start)
    for c in totals(claims):
        found = breakdown_after(doc.scan, c, (sentence.start, sentence.end), [f for f in figures if f is not c], kn)
        if found is not None:
            yield _summed(doc, c, *found)


def _summed(doc: Document, stated: Claim, listing: Listing, parts: list[Claim]) -> Claim:
    total = sum(p.value or 0.0 for p in parts)
    low, high = sum(p.low or 0.0 for p in parts), sum(p.high or 0.0 for p in parts)
    added = " + ".join(" ".join(p.quote.split()) for p in parts)
    summed = amount(total, stated, stated.noun)
    how = f"{added} = {summed}" + (", among others" if listing.partial else "")
    result = "the parts add up to " + ("at least " if listing.partial else "") + summed
    return _worked_out(doc, stated, listing.start, listing.end, {
        "value": total, "low": low, "high": None if listing.partial else high,
        "bound": ">=" if listing.partial else "=", "precision": sum(p.precision for p in parts)},
        Derivation(kind="sum", against=(stated.id,), how=how, result=result, items=listing.items,
                   partial=listing.partial, parts=tuple(p.id for p in parts)))


def age_claims(doc: Document, sentence: Sentence, claims: list[Claim], kn: Knowledge) -> Iterable[Claim]:
    """For each age at a dated event in the sentence, the birth years it allows."""
    words = age_words(kn)
    for c in claims:
        age = age_of(doc.scan, c, (sentence.start, sentence.end), words)
        if age is not None:
            yield _born(doc, c, age, words.birth_event)


def _born(doc: Document, stated: Claim, age: Age, event: str) -> Claim:
    first, last = birth_years(age)
    years = f"{first}" if first == last else f"{first} or {last}" if last == first + 1 else f"between {first} and {last}"
    aged = f"aged {' '.join(stated.quote.split())} in {age.year}"
    how = f"{aged}: born {years}"
    born = Period(start=f"{max(first, 1):04d}-01-01", end=f"{max(last, 1):04d}-12-31",
                  granularity="year" if first == last else "span", text=how)
    frame = stated.frame.model_copy(update={"event": event}) if stated.frame else None
    return _worked_out(doc, stated, age.start, age.end, {
        "kind": "date", "value": None, "low": None, "high": None, "bound": "=", "precision": 0.0, "unit": "date",
        "dimension": "date", "noun": None, "period": None, "date": born, "frame": frame},
        Derivation(kind="age", against=(), how=how, result=f"born {years} ({aged})", person=age.person))


def _worked_out(doc: Document, stated: Claim, start: int, end: int, figure: dict, how: Derivation) -> Claim:
    """The derived claim: the stated one it was read from, with the quote and offsets of the words it was
    worked out from, its own figure, and the working; a little less sure than what the text states."""
    quote = doc.text[start:end]
    line, column = doc.line_col(start)
    return stated.model_copy(update={
        "id": claim_id(doc.meta.id, how.kind, quote, stated.sentence, 0) + f"~{stated.id.rsplit(':', 1)[-1]}",
        "quote": quote, "start": start, "end": end, "line": line, "column": column, "notes": (),
        "confidence": round(stated.confidence * LISTED_CONFIDENCE, 2), **figure, "derived": how})


Derive = Callable[[Document, Sentence, list[Claim], Knowledge], Iterable[Claim]]
DERIVATIONS: dict[str, Derive] = {"enumeration": enumeration_claims, "sum": sum_claims, "age": age_claims}


def derived_claims(doc: Document, claims: list[Claim], sentences: list[Sentence], kn: Knowledge) -> list[Claim]:
    """Every derivation of every sentence, in the order of the text."""
    by_sentence: dict[int, list[Claim]] = {}
    bounds = [(s.start, s.end, s.index) for s in sentences]
    at = 0
    for c in sorted(claims, key=lambda c: c.start):
        while at < len(bounds) and bounds[at][1] <= c.start:
            at += 1
        if at < len(bounds) and bounds[at][0] <= c.start:
            by_sentence.setdefault(bounds[at][2], []).append(c)
    out: list[Claim] = []
    for s in sentences:
        members = by_sentence.get(s.index)
        if members:
            for derive in DERIVATIONS.values():
                out.extend(derive(doc, s, members, kn))
    return out

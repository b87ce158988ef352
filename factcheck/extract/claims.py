"""Stage 3, normalise: a mention becomes a typed claim with an interval.

The interval is what the wording allows. A plain figure stands for what rounds to it
(statcheck's rule: "$17.2 billion" is 17.15-17.25 billion, a whole count is exact);
a hedge widens or opens it as hedges.yaml says ("more than 30" is (30, inf)).
"""
from __future__ import annotations

import hashlib

from factcheck.extract.dates import DateMention
from factcheck.extract.mentions import Mention
from factcheck.models import Claim, Period
from factcheck.wording import singular
from factcheck.sources.document import Document

def interval(m: Mention) -> tuple[float | None, float | None, float | None, str, float]:
    """(value, low, high, bound, precision) for a mention.

    low/high are what the words allow around the stated value (the hedge), without
    rounding; `precision` is half the step of the written figure, which the comparison
    adds on both sides. A whole count is exact.
    """
    exact = m.kind in ("count", "ordinal", "multiplier") and m.step == 1 and m.low_value == int(m.low_value)
    precision = 0.0 if exact or m.step <= 0 else m.step / 2
    if m.is_range:
        return None, m.low_value, m.high_value, "range", precision
    v, h = m.low_value, m.hedge
    if h is None:
        return v, v, v, "=", precision
    low = None if h.low is None else v * h.low
    high = None if h.high is None else v * h.high
    if v < 0 and low is not None and high is not None:
        low, high = min(low, high), max(low, high)
    if h.bound in ("<", "<=") and low is None and v >= 0:
        low = 0.0
    return v, low, high, h.bound, precision


def _unit(m: Mention) -> tuple[str | None, str | None]:
    if m.kind == "money":
        return m.currency, "money"
    if m.kind == "percent":
        return "%", "percent"
    if m.kind == "quantity" and m.unit is not None:
        return m.unit.unit, m.unit.dimension
    if m.kind == "multiplier":
        return "×", "ratio"
    if m.kind == "ordinal":
        return None, "ordinal"
    return "count", "count"


def claim_id(source: str, kind: str, quote: str, sentence: str, nth: int) -> str:
    """Stable across re-runs and edits elsewhere in the file: no offsets in it."""
    digest = hashlib.sha1(f"{source}\x1f{kind}\x1f{quote}\x1f{' '.join(sentence.split())}\x1f{nth}".encode())
    return f"{source}:{digest.hexdigest()[:10]}"


LONG_SENTENCE = 600  # characters; the longest sentence of the bundled corpus has 425


def clean_sentence(doc: Document, start: int, end: int) -> str:
    """The sentence as a claim stores it: its words, one space apart.

    A longer sentence (a table flattened to one line, a PDF without full stops) is stored as its
    opening words and a reference to where it stands, not copied into every claim it holds: 16,000
    figures on one line would otherwise write the line 16,000 times, and hash it as often.
    """
    if end - start <= LONG_SENTENCE:
        return " ".join(doc.scan[start:end].split())
    head = " ".join(doc.scan[start:start + LONG_SENTENCE // 2].split()[:-1])
    return f"{head} … [a sentence of {end - start:,} characters at {start}-{end}, abridged]"


def to_base(m: Mention, rates: dict[str, float], reference: str) -> float | None:
    """The factor that puts this figure in comparable units; None when no conversion is known."""
    if m.kind == "quantity":
        return m.unit.factor if m.unit is not None else None
    if m.kind == "money":
        return 1.0 if m.currency == reference else rates.get(m.currency or "")
    return 1.0


def quantity_claim(doc: Document, m: Mention, sentence: str, nth: int, base: float | None = 1.0) -> Claim:
    value, low, high, bound, precision = interval(m)
    unit, dimension = _unit(m)
    line, col = doc.line_col(m.start)
    quote = doc.text[m.start:m.end]
    notes = list(m.notes)
    if m.unit is not None and m.unit.via == "quantulum3":
        notes.append("unit read by quantulum3; compared only with the same unit")
    return Claim(
        id=claim_id(doc.meta.id, m.kind, quote, sentence, nth), source=doc.meta.id, kind=m.kind, quote=quote,
        start=m.start, end=m.end, line=line, column=col, sentence=sentence, value=value, low=low, high=high,
        bound=bound, precision=precision, unit=unit, dimension=dimension, to_base=base, noun=singular(m.noun) if m.kind == "count" and m.noun else None,
        change=m.change, confidence=m.confidence, notes=tuple(notes))


def date_claim(doc: Document, d: DateMention, period: Period, sentence: str, nth: int) -> Claim:
    line, col = doc.line_col(d.start)
    quote = doc.text[d.start:d.end]
    bound = "range" if period.start != period.end and period.granularity in ("span",) else (
        "~" if period.mod else "=")
    return Claim(
        id=claim_id(doc.meta.id, "date", quote, sentence, nth), source=doc.meta.id, kind="date", quote=quote,
        start=d.start, end=d.end, line=line, column=col, sentence=sentence, bound=bound, unit="date",
        dimension="date", date=period, confidence=0.8 if d.relative else 1.0,
        notes=("relative date, anchored on " + period.text,) if d.relative else ())

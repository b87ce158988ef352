"""Typed records that flow between the pipeline stages.

Every record is a frozen pydantic model so that a stage can never mutate what an
earlier stage produced, and so that JSON output is validated and deterministic.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["money", "count", "percent", "quantity", "date", "ordinal", "multiplier", "ranking", "acronym"]
Bound = Literal["=", "~", ">", ">=", "<", "<=", "range"]
Granularity = Literal["day", "month", "quarter", "half", "year", "decade", "span"]
Origin = Literal["stated", "context", "document"]
Severity = Literal["material", "minor"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="after")
    def _share_fields_set(self) -> "Record":
        """Records of one type given the same fields share one set of field names: pydantic keeps a set
        per instance (2 KB for a claim, more than its values), and a large story holds a hundred thousand
        claims. Safe because records are frozen: pydantic copies the set before changing it (model_copy)."""
        _share_fields_set(self)
        return self

    def __setstate__(self, state: dict) -> None:
        """Unpickled (a worker's findings): shared too."""
        super().__setstate__(state)
        _share_fields_set(self)


_FIELDS_SETS: dict[tuple[type, frozenset[str] | None], set[str]] = {}
_FIELD_COUNTS: dict[type, int] = {}


def _share_fields_set(record: BaseModel) -> None:
    mine = record.__pydantic_fields_set__
    kind = type(record)
    full = _FIELD_COUNTS.get(kind)
    if full is None:
        full = _FIELD_COUNTS[kind] = len(kind.model_fields)
    # every field given (as in every record read from JSON we wrote): no need to hash the names
    shared = _FIELDS_SETS.setdefault((kind, None if len(mine) == full else frozenset(mine)), mine)
    if shared is not mine:
        object.__setattr__(record, "__pydantic_fields_set__", shared)


class SourceMeta(Record):
    """Who said it and when: front matter of a source, or what the file name gives."""

    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="ISO date that anchors relative dates")
    url: str | None = None
    sha256: str = Field(description="content hash, for incremental re-extraction")


class Period(Record):
    """The time a figure refers to, as an inclusive interval of ISO dates (TIMEX3-like)."""

    start: str
    end: str
    granularity: Granularity
    mod: Literal["START", "MID", "END", "APPROX", "BEFORE", "AFTER"] | None = None
    origin: Origin = "stated"
    text: str = Field("", description="the words the period was read from")


class Frame(Record):
    """What a claim is about, read from the words of its own sentence (extract/frames.py)."""

    thing: tuple[str, ...] = Field((), description="canonical content words of the measured thing, nearest first")
    context: tuple[str, ...] = Field((), description="the other content words of the sentence")
    owner: str | None = Field(None, description="the name the figure belongs to; null: unknown, fits any owner")
    parties: tuple[str, ...] = Field((), description="names of the figure's clause nearer to it than to any other figure")
    names: tuple[str, ...] = Field((), description="every name of the sentence, resolved in the document")
    scope: str | None = Field(None, description="the place the figure is limited to ('in Asia')")
    denominator: str | None = Field(None, description="what the figure is per ('share', 'day', 'each')")
    qualifiers: tuple[str, ...] = Field((), description="separators: cumulative, planned, new, total, withdrawn, ...")
    reference: tuple[str, ...] = Field((), description="what the figure is measured against ('closing price')")
    event: str | None = Field(None, description="for dates: the event predicate ('born', 'broke through')")
    recurs: bool = Field(False, description="the event can happen again (a visit), so far-apart dates are two events")
    predicate: str | None = Field(None, description="for a count of people: the lemma of the verb said of them "
                                  "('rescue', 'die'), from the sentence's parse")
    restrictors: tuple[str, ...] = Field((), description="adjectives that narrow what a count counts "
                                         "('commercial' agreements), from the parse of its words")
    phrase: str = Field("", description="the measured thing in the text's own words, for people")


class Derivation(Record):
    """How a derived claim was worked out from what its source says (extract/derived.py), kept so that a
    reviewer can redo it: what kind of working, the claims it is set against, and the working in words."""

    kind: Literal["enumeration", "sum", "age"]
    against: tuple[str, ...] = Field(description="ids of the stated claims this one is to be checked against "
                                     "(empty: the comparison finds them, e.g. the birth dates of `person`)")
    how: str = Field(description="the working in words: 'listed: A, B and C (3)'")
    result: str = Field("", description="what the working gives, as its position in a finding reads: 'listed 3', "
                                        "'the parts add up to 23 staff', 'born 1949 or 1950 (aged 40 in 1990)'")
    items: tuple[str, ...] = Field((), description="for an enumeration: its members, as written")
    partial: bool = Field(False, description="the list names some members only ('including'): a lower bound")
    person: str | None = Field(None, description="for an age: whose age it is, as the name reader wrote it")
    parts: tuple[str, ...] = Field((), description="for a sum: ids of the stated figures added up")


class Claim(Record):
    """One figure, date or ranking as a source states it (or derives from what it states), with exact
    provenance."""

    id: str
    source: str
    kind: Kind
    quote: str = Field(description="exact surface text, hedge included: text[start:end] == quote")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    sentence: str
    value: float | None = None
    low: float | None = Field(None, description="lowest value the wording allows; null = unbounded")
    high: float | None = Field(None, description="highest value the wording allows; null = unbounded")
    bound: Bound = "="
    precision: float = Field(0.0, ge=0, description="half the step of the written number: the rounding it allows")
    unit: str | None = Field(None, description="ISO currency code, '%', a physical unit name or 'count'")
    dimension: str | None = None
    to_base: float | None = Field(1.0, description="factor from `unit` to the dimension's base unit (km -> 1000 m; "
                                  "a currency -> the reference currency when the corpus gives a rate); null: unknown, "
                                  "compared only with the same unit")
    noun: str | None = Field(None, description="what a count counts, singular")
    change: Literal["up", "down"] | None = Field(None, description="the figure is a rise or a fall, not a level")
    period: Period | None = None
    date: Period | None = Field(None, description="for kind=date: the interval the date denotes")
    text_value: str | None = Field(None, description="for rankings and acronyms: the stated value")
    about: str | None = Field(None, description="for rankings: 'role#rank@owner'; for acronyms: the acronym")
    speaker: str | None = None
    confidence: float = Field(1.0, ge=0, le=1, description="confidence in the parse, not in the conflict")
    notes: tuple[str, ...] = ()
    frame: Frame | None = Field(None, description="what the claim is about, read from its sentence")
    derived: Derivation | None = Field(None, description="not stated but worked out from the text: how")

    @model_validator(mode="after")
    def _interval_is_ordered(self) -> "Claim":
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} above high {self.high}")
        return self


class Diagnostic(Record):
    """A problem with the input or with a parse: never silent, never fatal for other sources."""

    code: str
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    fatal: bool = Field(False, description="the source could not be read at all")


class Subject(Record):
    """What a figure measures: who, which metric, when."""

    entities: tuple[str, ...]
    metric: str
    key: str = Field(description="grouping key: metric|entities|event")
    words: tuple[str, ...] = Field((), description="the words the subject was resolved from")
    confidence: float = Field(1.0, ge=0, le=1)


class ClaimRef(Record):
    """A claim as a discrepancy cites it: enough to find and judge it without the claim file."""

    claim_id: str
    source: str
    path: str
    line: int
    column: int
    start: int
    end: int
    quote: str
    sentence: str
    kind: Kind
    value: float | None
    low: float | None
    high: float | None
    bound: Bound
    precision: float = 0.0
    unit: str | None
    to_base: float | None = 1.0
    text_value: str | None = None
    date: Period | None = None
    period: Period | None = None
    speaker: str | None = None
    confidence: float = 1.0
    subject: Subject | None = Field(None, description="what the claim was resolved to, and from which words")
    derived: str | None = Field(None, description="for a derived claim: how it was worked out, in words")


class Position(Record):
    """Claims that agree with each other; positions of one discrepancy cannot all hold."""

    label: str
    claims: tuple[ClaimRef, ...]
    independent_sources: int


class ReviewNote(Record):
    """The reviewer's decision as the report shows it."""

    status: Literal["explained", "accepted", "error"]
    reason: str
    by: str = ""
    at: str = ""
    source: str | None = None
    changes: tuple[str, ...] = Field((), description="for a stale review: which figures or sources are new or gone "
                                     "since the decision")


class Discrepancy(Record):
    id: str
    code: str
    rule: str
    severity: Severity
    subject: str
    subject_key: str
    message: str
    reason: str
    positions: tuple[Position, ...]
    subject_confidence: float
    extraction_confidence: float
    alignment: str = Field("", description="why the claims were lined up, in words: shared owner, words, score")
    status: Literal["new", "reviewed", "stale"] = "new"
    review: ReviewNote | None = None


class Corroboration(Record):
    subject: str
    subject_key: str
    label: str
    claims: tuple[ClaimRef, ...]
    independent_sources: int


class Report(Record):
    version: int = 1
    corpus: str
    sources: tuple[SourceMeta, ...]
    skipped: tuple[Diagnostic, ...]
    diagnostics: tuple[Diagnostic, ...]
    claims_total: int
    claims_compared: int = Field(0, description="claims that could be lined up with a claim of another source")
    claims_unaligned: int = Field(0, description="of those, claims that lined up with nothing: never compared")
    discrepancies: tuple[Discrepancy, ...]
    corroborations: tuple[Corroboration, ...]
    stale_reviews: tuple[str, ...] = Field((), description="reviewed ids whose discrepancy no longer exists")

"""Properties that hold for any input: no crash, quotes slice the text, intervals are ordered."""
from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from factcheck.extract.reader import extract_document
from factcheck.config.knowledge import Knowledge
from factcheck.sources.markup import scan_view
from factcheck.models import Claim, SourceMeta
from factcheck.sources.document import Document
from factcheck.sources.loader import SourceError, load_document

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KN = Knowledge()

# Pieces of text that exercise the figure, hedge, date and markup code paths when mixed.
FRAGMENTS = [
    "$", "US$", "€", "£", "₸", "KZT ", "%", " per cent", " percent", "about ", "approximately ", "more than ",
    "over ", "almost ", "nearly ", "up to ", "at least ", " or more", "~", "+", "-plus", "between ", " and ",
    " to ", "from ", "-", "–", "—", "(", ")", ",", ".", ";", ":", " ", " ", " ", "\n", "\n\n", "\\", "\\$",
    "January ", "November ", "Sept. ", "early ", "mid-", "late ", "the first half of ", "Q3 ", "later that year",
    "that year", "two months later", " billion", " million", " trillion", "bn", "m", "k", "fold", "-fold",
    "tripled", "half", "a ", "half a billion", "one", "twenty-five", "dozen", "thousands of ", "2024", "2025",
    "1999", "12", "11-12", "30", "1,200", "17.2", "0", "9", ".5", "12:01", " a.m.", " agreements",
    " students", " km", "-kilometer", " barrels per day", " GW", " tonnes", "Kazakhstan", "Japan", " is ",
    "'s largest trading partner", "Alpha Beta Group (ABG)", "https://x.y/1", "a@b.cd", "<sup>3</sup>",
    "(Smith, 2020)", "[link](http://u/2)", "## ", "**", "References\n", "Boeing 787", "Section 4", "3-1",
]
mixed_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.text(max_size=300)
file_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def document(text: str) -> Document:
    """A Document over arbitrary text, built the way load_document builds one (no front matter)."""
    meta = SourceMeta(id="prop", path="prop.md", sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass"))
                      .hexdigest())
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return Document(meta, text, 0, tuple(starts))


def check_claims(doc: Document, claims: list[Claim]) -> None:
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote
        assert c.start < c.end
        if c.low is not None and c.high is not None:
            assert c.low <= c.high
        if c.bound == "range" and c.kind != "date":
            assert c.value is None and c.low is not None and c.high is not None and c.low < c.high
        if c.kind == "date":
            assert c.date is not None and c.date.start <= c.date.end
        line, col = doc.line_col(c.start)
        assert (c.line, c.column) == (line, col)
    assert [(c.start, c.end) for c in claims] == sorted((c.start, c.end) for c in claims)
    assert len({c.id for c in claims}) == len(claims)


@SETTINGS
@given(any_text)
def test_extract_never_raises_on_any_text(text):
    doc = document(text)
    claims, _ = extract_document(doc, KN)
    check_claims(doc, claims)


@SETTINGS
@given(mixed_text)
def test_extract_never_raises_on_figure_like_text(text):
    doc = document(text)
    claims, _ = extract_document(doc, KN)
    check_claims(doc, claims)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("props")


@SETTINGS
@given(text=st.one_of(mixed_text, file_text))
def test_loading_from_a_file_then_extracting(workdir, text):
    path = workdir / "s.md"
    path.write_bytes(text.encode("utf-8"))
    try:
        doc = load_document(path)
    except SourceError as e:
        assert e.code in ("FC903", "FC904", "FC905")
        return
    with open(path, encoding="utf-8") as f:
        assert doc.text == f.read()
    claims, _ = extract_document(doc, KN)
    check_claims(doc, claims)


@SETTINGS
@given(st.one_of(any_text, mixed_text))
def test_scan_view_keeps_length_and_newlines(text):
    view = scan_view(text)
    assert len(view) == len(text)
    assert [i for i, ch in enumerate(view) if ch == "\n"] == [i for i, ch in enumerate(text) if ch == "\n"]
    assert all(v == t or v == " " for v, t in zip(view, text))


@SETTINGS
@given(st.one_of(any_text, mixed_text), st.integers(min_value=0, max_value=300))
def test_scan_view_blanks_everything_before_the_body(text, body_start):
    body_start = min(body_start, len(text))
    view = scan_view(text, body_start)
    assert len(view) == len(text)
    assert view[:body_start].replace("\n", "").strip(" ") == ""


@SETTINGS
@given(mixed_text)
def test_claims_round_trip_through_json(text):
    doc = document(text)
    claims, _ = extract_document(doc, KN)
    for c in claims:
        again = Claim.model_validate_json(c.model_dump_json())
        assert again == c


_finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@SETTINGS
@given(_finite, st.one_of(st.none(), _finite), st.one_of(st.none(), _finite),
       st.sampled_from(["=", "~", ">", ">=", "<", "<=", "range"]), st.text(max_size=20))
def test_claim_model_round_trip_and_interval_check(value, low, high, bound, quote):
    kwargs = dict(id="s:1", source="s", kind="money", quote=quote, start=3, end=3 + len(quote), line=1, column=4,
                  sentence=quote, value=value, low=low, high=high, bound=bound, unit="USD")
    if low is not None and high is not None and low > high:
        with pytest.raises(ValueError):
            Claim(**kwargs)
        return
    c = Claim(**kwargs)
    assert Claim.model_validate_json(c.model_dump_json()) == c
    assert Claim.model_validate(c.model_dump(mode="json")) == c


def test_claim_rejects_end_before_start():
    with pytest.raises(ValueError):
        Claim(id="s:1", source="s", kind="count", quote="x", start=5, end=4, line=1, column=1, sentence="x")


def test_claim_is_frozen_and_forbids_unknown_fields():
    c = Claim(id="s:1", source="s", kind="count", quote="x", start=0, end=1, line=1, column=1, sentence="x")
    with pytest.raises(ValueError):
        c.value = 3.0
    with pytest.raises(ValueError):
        Claim(id="s:1", source="s", kind="count", quote="x", start=0, end=1, line=1, column=1, sentence="x",
              colour="red")

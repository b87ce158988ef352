"""Claims are lined up by frames read from the text: cases as data (tests/cases/alignment.yaml), each with
the reason two figures are, or are not, about the same thing."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from factcheck.align import scoring as align
from factcheck.align.scoring import align_story
from factcheck.align.matching import Alignment
from factcheck.run.compare_corpus import compare
from factcheck.extract.frames import read_frames
from factcheck.config.knowledge import Knowledge
from factcheck.run.pipeline import extract_corpus
from factcheck.compare.rates import convert
from factcheck.align.stories import stories
from factcheck.config.vocab import vocab_for

from helpers import doc_from_file, extract_text, write_source

ROOT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CASES = yaml.safe_load((Path(__file__).parent / "cases" / "alignment.yaml").read_text(encoding="utf-8"))


def _aligned(tmp_path: Path, sources: dict[str, str], kn: Knowledge):
    for name, text in sources.items():
        write_source(tmp_path / name, text)
    result = extract_corpus([tmp_path], kn)
    story = stories(result.claims)
    by_story: dict[int, list] = {}
    for source in sorted(result.claims):
        by_story.setdefault(story[source], []).extend(result.claims[source])
    out = Alignment()
    for number in sorted(by_story):
        align_story(convert(by_story[number], kn), vocab_for(kn), out)
    return result, out


def _compare(tmp_path: Path, sources: dict[str, str], kn: Knowledge):
    for name, text in sources.items():
        write_source(tmp_path / name, text)
    result = extract_corpus([tmp_path], kn)
    return compare(result.documents, result.claims, kn)


def _find(result, spec: str):
    source, quote = spec.split(": ", 1)
    found = [c for c in result.claims[source] if quote in c.quote or c.quote in quote and len(c.quote) > 3]
    assert found, f"no claim {quote!r} in {source}: {[c.quote for c in result.claims[source]]}"
    return found[0]


def _group_of(out: Alignment, claim_id: str) -> int | None:
    return next((k for k, g in enumerate(out.groups) if any(c.id == claim_id for c in g)), None)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_alignment_case(case, tmp_path, kn):
    result, out = _aligned(tmp_path, case["sources"], kn)
    for a, b in case.get("lined_up", []):
        ga, gb = _group_of(out, _find(result, a).id), _group_of(out, _find(result, b).id)
        assert ga is not None and ga == gb, f"{a!r} and {b!r} should line up: {case['why']}"
    for a, b in case.get("not_lined_up", []):
        ga, gb = _group_of(out, _find(result, a).id), _group_of(out, _find(result, b).id)
        assert ga is None or ga != gb, f"{a!r} and {b!r} must not line up: {case['why']}"


def test_topic_lists_are_not_needed(tmp_path):
    """With no entity and no metric list at all, conflicts on an unknown topic are still found."""
    kn = Knowledge()
    kn.data["entities"] = {"aliases": {}, "not_names": []}
    kn.data["metrics"] = {**kn.data["metrics"], "metrics": {}, "noun_synonyms": {}, "roles": []}
    sources = {"north.md": "Vellmark Foods agreed to buy Ostrava Dairy in a cash deal worth $820 million.\n\n"
                           "Ostrava Dairy sells its cheese in 17 countries.\n",
               "south.md": "The transaction values Ostrava Dairy's equity at about $2.1 billion.\n\n"
                           "Ostrava Dairy cheese is sold in 23 countries.\n"}
    found = _compare(tmp_path, sources, kn)
    quotes = sorted(sorted(c.quote for p in d.positions for c in p.claims) for d in found.discrepancies)
    assert quotes == [["$820 million", "about $2.1 billion"], ["17 countries", "23 countries"]]


def test_unaligned_claims_are_counted(tmp_path, kn):
    """An empty report on an unfamiliar topic must not look like agreement: what lined up with nothing is counted."""
    found = _compare(tmp_path, {"a.md": "The Arvo Canal opened in 1911 and is 31 km long.\n",
                                "b.md": "The Kessel Choir has 48 singers.\n"}, kn)
    assert found.discrepancies == [] and found.compared >= 2 and found.unaligned == found.compared


def test_a_stated_rate_converts_the_story(tmp_path, kn):
    sources = {"a.md": "Orlen Shipping's order for the tankers is worth ¥45 billion.\n\n"
                       "The yen traded at roughly ¥150 to the dollar that week.\n",
               "b.md": "Orlen Shipping's order for the tankers is worth $410 million.\n"}
    found = _compare(tmp_path, sources, kn)
    quotes = [sorted(c.quote for c in p.claims) for d in found.discrepancies for p in d.positions]
    assert ["$410 million"] in quotes and any("¥45 billion" in q for q in quotes)
    assert not any("¥150" in c for q in quotes for c in q)  # the rate itself is not an amount


def test_one_source_stating_one_thing_two_ways(tmp_path, kn):
    sources = {"a.md": "Vellmark agreed to pay $31.20 per share in cash for Ostrava Dairy.\n\n"
                       "At $28.40 per share, the cash offer for Ostrava Dairy looks full.\n",
               "b.md": "Vellmark will pay $31.20 a share in cash for Ostrava Dairy.\n"}
    found = _compare(tmp_path, sources, kn)
    positions = [sorted(c.quote for c in p.claims) for d in found.discrepancies for p in d.positions]
    assert ["$28.40"] in positions


def test_dates_without_a_year_take_the_publication_year(tmp_path, kn):
    doc, claims = extract_text(tmp_path / "a.md", "---\npublished: 2026-02-24\n---\nIn 2025 the line carried "
                               "more riders. The machine broke through on 18 February.\n", kn)
    date = next(c for c in claims if c.quote == "18 February")
    assert date.date.start == "2026-02-18"


@pytest.mark.parametrize("text, quote, measured, not_measured", [
    ("Brask Ceramics reported sales of $4.2 billion.\n", "$4.2 billion", "sale", "brask"),
    ("Revenue rose to $4.2 billion.\n", "$4.2 billion", "sales", None),
])
def test_a_name_opening_the_sentence_is_who_not_what(tmp_path, kn, text, quote, measured, not_measured):
    """The capital of a sentence's first word proves nothing, but a name of several words that opens it says
    whose the figure is, never what it measures; an ordinary opening word still does."""
    _, claims = extract_text(tmp_path / "a.md", text, kn)
    thing = next(c for c in claims if c.quote == quote).frame.thing
    assert any(w.startswith(measured) for w in thing) and not_measured not in thing


def test_a_plain_article_is_dated_by_its_dateline(tmp_path):
    doc = doc_from_file(tmp_path / "note.txt", "HARBOUR WEEKLY\nThe quay reopens\nRiga, 3 March 2026\n\n"
                                               "Work on the quay took two years.\n")
    assert doc.meta.published == "2026-03-03"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300))
def test_frames_never_crash_and_name_only_what_the_text_says(tmp_path_factory, text):
    kn = Knowledge()
    path = tmp_path_factory.mktemp("frames") / "a.md"
    doc, claims = extract_text(path, "Arvo Canal Company said " + text, kn)
    framed = read_frames(doc, claims, kn)
    assert [c.id for c in framed] == [c.id for c in claims]
    low = doc.text.lower()
    for c in framed:
        if c.frame is not None and c.frame.owner:
            assert c.frame.owner.split()[0] in low or c.frame.owner in vocab_for(kn).labels


def test_the_words_counted_for_rarity_are_the_words_alignment_weighs(kn):
    """Rarity and family cache keys use the cheap word list; a word it missed would be weighed with no rarity."""
    result = extract_corpus([ROOT_CORPUS], kn)
    claims = [c for ident in result.claims for c in result.claims[ident] if c.frame is not None]
    assert len(claims) > 100
    assert all(align.weighed_words(c) == set(align.word_weights(c)) for c in claims)

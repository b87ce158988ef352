"""Derived birth years: an age at a dated event set against the birth dates stated for the same person
(extract/ages.py, compare/rules/age.py).

Cases as data (tests/cases/ages.yaml): each names an age and the birth years the checker must derive from it,
or none for the near-misses (no year, not an age, a count, no person).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import check_corpus

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "ages.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_an_age_at_a_dated_event_gives_the_birth_years_it_allows(case, extract):
    doc, claims = extract(case["text"])
    assert any(c.quote == case["age"] and c.derived is None for c in claims)
    born = [c for c in claims if c.derived is not None and c.derived.kind == "age"]
    assert [[int(c.date.start[:4]), int(c.date.end[:4])] for c in born] == ([case["born"]] if case["born"] else [])
    for c in born:
        assert doc.text[c.start:c.end] == c.quote and case["age"] in c.quote
        assert c.derived.person == case["person"] and c.kind == "date"


def test_a_birth_year_that_an_age_rules_out_is_a_minor_finding_that_shows_the_working(tmp_path):
    rc, report = check_corpus(tmp_path, {
        "profile.md": "Ada Voss (born 1952) is a publisher in Lorne.\n",
        "history.md": "Ada Voss was 40 when she founded the press in 1990.\n"})
    (d,) = report["discrepancies"]
    assert d["code"] == "FC602" and d["severity"] == "minor" and rc == 1
    assert [[c["quote"] for c in p["claims"]] for p in d["positions"]] == [
        ["1952"], ["was 40 when she founded the press in 1990"]]
    assert d["positions"][1]["claims"][0]["derived"] == "aged 40 in 1990: born 1949 or 1950"
    assert "1952" in d["reason"] and "1949 or 1950" in d["reason"]


@pytest.mark.parametrize("files", [
    {"profile.md": "Ada Voss (born 1950) is a publisher in Lorne.\n",              # the age fits
     "history.md": "Ada Voss was 40 when she founded the press in 1990.\n"},
    {"profile.md": "Ada Voss (1949–2020) was a publisher in Lorne.\n",             # a life span that fits
     "history.md": "Ada Voss was 40 when she founded the press in 1990.\n"},
    {"profile.md": "Ben Voss (born 1952) is a printer in Lorne.\n",                # another person
     "history.md": "Ada Voss was 40 when she founded the press in 1990.\n"},
    {"profile.md": "Ada Voss (born 1952) is a publisher in Lorne.\n",              # a hedged age allows it
     "history.md": "Ada Voss was about 40 when she founded the press in 1990.\n"},
], ids=["fits", "life span fits", "other person", "hedged age"])
def test_an_age_that_fits_or_is_of_someone_else_is_no_finding(tmp_path, files):
    _, report = check_corpus(tmp_path, files)
    assert [d["code"] for d in report["discrepancies"] if d["code"] == "FC602"] == []


def test_a_source_whose_own_age_and_birth_year_disagree_is_a_finding(tmp_path):
    text = "Ada Voss (born 1952) founded the press. Ada Voss was 40 when she founded the press in 1990.\n"
    _, report = check_corpus(tmp_path, {"history.md": text})
    assert [d["code"] for d in report["discrepancies"]] == ["FC602"]

"""Derived claims: a count set against the list that spells it out (extract/enumerations.py, compare/derived.py).

Cases as data (tests/cases/enumerations.yaml): each names a count and the members the checker must read for
it, or none for the near-misses (parts of a larger count, breakdowns, clauses, lists of another sentence).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import check_corpus

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "enumerations.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["count"] + ("" if c["listed"] else " (none)") for c in CASES])
def test_a_count_is_spelt_out_by_the_list_its_punctuation_ties_to_it(case, extract):
    doc, claims = extract(case["text"])
    (stated,) = [c for c in claims if c.quote == case["count"] and c.derived is None]
    lists = [c for c in claims if c.derived is not None and c.derived.kind == "enumeration" and c.derived.against == (stated.id,)]
    assert [list(c.derived.items) for c in lists] == ([case["listed"]] if case["listed"] else [])
    for c in lists:
        assert doc.text[c.start:c.end] == c.quote
        assert c.quote.startswith(case["listed"][0]) and c.quote.endswith(case["listed"][-1])
        assert c.derived.partial == case.get("partial", False)
        assert c.value == len(case["listed"])


def test_a_count_its_list_contradicts_is_a_minor_finding_that_shows_the_working(tmp_path):
    text = "The board has four members: Ames, Baker and Cole.\n"
    rc, report = check_corpus(tmp_path, {"board.md": text})
    (d,) = report["discrepancies"]
    assert d["code"] == "FC601" and d["severity"] == "minor" and rc == 1
    assert [[c["quote"] for c in p["claims"]] for p in d["positions"]] == [["four members"], ["Ames, Baker and Cole"]]
    assert d["reason"] == "the source says 'four members' and then lists 3: Ames, Baker and Cole (3)"
    assert d["positions"][1]["claims"][0]["derived"] == "listed: Ames, Baker and Cole (3)"
    assert d["subject"] == "number of members"


@pytest.mark.parametrize("text", [
    "The board has four members: Ames, Baker, Cole and Dunn.\n",        # the list matches
    "The board has 12 members, including Ames and Baker.\n",            # some members only
    "The board has at least three members: Ames, Baker, Cole and Dunn.\n",   # a hedge the list fits
])
def test_a_list_that_fits_its_count_is_no_finding(tmp_path, text):
    _, report = check_corpus(tmp_path, {"board.md": text})
    assert report["discrepancies"] == []


def test_a_partial_list_longer_than_its_count_is_a_finding(tmp_path):
    _, report = check_corpus(tmp_path, {"board.md": "The board has two members, including Ames, Baker and Cole.\n"})
    assert [d["code"] for d in report["discrepancies"]] == ["FC601"]

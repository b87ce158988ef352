"""Derived sums: a total set against the breakdown that spells it out (extract/breakdowns.py,
compare/rules/sums.py).

Cases as data (tests/cases/sums.yaml): each names a total, the parts the checker must add up (or none for
the near-misses: no breakdown tied to the total, parts of another unit, parts of a larger whole) and
whether the parts contradict the total.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import check_corpus

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "sums.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:32] for c in CASES])
def test_a_total_is_spelt_out_by_the_breakdown_its_punctuation_ties_to_it(case, extract):
    doc, claims = extract(case["text"])
    (stated,) = [c for c in claims if c.quote == case["total"] and c.derived is None]
    sums = [c for c in claims if c.derived is not None and c.derived.kind == "sum" and c.derived.against == (stated.id,)]
    by_id = {c.id: c for c in claims}
    assert [[by_id[i].quote for i in c.derived.parts] for c in sums] == ([case["parts"]] if case["parts"] else [])
    for c in sums:
        assert doc.text[c.start:c.end] == c.quote and c.derived.partial == case.get("partial", False)
        assert c.value == sum(by_id[i].value for i in c.derived.parts)


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:32] for c in CASES])
def test_parts_that_cannot_add_up_to_their_total_are_a_minor_finding(tmp_path, case):
    _, report = check_corpus(tmp_path, {"note.md": case["text"]})
    found = [d for d in report["discrepancies"] if d["code"] == "FC603"]
    assert len(found) == (1 if case["finding"] else 0)
    for d in found:
        assert d["severity"] == "minor" and d["positions"][0]["claims"][0]["quote"] == case["total"]


def test_the_finding_shows_the_sum_in_words(tmp_path):
    _, report = check_corpus(tmp_path, {"note.md": "The clinic has 24 staff: 15 nurses, 6 doctors and 2 porters.\n"})
    (d,) = report["discrepancies"]
    assert d["reason"] == "the source says '24 staff' and its parts say otherwise: 15 nurses + 6 doctors + 2 porters = 23 staff"
    assert d["positions"][1]["label"] == "the parts add up to 23 staff"
    assert d["subject"] == "number of staffs" or d["subject"].startswith("number of staff")

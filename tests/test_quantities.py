"""Figures, table-driven (tests/cases/quantities.yaml): each case is one sentence and every claim it
must yield, with exact values. Add a case by appending to the YAML file."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import FIGURE_KINDS

CASES_FILE = Path(__file__).parent / "cases" / "quantities.yaml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
REQUIRED = ("quote", "kind", "value", "low", "high", "bound", "unit")
OPTIONAL = ("noun", "precision", "change")
NUMERIC_FIELDS = {"value", "low", "high", "precision"}


def _num(x):
    return None if x is None else float(x)


def _expected(entry: dict) -> dict:
    missing = [k for k in REQUIRED if k not in entry]
    assert not missing, f"case entry {entry} lacks {missing}"
    unknown = set(entry) - set(REQUIRED) - set(OPTIONAL)
    assert not unknown, f"case entry {entry} has unknown keys {unknown}"
    return {k: _num(v) if k in NUMERIC_FIELDS else v for k, v in entry.items()}


def _actual(claim, keys) -> dict:
    return {k: getattr(claim, k) for k in keys}


def test_case_ids_are_unique():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_quantity_case(case, extract):
    doc, claims = extract(case["text"] + "\n")
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote
    figures = [c for c in claims if c.kind in FIGURE_KINDS]
    expected = [_expected(e) for e in case["expect"]]
    got = [_actual(c, e.keys()) for c, e in zip(figures, expected)]
    assert [c.quote for c in figures] == [e["quote"] for e in expected], "figures found"
    for g, e in zip(got, expected):
        assert g == {k: (pytest.approx(v, rel=1e-9, abs=1e-9) if k in NUMERIC_FIELDS and v is not None else v)
                     for k, v in e.items()}
    if "dates" in case:
        assert [c.quote for c in claims if c.kind == "date"] == case["dates"]

"""Figures, dates and counts as a person writes them (factcheck/wording.py)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.models import Period
from factcheck.wording import date_words, figure, noun_of_metric, number, party, plural

from helpers import extract_text


def _claim(tmp_path, kn, text: str, quote: str):
    _, claims = extract_text(tmp_path / "s.md", text, kn)
    return next(c for c in claims if c.quote == quote)


@pytest.mark.parametrize("text, quote, words", [
    ("In 2024 the deal was worth $3.6 billion.", "$3.6 billion", "$3.6 billion (3.55–3.65 billion)"),
    ("The plant employs 12,500 employees.", "12,500 employees", "12,500 employees"),
    ("The new road is 6.8 km long.", "6.8 km", "6.8 km (6.75–6.85)"),
    ("Kazakhstan signed more than 30 agreements.", "more than 30 agreements", "more than 30 agreements"),
    ("Trade reached approximately $17 billion.", "approximately $17 billion", "about $17 billion (14.8–19.2 billion)"),
    ("Turnover was almost $40 billion.", "almost $40 billion", "almost $40 billion (35.5–40.5 billion)"),
    ("Exports rose 26% last year.", "26%", "26% (25.5–26.5%)"),
    ("The budget is roughly 1.2 trillion tenge.", "roughly 1.2 trillion tenge",
     "about 1.2 trillion tenge (1.03–1.37 trillion)"),
    ("The line carries about 400,000 barrels of oil per day.", "about 400,000 barrels of oil per day",
     "about 400,000 barrels per day (359,999.5–440,000.5)"),
])
def test_figures_read_as_people_write_them(tmp_path, kn, text, quote, words):
    assert figure(_claim(tmp_path, kn, text + "\n", quote)) == words


def test_a_count_names_what_it_counts_in_the_right_number(tmp_path, kn):
    one = _claim(tmp_path, kn, "Only 1 country objected.\n", "1 country")
    assert figure(one) == "1 country"
    assert figure(one.model_copy(update={"value": 3.0, "low": 3.0, "high": 3.0})) == "3 countries"


@pytest.mark.parametrize("n, word, expected", [(0, "source", "0 sources"), (1, "discrepancy", "1 discrepancy"),
                                               (2, "discrepancy", "2 discrepancies"), (3, "country", "3 countries"),
                                               (2, "day", "2 days"), (2, "tax", "2 taxes"),
                                               (12500, "employee", "12,500 employees"),
                                               (2, "corroborated figure", "2 corroborated figures")])
def test_plural(n, word, expected):
    assert plural(n, word) == expected


@pytest.mark.parametrize("start, end, words", [
    ("2025-11-06", "2025-11-06", "6 November 2025"), ("2025-11-01", "2025-11-30", "November 2025"),
    ("2025-01-01", "2025-12-31", "2025"), ("2025-11-01", "2025-11-11", "1–11 November 2025"),
    ("2025-08-30", "2025-09-03", "30 August – 3 September 2025"),
    ("2024-12-30", "2025-01-02", "30 December 2024 – 2 January 2025")])
def test_dates_in_words(start, end, words):
    assert date_words(Period(start=start, end=end, granularity="day")) == words


def test_entities_by_their_names_never_by_internal_keys():
    labels = {"KZ": "Kazakhstan"}
    assert party("KZ", labels) == "Kazakhstan"
    assert party("name:quillfeather", labels) == "Quillfeather"
    assert party("name:john deere", labels) == "John Deere"


@given(st.floats(min_value=-1e14, max_value=1e14, allow_nan=False, allow_infinity=False))
def test_numbers_are_never_in_scientific_notation(x):
    text = number(x)
    assert "e" not in text.lower() or abs(x) < 0.001
    if abs(x) >= 0.001:
        assert float(text.replace(",", "")) == pytest.approx(x, rel=1e-3, abs=1e-3)


@pytest.mark.parametrize("metric, noun", [("number of agreements", "agreement"),
                                          ("number of agreements (Kazakhstan, United States), 2025", "agreement"),
                                          ("number of countries", "country"), ("trade turnover", None), (None, None),
                                          ("rise in number of staff (Vellmark), 2024", "staff"),
                                          ("fall in number of countries", "country")])
def test_the_counted_noun_comes_from_the_subject_without_its_parties(metric, noun):
    assert noun_of_metric(metric) == noun

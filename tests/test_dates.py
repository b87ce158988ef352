"""Dates as TIMEX3-like intervals; relative dates anchored on the document, never on the clock."""
from __future__ import annotations

import pytest

from factcheck.extract.dates import find_dates, parse_day

from helpers import FIGURE_KINDS


def dates(claims):
    return [(c.quote, c.date.start, c.date.end, c.date.granularity, c.date.mod, c.date.origin, c.bound)
            for c in claims if c.kind == "date"]


@pytest.mark.parametrize("text, expected", [
    ("The forum was held on November 11-12, 2025.",
     ("November 11-12, 2025", "2025-11-11", "2025-11-12", "span", None, "stated", "range")),
    ("The visit lasted from August 30 to September 3, 2025.",
     ("August 30 to September 3, 2025", "2025-08-30", "2025-09-03", "span", None, "stated", "range")),
    ("The talks ran from 11 to 12 November 2025.",
     ("11 to 12 November 2025", "2025-11-11", "2025-11-12", "span", None, "stated", "range")),
    ("The summit is planned for early November 2025.",
     ("early November 2025", "2025-11-01", "2025-11-11", "month", "START", "stated", "~")),
    ("The summit is planned for late November 2025.",
     ("late November 2025", "2025-11-20", "2025-11-30", "month", "END", "stated", "~")),
    ("Output rose in the first half of 2025.",
     ("the first half of 2025", "2025-01-01", "2025-06-30", "half", None, "stated", "=")),
    ("Output rose in the second half of 2024.",
     ("the second half of 2024", "2024-07-01", "2024-12-31", "half", None, "stated", "=")),
    ("Output rose in H2 2024.", ("H2 2024", "2024-07-01", "2024-12-31", "half", None, "stated", "=")),
    ("The deal was signed in June 2025.",
     ("June 2025", "2025-06-01", "2025-06-30", "month", None, "stated", "=")),
    ("The deal was signed in February 2024.",
     ("February 2024", "2024-02-01", "2024-02-29", "month", None, "stated", "=")),
    ("It happened in Q3 2024.", ("Q3 2024", "2024-07-01", "2024-09-30", "quarter", None, "stated", "=")),
    ("It happened in the second quarter of 2024.",
     ("the second quarter of 2024", "2024-04-01", "2024-06-30", "quarter", None, "stated", "=")),
    ("It happened on 2024-05-06.", ("2024-05-06", "2024-05-06", "2024-05-06", "day", None, "stated", "=")),
    ("It happened on 6 May 2024.", ("6 May 2024", "2024-05-06", "2024-05-06", "day", None, "stated", "=")),
    ("It happened on May 6, 2024.", ("May 6, 2024", "2024-05-06", "2024-05-06", "day", None, "stated", "=")),
    ("It happened on Sept. 9, 2024.", ("Sept. 9, 2024", "2024-09-09", "2024-09-09", "day", None, "stated", "=")),
    ("It opened on the 3rd of May 2019.", ("the 3rd of May 2019", "2019-05-03", "2019-05-03", "day", None, "stated", "=")),
    ("It happened in 2024.", ("2024", "2024-01-01", "2024-12-31", "year", None, "stated", "=")),
    ("It happened between 2020 and 2023.",
     ("between 2020 and 2023", "2020-01-01", "2023-12-31", "span", None, "stated", "range")),
    ("The plan covers 2015-2020.", ("2015-2020", "2015-01-01", "2020-12-31", "span", None, "stated", "range")),
    ("It happened in the 1990s.", ("the 1990s", "1990-01-01", "1999-12-31", "decade", None, "stated", "=")),
    ("He arrived in spring 2024.", ("spring 2024", "2024-03-01", "2024-05-31", "span", None, "stated", "range")),
    ("The meeting took place in late 2024.",
     ("late 2024", "2024-08-28", "2024-12-31", "year", "END", "stated", "~")),
    ("The season runs from October 2018 to June 2019.",
     ("October 2018 to June 2019", "2018-10-01", "2019-06-30", "span", None, "stated", "range")),
    ("The works lasted from 3 May 2021 until 14 June 2022.",
     ("3 May 2021 until 14 June 2022", "2021-05-03", "2022-06-14", "span", None, "stated", "range")),
    # years before 1500: a year only where its words say so (a time preposition and no noun after it,
    # or a life span in brackets after a name)
    ("The abbey was sacked in 1066.", ("1066", "1066-01-01", "1066-12-31", "year", None, "stated", "=")),
    ("The scribe moved to Fez in 812 and died there.", ("812", "0812-01-01", "0812-12-31", "year", None, "stated", "=")),
    ("Aldric of Venn (1165–1240) wrote on law.",
     ("1165–1240", "1165-01-01", "1240-12-31", "span", None, "stated", "range")),
    ("The poet Orin Hale (c. 570–632) was a merchant.",
     ("570–632", "0570-01-01", "0632-12-31", "span", None, "stated", "range")),
])
def test_absolute_dates(extract, text, expected):
    _, claims = extract(text)
    assert dates(claims) == [expected]


def test_early_month_lies_inside_the_month(extract):
    _, claims = extract("The summit is planned for early November 2025.")
    (c,) = [c for c in claims if c.kind == "date"]
    assert "2025-11-01" <= c.date.start <= c.date.end <= "2025-11-30"
    assert c.date.end < "2025-11-15"
    assert c.date.mod == "START"


def test_two_dates_not_joined_as_a_span_stay_two():
    """Only 'from A to B' and 'between A and B' make one span of two dates."""
    from factcheck.config.knowledge import Knowledge
    text = "It opened in May 2019 and closed in June 2020."
    assert [text[d.start:d.end] for d in find_dates(text, 0, len(text), Knowledge())] == ["May 2019", "June 2020"]


def test_dates_are_not_figures(extract):
    _, claims = extract("The forum was held on November 11-12, 2025 and again in June 2026.")
    assert [c for c in claims if c.kind in FIGURE_KINDS] == []


# --- relative dates: anchored on the document, never on the clock -----------------------------------

def test_later_that_year_is_anchored_on_the_previous_date(extract):
    _, claims = extract("The plant opened in March 2019. Later that year it doubled output.")
    assert dates(claims) == [
        ("March 2019", "2019-03-01", "2019-03-31", "month", None, "stated", "="),
        ("Later that year", "2019-01-01", "2019-12-31", "year", None, "context", "="),
    ]
    (rel,) = [c for c in claims if c.quote == "Later that year"]
    assert rel.confidence == 0.8
    assert rel.notes and "March 2019" in rel.notes[0]


def test_later_that_year_uses_the_previous_date_even_across_paragraphs(extract):
    _, claims = extract("The plant opened in March 2019.\n\nLater that year it doubled output.\n")
    assert dates(claims)[1] == ("Later that year", "2019-01-01", "2019-12-31", "year", None, "context", "=")


def test_previous_date_wins_over_publication_date(extract):
    text = "---\npublished: 2025-02-01\n---\nThe plant opened in March 2019. Later that year it doubled output.\n"
    _, claims = extract(text)
    assert dates(claims)[1][:3] == ("Later that year", "2019-01-01", "2019-12-31")


def test_following_and_previous_year(extract):
    _, claims = extract("The plant opened in March 2019. The following year it grew. The previous year it stalled.")
    assert [d[:3] for d in dates(claims)] == [
        ("March 2019", "2019-03-01", "2019-03-31"),
        ("The following year", "2020-01-01", "2020-12-31"),
        ("The previous year", "2018-01-01", "2018-12-31"),
    ]


def test_relative_date_without_any_anchor_is_not_a_claim(extract):
    # Nothing in the document dates it: the clock must never be used to fill it in.
    _, claims = extract("Later that year the plant opened. This year it grew. Last year it fell.")
    assert dates(claims) == []


def test_this_year_and_last_year_use_the_publication_date(extract):
    text = "---\npublished: 2025-02-01\n---\nThe plant opened in March 2019. This year it grew. Last year it fell.\n"
    _, claims = extract(text)
    assert [d[:3] for d in dates(claims)] == [
        ("March 2019", "2019-03-01", "2019-03-31"),
        ("This year", "2025-01-01", "2025-12-31"),
        ("Last year", "2024-01-01", "2024-12-31"),
    ]


def test_month_without_year_takes_the_year_from_context(extract):
    _, claims = extract("The talks took place in 2024. On November 12 the sides signed a treaty. "
                        "In December they met again.")
    assert dates(claims) == [
        ("2024", "2024-01-01", "2024-12-31", "year", None, "stated", "="),
        ("November 12", "2024-11-12", "2024-11-12", "day", None, "context", "="),
        ("In December", "2024-12-01", "2024-12-31", "month", None, "context", "="),
    ]


def test_month_without_year_takes_the_year_of_publication(extract):
    _, claims = extract("---\npublished: 2023-05-01\n---\nOn November 12 the sides signed a treaty.\n")
    assert dates(claims) == [("November 12", "2023-11-12", "2023-11-12", "day", None, "context", "=")]


def test_month_without_year_and_without_context_is_not_a_claim(extract):
    _, claims = extract("On November 12 the sides signed a treaty.")
    assert dates(claims) == []


def test_offset_after_an_anchor(extract):
    _, claims = extract("The plan was agreed in September 2025. Two months later the plant opened.")
    rel = [d for d in dates(claims) if d[0] == "Two months later"]
    assert rel == [("Two months later", "2025-11-01", "2025-11-30", "month", "APPROX", "context", "~")]


def test_figure_period_comes_from_its_sentence_then_its_paragraph(extract):
    text = "In 2023, trade was $10 billion. Exports were $4 billion.\n\nImports were $3 billion.\n"
    _, claims = extract(text)
    periods = {c.quote: (c.period.start, c.period.origin) if c.period else None
               for c in claims if c.kind == "money"}
    assert periods == {"$10 billion": ("2023-01-01", "stated"), "$4 billion": ("2023-01-01", "context"),
                       "$3 billion": None}


@pytest.mark.parametrize("text, period", [
    # a date of another clause of the sentence is the figure's period only where the grammar puts the
    # figure's clause under it: not a coordinated clause's date, not a relative clause's
    ("The fund has a budget of $3 million, and holds a dinner in October 2024.", None),
    ("The firm, which was founded in 1990, employs 300 people.", None),
    ("When the plant opened in 2019, it employed 300 people.", "2019-01-01"),
    ("In 2021, after a long dispute, the firm paid $4 million.", "2021-01-01"),
])
def test_a_date_dates_a_figure_only_when_it_governs_its_clause(extract, text, period):
    _, claims = extract(text)
    (c,) = [c for c in claims if c.kind != "date"]
    assert (c.period.start if c.period and c.period.origin == "stated" else None) == period


def test_figure_without_a_date_takes_the_publication_year(extract):
    _, claims = extract("---\npublished: 2022-07-15\n---\nImports were $3 billion.\n")
    (c,) = claims
    assert (c.period.start, c.period.end, c.period.origin) == ("2022-01-01", "2022-12-31", "document")


# --- what is never a date ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Chinese investment has reached $27 billion.",
    "The fund holds €12 billion.",
    "The deal is worth $1.5 billion.",
    "Exports of 2,025 tonnes were shipped.",
    "Growth was 20%.",
    "Output rose 2025 percent.",
    "Sales rose to 800.",                          # a figure, not the year 800
    "The firm opened in 1200 stores.",             # a count of stores
    "Attendance (100–150) was low.",               # no name before the brackets
    "The hall seats 1200 in all.",
])
def test_never_a_date(extract, text):
    _, claims = extract(text)
    assert dates(claims) == []


def test_find_dates_on_money_finds_nothing(kn):
    scan = "Chinese investment has reached $27 billion, and trade $12 million."
    assert find_dates(scan, 0, len(scan), kn) == []


def test_find_dates_offsets_slice_the_scan(kn):
    scan = "Signed on November 6, 2025 in Washington; ratified in early 2026."
    found = find_dates(scan, 0, len(scan), kn)
    assert [scan[d.start:d.end] for d in found] == ["November 6, 2025", "early 2026"]
    assert [(d.period.start, d.period.end) for d in found] == [("2025-11-06", "2025-11-06"),
                                                                ("2026-01-01", "2026-05-05")]


def test_parse_day_is_pinned_to_absolute_dates():
    assert parse_day("November 6, 2025").isoformat() == "2025-11-06"
    assert parse_day("February 29, 2024").isoformat() == "2024-02-29"


def test_impossible_day_is_not_a_date(extract):
    _, claims = extract("The summit was on February 30, 2025.")
    assert [d for d in dates(claims) if d[0].startswith("February 30")] == []

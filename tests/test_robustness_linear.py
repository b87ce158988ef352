"""Work per sentence and per paragraph stays linear (issue 11, item 7), checked by what it computes,
not by a clock: the indexed look-ups answer exactly what the old rescans answered."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.models import Period
from factcheck.extract.sentence_dates import SentenceDates
from factcheck.extract.speakers import _Marks

PERIOD = Period(start="2024-01-01", end="2024-12-31", granularity="year")


def _naive_period(scan, start, end, dates, parts, figures):
    """The rescanning rule extract/reader.py used before the index, kept here as the reference."""
    import re
    own = next(((a, b) for a, b in parts if a <= start < b), None)
    following = [d for d in dates if 0 <= d[0] - end <= 12 and re.match(r"\s*(?:in|for|during|of)?\s*$",
                                                                         scan[end:d[0]])]
    if following:
        return following[0]
    free = [(a, b) for a, b in parts if not any(a <= f < b for f in figures)]
    for where in ([own] if own else [], free):
        near = [d for d in dates if any(a <= d[0] < b for a, b in where)]
        if near:
            return min(near, key=lambda d: abs(d[0] - start))
    if dates:
        after = [d for d in dates if d[0] >= start]
        return min(after, key=lambda d: d[0] - start) if after else max(dates, key=lambda d: d[0])
    return None


@settings(max_examples=300, deadline=None)
@given(cuts=st.lists(st.integers(1, 199), max_size=12, unique=True),
       dates=st.lists(st.integers(0, 199), max_size=8, unique=True),
       figures=st.lists(st.integers(0, 195), min_size=1, max_size=8, unique=True),
       gaps=st.text(alphabet=" inforduga", max_size=200))
def test_indexed_periods_answer_what_the_rescan_answered(cuts, dates, figures, gaps):
    scan = (gaps * 2 + " " * 200)[:200]
    bounds = [0, *sorted(cuts), 200]
    parts = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    dated_list = sorted((d, d + 4, PERIOD.model_copy(update={"text": str(d)})) for d in dates)
    figures = sorted(figures)
    index = SentenceDates(dated_list, parts, figures)
    for f in figures:
        end = f + 3
        expected = _naive_period(scan, f, end, dated_list, parts, figures)
        found = index.right_after(scan, end) or index.nearest_in_own_clause(f) \
            or index.nearest_in_free_clause(f) or (index.next_or_last(f) if index else None)
        assert found == expected


def _naive_open_quote(text, pos, para_start):
    opened = None
    for i in range(para_start, pos):
        if text[i] == "“":
            opened = i if opened is None else opened
        elif text[i] == "”":
            opened = None
    return opened


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab “”\n.", max_size=80), st.data())
def test_indexed_quote_marks_answer_what_the_rescan_answered(text, data):
    pos = data.draw(st.integers(0, len(text)))
    marks = _Marks(text)
    para_start = text.rfind("\n", 0, pos) + 1
    assert marks.paragraph(pos, pos)[0] == para_start
    assert marks.open_quote_at(pos, para_start) == _naive_open_quote(text, pos, para_start)


def test_a_long_sentence_is_referenced_not_copied(extract):
    line = " ".join(f"{n} tons," for n in range(1, 401)) + "\n"
    doc, claims = extract(line)
    assert len(claims) == 400
    sentences = {c.sentence for c in claims}
    assert len(sentences) == 1
    [sentence] = sentences
    assert len(sentence) < 400 and f"at 0-{len(line) - 1}" in sentence
    assert sum(len(c.model_dump_json()) for c in claims) < 400 * 1500  # was the whole line per claim

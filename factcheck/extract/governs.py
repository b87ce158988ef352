"""Whether a date of another clause dates a figure: the grammar decides, by the sentence's parse.

A date right after a figure, or in the figure's own clause, is its period without asking. A date elsewhere in
the sentence is the figure's period only when the figure's clause stands under it: "In 2021, after a long
dispute, the firm paid $4 million" and "When the plant opened in 2019, it employed 300 people" (the date's
clause is an adverbial of the figure's verb). It is not when the date sits in a clause coordinated with the
figure's ("has a budget of $3 million, and holds a dinner in October") or in a relative clause that
describes something else ("The firm, which was founded in 1990, employs 300 people"). Read from the path
that leads from the date up to the word it shares with the figure: a coordination or a relative clause on
the way cuts the date off. Without a model installed, every date of the sentence may date its figures,
as before the parse.
"""
from __future__ import annotations

from factcheck.extract.parse import Word, parse

CUTTING_ARCS = frozenset({"conj", "relcl", "acl", "appos", "parataxis"})   # spaCy's English labels


def date_governs(scan: str, sentence: tuple[int, int], figure_start: int, date_start: int) -> bool:
    """The date at `date_start` may be the period of the figure at `figure_start` (offsets into `scan`)."""
    start, end = sentence
    words = parse(scan[start:end])
    if not words:
        return True
    f, d = _word_at(words, figure_start - start), _word_at(words, date_start - start)
    if f is None or d is None:
        return True
    above_figure = {f, *(head for head, _ in _arcs_up(words, f))}
    for i, arc in _arcs_up(words, d):
        if arc in CUTTING_ARCS:   # climbed out of a coordinated or relative clause: not the figure's
            return False
        if i in above_figure:
            return True
    return True


def _word_at(words: tuple[Word, ...], offset: int) -> int | None:
    for i, w in enumerate(words):
        if w.start <= offset < w.end or w.start >= offset:
            return i
    return None


def _arcs_up(words: tuple[Word, ...], i: int) -> list[tuple[int, str]]:
    """Each head above word i with the label of the arc just climbed to reach it."""
    out: list[tuple[int, str]] = []
    while words[i].head != i and len(out) <= len(words):
        out.append((words[i].head, words[i].dep))
        i = words[i].head
    return out

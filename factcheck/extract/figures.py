"""Reading one number as a figure: its sign, scale, range, currency, percent sign, unit or counted noun,
hedge and direction of change.

Used by mentions.py, which finds the numbers and the figures that are no plain number (fractions,
multipliers, orders of magnitude). A figure is read in steps, each a small function over one `_Figure`,
the number with its scale, built once per number.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from factcheck.config.knowledge import Hedge, Knowledge
from factcheck.extract.numbers import MAX_MAGNITUDE, Num, number_at, scale_at
from factcheck.extract.parse import Word, parse
from factcheck.extract.text import Token
from factcheck.extract.units import UnitMatch, could_be_quantulum_unit, unit_from_quantulum, unit_from_table
from factcheck.extract import context as ctx

RANGE_SEPARATORS = frozenset({"-", "–", "—", "to", "and", "or"})


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str
    low_value: float
    high_value: float | None        # set for ranges
    step: float                     # precision of the written number, scale included
    currency: str | None = None
    unit: UnitMatch | None = None
    noun: str | None = None
    hedge: Hedge | None = None
    change: str | None = None
    is_range: bool = False
    confidence: float = 1.0
    notes: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()     # matches the unit parser dropped: reported, never silent
    first_token: int = 0
    last_token: int = 0


@dataclass(frozen=True)
class _Figure:
    """A number being read as a figure, with the scale written after it."""
    scan: str
    toks: list[Token]
    num: Num
    kn: Knowledge
    scale: float


class _Measured(NamedTuple):
    """What a figure measures and where it ends: its kind, and its currency, unit or counted noun."""
    kind: str
    end: int
    currency: str | None = None
    unit: UnitMatch | None = None
    noun: str | None = None
    drops: tuple[str, ...] = ()


def read_figure(scan: str, toks: list[Token], num: Num, kn: Knowledge, taken: set[int]) -> tuple[Mention | None, int]:
    """The figure the number `num` starts (or None) and the index of the token after what was read."""
    start_tok = toks[num.i]
    sign = ctx.sign_before(scan, start_tok.start, kn)
    negative = ctx.negative_before(scan, sign[1] if sign else start_tok.start)
    scale, j = scale_at(toks, num.j, kn, money=sign is not None, decimal=num.step < 1)
    if not abs(num.value * scale) <= MAX_MAGNITUDE:  # "5 trillion trillion trillion ...": no finite figure
        return None, j
    rng = _range_after(scan, toks, j, num, scale, kn, taken)
    if rng is None and ctx.is_score(toks, num, j, kn):
        return None, j + 2
    low_value, high_value, step, j = _bounds(num, scale, rng, j)
    f = _Figure(scan, toks, num, kn, scale)
    measured, j = _measure(f, j, toks[j - 1].end, sign[0] if sign else None, rng is None)
    if measured is None:
        return None, j
    if negative:
        low_value, high_value = -low_value if high_value is None else -high_value, \
            None if high_value is None else -low_value
    start = (negative or sign or (None, start_tok.start))[1]
    hedge, start, end, change = _hedge_and_change(f, start, measured, rng is not None, negative is not None)
    return Mention(start, end, measured.kind, low_value, high_value, step, measured.currency, measured.unit,
                   measured.noun, hedge, change, rng is not None, confidence=_confidence(f),
                   drops=measured.drops, first_token=num.i, last_token=max(j - 1, num.i)), j


def _bounds(num: Num, scale: float, rng, j: int) -> tuple[float, float | None, float, int]:
    """Low and high values, precision and next index: '2 to 3 million' takes its scale from the second number."""
    low_value, step = num.value * scale, num.step * scale
    if rng is None:
        return low_value, None, step, j
    high_value, step2, j, second_scale = rng
    if scale == 1.0 and second_scale != 1.0:
        low_value, step = num.value * second_scale, num.step * second_scale
    return low_value, high_value, min(step, step2), j


def _measure(f: _Figure, j: int, end: int, currency: str | None, single: bool) -> tuple[_Measured | None, int]:
    """Money (a sign before, or a currency word or sign after), a percentage, else a unit or a counted noun."""
    if currency is None:
        words = ctx.currency_word_after(f.scan, end, f.kn) or ctx.sign_after(f.scan, end, f.kn)
        if words:
            currency, end = words
            j = ctx.token_index_at(f.toks, end, j)
    if currency:
        return _Measured("money", end, currency=currency), j
    pct_end = ctx.percent_after(f.scan, end, f.kn)
    if pct_end is not None:
        return _Measured("percent", pct_end), ctx.token_index_at(f.toks, pct_end, j)
    return _unit_or_noun(f, j, end, single)


def _unit_or_noun(f: _Figure, j: int, end: int, single: bool) -> tuple[_Measured | None, int]:
    """A unit our tables or the unit parser know, letters glued on, else a counted noun; a single number
    that is part of a name, or a year, is no figure."""
    unit, dropped = _unit_after(f.scan, f.toks, j, end, f.kn)
    drops = tuple(dropped)
    if unit is not None:
        end = end + unit.length
        return _Measured("quantity", end, unit=unit, drops=drops), ctx.token_index_at(f.toks, end, j)
    if ctx.glued_letters(f.toks, j):
        return _glued_unit(f, j, end, drops)
    if single and not f.num.words and ctx.is_identifier(f.toks, f.num.i, j, f.kn):
        return None, j
    noun, k = ctx.noun_after(f.toks, j, f.kn)
    first = f.toks[j].lower if j < len(f.toks) and f.toks[j].kind == "word" else None
    if ctx.is_year(f.num, f.scale, first):
        return None, j
    right_after = _noun_right_after(f, j) if f.scale == 1.0 and f.num.value != int(f.num.value) else None
    if right_after is not None and right_after[1] != k:   # the phrase's head is further on
        noun, k = right_after
    if noun is not None:
        end, j = f.toks[k - 1].end, k
    return _Measured("count", end, noun=noun, drops=drops), j


def _noun_right_after(f: _Figure, j: int) -> tuple[str, int] | None:
    """A fractional figure does not count the head of the noun phrase after it: '7.8-magnitude earthquake' is
    7.8 on a magnitude, not 7.8 earthquakes; '3.7 rebounds' and '3.5 stars' count the noun itself. By the
    sentence's parse: the noun right after the number ('7.8-magnitude' read through its hyphen) and the token
    index past it; None when that word is no noun (the number then counts what it did before)."""
    toks = f.toks
    k = j + 1 if j < len(toks) and toks[j].text == "-" and toks[j].start == toks[j - 1].end else j
    if k >= len(toks):
        return None
    first = toks[0].start
    after = {w.start + first: w for w in parse(f.scan[first:toks[-1].end])}.get(toks[k].start)
    return (after.lemma.lower(), k + 1) if after is not None and _plain_noun(after, toks[k]) else None


def _plain_noun(word: Word, tok: Token) -> bool:
    """A common noun of three letters or more, written in lower case: not a letter ('1.3 A') or a name."""
    return word.pos == "NOUN" and tok.text.isalpha() and tok.text.islower() and len(tok.text) >= 3


def _glued_unit(f: _Figure, j: int, end: int, drops: tuple[str, ...]) -> tuple[_Measured | None, int]:
    """'49ers', '2018s' are names; 'mAh', 'GB', 'Mbps', with a capital, read as units."""
    tok = f.toks[j]
    if len(tok.text) == 1 or tok.lower in f.kn.stop_words or not any(ch.isupper() for ch in tok.text):
        return None, j + 1
    unit = UnitMatch(tok.text, "unknown", None, tok.end - end, "surface")
    return _Measured("quantity", tok.end, unit=unit, drops=drops), j + 1


def _hedge_and_change(f: _Figure, start: int, measured: _Measured, is_range: bool,
                      negative: bool) -> tuple[Hedge | None, int, int, str | None]:
    """The hedge before or after the figure, and the rise or fall it states: (hedge, start, end, change)."""
    kind, end = measured.kind, measured.end
    hedge, start = hedge_before(f.scan, start, f.kn, is_range)
    after = ctx.phrase_after(f.scan, end, f.kn.hedges_after)
    if after is not None:
        hedge, end = after
    change = ctx.change_before(f.toks, start, f.kn, money=kind == "money")
    if negative and change is None and kind == "percent":
        change = "down"
    if change is None and start > 0 and f.scan[start - 1] == "+" and kind == "percent":
        change, start = "up", start - 1
    return hedge, start, end, change


def _confidence(f: _Figure) -> float:
    """'one of', 'the two leaders': a spelled-out number is usually a reference, not a reported figure."""
    num, toks = f.num, f.toks
    if num.words and (toks[num.i].lower == "one" or (num.i and toks[num.i - 1].lower in f.kn.referring_words)):
        return 0.5
    return 1.0


def _unit_after(scan: str, toks: list[Token], j: int, end: int, kn: Knowledge) -> tuple[UnitMatch | None, list[str]]:
    unit = unit_from_table(kn, scan, end)
    if unit is not None or j >= len(toks) or not ctx.looks_like_unit(toks, j, kn):
        return unit, []
    if len(toks[j].text) == 1 and toks[j].start == toks[j - 1].end:
        return None, []  # a glued single letter ('5s', '3D') is a unit only if our table says so
    window = "1" + scan[end:end + 30].split("\n")[0]
    if window[1:3].isspace():
        return None, []   # a run of blanks (a blanked footnote marker, a table's padding): quantulum3's reading
        #                   of one varies with the process's hash seed, so no unit is read across it
    if not could_be_quantulum_unit(kn, window):
        return None, []
    found, drops = unit_from_quantulum(window)
    if found is None:
        return None, list(drops)
    return replace(found, length=found.length - 1), list(drops)


def hedge_before(scan: str, start: int, kn: Knowledge, is_range: bool) -> tuple[Hedge | None, int]:
    found = ctx.phrase_before(scan, start, kn.hedges_before)
    if found is None:
        return None, start
    phrase, pos = found
    if is_range and kn.hedges_before[phrase].bound != "~":
        return None, start
    return kn.hedges_before[phrase], pos


def _range_after(scan, toks, j, num: Num, scale: float, kn: Knowledge, taken: set[int]):
    """A second number making a range: '11-12', '$89 to $93 billion', 'between X and Y', 'three or four'."""
    if j + 1 >= len(toks) or toks[j].lower not in RANGE_SEPARATORS or not _opens_range(toks, j, num, scale, kn):
        return None
    k = _past_signs(toks, j + 1, kn)
    if toks[k].start in taken:
        return None
    second = number_at(toks, k, kn)
    if second is None:
        return None
    second_scale, e = scale_at(toks, second.j, kn, money=False, decimal=second.step < 1)
    if second_scale == 1.0:
        second_scale = scale
    high = second.value * second_scale
    if not high <= MAX_MAGNITUDE:
        return None
    low = num.value * (scale if scale != 1.0 else second_scale)
    if high <= low:
        return None
    return high, second.step * second_scale, e, second_scale


def _word_before(toks: list[Token], num: Num, kn: Knowledge) -> str:
    """The word before the number, looking past a currency sign ('between $5 and ...')."""
    if num.i > 1 and toks[num.i - 1].text in kn.currency_signs:
        return toks[num.i - 2].lower
    return toks[num.i - 1].lower if num.i else ""


def _opens_range(toks: list[Token], j: int, num: Num, scale: float, kn: Knowledge) -> bool:
    """Does the separator at toks[j] join the number to a second one? 'and' only after 'between', 'or' only
    between spelled-out numbers, a hyphen glued on both sides or neither."""
    sep, before = toks[j], _word_before(toks, num, kn)
    if sep.lower == "and" and before != "between":
        return False
    if sep.lower == "or" and not (num.words or toks[j + 1].lower in kn.numbers):
        return False
    if sep.text == "-" and (sep.start == toks[j - 1].end) != (toks[j + 1].start == sep.end):
        return False  # "50 -1.3%": a negative figure, not a range
    # "increased by $43.6 billion to $419.2 billion": a change and a level
    return not (before == "by" and sep.lower == "to" and (scale != 1.0 or toks[num.i - 1].text in kn.currency_signs))


def _past_signs(toks: list[Token], k: int, kn: Knowledge) -> int:
    """The index of the second number of a range, past the currency signs written before it."""
    while k < len(toks) - 1 and (toks[k].text in kn.currency_signs or toks[k].text + "$" in kn.currency_signs
                                 or "$" + toks[k].text in kn.currency_signs) and \
            toks[k + 1].start == toks[k].end:
        k += 1
    if toks[k].text in kn.currency_signs and k + 1 < len(toks):
        k += 1
    return k

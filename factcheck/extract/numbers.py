"""Reading a number as written: digits, words, scale words.

"1,234.5", "twenty-five", "two and a half", "a dozen", "4 hundred million",
"thirty-one thousand four hundred seventy-six", "$1.2bn", "35m". The precision (step)
of the written number is kept, so that "17.2 billion" can later stand for what rounds
to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge
from factcheck.extract.text import Token

_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Figures stay finite: a numeral with more digits than this is no figure a source reports (the
# largest real ones have 15), and 309 digits no longer fit a float at all.
MAX_DIGITS = 60
MAX_MAGNITUDE = 1e75  # a numeral of MAX_DIGITS times a trillion
_LONG_NUMERAL = re.compile(r"(?<![\d.,])\d(?:,?\d){%d,}" % MAX_DIGITS)  # the whole part of a numeral


@dataclass
class Num:
    """A parsed number occupying tokens[i:j]."""
    i: int
    j: int
    value: float
    step: float
    words: bool = False


def number_at(toks: list[Token], i: int, kn: Knowledge) -> Num | None:
    t = toks[i]
    fraction = _slash_fraction(toks, i)
    if fraction is not None:
        return fraction
    if t.kind == "num":
        text = t.text.replace(",", "")
        whole, _, decimals = text.partition(".")
        if len(whole.lstrip("0")) > MAX_DIGITS:
            return None  # refused, and reported by `oversized_numerals`: no float holds it honestly
        return Num(i, i + 1, float(text), 10.0 ** -min(len(decimals), 300))
    num = _number_words(toks, i, kn)
    return num if num is None or num.value <= MAX_MAGNITUDE else None  # "hundred hundred hundred ..."


_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 32, 64, 100, 128})


def _slash_fraction(toks: list[Token], i: int) -> Num | None:
    """'1/2 pound', '1⁄32 of a quart': a written fraction (not '24/7' or '9/11')."""
    if i + 2 >= len(toks) or toks[i].kind != "num" or toks[i + 1].text not in "/⁄" or toks[i + 2].kind != "num":
        return None
    if not (_glued(toks, i + 1) and _glued(toks, i + 2)) or "." in toks[i].text + toks[i + 2].text:
        return None
    a, b = int(toks[i].text.replace(",", "")), int(toks[i + 2].text.replace(",", ""))
    nxt = toks[i + 3].lower if i + 3 < len(toks) else ""
    if b not in _DENOMINATORS or a >= b or nxt in ("", ".", ","):
        return None
    return Num(i, i + 3, a / b, 0.0)


def _glued(toks: list[Token], k: int) -> bool:
    return 0 < k < len(toks) and toks[k].start == toks[k - 1].end


def _number_words(toks: list[Token], i: int, kn: Knowledge) -> Num | None:
    return _article_led(toks, i, kn) or _spelled_out(toks, i, kn)


def _article_led(toks: list[Token], i: int, kn: Knowledge) -> Num | None:
    """'a million dollar house' (the scale word follows), 'a dozen', 'a hundred', 'half a million'."""
    first = toks[i].lower
    nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
    if first == "a" and nxt in kn.scaled_after_a:
        return Num(i, i + 1, 1.0, 1.0, True)
    if first == "a" and nxt in kn.counted_after_a:
        value = kn.numbers.get(nxt) or kn.scales.get(nxt, 0)
        return Num(i, i + 2, value, 1.0, True)
    if first == "half" and i + 2 < len(toks) and nxt == "a" and toks[i + 2].lower in kn.scales:
        return Num(i, i + 2, 0.5, 0.5, True)
    return None


def _spelled_out(toks: list[Token], i: int, kn: Knowledge) -> Num | None:
    """'thirty-one thousand four hundred seventy-six', 'two and a half': number words added up, a hundred or a
    dozen multiplying what comes before it, a big scale closing a group."""
    words = kn.numbers
    j, total, current, seen = i, 0.0, 0.0, False
    while j < len(toks):
        w = toks[j].lower
        if w in words:
            v = words[w]
            current = (current or 1) * v if v in (100, 12) and seen else current + v
            seen, j = True, j + 1
            if _hyphen_to_number(toks, j, words):
                j += 1
            continue
        if seen and _group_closes(toks, j, words):
            total, current, j = total + (current or 1) * _BIG[w], 0.0, j + 1
            continue
        if seen and _and_a_half(toks, j):
            return Num(i, j + 3, total + current + 0.5, 0.5, True)
        break
    if not seen:
        return None
    return Num(i, j, total + current, 1.0, True)


def _hyphen_to_number(toks: list[Token], j: int, words: dict[str, float]) -> bool:
    """'twenty-five': a glued hyphen joining two number words."""
    return j + 1 < len(toks) and toks[j].text == "-" and toks[j + 1].lower in words and _glued(toks, j)


def _group_closes(toks: list[Token], j: int, words: dict[str, float]) -> bool:
    """'... thousand six hundred': a big scale followed by more number words closes a group of the number
    ('thousand dozen' does not)."""
    return toks[j].lower in _BIG and j + 1 < len(toks) and toks[j + 1].lower in words and \
        toks[j + 1].lower != "dozen"


def _and_a_half(toks: list[Token], j: int) -> bool:
    return toks[j].lower == "and" and j + 2 < len(toks) and toks[j + 1].lower == "a" and toks[j + 2].lower == "half"


def scale_at(toks: list[Token], j: int, kn: Knowledge, money: bool, decimal: bool) -> tuple[float, int]:
    """Scale words after a number ('million', 'hundred million', 'bn', glued 'm'): (factor, next index)."""
    factor = 1.0
    while j < len(toks) and toks[j].kind == "word":
        w = toks[j].lower.rstrip(".")
        glued = _glued(toks, j)
        if w in kn.glued_scales and not glued:
            if not (toks[j].text in ("B", "M", "K") and factor == 1.0 and money):
                break
        if w in ("m", "b") and glued and factor == 1.0 and not _reads_as_million(toks, j, money, decimal):
            break
        if w not in kn.scales:
            break
        factor, j = factor * kn.scales[w], j + 1
    return factor, j


def _reads_as_million(toks: list[Token], j: int, money: bool, decimal: bool) -> bool:
    """Glued 'm': million in '$35m', '2.7m sales', '35m of its devices'; metres in '100m sprint'."""
    if money or decimal or toks[j].text in ("M", "B"):
        return True
    nxt = toks[j + 1].lower if j + 1 < len(toks) else ""
    return nxt == "of" or (nxt.endswith("s") and len(nxt) > 3)


def oversized_numerals(scan: str) -> list[tuple[int, int]]:
    """Spans of numerals too long to be read as figures; `number_at` refuses them, this says where."""
    return [m.span() for m in _LONG_NUMERAL.finditer(scan)
            if len(m.group().replace(",", "").lstrip("0")) > MAX_DIGITS]

"""Stage 2, find mentions: figures in a sentence, with what surrounds them.

A mention is a figure as written: its number(s), scale, currency, unit or counted
noun, hedge and direction of change, and the exact span. Nothing is normalised
here; `claims.py` turns mentions into claims. Candidates come from a token scan; the
slow unit parser only sees a short window after a number that our own tables could
not explain. Numbers that are not figures (identifiers such as "Boeing 787", times,
codes, scores, years) are recognised by their shape and skipped.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace

from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.extract.numbers import Num, number_at
from factcheck.extract.text import Token
from factcheck.extract.figures import RANGE_SEPARATORS, Mention, hedge_before, read_figure
from factcheck.extract import context as ctx

__all__ = ["FRACTION_NOTE", "Mention", "find_quantities"]


def find_quantities(scan: str, toks: list[Token], kn: Knowledge, taken: set[int]) -> list[Mention]:
    """All figures in one sentence's tokens; `taken` holds token starts already used by dates."""
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        mention, nxt = _mention_at(scan, toks, i, kn, taken)
        if mention is not None:
            out.append(mention)
        i = max(nxt, i + 1)
    return _carry_to_conversions(scan, _carry_change(scan, _merge_ranges(scan, toks, _merge_compounds(scan, out)), kn))


def _mention_at(scan: str, toks: list[Token], i: int, kn: Knowledge, taken: set[int]) -> tuple[Mention | None, int]:
    t = toks[i]
    if t.start in taken:
        return None, i + 1
    if t.kind == "word":
        special = _word_led(scan, toks, i, kn)
        if special is not None:
            return special
    num = number_at(toks, i, kn)
    if num is None:
        return None, i + 1
    fold = _fold(toks, num)
    if fold is not None:
        return fold
    if num.words and not _word_number_counts(toks, num, kn):
        return None, num.j
    reason = ctx.skip_reason(toks, num.i, num.j, kn)
    if reason:
        return None, _past_skipped(toks, num, reason)
    if num.j < len(toks) and toks[num.j].lower in kn.ordinal_suffixes and toks[num.j].start == toks[num.j - 1].end:
        return Mention(t.start, toks[num.j].end, "ordinal", num.value, None, 1.0), num.j + 1
    return read_figure(scan, toks, num, kn, taken)


def _word_led(scan: str, toks: list[Token], i: int, kn: Knowledge) -> tuple[Mention, int] | None:
    """Figures that open with a word and are no plain number: 'sixfold', 'thousands of', 'a third of'."""
    if toks[i].lower in kn.multipliers:
        return _multiplier(scan, toks, i, kn), i + 1
    return _vague(toks, i, kn) or _fraction(scan, toks, i, kn)


def _past_skipped(toks: list[Token], num: Num, reason: str) -> int:
    """Where to go on after a number that is no figure: past the whole band after an age ('aged 18 to 24')."""
    if not reason.startswith("an age"):
        return num.j
    return num.j + 2 if num.j + 1 < len(toks) and toks[num.j].lower in RANGE_SEPARATORS else num.j


def _fold(toks: list[Token], num: Num) -> tuple[Mention, int] | None:
    """'3-fold', 'three-fold', '10 fold': a multiplier."""
    k = num.j
    if k < len(toks) and toks[k].text == "-" and toks[k].start == toks[k - 1].end:
        k += 1
    if k < len(toks) and toks[k].lower == "fold":
        return Mention(toks[num.i].start, toks[k].end, "multiplier", num.value, None, 0.0, first_token=num.i,
                       last_token=k), k + 1
    return None


def _word_number_counts(toks: list[Token], num: Num, kn: Knowledge) -> bool:
    """A spelled-out number is a figure unless it is idiom: 'no one', 'one another', 'a baker's dozen'."""
    for idiom in _WORD_NUMBER_IDIOMS:
        if idiom(toks, num, kn):
            return False
    return True


def _word_before(toks: list[Token], num: Num) -> str:
    return toks[num.i - 1].lower if num.i else ""


def _loose_hundred(toks: list[Token], num: Num, kn: Knowledge) -> bool:
    """'a dozen', 'several hundred': a rough amount, not a figure."""
    first = toks[num.i].lower
    return first == "dozen" or (first == "hundred" and _word_before(toks, num) in kn.loose_before_hundred)


def _one_as_pronoun(toks: list[Token], num: Num, kn: Knowledge) -> bool:
    """'no one', 'one by one', 'one another': 'one' standing for a person or a manner (but 'one to two')."""
    if toks[num.i].lower != "one":
        return False
    nxt = toks[num.j].lower if num.j < len(toks) else ""
    return _word_before(toks, num) in kn.one_idiom_before or (
        nxt in kn.one_idiom_after and not _range_to_number(toks, num.j, kn)) or (
        num.j < len(toks) and toks[num.j].kind == "num")


def _in_a_name(toks: list[Token], num: Num, kn: Knowledge) -> bool:
    """'Kick Six', 'BBC One': part of a name."""
    return toks[num.i].text[:1].isupper() and num.i > 0 and toks[num.i - 1].text[:1].isupper()


def _compound_modifier(toks: list[Token], num: Num, kn: Knowledge) -> bool:
    """"three-bed", "a five-year contract": a compound modifier, not a stated figure."""
    return num.j < len(toks) and toks[num.j].text == "-" and toks[num.j].start == toks[num.j - 1].end


def _rank_range(toks: list[Token], num: Num, kn: Knowledge) -> bool:
    """"the top five investors": a rank range, not a count."""
    return _word_before(toks, num) in kn.rank_edges


_WORD_NUMBER_IDIOMS = (_loose_hundred, _one_as_pronoun, _in_a_name, _compound_modifier, _rank_range)


def _range_to_number(toks: list[Token], j: int, kn: Knowledge) -> bool:
    """'one to two years': 'one' opens a range (but 'one to one' is a manner, not a range)."""
    if j + 1 >= len(toks) or toks[j].lower != "to":
        return False
    nxt = toks[j + 1]
    return nxt.lower != "one" and (nxt.kind == "num" or nxt.lower in kn.numbers)


def _multiplier(scan: str, toks: list[Token], i: int, kn: Knowledge) -> Mention:
    """'sixfold', 'more than doubled': a factor, hedge included."""
    w = toks[i].lower
    value = kn.multipliers[w]
    change = "down" if value < 1 else ("up" if w.endswith("ed") else None)
    hedge, start = hedge_before(scan, toks[i].start, kn, False)
    return Mention(start, toks[i].end, "multiplier", value, None, 0.0, hedge=hedge, change=change, first_token=i,
                   last_token=i)


def _vague(toks: list[Token], i: int, kn: Knowledge) -> tuple[Mention, int] | None:
    """'thousands of', 'tens of thousands of': an order of magnitude, read as a range."""
    w = toks[i].lower
    if w not in kn.vague or i + 1 >= len(toks) or toks[i + 1].lower != "of":
        return None
    low, high = kn.vague[w]
    j = i + 2
    if j + 1 < len(toks) and toks[j].lower in kn.vague and toks[j + 1].lower == "of" and w in kn.grammar("vague_multipliers"):
        inner = kn.vague[toks[j].lower][0]
        low, high, j = low * inner, high * inner, j + 2
    noun, k = ctx.noun_after(toks, j, kn)
    currency = kn.currency_words.get(noun or "") if noun else None
    end = toks[k - 1].end if noun else toks[j - 1].end
    kind = "money" if currency else "count"
    return Mention(toks[i].start, end, kind, low, high, 1.0, currency=currency, noun=None if currency else noun,
                   is_range=True, confidence=0.6, notes=("vague plural read as an order of magnitude",),
                   first_token=i, last_token=k - 1), max(k, j)


FRACTION_NOTE = "a fraction of a whole: compared with percentages"


def _fraction(scan: str, toks: list[Token], i: int, kn: Knowledge) -> tuple[Mention, int] | None:
    """'a third of', 'two-thirds of', 'one out of three', 'half the': a share of a whole (0.33), hedge included,
    so "roughly a quarter of" is about 25 % when lined up with percentages."""
    w = toks[i].lower
    if w not in kn.one_words and w != "half" and w not in kn.numbers:
        return None  # the cheap test first: every form below opens with one of these words
    for form in _FRACTION_FORMS:
        read = form(toks, i, kn)
        if read is not None:
            break
    else:
        return None
    num, den, j = read
    if _no_share(toks, i, j, kn):
        return None
    hedge, start = hedge_before(scan, toks[i].start, kn, False)
    return Mention(start, toks[j - 1].end, "multiplier", num / den, None, 0.0, hedge=hedge,
                   notes=(FRACTION_NOTE,), first_token=i, last_token=j - 1), j


def _one_fraction(toks: list[Token], i: int, kn: Knowledge):
    """'a third', 'one quarter': (numerator, denominator, next index)."""
    if toks[i].lower in kn.one_words and i + 1 < len(toks) and toks[i + 1].lower in kn.fractions and \
            toks[i + 1].lower != "halves":
        return 1.0, kn.fractions[toks[i + 1].lower], i + 2
    return None


def _hyphened_fraction(toks: list[Token], i: int, kn: Knowledge):
    """'two-thirds', 'three-quarters'."""
    w = toks[i].lower
    if w in kn.numbers and i + 3 < len(toks) and toks[i + 1].text == "-" and toks[i + 2].lower in kn.fractions:
        return kn.numbers[w], kn.fractions[toks[i + 2].lower], i + 3
    return None


def _one_out_of(toks: list[Token], i: int, kn: Knowledge):
    """'one out of three'."""
    if toks[i].lower in ("one",) and i + 3 < len(toks) and toks[i + 1].lower == "out" and \
            toks[i + 2].lower == "of" and toks[i + 3].lower in kn.numbers:
        return 1.0, kn.numbers[toks[i + 3].lower], i + 4
    return None


def _half_of(toks: list[Token], i: int, kn: Knowledge):
    """'half of' (not 'a half of', 'the first half of')."""
    if toks[i].lower == "half" and i + 1 < len(toks) and toks[i + 1].lower == "of" and (
            i == 0 or toks[i - 1].lower not in kn.not_before_half):
        return 1.0, 2, i + 1
    return None


_FRACTION_FORMS = (_one_fraction, _hyphened_fraction, _one_out_of, _half_of)  # tried in order


def _no_share(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """A fraction word that is no share of a whole: "a quarter of a century" is a duration, "a quarter of
    2025" a date, "half of 12" arithmetic; a share is followed by 'of' or 'the'."""
    n = len(toks)
    if toks[i].lower == "a" and toks[i + 1].lower == "quarter" and j < n and toks[j].lower == "of" and j + 1 < n \
            and toks[j + 1].lower in ("a", "an"):
        return True
    if j < n and toks[j].lower not in kn.share_followers and not toks[i + 1].lower.startswith("out"):
        return True
    return toks[i + 1].lower in kn.grammar("fraction_words") and j < n and toks[j].lower == "of" and j + 1 < n and \
        toks[j + 1].kind == "num"


@functools.lru_cache(maxsize=4)
def _gapped(kn: Knowledge) -> re.Pattern[str]:
    """', Burlington by': a clause that names another holder and leaves the verb out."""
    opener, by = alternatives(kn.grammar("gap_openers")), alternatives(kn.grammar("gap_prepositions"))
    return re.compile(rf",\s+(?:(?:{opener})\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){{0,3}}\s+(?:{by})\s*$")


def _carry_change(scan: str, mentions: list[Mention], kn: Knowledge) -> list[Mention]:
    """'lost 190 points, or 0.6%': a figure restated after 'or' is the same rise or fall; so is one after a name
    and 'by' with the verb left out ('Ross was down 2.3%, Burlington by 2.6%')."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.change and m.change is None:
            between = scan[prev.end:m.start]
            if between.strip(" ,").lower() == "or" or (m.kind == prev.kind and _gapped(kn).fullmatch(between)):
                m = replace(m, change=prev.change)
        out.append(m)
    return out


def _merge_compounds(scan: str, mentions: list[Mention]) -> list[Mention]:
    """'6 feet 2 inches', '2 hours 30 minutes': a whole number of one unit and, right after it, fewer than one of
    it in a smaller unit of the same dimension are one amount, read in the smaller unit (74 inches). Parts set
    apart by a comma or a word stay apart ('3 years, 2 months', 'between 1 m and 50 cm', 'the 5 km and 800 m
    titles')."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        ratio = _compound_ratio(scan, prev, m) if prev is not None else None
        if prev is not None and ratio is not None:
            out[-1] = replace(prev, end=m.end, low_value=prev.low_value * ratio + m.low_value, step=m.step,
                              unit=m.unit, noun=prev.noun or m.noun, last_token=m.last_token)
        else:
            out.append(m)
    return out


def _compound_ratio(scan: str, a: Mention, b: Mention) -> float | None:
    """How many of b's unit make one of a's, when a and b are the parts of one compound amount."""
    if not (_plain_quantity(a) and _plain_quantity(b)) or scan[a.end:b.start].strip(" \t"):
        return None
    assert a.unit is not None and b.unit is not None and a.unit.factor and b.unit.factor   # _plain_quantity
    if a.unit.dimension != b.unit.dimension or a.unit.factor <= b.unit.factor or b.hedge or b.change:
        return None
    ratio = round(a.unit.factor / b.unit.factor, 9)   # 12 inches a foot, not 12.000000000000002
    return ratio if a.low_value == int(a.low_value) and 0 <= b.low_value < ratio else None


def _plain_quantity(m: Mention) -> bool:
    """One amount in a unit that converts: not a range, not a unit known only by its name."""
    return m.kind == "quantity" and not m.is_range and m.unit is not None and bool(m.unit.factor)


def _merge_ranges(scan: str, toks: list[Token], mentions: list[Mention]) -> list[Mention]:
    """'between 5% and 6%', '5% to 10%', 'from $750,000 to $1 million': two figures of one kind make a range."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and _joins(scan, toks, prev, m):
            out[-1] = replace(prev, end=m.end, high_value=m.high_value if m.is_range else m.low_value,
                              is_range=True, hedge=prev.hedge if prev.hedge and prev.hedge.bound == "~" else None,
                              step=min(prev.step, m.step), change=None, noun=prev.noun or m.noun,
                              unit=prev.unit or m.unit, last_token=m.last_token)
        else:
            out.append(m)
    return out


def _joins(scan: str, toks: list[Token], a: Mention, b: Mention) -> bool:
    if not _one_measure(a, b):
        return False
    between = scan[a.end:b.start].strip().lower()
    words_before = scan[max(0, a.start - 12):a.start].split()
    lead = words_before[-1].lower() if words_before else ""
    if lead == "by" or a.change:
        return False  # "increased by $2 billion to $12 billion": a change, then the level it reached
    if between in ("to", "-", "–", "—") or (between == "and" and lead == "between"):
        high = b.high_value if b.is_range else b.low_value
        return high is not None and high > a.low_value
    return False


def _one_measure(a: Mention, b: Mention) -> bool:
    """Only a single amount of money, a percentage or a quantity of one unit makes a range with one like it."""
    if a.is_range or a.kind != b.kind or a.currency != b.currency or a.kind not in ("money", "percent", "quantity"):
        return False
    return a.kind != "quantity" or not (a.unit is None or b.unit is None or a.unit.unit != b.unit.unit)


_CONVERTIBLE = frozenset({"money", "quantity", "count"})


def _carry_to_conversions(scan: str, mentions: list[Mention]) -> list[Mention]:
    """'fell 100 kilometres (60 miles)', 'lost 20 hp (15 kW / 20 PS)', 'fell 1 to 1.5 degrees Celsius (1.8 to 2.7
    Fahrenheit)': a figure restating the one before it in another unit or currency, alone in parentheses (or one
    of several split by '/'), is the same rise or fall. It keeps its own bound: with the hedge as well, "about 43
    miles (69 km)" would agree with "roughly 80 km", since two 10% intervals overlap."""
    out: list[Mention] = []
    anchor: Mention | None = None
    for m in mentions:
        anchor = _conversion_anchor(scan, out[-1] if out else None, m, anchor)
        closes = scan[m.end:m.end + 3].lstrip()[:1] in (")", "/")
        if anchor is not None and closes and m.change is None and anchor.change and _restates(anchor, m):
            m = replace(m, change=anchor.change)
        elif not closes:
            anchor = None
        out.append(m)
    return out


def _conversion_anchor(scan: str, prev: Mention | None, m: Mention, anchor: Mention | None) -> Mention | None:
    """The figure `m` may restate: the one right before an opening parenthesis, kept across '/'."""
    between = scan[prev.end:m.start].strip() if prev is not None else ""
    if between == "(" and prev is not None:
        return prev
    if between == "/" and anchor is not None and prev is not None and prev.start > anchor.end:
        return anchor
    return None


def _restates(a: Mention, b: Mention) -> bool:
    """Could `b` be `a` written in another unit? Two figures of a physical quantity of one dimension, two amounts
    of money, or one of them a count of something that reads like a unit ('7.5 million Danish crowns')."""
    if a.kind not in _CONVERTIBLE or b.kind not in _CONVERTIBLE or a.is_range != b.is_range:
        return False
    if a.kind == b.kind == "quantity":
        return a.unit is not None and b.unit is not None and a.unit.dimension == b.unit.dimension != "unknown"
    if a.kind == b.kind:
        return a.kind == "money"
    return (a.kind != "count" or a.noun is not None) and (b.kind != "count" or b.noun is not None)

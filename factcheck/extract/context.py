"""What stands around a number: signs, hedges, units, nouns, and the shapes of non-figures.

Small predicates over tokens and the scan view, used by mentions.py. Each one looks
at a few characters or tokens around a number and nothing else, so finding figures
stays linear in the length of the text.
"""
from __future__ import annotations

import functools
import re

from factcheck.config.knowledge import Hedge, Knowledge
from factcheck.extract.numbers import Num
from factcheck.extract.text import Token
from factcheck.extract.units import is_unit_word



def token_index_at(toks: list[Token], offset: int, default: int) -> int:
    """Index of the first token starting at or after `offset`."""
    for k in range(default, len(toks)):
        if toks[k].start >= offset:
            return k
    return len(toks)


def skip_reason(toks: list[Token], i: int, j: int, kn: Knowledge) -> str | None:
    """Why the number at toks[i:j] is not a figure (glued to a word, a time, part of a code), or None."""
    for reason, applies in _SKIP_REASONS:
        if applies(toks, i, j, kn):
            return reason
    return None


def _describes_a_group(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'people aged 18 to 24': the ages name a group; they are no figure about it. Set off by a comma after a
    name ('Ada Voss, aged 62, retired'), the age is one person's: a figure (extract/ages.py reads it)."""
    return i > 0 and toks[i - 1].lower in kn.group_age_words and not (i > 1 and toks[i - 2].text == ",")


def _glued_before(toks: list[Token], i: int) -> bool:
    return i > 0 and toks[i - 1].end == toks[i].start


def _glued_to_word(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'B52', 'X7': a word written onto the number makes a name; a currency code does not ('$US113', '$A82')."""
    if not _glued_before(toks, i):
        return False
    prev = toks[i - 1]
    after_dollar = i > 1 and toks[i - 2].text == "$" and toks[i - 2].end == prev.start
    return prev.kind == "word" and prev.text not in kn.currency_signs and \
        not (after_dollar and "$" + prev.text in kn.currency_signs)


def _code_or_time_mark(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'#4', 'No.7', ':30': a mark written onto the number makes a code or a time; 'Dow +0.2%' is a rise."""
    if not _glued_before(toks, i):
        return False
    prev, nxt = toks[i - 1], (toks[j] if j < len(toks) else None)
    signed_percent = prev.text == "+" and nxt is not None and nxt.text == "%" and \
        (i < 2 or toks[i - 2].end < prev.start)
    return (prev.text in "#/№:+" and not signed_percent) or \
        (prev.text == "." and i > 1 and toks[i - 2].end == prev.start and toks[i - 2].kind == "word")


def _compound_part(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'A-10', '3-4-3': the last part of a hyphenated compound or code, unless the hyphen is a sign or a hedge
    ('minus-5', a hedge ending in '-')."""
    if not _glued_before(toks, i) or toks[i - 1].text not in "-–" or i <= 1:
        return False
    first = toks[i - 2]
    return first.end == toks[i - 1].start and first.kind in ("num", "word") and first.lower not in kn.negative_words \
        and first.lower + "-" not in kn.hedges_before


def _time_or_code_after(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'10:30', '24/7': another number glued on by ':' or '/' makes a time or a code."""
    if j + 1 >= len(toks):
        return False
    nxt = toks[j]
    return nxt.start == toks[i].end and nxt.text in (":", "/") and toks[j + 1].kind == "num" and \
        toks[j + 1].start == nxt.end


def _time_word_after(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'7 pm', '9 GMT': a clock time."""
    return j < len(toks) and toks[j].kind == "word" and toks[j].lower in kn.time_words


def _in_parentheses(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'(7)': a bare number in parentheses numbers a list item or a jersey."""
    return i > 0 and j < len(toks) and toks[i - 1].text == "(" and toks[j].text == ")" and toks[i].kind == "num"


def _age_in_apposition(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'Jan Novak, 54, said': a small whole number between commas after a name is an age."""
    t = toks[i]
    return i > 1 and toks[i - 1].text == "," and toks[i - 2].text[:1].isupper() and j < len(toks) and \
        toks[j].text == "," and t.kind == "num" and t.text.isdigit() and 0 < int(t.text) < 120


def _clause_number(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'1.2 Members are asked to approve ...', '6.1 The council notes ...': a sentence that opens with a decimal
    number and a capitalised word is a numbered clause of a report; the number is its place, no figure. Not when
    the word measures the number ('1.2 GW of capacity', '10.5 Million people', '12.5 Percent', '1.08 USD')."""
    if not (i == 0 and j == 1 and j < len(toks) and _CLAUSE_NUMBER.fullmatch(toks[0].text) is not None
            and toks[j].kind == "word" and toks[j].text[:1].isupper()):
        return False
    word = toks[j].text
    low = word.lower()
    return not (low in kn.scales or low in kn.percent_words or low in kn.currency_words or word in kn.currency_signs
                or is_unit_word(kn, word))


_CLAUSE_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})+")

# Tried in this order, the first that applies gives the reason. mentions.py reads "an age..." specially.
_SKIP_REASONS = (
    ("an age that describes a group", _describes_a_group),
    ("glued to a word", _glued_to_word),
    ("part of a code or time", _code_or_time_mark),
    ("part of a compound or code", _compound_part),
    ("time or code", _time_or_code_after),
    ("time", _time_word_after),
    ("a bare number in parentheses (a jersey or list number)", _in_parentheses),
    ("age in apposition", _age_in_apposition),
    ("the number of a clause", _clause_number),
)


def is_score(toks: list[Token], num: Num, j: int, kn: Knowledge) -> bool:
    """'2-2', '9-2 lead', '89-89': a score, not a range."""
    if j + 1 >= len(toks) or toks[j].text not in "-–" or toks[j + 1].kind != "num":
        return False
    if not (toks[j].start == toks[j - 1].end and toks[j + 1].start == toks[j].end):
        return False
    second = float(toks[j + 1].text.replace(",", ""))
    nxt = toks[j + 2].lower if j + 2 < len(toks) else ""
    return second <= num.value or nxt in kn.score_words


def glued_letters(toks: list[Token], j: int) -> bool:
    """'3D', '5G', '2018s', '190Z': letters glued to a number that are no unit we know."""
    return j < len(toks) and toks[j].kind == "word" and toks[j].start == toks[j - 1].end


def is_identifier(toks: list[Token], i: int, j: int, kn: Knowledge) -> bool:
    """'Boeing 787', 'Section 427', 'iPhone 12 Pro', '49 Zorro Ranch Road': a name, not a figure."""
    if i == 0 or toks[i].kind != "num" or "." in toks[i].text:
        return False
    prev = toks[i - 1]
    if prev.text == "&" or prev.lower in kn.identifier_words:
        return True
    if _name_goes_on(toks, i, j):
        return True  # '49 Zorro Ranch Road', '12 Pro Max', '9 E 71st St'
    return _named_before(toks, i, kn)


def _name_goes_on(toks: list[Token], i: int, j: int) -> bool:
    """Capitalised words after the number carry on a name it is part of: a single capital letter, or two
    capitalised words."""
    nxt = toks[j] if j < len(toks) else None
    if nxt is None or nxt.kind != "word" or not nxt.text[:1].isupper() or "," in toks[i].text:
        return False
    return len(nxt.text) == 1 or (j + 1 < len(toks) and toks[j + 1].text[:1].isupper() and toks[j + 1].kind == "word")


def _named_before(toks: list[Token], i: int, kn: Knowledge) -> bool:
    """A capitalised word (not the text's first) right before the number names a model or a section, unless
    it is a function word, a hedge or a currency that just happens to be capitalised."""
    prev = toks[i - 1]
    capitalised = prev.kind == "word" and (prev.text[:1].isupper() or any(c.isupper() for c in prev.text[1:]))
    if not capitalised or i - 1 == 0 or prev.lower in kn.not_name_before or prev.lower in kn.stop_words:
        return False
    return prev.lower not in kn.hedges_before and prev.lower not in kn.currency_words and prev.text not in \
        kn.currency_signs


def is_year(num: Num, scale: float, noun: str | None) -> bool:
    return (not num.words and scale == 1.0 and num.step == 1.0 and 1500 <= num.value <= 2200
            and float(int(num.value)) == num.value and (noun is None or not noun.endswith("s")))


def looks_like_unit(toks: list[Token], j: int, kn: Knowledge) -> bool:
    """Worth asking the unit parser: a word after the number that is no function word."""
    tok = toks[j]
    if tok.kind != "word" or tok.lower in kn.stop_words:
        return False
    return len(tok.text) >= 2 or tok.start == toks[j - 1].end


def sign_after(scan: str, pos: int, kn: Knowledge) -> tuple[str, int] | None:
    """A currency symbol written after an amount, as in much of Europe: '1,200€', '500 ₸'."""
    for gap in ("", " "):
        ch = scan[pos + len(gap): pos + len(gap) + 1]
        if scan[pos:pos + len(gap)] == gap and ch and not ch.isalnum() and ch in kn.currency_signs and ch != "$":
            return kn.currency_signs[ch], pos + len(gap) + 1
    return None


def sign_before(scan: str, pos: int, kn: Knowledge) -> tuple[str, int] | None:
    """A currency sign written before an amount: '$', 'US$', '$US', 'KZT ', '€'."""
    for sign in kn.sorted_signs:
        for gap in ("", " "):
            s = pos - len(gap) - len(sign)
            if s < 0 or scan[s:pos] != sign + gap:
                continue
            if gap and not (sign[-1].isalpha() or sign[-1] == "$"):
                continue
            if s > 0 and scan[s - 1].isalnum() and sign[0].isalpha():
                continue
            return kn.currency_signs[sign], s
    return None


def negative_before(scan: str, pos: int) -> tuple[str, int] | None:
    """'-5 yards', 'minus 233 Celsius', 'minus-1.4 degree': a negative figure."""
    for mark in ("minus-", "minus ", "−", "-"):
        s = pos - len(mark)
        if s >= 0 and scan[s:pos].lower() == mark and (s == 0 or scan[s - 1] in " ,(\t\n$"):
            return "-", s
    return None


def phrase_before(scan: str, pos: int, table: dict[str, Hedge]) -> tuple[str, int] | None:
    """The longest phrase of `table` that ends right before `pos` (spaces between)."""
    window = scan[max(0, pos - 40):pos]
    head = window.rstrip()
    low = head.lower()
    best = None
    for phrase in table:
        if low.endswith(phrase) and (len(low) == len(phrase) or not low[-len(phrase) - 1].isalnum()):
            if best is None or len(phrase) > len(best):
                best = phrase
    if best is None:
        return None
    return best, pos - (len(window) - len(head)) - len(best)


def phrase_after(scan: str, end: int, table: dict[str, Hedge]) -> tuple[Hedge, int] | None:
    tail = scan[end:end + 24]
    for phrase in sorted(table, key=len, reverse=True):
        glued = phrase[0] in "-+"
        lead = tail if glued else tail.lstrip(" ")
        if not glued and lead is tail:
            continue
        if lead.lower().startswith(phrase) and not lead[len(phrase):len(phrase) + 1].isalnum():
            return table[phrase], end + (len(tail) - len(lead)) + len(phrase)
    return None


def currency_word_after(scan: str, pos: int, kn: Knowledge) -> tuple[str, int] | None:
    """A currency's word after an amount ('5 billion Nigerian naira', '300 EUR'): the longest one, ending a word."""
    m = _currency_words(kn).match(scan, pos)
    return (kn.currency_words[m.group("w").lower()], m.end()) if m else None


@functools.lru_cache(maxsize=8)
def _currency_words(kn: Knowledge) -> re.Pattern[str]:
    """One pattern for every currency word (hundreds, with the CLDR's names), longest first."""
    words = sorted(kn.currency_words, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", " +") for w in words) or "(?!)"
    return re.compile(rf"(?<! ) *(?P<w>{alternatives})(?![^\W_])", re.I)


def percent_after(scan: str, pos: int, kn: Knowledge) -> int | None:
    tail = scan[pos:pos + 24]
    stripped = tail.lstrip(" ")
    if stripped.startswith("%"):
        return pos + len(tail) - len(stripped) + 1
    low = stripped.lower()
    for word in kn.percent_words:
        if low.startswith(word) and not stripped[len(word):len(word) + 1].isalnum():
            return pos + len(tail) - len(stripped) + len(word)
    if low.startswith("pc") and not stripped[2:3].isalnum() and tail[:1] != " ":
        return pos + 2
    return None


def _plural(word: str, kn: Knowledge) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(kn.not_plural_endings)


def noun_after(toks: list[Token], j: int, kn: Knowledge) -> tuple[str | None, int]:
    """The head of the noun phrase after a count: '12 new Corvan 512-4 Stratos aircraft' -> aircraft.

    Without a tagger the phrase ends at a function word, a lowercase participle or adverb
    ('signed', 'totaling'), or right after a lowercase plural ('1,200 soldiers | took part').
    """
    head, k, taken = None, j, 0
    while k < len(toks) and taken < 6:
        t = toks[k]
        if t.kind != "word":
            if _hyphen_within_word(toks, k):
                k += 1
                continue
            break
        w = t.lower
        if w in kn.stop_words or (taken and t.text.islower() and w.endswith(kn.not_noun_endings)):
            break
        head = w
        k, taken = k + 1, taken + 1
        if t.text.islower() and _plural(w, kn):
            break
        k = _past_model_number(toks, k)
    return head, k


def _hyphen_within_word(toks: list[Token], k: int) -> bool:
    """'Dreamliner-class': a hyphen glued on both sides, a word after it, keeps the noun phrase going."""
    t = toks[k]
    return t.text == "-" and k + 1 < len(toks) and toks[k + 1].start == t.end and t.start == toks[k - 1].end \
        and toks[k + 1].kind == "word"


def _past_model_number(toks: list[Token], k: int) -> int:
    """A model number inside a name ("Boeing 787-9 Dreamliner aircraft") is skipped, not taken for a count."""
    while k < len(toks) and toks[k].kind == "num" and toks[k - 1].text[:1].isupper():
        k += 1
        if k + 1 < len(toks) and toks[k].text == "-" and toks[k + 1].kind == "num":
            k += 2
    return k


def _last_ending_before(toks: list[Token], pos: int) -> int:
    lo, hi = 0, len(toks)
    while lo < hi:  # binary search on token ends, which increase
        mid = (lo + hi) // 2
        if toks[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def change_before(toks: list[Token], pos: int, kn: Knowledge, money: bool = False) -> str | None:
    """'rose 8%', 'has grown by almost 50%', 'cut its costs by 10%': the figure is a change, not a level.

    Not a change: a phrase of `change_not` ("gave up 517 yards", "a net loss of $3 million"), and a word of
    `change_not_money` right before an amount of money ("raised $5 million from investors").
    """
    k = _last_ending_before(toks, pos)
    by = k >= 0 and toks[k].lower == "by"
    if by:
        k -= 1
    if k < 0:
        return None
    found = _change_at(toks, k, kn, money and not by)
    if found is None and by:  # "grow sales by 35%", "cut its workforce by 10%": a verb, its object, then "by"
        for back in range(k - 1, max(-1, k - 4), -1):
            t = toks[back + 1]
            if t.kind != "word" or (t.lower in kn.stop_words and t.lower not in kn.determiners):
                break
            found = _change_at(toks, back, kn, False)
            if found is not None:
                break
    return found


def _change_at(toks: list[Token], k: int, kn: Knowledge, money: bool) -> str | None:
    w = toks[k].lower
    two = f"{toks[k - 1].lower} {w}" if k > 0 else ""
    three = f"{toks[k - 2].lower} {two}" if k > 1 else ""
    if two in kn.change_not or three in kn.change_not or (money and (w in kn.change_not_money or
                                                                      two in kn.change_not_money)):
        return None
    if w in kn.change_up or two in kn.change_up:
        return "up"
    if w in kn.change_down or two in kn.change_down:
        return "down"
    return None

"""Figures, dates and counts as a person writes them, for everything a person reads.

The reports, the page, `explain` and the `extract` table all call these, so one figure
reads the same everywhere: "$3.6 billion (3.55–3.65 billion)", "12,500 employees",
"6.8 km", "more than 30 agreements", "1–11 November 2025". Machines read the JSON,
which keeps the numbers and internal keys as they are.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Protocol

from factcheck.config.knowledge import builtin
from factcheck.models import Period

SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
HEDGE_WORDS = {"=": "", "~": "about ", ">": "more than ", ">=": "at least ", "<": "less than ", "<=": "at most "}
WELL_KNOWN_SIGNS = ("$", "€", "£", "¥")
DASH = "–"


class Figure(Protocol):
    """What a Claim and a ClaimRef share: enough to write the figure. Read-only, as the records are (frozen), so
    that their narrower field types (a Kind, a Bound) fit."""

    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def bound(self) -> str: ...
    @property
    def precision(self) -> float: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def text_value(self) -> str | None: ...
    @property
    def date(self) -> Period | None: ...


@functools.lru_cache(maxsize=1)
def _singulars() -> dict[str, str]:
    return {many: one for one, many in _irregular().items()}


def singular(word: str) -> str:
    """The singular of a plural noun: irregular ones from lexicon.yaml `irregular_plurals` read backwards, else
    the first of its `morphology.singular_endings` that fits."""
    if word in _singulars():
        return _singulars()[word]
    for ending, one in builtin("lexicon")["morphology"]["singular_endings"]:
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + one
    return word


def plural(n: float | int, word: str, many: str | None = None) -> str:
    """'1 discrepancy', '3 discrepancies', '0 sources': a count with its noun in the right number."""
    return f"{number(n)} {word if n == 1 else (many or plural_of(word))}"


def plural_of(word: str) -> str:
    """The English plural of a singular noun (the counted nouns of claims are singular): irregular ones from
    lexicon.yaml ("staff", "people"), else the first of its `morphology.plural_endings` that fits, else -s."""
    head, _, last = word.rpartition(" ")
    lower = last.lower()
    if lower in _irregular():
        last = _irregular()[lower]
    else:
        last = next((last[: len(last) - len(one)] + many for one, many in builtin("lexicon")["morphology"]["plural_endings"]
                     if lower.endswith(one)), last + "s")
    return f"{head} {last}" if head else last


@functools.lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    return dict(builtin("lexicon").get("irregular_plurals") or {})


SHOWN_ITEMS = 6   # members a list in words names before it says how many more


def listing(items: tuple[str, ...] | list[str]) -> str:
    """Members in words: 'A, B and C'; a long list ends with how many more ('A, ..., F and 3 more')."""
    shown = list(items[:SHOWN_ITEMS])
    if len(items) > SHOWN_ITEMS:
        return ", ".join(shown) + f" and {len(items) - SHOWN_ITEMS} more"
    return ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(shown) > 1 else "".join(shown)


def number(x: float) -> str:
    """12500 -> '12,500'; 3.55 -> '3.55'; never scientific notation, at most three decimals."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    text = f"{x:,.3f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{x:.3g}"


def _scale(x: float) -> tuple[float, str]:
    return next(((f, w) for f, w in SCALES if abs(x) >= f), (1.0, ""))


@functools.lru_cache(maxsize=None)
def _currencies() -> dict[str, tuple[str, str]]:
    """ISO code -> (sign before, word after): '$3.6 billion', '€2 million', but '1.2 trillion tenge' (a sign
    few readers know is worse than the currency's name), from currencies.yaml."""
    out = {}
    for code, spec in builtin("currencies").items():
        sign = next((s for s in spec.get("signs", []) if s in WELL_KNOWN_SIGNS), "")
        words = spec.get("words") or [code]
        out[code] = (sign, "" if sign else str(words[0]))
    return out


def unit_name(unit: str, many: bool) -> str:
    """How a physical unit is written: its symbol from units.yaml ('km', 'GW'), else its name in the right
    number ('3 years', '2 barrels per day')."""
    spec = builtin("units").get(unit) or {}
    if spec.get("symbol"):
        return str(spec["symbol"])
    head, per, tail = unit.partition(" per ")
    if many and not head.endswith("s"):
        head = plural_of(head)
    return head + (per + tail if per else "")


def _dress(text: str, f: Figure, noun: str | None, many: bool) -> str:
    """Put the unit around a bare number: '$3.6 billion', '26%', '6.8 km', '29 agreements', '3 times'."""
    if f.kind == "money" and f.unit:
        sign, word = _currencies().get(f.unit, ("", f.unit))
        return f"{sign}{text}" + (f" {word}" if word else "")
    if f.kind == "percent" or f.unit == "%":
        return f"{text}%"
    if f.kind == "multiplier":
        return f"{text} times"
    if f.kind == "count":
        return f"{text} {(plural_of(noun) if many else noun)}" if noun else text
    if f.unit and f.unit not in ("count", "date"):
        return f"{text} {unit_name(f.unit, many)}"
    return text


def amount(x: float, f: Figure, noun: str | None = None) -> str:
    """One value in the figure's unit: '$3.6 billion', '12,500 employees'."""
    factor, word = _scale(x) if f.kind in ("money", "count", "quantity") else (1.0, "")
    return _dress(number(x / factor) + (f" {word}" if word else ""), f, noun, x != 1)


def span(low: float | None, high: float | None, f: Figure, low_open: bool = False, high_open: bool = False) -> str:
    """An interval in words at the scale of its larger end: '3.55–3.65 billion', 'above 30', 'up to 40'."""
    if low is None or math.isinf(low) or (low <= 0 and f.kind != "percent" and high is not None):
        if high is None or math.isinf(high):
            return "any value"
        return f"{'below' if high_open else 'up to'} {_bare(high)}"
    if high is None or math.isinf(high):
        return f"{'above' if low_open else 'at least'} {_bare(low)}"
    if low == high:
        return _bare(low)
    factor, word = _scale(max(abs(low), abs(high)))
    return f"{number(low / factor)}{DASH}{number(high / factor)}" + (f" {word}" if word else "")


def _bare(x: float) -> str:
    factor, word = _scale(x)
    return number(x / factor) + (f" {word}" if word else "")


def figure(f: Figure, noun: str | None = None) -> str:
    """The figure as a person writes it, with the interval it stands for when that says more:
    '$3.6 billion (3.55–3.65 billion)', 'about $17 billion (14.8–19.2 billion)', 'more than 30 agreements'."""
    if f.kind == "date" and f.date is not None:
        return date_words(f.date)
    if f.text_value is not None:
        return f.text_value
    noun = noun or getattr(f, "noun", None)
    if f.value is None:  # a range: "$89 to $93 billion"
        return _dress(span(f.low, f.high, f), f, noun, True)
    stated = _hedge(f) + amount(f.value, f, noun)
    low = None if f.low is None else f.low - f.precision
    high = None if f.high is None else f.high + f.precision
    if _one_sided(f) or low == high:
        return stated
    interval = span(low, high, f, f.precision > 0, f.precision > 0 or f.bound == "<")
    return f"{stated} ({interval}{'%' if f.kind == 'percent' else ''})"


def _hedge(f: Figure) -> str:
    """The word a bound puts before the figure: "below 40" with a lower end known reads "almost 40"."""
    return "almost " if f.bound == "<" and f.low else HEDGE_WORDS.get(f.bound, "")


def _one_sided(f: Figure) -> bool:
    """"more than 30", "up to 40": a bound with one end only, whose interval would say nothing more."""
    return f.bound in (">", ">=", "<=") or (f.bound == "<" and not f.low)


def date_words(p: Period) -> str:
    """'6 November 2025', 'November 2025', '2025', '1–11 November 2025', '30 October – 2 November 2025'."""
    start, end = dt.date.fromisoformat(p.start), dt.date.fromisoformat(p.end)
    if start == end:
        return f"{start.day} {start:%B %Y}"
    whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if whole_year and start.year == end.year:
        return str(start.year)
    next_day = end + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1 and (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DASH}{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} {DASH} {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} {DASH} {end.day} {end:%B %Y}"


def party(ident: str, labels: dict[str, str]) -> str:
    """An entity as people name it: its label, or a proper name the vocabulary did not know, capitalised."""
    if ident in labels:
        return labels[ident]
    if ident.startswith("name:"):
        return " ".join(w[:1].upper() + w[1:] for w in ident[5:].split())
    return ident


CHANGE_WORDS = {"up": "rise in", "down": "fall in"}   # how a subject says its figures are changes, not levels


def noun_of_metric(metric: str | None) -> str | None:
    """'number of agreements (Norland), 2025' -> 'agreement': the counted noun, when a count's subject
    names it (also for 'rise in number of agreements')."""
    if not metric:
        return None
    change = next((w for w in CHANGE_WORDS.values() if metric.startswith(w + " ")), None)
    metric = metric[len(change) + 1:] if change else metric
    if metric.startswith("number of "):
        noun = metric[len("number of "):].split(" (")[0].split(",")[0].strip()
        return singular(noun) if noun else None
    return None

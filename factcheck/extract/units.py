"""Physical units: our own table first, quantulum3 for the long tail.

The quantulum3 adapter is the only place that imports quantulum3. It is called on a
short window (the figure and the words after it), never on a whole document; its
objects are converted at once into `UnitMatch`; a match it drops (quantulum3 logs the
ValueError at debug level and moves on) is captured and reported, not lost.
"""
from __future__ import annotations

import functools
import json
import logging
import re
import warnings
from dataclasses import dataclass
from importlib import resources

from factcheck.config.knowledge import Knowledge
from factcheck.config.vocab import stem

_QUANTULUM_SKIP = frozenset({"dimensionless", "unknown", "currency"})


@dataclass(frozen=True)
class UnitMatch:
    unit: str
    dimension: str
    factor: float | None  # to the dimension's base unit; None when only same-unit comparison is safe
    length: int           # characters of the window the unit covers after the number
    via: str              # "table" or "quantulum3"


@functools.lru_cache(maxsize=4)
def _surface_table(kn: Knowledge) -> tuple[dict[str, tuple[str, str, float]], re.Pattern[str]]:
    table: dict[str, tuple[str, str, float]] = {}
    for name, spec in kn.data["units"].items():
        for surface in spec["surfaces"]:
            surface = str(surface)
            table[surface if len(surface) == 1 else surface.lower()] = (name, spec["dimension"], float(spec["factor"]))
    alternatives = "|".join(re.escape(s) for s in sorted(table, key=len, reverse=True))
    first = "".join(sorted({re.escape(c) for s in table for c in (s[0].lower(), s[0].upper())}))
    # A unit follows the number directly, after a space, or after a hyphen ("7,600-kilometer"); the lookahead
    # on a first character spares the hundreds of alternatives wherever no unit can start. A longer run of blanks
    # ends the figure: in a table it is the next column's word.
    return table, re.compile(rf"[ \t]?-?[ \t]?(?=[{first}])(?:{alternatives})(?![\w²³])", re.I)


def is_unit_word(kn: Knowledge, word: str) -> bool:
    """A word units.yaml names as a unit ('km', 'Percent' is not one; 'GW' is)."""
    table, _ = _surface_table(kn)
    return word in table or word.lower() in table


def unit_from_table(kn: Knowledge, scan: str, pos: int) -> UnitMatch | None:
    """The unit written at `pos` (just after a number), from units.yaml."""
    table, pattern = _surface_table(kn)
    m = pattern.match(scan, pos)
    if not m:
        return None
    surface = m.group().lstrip(" \t-")
    key = surface if surface in table else surface.lower()
    if key not in table or (len(surface) == 1 and surface != key):
        return None  # single letters only in the case the table gives ("5G" is not five grams, "5 W" is watts)
    name, dimension, factor = table[key]
    return UnitMatch(name, dimension, factor, m.end() - pos, "table")


class _DropCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@functools.lru_cache(maxsize=1)
def _quantulum():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
    return parser


@functools.lru_cache(maxsize=1)
def _quantulum_words() -> frozenset[str]:
    """The first word of every unit name, surface and symbol quantulum3 knows (currencies and counts aside),
    as written and as stems, read from its data files without importing its parser (which compiles one
    regex of every unit: over a second)."""
    words: set[str] = set()
    root = resources.files("quantulum3")
    entity: dict[str, str] = {}
    for data in (root / "units.json", root / "_lang" / "en_US" / "units.json"):
        try:
            units = json.loads(data.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return frozenset()  # another layout: ask quantulum3 every time rather than guess
        for name, spec in units.items():
            entity.setdefault(name, spec.get("entity", ""))
            if entity[name] in _QUANTULUM_SKIP:  # what we would drop anyway ('new' starts 'new Taiwan dollar')
                continue
            for surface in (name, *spec.get("surfaces", ()), *spec.get("symbols", ())):
                first = re.split(r"[\s/]", str(surface).strip())[0]
                words.update((first, first.lower(), stem(first), stem(first + "s")))  # 'calorie', 'calories'
    return frozenset(words)


def could_be_quantulum_unit(kn: Knowledge, window: str) -> bool:
    """Whether the word after the number could start a unit quantulum3 knows: as written, as a stem
    ('kilometres'), or after a unit prefix of lexicon.yaml ('megawatts'). '29 agreements' and
    '41 countries' never reach the parser."""
    known = _quantulum_words()
    if not known:
        return True
    words = window[1:].lstrip(" \t-").split()
    if not words:
        return False
    word = words[0].rstrip(".,;:!?)\"'\u201d\u2019").split("/")[0]
    forms = {word, word.lower()}
    forms |= {form[len(prefix):] for form in set(forms) for prefix in kn.unit_prefixes
              if form.startswith(prefix) and len(form) > len(prefix)}
    return not known.isdisjoint(forms | {stem(form) for form in forms})


@functools.lru_cache(maxsize=4096)
def unit_from_quantulum(window: str) -> tuple[UnitMatch | None, tuple[str, ...]]:
    """Ask quantulum3 what unit follows the number at the start of `window`.

    Returns the unit (or None) and the messages of any match quantulum3 dropped. Ask only about windows
    `could_be_quantulum_unit` lets through.
    """
    parser = _quantulum()
    collector = _DropCollector()
    logger = logging.getLogger("quantulum3")
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = parser.parse(window)
    except Exception as e:  # quantulum3 raises on some inputs (e.g. "per cent", issue #198)
        return None, (f"quantulum3 failed: {type(e).__name__}: {e}",)
    finally:
        logger.removeHandler(collector)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    drops = tuple(m for m in collector.messages if "error" in m.lower() or "fail" in m.lower())
    for q in found:
        entity = q.unit.entity.name
        if q.span[0] == 0 and entity not in _QUANTULUM_SKIP and q.unit.name != "dimensionless":
            return UnitMatch(q.unit.name, entity, None, q.span[1], "quantulum3"), drops
    return None, drops

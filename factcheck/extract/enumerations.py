"""Lists that spell out a count: "four ports: A, B, C and D" says four only if four are listed.

A list is read only where punctuation ties it to the count, never from names that merely follow it:
  - in brackets right after the count ("five others (A, B, C, D and E)"), or after a few words that
    finish its phrase ("four albums in that decade (A, B, C and D)");
  - after a word that introduces it, right after the count ("three firms, namely A, B and C"; "twelve
    members, including A and B", which names some members only);
  - after a colon later in the same sentence, when nothing but a few words stands between the count and
    the colon, or a word before the count promises the list ("the following six chairs were set up in
    the departments: A, B, ..."), or the count opens the sentence as its subject and the colon closes
    that clause ("Three firms bid for the work: A, B and C"; a comma between them ends the clause).
The members are what the commas (or semicolons, when the list has any) and the last joiner ("and", "or")
separate, outside brackets. Conservative by design, so a list is refused when a member is a clause ("A,
B and C, which ..."), a member counts instead of naming ("two adults and three children" is a breakdown of
a total, not a list of members), the count is part of a larger one ("three of the five members: A, B and
C"), another figure stands between the count and the list, or the members are not alike in shape (all
names or numbers, or all short words, or all noun phrases opening with an article: "a novel by A, a
memoir by B and an atlas"). The English words come from data/derivations.yaml.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.extract.text import trim
from factcheck.models import Claim

MAX_MEMBER_WORDS = 8     # a member longer than this is a phrase of the sentence, not a name in a list
NEAR_COLON_WORDS = 3     # words between a count and its colon or bracket when nothing promises a list
ANNOUNCED_COLON_WORDS = 12
_LIST_END = re.compile(r"[)—–]|\s-\s")
_BRACKET = re.compile(r"\(([^()]*)\)")
MAX_COUNT = 200          # longer lists are tables, not sentences
SHORT_MEMBER_WORDS = 3   # lower-case members must be this short to be names of things
PARTITIVE_CHARS = 40     # how far before a count "three of the" is looked for
SUBJECT_LEAD_WORDS = 1   # words before a count that still opens its sentence as the subject


@dataclass(frozen=True)
class Listing:
    """The list a count spells out: where it stands, its members as written, whether it names some only."""

    start: int
    end: int
    items: tuple[str, ...]
    partial: bool
    spans: tuple[tuple[int, int], ...] = ()   # each member's offsets in the text


@dataclass(frozen=True)
class ListWords:
    announcer: re.Pattern[str]      # "the following" right before the count
    introducer: re.Pattern[str]     # ", namely" / " including" right after the count, or a dash
    partial: frozenset[str]
    joiner: re.Pattern[str]         # the last joiner of the last member
    leading_joiner: re.Pattern[str]
    clause: frozenset[str]
    not_members: frozenset[str]
    partitive: re.Pattern[str]      # "three of the" right before the count: it counts part of something
    numbers: frozenset[str]         # number words: a member opening with one counts ("five adults")
    lead: re.Pattern[str]           # a partial word opening a list in brackets ("(including A and B)")
    articles: frozenset[str]        # "the", "a": may open a member without being part of its name


def _partitive(kn: Knowledge, numbers: Collection[str]) -> re.Pattern[str]:
    """'three of the', 'two out of', 'among its': right before a count, it counts part of something."""
    w = kn.grammar
    return re.compile(rf"(?:\b(?:\d[\d,.]*|{alternatives(numbers)})\s+(?:{alternatives(w('partitives'))})|"
                      rf"\b(?:{alternatives(w('partitive_among'))}))\s+(?:(?:{alternatives(w('partitive_determiners'))})\s+)?$",
                      re.I)


def _compiled(data: tuple, numbers: frozenset[str], kn: Knowledge) -> ListWords:
    announcers, exhaustive, partial, joiners, clause, not_members, articles, linking = data
    joined = alternatives(joiners)
    verb = rf"(?:(?:{alternatives(linking)})[ \t]+)?"
    return ListWords(
        announcer=re.compile(rf"\b(?:{alternatives(announcers)})\s+(?:\S+\s+){{0,2}}$", re.I),
        introducer=re.compile(rf"(?<![ \t])[ \t]*(?:,[ \t]*)?{verb}(?:(?P<exhaustive>{alternatives(exhaustive)})|"
                              rf"(?P<partial>{alternatives(partial)}))(?![\w.])[ \t]*[:,]?[ \t]*|(?<![ \t])[ \t]*[—–][ \t]*",
                              re.I),
        partial=frozenset(str(p).lower() for p in partial),
        joiner=re.compile(rf"\s(?:{joined})\s+(?=\S)", re.I),
        leading_joiner=re.compile(rf"(?:{joined})\s+", re.I),
        clause=frozenset(str(w).lower() for w in clause),
        not_members=frozenset(str(w).lower() for w in not_members),
        partitive=_partitive(kn, numbers | set(not_members)),
        numbers=numbers, articles=frozenset(str(w).lower() for w in articles), lead=re.compile(rf"(?<!\s)\s*(?:(?P<p>{alternatives(partial)})\b)?\s*", re.I))


@functools.lru_cache(maxsize=8)
def list_words(kn: Knowledge) -> ListWords:
    spec = kn.data["derivations"]["enumerations"]
    keys = ("announcers", "exhaustive", "partial", "joiners", "clause_words", "not_members", "articles", "linking_verbs")
    return _compiled(tuple(tuple(spec[k]) for k in keys), frozenset(w.lower() for w in kn.numbers), kn)


def countable(c: Claim) -> bool:
    """A whole, stated count of something named, small enough to be listed in a sentence."""
    return (c.kind == "count" and c.noun is not None and c.value is not None and c.derived is None
            and c.value == int(c.value) and 2 <= c.value <= MAX_COUNT and c.bound != "range")


Shape = Callable[[tuple[str, ...], tuple[tuple[int, int], ...]], bool]


def listing_after(scan: str, c: Claim, sentence: tuple[int, int], figures: list[int],
                  words: ListWords, shape: Shape | None = None, ends_at_joiner: bool = False) -> Listing | None:
    """The list that spells out count `c` in the sentence spanning `sentence`, if the punctuation ties one to
    it; `figures` are the starts of the sentence's other figures (a figure between the count and a list takes
    the list). `shape` says whether the members read are what is looked for: by default names of things
    (a list of members); a breakdown wants figures (extract/breakdowns.py). With `ends_at_joiner` the list
    ends with the member the last joiner adds ("three vans and one bus, call at ..."): right for figures,
    not for names, which may hold "and" themselves ("Marks and Spencer, Tesco and Asda")."""
    shape = shape or (lambda items, spans: _alike(items, words))
    sentence_start, sentence_end = sentence
    if words.partitive.search(scan, max(0, c.start - PARTITIVE_CHARS), c.start):
        return None
    bracket = _bracket_after(scan, c.end, sentence_end, figures)
    if bracket:
        return _read(scan, bracket.start(1), bracket.end(1), False, words, shape, ends_at_joiner)
    intro = words.introducer.match(scan, c.end, sentence_end)
    if intro and intro.end() > c.end:
        partial = intro.group("partial") is not None
        return _read(scan, intro.end(), _clause_end(scan, intro.end(), sentence_end), partial, words, shape,
                     ends_at_joiner)
    colon = scan.find(":", c.end, sentence_end)
    if colon < 0 or any(c.end <= f < colon for f in figures) or scan.find(";", c.end, colon) >= 0:
        return None
    between = len(scan[c.end:colon].split())
    announced = bool(words.announcer.search(scan, max(0, c.start - 40), c.start))
    subject = _opens_sentence(scan, sentence_start, c.start) and "," not in scan[c.end:colon]
    if between > (ANNOUNCED_COLON_WORDS if announced or subject else NEAR_COLON_WORDS):
        return None
    return _read(scan, colon + 1, _clause_end(scan, colon + 1, sentence_end), False, words, shape, ends_at_joiner)


def _bracket_after(scan: str, start: int, end: int, figures: list[int]) -> re.Match[str] | None:
    """Brackets right after the count or a few words on, with no figure or clause break before them."""
    bracket = _BRACKET.search(scan, start, end)
    if bracket is None or any(start <= f < bracket.start() for f in figures):
        return None
    between = scan[start:bracket.start()]
    if re.search(r"[,;:—–]", between) or len(between.split()) > NEAR_COLON_WORDS:
        return None
    return bracket


def _opens_sentence(scan: str, sentence_start: int, count_start: int) -> bool:
    """The count stands first in its sentence, after at most one word ("The three firms", "All five")."""
    return len(scan[sentence_start:count_start].split()) <= SUBJECT_LEAD_WORDS


def _clause_end(scan: str, start: int, end: int) -> int:
    """Where a list that runs on ends: the sentence's end, or a closing bracket or dash."""
    stop = _LIST_END.search(scan, start, end)
    return stop.start() if stop else end


def _read(scan: str, start: int, end: int, partial: bool, words: ListWords, shape: Shape,
          ends_at_joiner: bool = False) -> Listing | None:
    text = scan[start:end]
    lead = words.lead.match(text)
    partial = partial or bool(lead and lead.group("p"))
    offset = lead.end() if lead else 0
    body = text[offset:].rstrip(" \t.,;:")
    spans = _members(body, words, ends_at_joiner)
    if spans is None:
        return None
    items = tuple(body[a:b] for a, b in spans)
    at = start + offset
    where = tuple((at + a, at + b) for a, b in spans)
    if not shape(items, where):
        return None
    return Listing(where[0][0], where[-1][1], items, partial, where)


def _members(body: str, words: ListWords, ends_at_joiner: bool = False) -> list[tuple[int, int]] | None:
    """The members' spans in `body`: split at its separators outside brackets, the last one at its joiner."""
    separator = ";" if ";" in body else ","
    cuts, depth = [], 0
    for i, ch in enumerate(body):
        depth += ch in "([" and 1 or (-1 if ch in ")]" else 0)
        if depth < 0:
            return None
        if ch == separator and depth == 0 and not _in_number(body, i):
            cuts.append(i)
    bounds = [-1, *cuts, len(body)]
    chunks = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
    return _split_last(body, chunks, words, ends_at_joiner)


def _in_number(text: str, i: int) -> bool:
    """A comma between digits groups thousands ("€500,000"); it separates no members."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _split_last(body: str, chunks: list[tuple[int, int]], words: ListWords,
                ends_at_joiner: bool = False) -> list[tuple[int, int]] | None:
    """The last chunk holds the last two members ("B and C") unless a comma came before its joiner ("B, and C")."""
    out = _up_to_last_member([trim(body, a, b) for a, b in chunks], body, words, ends_at_joiner)
    a, b = out[-1]
    joined = words.leading_joiner.match(body, a, b)
    if joined and len(out) > 1:
        out[-1] = (joined.end(), b)
    elif not joined:
        inner = list(words.joiner.finditer(body, a, b))
        if inner:
            last = inner[-1]
            out[-1:] = [trim(body, a, last.start()), trim(body, last.end(), b)]
    if len(out) < 2 or any(x >= y for x, y in out):
        return None
    return out


def _up_to_last_member(out: list[tuple[int, int]], body: str, words: ListWords,
                       ends_at_joiner: bool) -> list[tuple[int, int]]:
    """The chunks up to the one the last member is in: after ", and" ("A, B, and C, signed ..."), or with
    `ends_at_joiner` the chunk that holds the joiner ("A, B and C, signed ...")."""
    closing = next((k for k in range(1, len(out)) if words.leading_joiner.match(body, *out[k])), None)
    if closing is not None:
        return out[:closing + 1]
    if ends_at_joiner:
        holding = next((k for k, (a, b) in enumerate(out) if words.joiner.search(body, a, b)), None)
        return out if holding is None else out[:holding + 1]
    return out


def _alike(items: tuple[str, ...], words: ListWords) -> bool:
    """Members that name things: no clause among them, none counting ("two adults"), all names or numbers
    (capitalised or digits), all short and lower-case, or all opening with an article (parallel noun
    phrases); a mixed list ran on into the sentence. An article before a name does not count against it."""
    bare = [_without_article(item, words) for item in items]
    if not all(_names_one_thing(item, words) for item in bare):
        return False
    if all(b != item for b, item in zip(bare, items)):
        return True
    named = [bool(re.match(r"[\dA-Z\"'“‘]", item)) for item in bare]
    return all(named) or not any(named) and all(len(item.split()) <= SHORT_MEMBER_WORDS for item in bare)


def _names_one_thing(item: str, words: ListWords) -> bool:
    """A member, not a clause ("which was ..."), a quantifier ("others") or a count ("2 adults", "five children":
    a breakdown of a total)."""
    tokens = item.split()
    if not tokens or len(tokens) > MAX_MEMBER_WORDS:
        return False
    if {t.lower().strip(",.;:") for t in tokens} & words.clause or tokens[0].lower() in words.not_members:
        return False
    return not (len(tokens) > 1 and (tokens[0].lower() in words.numbers or re.fullmatch(r"[\d.,]+", tokens[0])))


def _without_article(item: str, words: ListWords) -> str:
    head, _, rest = item.partition(" ")
    return rest.lstrip() if rest and head.lower() in words.articles else item

"""Stage 5b, line claims up: which claims of a story are about the same thing.

Two claims line up when their frames are similar enough, never because a topic list
gave them the same key:

- they must be comparable: same kind and dimension (money with money, lengths with
  lengths), same denominator ("per share"), same direction of change, the same event
  for dates, compatible owners (an unknown owner fits any), the same scope and period,
  the same speaker, and no separator on one side only ("since 2019", "planned",
  "new", "in all", a figure reported as wrong: separators.py);
- then they are scored: how much of the shorter description the other covers, over
  the words of what they measure, rare words weighing more than common ones (inverse
  document frequency inside the story, smoothed), the words nearest the figure more
  than the rest of the sentence; for dates, the participants both name weigh most.

The pairs scored come from an inverted index of the words nearest each figure and the
names of its sentence, with bounded work per word (blocking.py), so the work grows with
the claims, not with their pairs. Which pairs then line up (mutual best matches,
restatements, twins) is matching.py's question.
"""
from __future__ import annotations

import math
from collections import defaultdict

from factcheck.align.blocking import candidate_pairs
from factcheck.extract.mentions import FRACTION_NOTE
from factcheck.align.matching import MIN_SCORE_SAME, Alignment, Edges, family_ranks, link_up, same_source_ok
from factcheck.align.separators import compatible, period_key, same_name
from factcheck.models import Claim
from factcheck.config.vocab import FrameVocab

NUMERIC = frozenset({"money", "count", "percent", "quantity", "multiplier"})
KEYED = frozenset({"ranking", "acronym"})   # compared by what they name: the rank and holder, the acronym
MIN_SCORE_RESTATED = 0.15  # a claim restating, in its own source, a thing already lined up: its best match there
INDEX_WORDS = 4          # the nearest words of each claim that go into the candidate index
IDF_PRIOR = 20           # claims added to every story when weighing words: in a story of two short sources,
                         # the words both use are evidence of one subject, not "common" words
GRID_FROM = 2000         # claims in a story's families beyond which word rarity is kept on a grid (rarity())
GRID_STEP = 1.1          # ... the story's size rounded up to the next step of 10 %
RARITY_STEPS = 64        # ... and each word's rarity to 1/64
PARTICIPANTS = 0.7       # for dates, the weight of shared participants against shared words
TITLE_FAMILY = "title"   # the family of rankings: one title in one scope
MIN_CONFIDENCE = 0.7     # a weak parse ("the two leaders", "one") is kept as a claim but never lined up


def as_share(c: Claim) -> Claim:
    """'roughly a quarter of' (0.25 of a whole) in percent points, so that it compares with '14%'."""
    if c.kind == "multiplier" and FRACTION_NOTE in c.notes and c.to_base == 1.0:
        return c.model_copy(update={"to_base": 100.0})
    return c


def is_comparable(c: Claim, voc: FrameVocab) -> bool:
    """Whether a story's comparison reads this claim: it has a family or a key, or it is an amount (a stated
    exchange rate converts amounts before their families are known). About half of a source's claims are
    none of these; they are decided once, when the source is extracted, and never read again for comparing."""
    return c.kind == "money" or c.kind in KEYED or c.derived is not None or family(c, voc) is not None


def family(c: Claim, voc: FrameVocab) -> tuple | None:
    """What a claim can be compared with at all; None: nothing."""
    f = c.frame
    if f is None or c.confidence < MIN_CONFIDENCE or "withdrawn" in f.qualifiers or c.derived is not None:
        return None   # a derived claim is set against the claims it was worked out for, never lined up
    if c.kind == "multiplier" and FRACTION_NOTE in c.notes:
        return ("percent", "%", f.denominator, c.change)
    if c.kind in NUMERIC:
        return _amount_family(c, voc)
    if c.kind == "date":
        return _date_family(c)
    if c.kind == "ranking" and f.thing:
        return (TITLE_FAMILY, f.event, f.scope or "")  # one title in one scope: "largest ... in Asia"
    return None


def _amount_family(c: Claim, voc: FrameVocab) -> tuple | None:
    """Figures compare with figures of one kind, in one unit (or dimension, once converted), per one thing and
    changing the same way."""
    if c.frame is None or (c.kind == "count" and not _says_what_it_counts(c, voc)):
        return None
    return (c.kind, _compared_unit(c), c.frame.denominator, c.change)


def _compared_unit(c: Claim) -> str | None:
    """Converted amounts compare across units (miles with kilometres, dollars with euros); the rest only
    within theirs."""
    if c.kind == "quantity":
        return c.dimension if c.to_base is not None else c.unit
    if c.kind == "money":
        return "money" if c.to_base is not None else c.unit
    return c.unit


def _says_what_it_counts(c: Claim, voc: FrameVocab) -> bool:
    """A bare number ("with 18") says too little about what it counts to be lined up, unless a word it stands
    next to names a measured thing ("the headcount ... reached 4,200")."""
    if c.frame is None:
        return False
    thing = c.frame.thing
    return bool(thing and (c.noun or thing[0] in voc.heads))


def _date_family(c: Claim) -> tuple | None:
    """Dates compare with dates of one event, once they are dates of their own (not "two days later")."""
    if c.frame is not None and c.frame.event and c.date is not None and not any("relative date" in n for n in c.notes):
        return ("date", c.frame.event)
    return None


def word_weights(c: Claim) -> dict[str, float]:
    """Words of what the claim measures (nearest first weigh most), of the rest of its sentence, and of the
    names in it. A date's event is already the same on both sides: its participants, the names, weigh most."""
    dated = c.kind == "date"
    w: dict[str, float] = {}
    if c.frame is None:
        return w
    for i, word in enumerate(c.frame.thing):
        w[word] = max(w.get(word, 0.0), (0.5 if dated else 1.0) / (1.0 + i / 3.0))
    for i, word in enumerate(c.frame.context):
        w.setdefault(word, 0.25 / (1.0 + i / 6.0))
    for name in c.frame.names:
        for word in name.split():
            w.setdefault("@" + word, 1.0 if dated else 0.5)
    return w


def weighed_words(c: Claim) -> set[str]:
    """The words `word_weights` weighs, without the weights: what rarity is counted over and a family's cache
    key is made of, asked of every claim of a story in every run that compares it."""
    if c.frame is None:
        return set()
    return {*c.frame.thing, *c.frame.context, *("@" + word for name in c.frame.names for word in name.split())}


def participants(a: Claim, b: Claim) -> float:
    """The share of the fewer-named side's names that the other side names too: who took part in an event."""
    if a.frame is None or b.frame is None:
        return 0.0
    na, nb = a.frame.names, b.frame.names
    if not na or not nb:
        return 0.0
    fewer, other = (na, nb) if len(na) <= len(nb) else (nb, na)
    return sum(1 for n in fewer if any(same_name(n, m) for m in other)) / len(fewer)


def mass(w: dict[str, float], idf: dict[str, float]) -> float:
    """The weight of a whole description, computed once per claim rather than once per pair."""
    return sum(v * idf[word] for word, v in w.items())


def overlap(wa: dict[str, float], wb: dict[str, float], idf: dict[str, float], lighter: float) -> float:
    common = sum(min(v, wb[w]) * idf[w] for w, v in wa.items() if w in wb)
    return common / lighter if lighter and common else 0.0


def shared_words(wa: dict[str, float], wb: dict[str, float], idf: dict[str, float]) -> tuple[str, ...]:
    """The words that weigh most in what two descriptions share (a link's explanation)."""
    ranked = sorted((-min(v, wb[w]) * idf[w], w) for w, v in wa.items() if w in wb)
    return tuple(w for _, w in ranked[:4])


def align_story(claims: list[Claim], voc: FrameVocab, out: Alignment) -> None:
    """Line up the claims of one story; adds groups and links to `out`."""
    fams, idf = story_families(claims, voc)
    for members in fams.values():
        align_family(members, idf, voc, out)


def story_families(claims: list[Claim], voc: FrameVocab) -> tuple[dict[tuple, list[Claim]], dict[str, float]]:
    """The claims of a story by family (what can be compared with what), and how rare each word is in the
    story. Families are lined up independently of each other (align_family), each weighing its own claims'
    words: the weights of a large story's claims are never all in memory at once."""
    fams: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        key = family(c, voc)
        if key is not None:
            fams[key].append(as_share(c))
    df: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    for c in (c for cs in fams.values() for c in cs if c.id not in seen):
        seen.add(c.id)
        for word in weighed_words(c):
            df[word] += 1
    n = max(1, len(seen))
    return fams, {word: rarity(n, d) for word, d in df.items()}


def rarity(n: int, d: int) -> float:
    """How rare a word used by d of a story's n claims is (inverse document frequency, smoothed). In a large
    story it is kept on a grid, so that a new source rarely moves it: the story's size rounded up to a step of
    GRID_STEP, the rarity to 1/RARITY_STEPS. One more source then realigns the parts it reaches, not every
    claim whose words it shares (family_parts.py); a small story weighs its words exactly."""
    if n <= GRID_FROM:
        return math.log((n + IDF_PRIOR) / (d + 1))
    size = GRID_FROM * GRID_STEP ** math.ceil(math.log(n / GRID_FROM, GRID_STEP) - 1e-9)
    return round(math.log((size + IDF_PRIOR) / (d + 1)) * RARITY_STEPS) / RARITY_STEPS


def align_family(members: list[Claim], idf: dict[str, float], voc: FrameVocab, out: Alignment) -> None:
    """Line up the claims of one family; adds its groups, links and counts to `out`."""
    edges, scored = score_pairs(members, sorted(family_pairs(members)), idf, voc)
    out.candidates += scored
    link_up(members, family_ranks(members), edges, voc, out)


def family_pairs(members: list[Claim]) -> set[tuple[int, int]]:
    """The pairs worth scoring (indexes into `members`): claims that share a word nearest their figure or a
    name of their sentence, bounded per word (blocking.py)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(members):
        if c.frame is None:
            continue
        for word in c.frame.thing[:INDEX_WORDS]:
            postings[word].append(i)
        for word in {w for name in c.frame.names for w in name.split()}:
            postings["@" + word].append(i)
    return candidate_pairs(postings.values(), order=lambda i: _neighbour_order(members[i]))


def _neighbour_order(c: Claim) -> tuple:
    """The order that puts alike claims side by side in a long posting list (blocking.py)."""
    if c.frame is None:
        return ((), (), c.source)
    return (c.frame.thing[:3], c.frame.names[:2], c.source)


def score_pairs(members: list[Claim], pairs: list[tuple[int, int]], idf: dict[str, float],
                voc: FrameVocab) -> tuple[Edges, int]:
    """The pairs alike enough to bear on how the family lines up (a best match, or a loose one a restatement
    needs), with their scores and shared words; and how many compatible pairs were scored. Nothing outside
    these edges changes what lines up with what (family_parts.py relies on it)."""
    cache = _Weights(members, idf)
    weighed = cache.of
    edges: Edges = {}
    scored = 0
    for i, j in pairs:
        a, b = members[i], members[j]
        if a.source == b.source and (a.sentence == b.sentence or not same_source_ok(a, b, voc)):
            continue
        if not compatible(a, b, voc):
            continue
        scored += 1
        wa, wb = weighed(i), weighed(j)
        score = overlap(wa, wb, idf, cache.lighter(i, j))
        if a.kind == "date" and _both_name_someone(a, b):  # one event: who took part in it decides
            score = PARTICIPANTS * participants(a, b) + (1 - PARTICIPANTS) * score
        if score < (MIN_SCORE_SAME if a.source == b.source else MIN_SCORE_RESTATED):
            continue
        shared = shared_words(wa, wb, idf)
        if _nothing_measured_shared(a, b, shared):
            continue
        edges[(i, j)] = (score, shared)
    return edges, scored


class _Weights:
    """Each member's word weights and their mass, worked out the first time a pair needs them: most claims of a
    large family are in few scored pairs, or none."""

    def __init__(self, members: list[Claim], idf: dict[str, float]) -> None:
        self.members, self.idf = members, idf
        self.weights: dict[int, dict[str, float]] = {}
        self.masses: dict[int, tuple[float, float]] = {}

    def of(self, i: int) -> dict[str, float]:
        if i not in self.weights:
            w = self.weights[i] = word_weights(self.members[i])
            self.masses[i] = (mass(w, self.idf), mass({k: v for k, v in w.items() if k[0] != "@"}, self.idf))
        return self.weights[i]

    def lighter(self, i: int, j: int) -> float:
        """The weight of the lighter description. A sentence that names no one is silent on who, so the other
        side's names weigh nothing against it: an absent name is no evidence of another subject."""
        k = 0 if _both_name_someone(self.members[i], self.members[j]) else 1
        return min(self.masses[i][k], self.masses[j][k])


def _nothing_measured_shared(a: Claim, b: Claim, shared: tuple[str, ...]) -> bool:
    """Names alone say who, not what: two figures need a word of what they measure in common; two dates of one
    kind of event need a participant in common."""
    if a.kind != "date":
        return all(w[0] == "@" for w in shared)
    return _both_name_someone(a, b) and not any(w[0] == "@" for w in shared)


def _both_name_someone(a: Claim, b: Claim) -> bool:
    """Both claims' sentences name someone."""
    return a.frame is not None and b.frame is not None and bool(a.frame.names and b.frame.names)

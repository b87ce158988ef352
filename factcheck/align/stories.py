"""Stage 5a, stories: which sources of a corpus are about the same thing.

Claims are only lined up inside a story, so that two unrelated articles that both
mention "2011" or "25%" are never compared. Each source is described by the words of
the names around its figures and of what its figures measure; two sources join one
story when these descriptions are alike (a cosine with rare terms weighing more), and
stories are the connected sources. Candidate pairs come from an inverted index of
terms, and a term shared by very many sources suggests no pairs, so the work grows
with the number of sources, not with their pairs.

Connected components are single-link clusters, and a single weak link chains them: in an
archive of many stories, two sources of different stories share a first name, a word of a
company name ("Pharma") or newsroom boilerplate, and one such pair joins the two stories.
So a link joins only when it is also strong for the sources it joins: at least RELATIVE
of the best link the weaker of the two has. A source of a story has strong links inside
it; its weak link to another story's source falls far below them, while several outlets
telling one story link at comparable strengths (a copy pair's near-perfect link is not
the bar, since the weaker side's best decides).
"""
from __future__ import annotations

import functools
import math
import sys
from collections import defaultdict

from factcheck.align.blocking import candidate_pairs
from factcheck.align.separators import plain_name
from factcheck.models import Claim
from factcheck.align.unionfind import UnionFind
from factcheck.config.knowledge import builtin

NAME_WEIGHT = 1.0
WORD_WEIGHT = 0.35
LINK_SCORE = 0.1     # cosine of two sources' terms that puts them in one story
RELATIVE = 0.5       # ... if it is also this share of the best link of the weaker of the two


@functools.lru_cache(maxsize=1)
def _skipped_name_words() -> frozenset[str]:
    """Words of a name that are no term of a source (lexicon `name_term_skip_words`: "and", "the")."""
    return frozenset(builtin("lexicon").get("name_term_skip_words") or ())


def source_terms(claims: list[Claim]) -> dict[str, float]:
    """The terms a source is about: the words of the names in its claims' sentences, and the content words
    of what its figures measure."""
    terms: dict[str, float] = {}
    skipped = _skipped_name_words()
    for c in claims:
        if c.frame is None:
            continue
        for name in (*c.frame.names, *(n for n in (c.frame.owner,) if n)):
            for word in plain_name(name).split():
                if len(word) > 2 and not word.isdigit() and word not in skipped:
                    terms["n:" + word] = NAME_WEIGHT
        for word in c.frame.thing[:4]:
            if len(word) > 3:
                terms.setdefault("w:" + word, WORD_WEIGHT)
    return terms


def shared_terms(terms: dict[str, float]) -> dict[str, float]:
    """A source's terms as it came back from a worker, with its words and weights shared with every other source's:
    each result is unpickled on its own, so the same word would otherwise be a new string in each of tens of
    thousands of sources."""
    return {sys.intern(word): _WEIGHTS.setdefault(weight, weight) for word, weight in terms.items()}


_WEIGHTS: dict[float, float] = {}


def stories(claims: dict[str, list[Claim]]) -> dict[str, int]:
    """Source id -> story number (connected sources share a number); stable for the same input."""
    return stories_of({s: source_terms(claims[s]) for s in claims})


def stories_of(terms: dict[str, dict[str, float]]) -> dict[str, int]:
    """`stories` from each source's terms (kept in the claims index, so that no claim file is read for it)."""
    sources = sorted(terms)
    postings = _postings(sources, terms)
    weighted, norm = _weighted(sources, terms, postings)

    @functools.cache
    def signature(s: str) -> tuple[str, ...]:
        """A source's heaviest terms: the order that puts alike sources side by side in a long posting list
        (asked for only there)."""
        return tuple(sorted(weighted[s], key=lambda t: (-weighted[s][t], t))[:5])

    links, best = _links(postings, weighted, norm, signature)
    groups = UnionFind(sources)
    for (a, b), score in links.items():   # any order gives the same stories (connected sources)
        if score >= RELATIVE * min(best[a], best[b]):
            groups.join(a, b)
    numbers: dict[str, int] = {}
    return {s: numbers.setdefault(groups.root(s), len(numbers)) for s in sources}


def _links(postings: dict[str, list[str]], weighted: dict[str, dict[str, float]], norm: dict[str, float],
           signature) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The candidate pairs (blocking.py) alike enough to join (cosine at least LINK_SCORE), and each source's
    best link."""
    links: dict[tuple[str, str], float] = {}
    best: dict[str, float] = defaultdict(float)
    for a, b in candidate_pairs(postings.values(), order=signature):
        shared = weighted[a].keys() & weighted[b].keys()
        score = sum(weighted[a][t] * weighted[b][t] for t in shared) / (norm[a] * norm[b])
        if score >= LINK_SCORE:
            links[(a, b)] = score
            best[a], best[b] = max(best[a], score), max(best[b], score)
    return links, best


def _postings(sources: list[str], terms: dict[str, dict[str, float]]) -> dict[str, list[str]]:
    """Term -> the sources using it, in source order."""
    postings: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        for t in terms[s]:
            postings[t].append(s)
    return postings


def _weighted(sources: list[str], terms: dict[str, dict[str, float]], postings: dict[str, list[str]]
              ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Each source's terms weighed by their rarity in the corpus, and the length of each source's vector (1.0 for
    an empty one): a term every source uses says nothing about which story a source is in."""
    n = len(sources)
    idf = {t: math.log((n + 1) / len(members)) + 1.0 for t, members in postings.items()}
    weighted = {s: {t: w * idf[t] for t, w in terms[s].items()} for s in sources}
    norm = {s: math.sqrt(sum(v * v for v in weighted[s].values())) or 1.0 for s in sources}
    return weighted, norm

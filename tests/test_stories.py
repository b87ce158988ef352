"""Stories are the sources connected by links strong for both sides: the grouping finds exactly the components
that scoring every candidate pair and applying the rule plainly finds, and a weak link never chains two stories."""
from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from factcheck.align.blocking import candidate_pairs
from factcheck.align.stories import LINK_SCORE, NAME_WEIGHT, RELATIVE, WORD_WEIGHT, stories_of
from factcheck.align.unionfind import UnionFind


def _every_pair_scored(terms: dict[str, dict[str, float]]) -> dict[str, int]:
    """The plain algorithm: every candidate pair scored, in order, then the components numbered."""
    sources = sorted(terms)
    postings: dict[str, list[str]] = {}
    for s in sources:
        for t in terms[s]:
            postings.setdefault(t, []).append(s)
    idf = {t: math.log((len(sources) + 1) / len(m)) + 1.0 for t, m in postings.items()}
    weighted = {s: {t: w * idf[t] for t, w in terms[s].items()} for s in sources}
    norm = {s: math.sqrt(sum(v * v for v in weighted[s].values())) or 1.0 for s in sources}
    signature = {s: tuple(sorted(weighted[s], key=lambda t: (-weighted[s][t], t))[:5]) for s in sources}
    scores = {}
    for a, b in sorted(candidate_pairs(postings.values(), order=lambda s: signature[s])):
        shared = weighted[a].keys() & weighted[b].keys()
        scores[(a, b)] = sum(weighted[a][t] * weighted[b][t] for t in shared) / (norm[a] * norm[b])
    best = {s: max([v for (a, b), v in scores.items() if s in (a, b) and v >= LINK_SCORE], default=0.0)
            for s in sources}
    groups = UnionFind(sources)
    for (a, b), score in scores.items():
        if score >= LINK_SCORE and score >= RELATIVE * min(best[a], best[b]):
            groups.join(a, b)
    numbers: dict[str, int] = {}
    return {s: numbers.setdefault(groups.root(s), len(numbers)) for s in sources}


_TERMS = st.dictionaries(st.sampled_from([f"{kind}:{word}" for kind in "nw" for word in "abcdefghijklmnopqrst"]),
                         st.sampled_from([NAME_WEIGHT, WORD_WEIGHT]), max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.from_regex(r"s[0-9]{1,3}", fullmatch=True), _TERMS, min_size=1, max_size=80))
def test_the_stories_are_those_of_scoring_every_candidate_pair(terms):
    assert stories_of(terms) == _every_pair_scored(terms)


def test_a_long_posting_list_still_joins_its_sources():
    """More sources share a term than are all paired (blocking.ALL_PAIRS_UP_TO): windows of neighbours chain them."""
    terms = {f"s{i:03d}": {"n:harbour": NAME_WEIGHT, f"w:own{i}": WORD_WEIGHT} for i in range(60)}
    assert set(stories_of(terms).values()) == {0}
    assert stories_of(terms) == _every_pair_scored(terms)


def test_a_weak_link_does_not_chain_two_stories():
    """Two stories, each told by three sources that share its names, and one source of each sharing a common
    first name: that pair is alike enough on its own, but far weaker than what each has inside its story."""
    story = lambda tag: {f"{tag}{i}": {f"n:{tag}corp": NAME_WEIGHT, f"n:{tag}ville": NAME_WEIGHT,  # noqa: E731
                                        f"n:{tag}son": NAME_WEIGHT, f"w:{tag}thing": WORD_WEIGHT} for i in range(3)}
    terms = {**story("x"), **story("y")}
    terms["x0"]["n:anna"] = NAME_WEIGHT
    terms["y0"]["n:anna"] = NAME_WEIGHT
    grouped = stories_of(terms)
    assert grouped["x0"] == grouped["x1"] == grouped["x2"] != grouped["y0"] == grouped["y1"] == grouped["y2"]

"""Candidate pairs from an inverted index, with bounded work per entry (the sorted-neighbourhood method).

Comparing everything with everything grows with the square of a corpus. Instead, items that share an
index key (a rare word, a name) are candidates; a key shared by few items pairs them all, and a key
shared by many pairs each item only with its `window` nearest neighbours in an order that puts alike
items side by side. A chain of neighbours still connects a large group, and the work per item stays
bounded however far the corpus grows.
"""
from __future__ import annotations

from typing import Any, Callable, Hashable, Iterable, Iterator, Protocol, TypeVar


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


T = TypeVar("T", bound=_Ordered)   # the items: ordered, so that a pair is (smaller, larger)

ALL_PAIRS_UP_TO = 24   # a key shared by at most this many items pairs them all
WINDOW = 8             # beyond that, each item is paired with this many neighbours on each side


def candidate_pairs(postings: Iterable[list[T]], order: Callable[[T], Hashable],
                    window: int = WINDOW, all_up_to: int = ALL_PAIRS_UP_TO) -> set[tuple[T, T]]:
    """Pairs (a, b) with a < b of items that share a posting list, bounded per item."""
    pairs: set[tuple[T, T]] = set()
    for items in postings:
        pairs.update(posting_pairs(items, order, window, all_up_to))
    return pairs


def posting_pairs(items: list[T], order: Callable[[T], Hashable], window: int = WINDOW,
                  all_up_to: int = ALL_PAIRS_UP_TO) -> Iterator[tuple[T, T]]:
    """The candidate pairs (a, b) with a < b that one posting list gives."""
    if len(items) < 2:
        return
    if len(items) <= all_up_to:
        ranked = sorted(set(items))
        yield from ((a, b) for k, a in enumerate(ranked) for b in ranked[k + 1:])
        return
    ranked = sorted(set(items), key=lambda x: (order(x), x))
    for k, a in enumerate(ranked):
        for b in ranked[k + 1:k + 1 + window]:
            yield (a, b) if a < b else (b, a)

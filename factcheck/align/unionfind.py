"""Connected groups of items (union-find with path halving): stories of sources, groups of lined-up
claims, sources that copy each other. One small structure instead of a `root` function in each module."""
from __future__ import annotations

from typing import Generic, Hashable, Iterable, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    def __init__(self, items: Iterable[T] = ()):
        self.parent: dict[T, T] = {x: x for x in items}

    def root(self, x: T) -> T:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            self.parent[x] = self.parent[parent]
            x, parent = parent, self.parent[parent]
        return x

    def join(self, a: T, b: T) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[rb] = ra

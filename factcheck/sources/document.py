"""A loaded source: its original text, where each line starts, and its scan view on first use.

A record of its own so that every stage can name the type without importing the loader.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.models import Diagnostic, SourceMeta
from factcheck.sources.markup import scan_view_with_drops


@dataclass(frozen=True)
class Document:
    """A loaded source: the original text and where each line starts; its scan view is made on first use,
    so a source whose claims come from the cache never pays for it."""

    meta: SourceMeta
    text: str
    body_start: int
    line_starts: tuple[int, ...] = field(repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    @functools.cached_property
    def _view(self) -> tuple[str, tuple[Diagnostic, ...]]:
        view, dropped = scan_view_with_drops(self.text, self.body_start)
        path = Path(self.meta.path)
        return view, tuple(_dropped_note(path, self.text, self.line_starts, a, b, what) for a, b, what in dropped)

    @property
    def scan(self) -> str:
        """The text with markup, URLs and reference lists blanked out, offsets unchanged."""
        return self._view[0]

    @property
    def notes(self) -> tuple[Diagnostic, ...]:
        """What the scan view left out, with its range."""
        return self._view[1]


def _dropped_note(path: Path, text: str, starts: tuple[int, ...], a: int, b: int, what: str) -> Diagnostic:
    """Say which lines the scan view left out, so that no text is lost without a word."""
    first, last = bisect.bisect_right(starts, a), bisect.bisect_right(starts, max(a, b - 1))
    return Diagnostic(code="FC910", path=str(path), line=first, column=1,
                      message=f"{what} on lines {first}-{last} (characters {a}-{b}) not read for claims")

"""Pieces of the reports kept from the last run, so that an edit renders again only the discrepancies it changed.

A discrepancy's section of the Markdown report and its card in the HTML page depend on that discrepancy alone and
on a little context (the metadata of its sources, the folder the page links from). A memo keys each piece by a
hash of the record's JSON, that context and a salt (the code and vocabularies that rendered it), so a piece is
reused only where rendering it again would give the same text. Rendering is what costs in writing a large report
(tables laid out, text escaped); one changed source changes a few sections of a report of hundreds.

The memo lives beside the reports (`.pieces.jsonl`, one JSON array [key, text, check] per line, in the order the
pieces were used; `check` hashes the key with the text) and keeps only the pieces of the report just written, so it
never grows past the report itself. It is a cache: a missing or unreadable file, or one line that is not what was
written, costs one full rendering, never a wrong report.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from ..storage import write_chunks

FILE = ".pieces.jsonl"


class Memo:
    """Rendered pieces by key: those read from the last run, and those used in this one (what gets saved)."""

    def __init__(self, kept: dict[str, str] | None = None, salt: str = "", keep: bool = True) -> None:
        self.keep = keep    # False: a report rendered once, nothing to key or keep
        self._kept = kept or {}
        self._used: dict[str, str] = {}
        self._salt = salt.encode("utf-8")
        self.rendered = 0   # pieces rendered in this run (the others were read back)

    def piece(self, kind: str, record: BaseModel, render: Callable[[], str],
              context: Callable[[], str] = lambda: "") -> str:
        """`render()`, or the text it gave last time for the same record, context and code."""
        if not self.keep:
            return render()
        digest = hashlib.blake2b(self._salt, digest_size=20)
        for part in (kind.encode(), context().encode("utf-8"), record.__pydantic_serializer__.to_json(record)):
            digest.update(len(part).to_bytes(8, "little") + part)
        key = digest.hexdigest()
        text = self._used.get(key)
        if text is None:
            text = self._kept.get(key)
            if text is None:
                text = render()
                self.rendered += 1
            self._used[key] = text
        return text

    @classmethod
    def load(cls, folder: Path, salt: str) -> Memo:
        """The pieces saved in `folder`; none when the file is missing or any line of it is not a [key, text]."""
        kept: dict[str, str] = {}
        try:
            with open(folder / FILE, encoding="utf-8") as f:
                for line in f:
                    key, text, check = json.loads(line)
                    if not isinstance(key, str) or not isinstance(text, str) or check != _check(key, text):
                        raise ValueError("not a piece as it was written")
                    kept[key] = text
        except (OSError, ValueError, TypeError):
            kept = {}
        return cls(kept, salt)

    def save(self, folder: Path) -> None:
        """The pieces this run used, and only those (call with the claims folder's lock held)."""
        write_chunks(folder / FILE, (json.dumps([k, t, _check(k, t)], ensure_ascii=False) + "\n"
                                     for k, t in self._used.items()))


def _check(key: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\n{text}".encode("utf-8"), digest_size=8).hexdigest()


NO_MEMO = Memo(keep=False)
"""For a report rendered once (`--format` to stdout): nothing kept, every piece rendered."""

"""What comparing each story found, kept between runs and keyed by what the story was made from.

A story's discrepancies and corroborations depend only on the claims of its sources, and a
source's claims only on its text, its path, the code and the vocabularies. So a story's key is
the fingerprint of code and vocabularies plus, for each of its sources, the id, the path and
the hash of the text: after a change only the stories whose sources changed, joined or left are
compared again, and the rest is read back. Entries of stories that no longer exist are dropped
when the file is written. The file (`.stories.json` in the claims folder) is a cache and never
trusted: a file that does not parse, or an entry that does not validate, is recomputed.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .models import Corroboration, Discrepancy
from .storage import write_text

if TYPE_CHECKING:
    from .compare import Comparison

FILE = ".stories.json"


class StoryCache:
    def __init__(self, fingerprint: str, sources: dict[str, tuple[str, str]], stored: dict | None = None) -> None:
        self.fingerprint = fingerprint
        self.sources = sources              # source id -> (path, sha256 of its text)
        self.stored = stored or {}          # key -> entry read from the file
        self.used: dict[str, dict] = {}     # key -> entry of a story of this run
        self.hits = 0

    @classmethod
    def load(cls, folder: Path | None, fingerprint: str, sources: dict[str, tuple[str, str]]) -> StoryCache:
        try:
            stored = json.loads((folder / FILE).read_text(encoding="utf-8")) if folder else {}
        except (OSError, ValueError):
            stored = {}
        return cls(fingerprint, sources, stored if isinstance(stored, dict) else {})

    def key(self, ids: list[str]) -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        for ident in sorted(ids):
            path, sha = self.sources[ident]
            digest.update(f"\n{ident}\t{path}\t{sha}".encode())
        return digest.hexdigest()

    def get(self, key: str) -> Comparison | None:
        from .compare import Comparison

        entry = self.stored.get(key)
        try:
            found = Comparison([Discrepancy.model_validate(d) for d in entry["discrepancies"]],
                               [Corroboration.model_validate(c) for c in entry["corroborations"]],
                               int(entry["compared"]), int(entry["unaligned"]), int(entry["candidates"]))
        except (TypeError, KeyError, ValueError, ValidationError):
            return None
        self.used[key] = entry
        self.hits += 1
        return found

    def put(self, key: str, found: Comparison) -> None:
        self.used[key] = {"discrepancies": [d.model_dump(mode="json") for d in found.discrepancies],
                          "corroborations": [c.model_dump(mode="json") for c in found.corroborations],
                          "compared": found.compared, "unaligned": found.unaligned, "candidates": found.candidates}

    def save(self, folder: Path) -> None:
        """The entries of this run's stories (call with the claims folder's lock held); nothing is written
        when they are what the file already holds."""
        if self.used == self.stored:
            return
        write_text(folder / FILE, json.dumps(self.used, sort_keys=True, separators=(",", ":")) + "\n")

"""The claims of a run, kept as the JSON lines of their claim files and made into objects only when needed.

A source extracted in this run is held as the text of its claim file (what will be written),
compressed; a source read back from the cache stays on disk. Either is turned into validated
`Claim` objects each time a stage asks for it, so a corpus of ten thousand sources never holds
all its claim objects at once, and a run in which nothing changed never parses a claim file: the stories come
from the terms the index keeps for each source, and unchanged stories from the story cache.

A claim file from the cache is checked again when it is read: its bytes must still hash to
what the index recorded, and every record must validate and slice its source back to its
quote. One that fails is handed to `repair` (re-extraction), never trusted.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .models import Claim
from .sources import Document


class CacheDamage(Exception):
    """A claim file the index does not vouch for; the message says why."""


def content_digest(fingerprint: str, source_sha256: str, claims_bytes: bytes, notes: list) -> str:
    """What the index records for a claim file: its bytes and the diagnostics extraction gave, bound to
    the source and the code that made them."""
    digest = hashlib.sha256(f"{fingerprint}\n{source_sha256}\n".encode())
    digest.update(claims_bytes)
    digest.update(json.dumps(notes, sort_keys=True).encode())
    return digest.hexdigest()


def claims_in(data: bytes, doc: Document) -> list[Claim]:
    """Every record of a claim file, each one validated against the source it claims to come from."""
    try:
        lines = data.decode("utf-8").splitlines()
        claims = [Claim.model_validate_json(line) for line in lines if line]
    except ValueError as e:
        raise CacheDamage(f"a record does not validate: {str(e).splitlines()[0]}") from None
    for c in claims:
        if c.source != doc.meta.id:
            raise CacheDamage(f"record {c.id} belongs to source {c.source!r}")
        if c.end > len(doc.text) or doc.text[c.start:c.end] != c.quote or doc.line_col(c.start) != (c.line, c.column):
            raise CacheDamage(f"record {c.id} does not slice the source back to its quote {c.quote[:40]!r}")
    return claims


@dataclass(frozen=True)
class Packed:
    """A claim file's text, compressed (JSON lines shrink about tenfold), and how many records it holds."""

    data: bytes
    records: int

    @classmethod
    def of(cls, text: str) -> Packed:
        return cls(zlib.compress(text.encode("utf-8"), 1), text.count("\n"))


class ClaimStore(Mapping[str, list[Claim]]):
    """Source id -> its claims in text order, read on each access (see the module docstring)."""

    def __init__(self) -> None:
        self._text: dict[str, bytes] = {}                   # extracted in this run: the claim file, compressed
        self._files: dict[str, tuple[Path, Document, str, list]] = {}  # from the cache: file, doc, digest, notes
        self._order: dict[str, None] = {}
        self.counts: dict[str, int] = {}
        self.fingerprint = ""
        self.repair: Callable[[str, CacheDamage], list[Claim]] | None = None

    def put_packed(self, ident: str, packed: Packed) -> None:
        self._files.pop(ident, None)
        self._text[ident] = packed.data
        self.counts[ident] = packed.records
        self._order[ident] = None

    def put_file(self, ident: str, path: Path, doc: Document, digest: str, notes: list, count: int) -> None:
        self._files[ident] = (path, doc, digest, notes)
        self.counts[ident] = count
        self._order[ident] = None

    def text_of(self, ident: str) -> str | None:
        """The claim file's text of a source extracted in this run (None for one read from the cache)."""
        packed = self._text.get(ident)
        return None if packed is None else zlib.decompress(packed).decode("utf-8")

    def digest_of(self, ident: str) -> str:
        """The digest the index recorded for the claim file of a source read from the cache."""
        return self._files[ident][2]

    def __getitem__(self, ident: str) -> list[Claim]:
        if ident in self._text:
            return [Claim.model_validate_json(line) for line in self.text_of(ident).splitlines()]
        path, doc, digest, notes = self._files[ident]
        try:
            data = path.read_bytes()
            if content_digest(self.fingerprint, doc.meta.sha256, data, notes) != digest:
                raise CacheDamage(f"{path.name} changed since the index recorded it")
            return claims_in(data, doc)
        except OSError as e:
            damage = CacheDamage(f"cannot read {path.name}: {e.strerror or e}")
        except CacheDamage as e:
            damage = e
        if self.repair is None:
            raise damage
        return self.repair(ident, damage)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, ident: object) -> bool:
        return ident in self._order

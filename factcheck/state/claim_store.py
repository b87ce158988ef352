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

from factcheck.models import Claim
from factcheck.sources.document import Document


class CacheDamage(Exception):
    """A claim file the index does not vouch for; the message says why."""


def content_digest(fingerprint: str, source_sha256: str, claims_bytes: bytes, notes: list,
                   comparable_lines: tuple[int, ...] | list[int]) -> str:
    """What the index records for a claim file: its bytes, the diagnostics extraction gave and which records
    comparing reads (a list cut short by hand would hide claims from every comparison), bound to the source
    and the code that made them."""
    digest = hashlib.sha256(f"{fingerprint}\n{source_sha256}\n".encode())
    digest.update(claims_bytes)
    digest.update(json.dumps(notes, sort_keys=True).encode())
    digest.update(json.dumps(list(comparable_lines)).encode())
    return digest.hexdigest()


def entry_check(ident: str, entry: dict) -> str:
    """The seal of a source's entry in the claims index: the SHA-256 of its id and every field but the seal (the
    source's hash, the code that read it, its metadata, terms and claim file digest). An entry whose seal does not
    match is not used: a flipped bit in an outlet's name must not reach a report."""
    body = {k: v for k, v in entry.items() if k != "check"}
    return hashlib.sha256(json.dumps([ident, body], sort_keys=True, allow_nan=False).encode()).hexdigest()


def claims_in(data: bytes, doc: Document, picks: tuple[int, ...] | None = None) -> list[Claim]:
    """Every record of a claim file (or those at `picks`, line numbers from 0), each one validated against the
    source it claims to come from."""
    try:
        lines = data.decode("utf-8").splitlines()
        chosen = lines if picks is None else [lines[i] for i in picks]
        claims = [Claim.model_validate_json(line) for line in chosen if line]
    except IndexError:
        raise CacheDamage("the index names a record the claim file does not hold") from None
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
    """A claim file's text, compressed (JSON lines shrink about tenfold), how many records it holds, and which
    of them a story's comparison reads (their line numbers: align.is_comparable)."""

    data: bytes
    records: int
    comparable_lines: tuple[int, ...]

    @classmethod
    def of(cls, text: str, comparable_lines: tuple[int, ...]) -> Packed:
        return cls(zlib.compress(text.encode("utf-8"), 1), text.count("\n"), comparable_lines)


class ClaimStore(Mapping[str, list[Claim]]):
    """Source id -> its claims in text order, read on each access (see the module docstring)."""

    def __init__(self) -> None:
        self._text: dict[str, bytes] = {}                   # extracted in this run: the claim file, compressed
        self._files: dict[str, tuple[Path, Document, str, list]] = {}  # from the cache: file, doc, digest, notes
        self._order: dict[str, None] = {}
        self._comparable_lines: dict[str, tuple[int, ...]] = {}    # the line numbers of the records comparing reads
        self._digests: dict[str, str] = {}   # what the index records for each claim file (content_digest)
        self.counts: dict[str, int] = {}
        self.fingerprint = ""
        self.repair: Callable[[str, CacheDamage], list[Claim]] | None = None

    def put_packed(self, ident: str, packed: Packed, digest: str) -> None:
        """A claim file made in this run, and its digest (content_digest, what the index will record)."""
        self._files.pop(ident, None)
        self._digests[ident] = digest
        self._text[ident] = packed.data
        self.counts[ident] = packed.records
        self._comparable_lines[ident] = packed.comparable_lines
        self._order[ident] = None

    def put_file(self, ident: str, path: Path, doc: Document, digest: str, notes: list, count: int,
                 comparable_lines: tuple[int, ...]) -> None:
        self._files[ident] = (path, doc, digest, notes)
        self._digests[ident] = digest
        self.counts[ident] = count
        self._comparable_lines[ident] = comparable_lines
        self._order[ident] = None

    def comparable_lines_of(self, ident: str) -> tuple[int, ...]:
        """The line numbers of the source's records that comparing reads (what the index keeps)."""
        return self._comparable_lines[ident]

    def text_of(self, ident: str) -> str | None:
        """The claim file's text of a source extracted in this run (None for one read from the cache)."""
        packed = self._text.get(ident)
        return None if packed is None else zlib.decompress(packed).decode("utf-8")

    def digest_of(self, ident: str) -> str:
        """The digest of a source's claim file: what the index recorded for one read from the cache, what it will
        record for one made in this run. A story's findings are kept under the digests of its sources' claims."""
        return self._digests[ident]

    def __getitem__(self, ident: str) -> list[Claim]:
        return self._read(ident, None)

    def comparable(self, ident: str) -> list[Claim]:
        """The source's claims that a story's comparison reads; the other records are not even parsed."""
        return self._read(ident, self._comparable_lines[ident])

    def _read(self, ident: str, picks: tuple[int, ...] | None) -> list[Claim]:
        text = self.text_of(ident)
        if text is not None:
            lines = text.splitlines()
            return [Claim.model_validate_json(lines[i]) for i in (range(len(lines)) if picks is None else picks)]
        path, doc, digest, notes = self._files[ident]
        try:
            data = path.read_bytes()
            if content_digest(self.fingerprint, doc.meta.sha256, data, notes, self._comparable_lines[ident]) != digest:
                raise CacheDamage(f"{path.name} changed since the index recorded it")
            return claims_in(data, doc, picks)
        except OSError as e:
            damage = CacheDamage(f"cannot read {path.name}: {e.strerror or e}")
        except CacheDamage as e:
            damage = e
        if self.repair is None:
            raise damage
        claims = self.repair(ident, damage)   # extracted again: held in memory now, with its own picks
        return claims if picks is None or ident not in self._text else self._read(ident, self._comparable_lines[ident])

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, ident: object) -> bool:
        return ident in self._order

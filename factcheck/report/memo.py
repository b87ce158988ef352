"""Pieces of the reports kept from the last run, so that an edit renders again only the records it changed.

A discrepancy's section of the Markdown report, its card in the HTML page, and its record (or a corroboration's)
in the JSON report depend on that record alone and on a little context (what the card shows of its sources, and
where its links lead). A memo keys each piece by a hash of the record's JSON, that context and a salt (the code,
vocabularies and libraries that rendered it), so a piece is reused only where rendering it again would give the
same text. Rendering is what costs in writing a large report (tables laid out, text escaped, keys sorted); one
changed source changes a few records of a report of hundreds.

The memo lives beside the reports (`.pieces.jsonl`). Each line is a JSON array [key, text, check], in the order the
pieces were used: the text compressed and in base64 (report text shrinks about tenfold), `check` a hash of the key
with the text. It keeps only the pieces of the report just written, so it stays a fraction of the reports' size.
Neither the old pieces nor the new are held in memory (at 10,000 sources they are tens of MB): the old file is
indexed by key and a piece read when asked for, and each piece used is written at once to the new file (a piece
read back is copied as it was), which replaces the old one when the reports are written. It is a cache: a missing
file or a line that is not what was written costs rendering those pieces again, never a wrong report.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel

from factcheck.state.storage import atomic_file

FILE = ".pieces.jsonl"
_KEY = slice(2, 42)   # where a line's key is: ["<40 hex digits>", ...


class Memo:
    """Pieces by key: read from the last run's file when asked for, written to this run's file when used."""

    def __init__(self, salt: str = "", old: BinaryIO | None = None, new: BinaryIO | None = None) -> None:
        self._salt = salt.encode("utf-8")
        self._old, self._new = old, new
        self._at = _index(old) if old is not None else {}   # key -> (offset, length) of its line in the old file
        self._written: set[str] = set()
        self._records: dict[int, tuple[BaseModel, bytes]] = {}   # id -> (record, hash of its JSON), held alive
        self.rendered = 0   # pieces rendered in this run (the others were read back)

    @classmethod
    @contextlib.contextmanager
    def kept_in(cls, folder: Path, salt: str) -> Iterator[Memo]:
        """The memo of `folder`: the pieces used in the block replace the file's when the block ends (call with
        the claims folder's lock held); a block that fails leaves the file as it was. The old file is closed
        before the new one is renamed over it."""
        with atomic_file(folder / FILE) as new, contextlib.ExitStack() as stack:
            try:
                old = stack.enter_context(open(folder / FILE, "rb"))
            except OSError:
                old = None
            yield cls(salt, old, new)

    def piece(self, kind: str, record: BaseModel, render: Callable[[], str],
              context: Callable[[], str] = lambda: "") -> str:
        """`render()`, or the text it gave last time for the same record, context and code."""
        if self._new is None:
            return render()
        digest = hashlib.blake2b(self._salt, digest_size=20)
        for part in (kind.encode(), context().encode("utf-8"), self._record_hash(record)):
            digest.update(len(part).to_bytes(8, "little") + part)
        key = digest.hexdigest()
        text, line = self._read(key)
        if text is None:
            text = render()
            self.rendered += 1
            packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 1)).decode("ascii")
            line = json.dumps([key, packed, _check(key, text)]).encode("ascii") + b"\n"
        if key not in self._written:
            self._written.add(key)
            self._new.write(line)
        return text

    def _record_hash(self, record: BaseModel) -> bytes:
        """A hash of the record's JSON, made once per record: each discrepancy is a piece of three reports, and
        its JSON, with every claim it quotes, is most of the cost of its key."""
        kept = self._records.get(id(record))
        if kept is None or kept[0] is not record:
            kept = self._records[id(record)] = (record, hashlib.blake2b(
                record.__pydantic_serializer__.to_json(record), digest_size=20).digest())
        return kept[1]

    def _read(self, key: str) -> tuple[str | None, bytes]:
        """The old file's piece for `key` and its line, or None when it has none or its line is not what was
        written."""
        if self._old is None or key not in self._at:   # no old file: nothing indexed either
            return None, b""
        offset, length = self._at[key]
        try:
            self._old.seek(offset)
            line = self._old.read(length)
            found, packed, check = json.loads(line)
            text = zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8")
        except (OSError, ValueError, TypeError, RecursionError, zlib.error):  # ValueError: also base64, UTF-8
            return None, b""
        ok = found == key and check == _check(key, text) and line.endswith(b"\n")
        return (text, line) if ok else (None, b"")


def _index(f: BinaryIO) -> dict[str, tuple[int, int]]:
    """Where each key's line starts in the file, and how long it is: the file is read once, its texts not kept.
    A file that cannot be read is an empty memo."""
    at, offset = {}, 0
    try:
        for line in f:
            at[line[_KEY].decode("ascii", "replace")] = (offset, len(line))
            offset += len(line)
    except OSError:
        return {}
    return at


def _check(key: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\n{text}".encode("utf-8"), digest_size=8).hexdigest()


NO_MEMO = Memo()
"""For a report rendered once (`--format` to stdout): nothing read or kept, every piece rendered."""

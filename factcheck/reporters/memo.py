"""Pieces of the reports kept from the last run, so that an edit renders again only the discrepancies it changed.

A discrepancy's section of the Markdown report and its card in the HTML page depend on that discrepancy alone and
on a little context (what the card shows of its sources, the folder the page links from). A memo keys each piece by
a hash of the record's JSON, that context and a salt (the code and vocabularies that rendered it), so a piece is
reused only where rendering it again would give the same text. Rendering is what costs in writing a large report
(tables laid out, text escaped); one changed source changes a few sections of a report of hundreds.

The memo lives beside the reports (`.pieces.jsonl`, one JSON array [key, text, check] per line, in the order the
pieces were used; the text compressed and in base64, as report text shrinks about tenfold; `check` hashes the key
with the text) and keeps only the pieces of the report just written, so it stays a fraction of the reports' size. Neither the old pieces nor the new are held in memory (at 10,000 sources they
are tens of MB): the old file is indexed by key and a piece read when it is asked for; each piece used is written
to the new file at once, which replaces the old one when the reports are written. It is a cache: a missing file
or a line that is not what was written costs rendering those pieces again, never a wrong report.
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

from ..storage import atomic_file

FILE = ".pieces.jsonl"
_KEY = slice(2, 42)   # where a line's key is: ["<40 hex digits>", ...


class Memo:
    """Pieces by key: read from the last run's file when asked for, written to this run's file when used."""

    def __init__(self, salt: str = "", old: BinaryIO | None = None, new: BinaryIO | None = None) -> None:
        self._salt = salt.encode("utf-8")
        self._old, self._new = old, new
        self._at = _index(old) if old is not None else {}   # key -> (offset, length) of its line in the old file
        self._written: set[str] = set()
        self.rendered = 0   # pieces rendered in this run (the others were read back)

    @classmethod
    @contextlib.contextmanager
    def kept_in(cls, folder: Path, salt: str) -> Iterator[Memo]:
        """The memo of `folder`: the pieces used in the block replace the file's when the block ends (call with
        the claims folder's lock held); a block that fails leaves the file as it was."""
        with contextlib.ExitStack() as stack:
            try:
                old = stack.enter_context(open(folder / FILE, "rb"))
            except OSError:
                old = None
            new = stack.enter_context(atomic_file(folder / FILE))
            yield cls(salt, old, new)

    def piece(self, kind: str, record: BaseModel, render: Callable[[], str],
              context: Callable[[], str] = lambda: "") -> str:
        """`render()`, or the text it gave last time for the same record, context and code."""
        if self._new is None:
            return render()
        digest = hashlib.blake2b(self._salt, digest_size=20)
        for part in (kind.encode(), context().encode("utf-8"), record.__pydantic_serializer__.to_json(record)):
            digest.update(len(part).to_bytes(8, "little") + part)
        key = digest.hexdigest()
        text = self._read(key)
        if text is None:
            text = render()
            self.rendered += 1
        if key not in self._written:
            self._written.add(key)
            packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 1)).decode("ascii")
            self._new.write(json.dumps([key, packed, _check(key, text)]).encode("ascii") + b"\n")
        return text

    def _read(self, key: str) -> str | None:
        """The old file's piece for `key`, or None when it has none or its line is not what was written."""
        if key not in self._at:
            return None
        offset, length = self._at[key]
        self._old.seek(offset)
        try:
            found, packed, check = json.loads(self._old.read(length))
            text = zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8")
        except (ValueError, TypeError, zlib.error):   # binascii.Error and UnicodeDecodeError are ValueErrors
            return None
        return text if found == key and check == _check(key, text) else None


def _index(f: BinaryIO) -> dict[str, tuple[int, int]]:
    """Where each key's line starts in the file, and how long it is: the file is read once, its texts not kept."""
    at, offset = {}, 0
    for line in f:
        at[line[_KEY].decode("ascii", "replace")] = (offset, len(line))
        offset += len(line)
    return at


def _check(key: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\n{text}".encode("utf-8"), digest_size=8).hexdigest()


NO_MEMO = Memo()
"""For a report rendered once (`--format` to stdout): nothing read or kept, every piece rendered."""

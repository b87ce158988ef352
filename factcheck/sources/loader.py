"""Stage 1, load sources: read files, parse front matter, build the scan view.

A file that cannot be read becomes a fatal Diagnostic naming the file (and line),
never an exception that stops the other sources, and never an empty source that
would look like "no discrepancies".
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from pathlib import Path

import yaml

from factcheck.config import safe_yaml
from factcheck.sources.plain_meta import head_meta
from factcheck.models import Diagnostic, SourceMeta
from factcheck.sources.document import Document
from factcheck.config.env import env_number

SOURCE_SUFFIXES = (".txt", ".md", ".markdown")
META_KEYS = ("id", "title", "outlet", "author", "published", "url")
MAX_BYTES_ENV = "FACTCHECK_MAX_SOURCE_BYTES"
DEFAULT_MAX_SOURCE_BYTES = 16 * 1024 * 1024  # ten times the longest report we have seen; /dev/zero is longer
_NEWLINE = re.compile("\n")


class SourceError(Exception):
    def __init__(self, code: str, message: str, line: int | None = None):
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


def find_sources(paths: list[Path], skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every source file under the given files and folders, in a stable order."""
    return discover(paths, skip)[0]


def discover(paths: list[Path], skip: tuple[Path, ...] = ()) -> tuple[list[Path], list[Diagnostic]]:
    """Every source file under the given files and folders, in a stable order, and every folder that
    could not be listed (an error: its sources would otherwise vanish without a word).

    Symlinked folders are followed, each real folder once, so a link that loops back is harmless.
    Folders in `skip` (the claims and reports folders, when a user keeps them inside the corpus) are
    not walked: a report is not a source, and reading it would make every run see a new source.
    """
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            found += _walk(path, problems, {os.path.realpath(s) for s in skip})
        else:
            found.append(path)
    return sorted(set(found), key=lambda p: str(p)), problems


def _walk(top: Path, problems: list[Diagnostic], skip: set[str]) -> list[Path]:
    def unreadable(e: OSError) -> None:
        problems.append(Diagnostic(code="FC901", path=str(e.filename or top), fatal=True,
                                   message=f"cannot read folder: {e.strerror or e}; its sources are not checked"))

    found: list[Path] = []
    visited: set[str] = set()
    for root, dirs, files in os.walk(top, onerror=unreadable, followlinks=True):
        real = os.path.realpath(root)
        if real in visited or (real in skip and root != str(top)):  # a link back to a walked folder, or our own
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / f for f in sorted(files)
                  if f.lower().endswith(SOURCE_SUFFIXES) and not f.startswith(".")]
    return found


def decode(raw: bytes) -> str:
    """UTF-8 text with newlines translated as Python's text mode does, so offsets match any reader."""
    if not raw.strip():
        raise SourceError("FC903", "file is empty")
    nul = raw.find(b"\x00")
    if nul != -1:
        raise SourceError("FC905", f"file is binary (a NUL byte at byte {nul}), not text", raw.count(b"\n", 0, nul) + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SourceError("FC902", f"not UTF-8: byte 0x{raw[e.start]:02x} at byte {e.start}", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _closing_fence(text: str) -> tuple[int, int] | None:
    """(offset after the BOM, offset of the newline before the closing '---') of the front matter, or None
    when the text has none; -1 for the second when it is opened and never closed."""
    bom = 1 if text.startswith("\ufeff") else 0
    if not text.startswith("---\n", bom):
        return None
    end = text.find("\n---", 3 + bom)
    while end != -1 and text[end + 4: end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    return bom, end


def body_start(text: str) -> int:
    """Where the body starts, found without parsing the front matter (0 when it has none or never closes)."""
    fence = _closing_fence(text)
    return 0 if fence is None or fence[1] == -1 else min(len(text), fence[1] + 5)


def split_front_matter(text: str) -> tuple[dict, int]:
    """The YAML front matter as a dict, and the offset where the body starts."""
    fence = _closing_fence(text)
    if fence is None:
        return {}, 0
    bom, end = fence
    if end == -1:
        raise SourceError("FC904", "front matter opened with '---' is never closed", 1)
    try:
        data = safe_yaml.load(text[4 + bom:end]) or {}
    except yaml.YAMLError as e:  # syntax, a repeated key, an impossible date, an alias bomb: all with a line
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise SourceError("FC904", f"malformed front matter: {getattr(e, 'problem', e)}", line) from None
    if not isinstance(data, dict):
        raise SourceError("FC904", "front matter is not a mapping of keys to values", 2)
    return data, min(len(text), end + 5)


def _key_line(text: str, key: str) -> int | None:
    """The line of `key:` in the front matter, for an error message."""
    for n, line in enumerate(text.lstrip("\ufeff").split("\n")[1:60], 2):
        if line.startswith(f"{key}:"):
            return n
    return None


def _published(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise SourceError("FC904", f"front matter 'published' is not an ISO date: {value!r}") from None


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def build_meta(path: Path, data: dict, digest: str, text: str = "") -> SourceMeta:
    values = {k: (None if data.get(k) is None else str(data[k]).strip()) for k in META_KEYS}
    ident = values["id"] = values["id"] or path.stem
    if not _ID.fullmatch(ident):
        raise SourceError("FC904", f"source id {values['id']!r} must be letters, digits, '.', '_' or '-' "
                          "(it names the claim file)", _key_line(text, "id"))
    try:
        values["published"] = _published(data.get("published"))
    except SourceError as e:
        raise SourceError(e.code, e.message, _key_line(text, "published")) from None
    if values["published"] is None and not data:
        # a plain article without front matter dates itself in its head: "Zurich, 10 March 2026"
        values["published"] = head_meta(text).get("published") or None
    return SourceMeta(path=str(path), sha256=digest, **values)


def _kind_of(mode: int) -> str:
    return ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")


def read_source_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a SourceError.

    A FIFO would block forever and a link to /dev/zero never ends, so the type is checked on the
    open file (no race with a swap after the check) before a byte is read, and reading stops at
    the limit whatever the file claims its size is.
    """
    limit = int(env_number(MAX_BYTES_ENV, DEFAULT_MAX_SOURCE_BYTES)) if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise SourceError("FC901", f"cannot read: {e.strerror or e}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("FC901", "cannot read: is a folder, not a file")
        raise SourceError("FC909", f"{_kind_of(info.st_mode)}, not a regular file; only files are read")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > limit:
            raise SourceError("FC908", f"file is {info.st_size:,} bytes, over the limit of {limit:,} per source "
                                       f"({MAX_BYTES_ENV})")
        try:
            raw = f.read(limit + 1)
        except OSError as e:
            raise SourceError("FC901", f"cannot read: {e.strerror or e}") from None
    if len(raw) > limit:
        raise SourceError("FC908", f"file grew past the limit of {limit:,} bytes per source while read")
    return raw


def load_document(path: Path, known: dict | None = None) -> Document:
    """A source read from disk; `known` is what the claims index recorded for this path (its metadata and
    where its body starts), taken instead of parsing the front matter again when the bytes are the same."""
    raw = read_source_bytes(path)
    text = decode(raw)
    digest = hashlib.sha256(raw).hexdigest()
    starts = tuple([0] + [m.end() for m in _NEWLINE.finditer(text)])
    recorded = _recorded(known, path, digest, len(text))
    if recorded is not None:
        return Document(recorded[0], text, recorded[1], starts)
    data, body_start = split_front_matter(text)
    return Document(build_meta(path, data, digest, text), text, body_start, starts)


def _recorded(known: dict | None, path: Path, digest: str, length: int) -> tuple[SourceMeta, int] | None:
    if not known or known.get("sha256") != digest:
        return None
    try:
        meta = SourceMeta.model_validate(known["meta"])
        body_start = int(known["body_start"])
    except (KeyError, TypeError, ValueError):
        return None
    if meta.path != str(path) or meta.sha256 != digest or not 0 <= body_start <= length:
        return None
    return meta, body_start


def load_documents(paths: list[Path], skip: tuple[Path, ...] = (), known: dict[str, dict] | None = None
                   ) -> tuple[list[Document], list[Diagnostic]]:
    """All readable documents, and one fatal diagnostic per file that could not be read; `known` maps a path
    to what the claims index recorded for it (see load_document)."""
    docs: list[Document] = []
    found, problems = discover(paths, skip)
    for path in found:
        try:
            docs.append(load_document(path, (known or {}).get(str(path))))
        except SourceError as e:
            problems.append(Diagnostic(code=e.code, message=e.message, path=str(path), line=e.line, fatal=True))
    return docs, problems

"""Stage 1, load sources: read files, parse front matter, build the scan view.

A file that cannot be read becomes a fatal Diagnostic naming the file (and line),
never an exception that stops the other sources, and never an empty source that
would look like "no discrepancies".
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .markup import scan_view
from .models import Diagnostic, SourceMeta

SOURCE_SUFFIXES = (".txt", ".md", ".markdown")
META_KEYS = ("id", "title", "outlet", "author", "published", "url")


@dataclass(frozen=True)
class Document:
    """A loaded source: the original text, its scan view and where each line starts."""

    meta: SourceMeta
    text: str
    scan: str
    body_start: int
    line_starts: tuple[int, ...] = field(repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


class SourceError(Exception):
    def __init__(self, code: str, message: str, line: int | None = None):
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


def find_sources(paths: list[Path]) -> list[Path]:
    """Every source file under the given files and folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(root) / f for f in sorted(files)
                          if f.lower().endswith(SOURCE_SUFFIXES) and not f.startswith(".")]
        else:
            found.append(path)
    return sorted(set(found), key=lambda p: str(p))


def decode(raw: bytes) -> str:
    """UTF-8 text with newlines translated as Python's text mode does, so offsets match any reader."""
    if not raw.strip():
        raise SourceError("FC903", "file is empty")
    if b"\x00" in raw[:8192]:
        raise SourceError("FC905", "file is binary (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SourceError("FC902", f"not UTF-8: byte 0x{raw[e.start]:02x} at byte {e.start}", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict, int]:
    """The YAML front matter as a dict, and the offset where the body starts."""
    bom = 1 if text.startswith("\ufeff") else 0
    if not text.startswith("---\n", bom):
        return {}, 0
    end = text.find("\n---", 3 + bom)
    while end != -1 and text[end + 4: end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        raise SourceError("FC904", "front matter opened with '---' is never closed", 1)
    try:
        data = yaml.safe_load(text[4 + bom:end]) or {}
    except ValueError as e:  # PyYAML's own date constructor: "published: 2025-02-30"
        raise SourceError("FC904", f"malformed front matter: {e}", _key_line(text, "published")) from None
    except yaml.YAMLError as e:
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
    values["id"] = values["id"] or path.stem
    if not _ID.fullmatch(values["id"]):
        raise SourceError("FC904", f"source id {values['id']!r} must be letters, digits, '.', '_' or '-' "
                          "(it names the claim file)", _key_line(text, "id"))
    try:
        values["published"] = _published(data.get("published"))
    except SourceError as e:
        raise SourceError(e.code, e.message, _key_line(text, "published")) from None
    return SourceMeta(path=str(path), sha256=digest, **values)


def load_document(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SourceError("FC901", f"cannot read: {e.strerror or e}") from None
    text = decode(raw)
    data, body_start = split_front_matter(text)
    meta = build_meta(path, data, hashlib.sha256(raw).hexdigest(), text)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return Document(meta, text, scan_view(text, body_start), body_start, tuple(starts))


def load_documents(paths: list[Path]) -> tuple[list[Document], list[Diagnostic]]:
    """All readable documents, and one fatal diagnostic per file that could not be read."""
    docs, problems = [], []
    for path in find_sources(paths):
        try:
            docs.append(load_document(path))
        except SourceError as e:
            problems.append(Diagnostic(code=e.code, message=e.message, path=str(path), line=e.line, fatal=True))
    return docs, problems

"""Atomic writes and one writer at a time.

A reader (or a concurrent run) sees the old file or the new one, never half of one:
every write goes to a temporary file in the same folder, then is renamed over the
target. Commands that change a corpus's state (claim files, the cache index, the
review decisions) hold a lock on its claims folder, so two of them never interleave a
load-edit-save; the holder also removes temporary files a killed run left behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from filelock import FileLock, Timeout
from pydantic import BaseModel

from factcheck.config.env import env_number
from factcheck.safe_text import escape_json_text

LOCK_NAME = ".factcheck.lock"
LOCK_TIMEOUT_ENV = "FACTCHECK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 120.0
# mkstemp names: "." + target name + "." + 8 random characters + ".tmp"
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


class LockHeld(OSError):
    """Another factcheck command kept the corpus's lock longer than we were willing to wait."""


def write_text(path: Path, text: str) -> None:
    write_chunks(path, (text,))


def write_chunks(path: Path, chunks: Iterable[str | bytes]) -> str:
    """Write text or bytes piece by piece (a report of tens of MB is never one string in memory); returns the
    SHA-256 of what was written."""
    digest = hashlib.sha256()
    with atomic_file(path) as f:
        for data in _encoded(chunks):
            digest.update(data)
            f.write(data)
    return digest.hexdigest()


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` through: a temporary file beside it, flushed to disk and renamed over `path` when
    the block ends, removed if the block fails (what was there before is never half overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary, shareable files
        os.replace(tmp, path)
    except OSError as e:   # a full disk says only "No space left on device": name the file being written
        Path(tmp).unlink(missing_ok=True)
        if e.filename is None:
            raise OSError(e.errno, e.strerror or str(e), str(path)) from e
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def chunks_digest(chunks: Iterable[str | bytes]) -> str:
    """The SHA-256 that write_chunks would return for these pieces, without writing them."""
    digest = hashlib.sha256()
    for data in _encoded(chunks):
        digest.update(data)
    return digest.hexdigest()


def _encoded(chunks: Iterable[str | bytes]) -> Iterator[bytes]:
    return (chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in chunks)


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file read in blocks, None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files of writes that never finished (a killed run); call with the lock held."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if _TEMPORARY.match(entry.name) and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


@contextmanager
def writer_lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock on `folder` (a claims folder) while changing what is in it.

    When another command holds it, say so on stderr and wait up to `timeout` seconds
    (FACTCHECK_LOCK_TIMEOUT, default 120), then give up with LockHeld: a decision or a
    claim file is never written over someone else's half-done load-edit-save.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    lock = FileLock(str(path), is_singleton=False, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        wait = env_number(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT) if timeout is None else timeout
        print(f"factcheck: another factcheck command is writing to {folder} (lock {path}); waiting up to "
              f"{wait:g} s", file=sys.stderr)
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise LockHeld(0, f"another factcheck command still holds the lock after {wait:g} s; "
                              "try again when it has finished", str(path)) from None
    try:
        remove_temporaries(folder)
        yield
    finally:
        lock.release()


GITIGNORE = ".gitignore"
_GITIGNORE_HEAD = "# Written by factcheck: its caches here are machine state, rebuilt from the sources on any machine,\n" \
                  "# and a committed one is never trusted. reviews.yaml and the reports are not listed: keep them.\n"


def ignore_caches(folder: Path, names: Iterable[str]) -> None:
    """A `.gitignore` in `folder` that keeps git from tracking our caches there (pytest and ruff do the same for
    theirs). One that someone else wrote is left as it is; ours gains the names it lacks."""
    path = folder / GITIGNORE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = _GITIGNORE_HEAD
    except (OSError, UnicodeDecodeError):
        return
    if not text.startswith(_GITIGNORE_HEAD):
        return
    missing = [n for n in names if n not in text.splitlines()]
    if missing or not path.exists():
        write_text(path, text + "".join(f"{n}\n" for n in missing))


def strict_json(data: object, **options) -> str:
    """JSON as RFC 8259 has it: NaN or Infinity is an error, never written; control and bidi characters
    from sources are written as \\u escapes (same value, but inert in a terminal, a diff or a viewer)."""
    return escape_json_text(json.dumps(data, allow_nan=False, ensure_ascii=False, **options))


def dumps(record: BaseModel) -> str:
    """One record as canonical JSON: sorted keys, no whitespace variance, same bytes every run."""
    return strict_json(record.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


def jsonl(records: Iterable[BaseModel]) -> str:
    return "".join(dumps(r) + "\n" for r in records)

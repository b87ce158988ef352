"""What comparing each story found, kept between runs and keyed by what the story was made from.

A story's discrepancies and corroborations depend only on the claims of its sources, and a
source's claims only on its text, its path, the code and the vocabularies. So a story's key is
the fingerprint of code and vocabularies plus, for each of its sources, the id, the path, the
hash of the text and the digest of its claim file: after a change only the stories whose sources changed, joined or left are
compared again, and the rest is read back. Within a story that changed, each family of claims is
an entry of its own, keyed by its claims and the rarity of their words, so only the families a
changed source takes part in are lined up again; a story's entry holds what no family holds (its
titles and keyed groups) and lists its families, so nothing is stored twice. Which source belongs
to which story is kept too, keyed by each source's id and story terms (all the grouping reads).
Entries of stories that no longer exist are dropped when the file is written.

The file (`.stories.cache` in the claims folder, one JSON record per line) is a cache and never
trusted. It opens with a header naming the code and vocabularies that wrote it (a file of another version is
set aside whole, silently), and every line ends with a seal: a tab and the SHA-256 of that fingerprint and the
line's JSON. A line whose seal does not match (a flipped bit, an edit by hand, a merge) is dropped and what it
held computed again, and the run says how many it dropped (`damaged`); a line that does not parse or validate
is recomputed too. Since a story's key holds the digest of each of its sources' claim files (what the index
vouches for), a story's findings are read back only for the very claims they were made from. In memory each
line is kept compressed, seal included (JSON findings shrink about tenfold; at 10,000 sources the file is tens
of MB).
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import zlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from factcheck.align.family_parts import ALONE, FamilyParts, Known
from factcheck.compare.findings import Comparison
from factcheck.models import Claim, Corroboration, Discrepancy
from factcheck.state.storage import chunks_digest, file_digest, write_chunks

FILE = ".stories.cache"   # JSON lines; not *.jsonl, which names claim files
_HEADER = b'{"cache":"stories","fingerprint":'


class StoryFindings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    discrepancies: tuple[Discrepancy, ...]
    corroborations: tuple[Corroboration, ...]
    compared: int
    unaligned: int
    candidates: int
    families: tuple[str, ...] = ()   # a story's family entries, or a family's parts: its findings are theirs and these
    index: str = ""                  # a family's index entry (FamilyIndex): which part each claim was in


class FamilyIndex(BaseModel):
    """Which part of a family each claim was in, and what it was scored against (family_parts.Known); keyed by
    the family and its story, not by its claims, so that the next run finds it after an edit."""
    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    parts: tuple[str, ...]
    claims: dict[str, tuple[int, str]]


class Grouping(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    corpus: str
    stories: dict[str, int]


class StoryCache:
    def __init__(self, fingerprint: str, sources: dict[str, tuple[str, str]], lines: dict[str, bytes] | None = None,
                 grouping: Grouping | None = None) -> None:
        self.fingerprint = fingerprint
        self.sources = sources               # source id -> (path, version: its text's and claim file's hash)
        self.lines = lines or {}             # key -> its line in the file (packed), parsed only when asked for
        self.grouping = grouping             # the story of each source, as this run found it
        self.previous = grouping             # ... and as the last run found it
        self.used: dict[str, bytes] = {}     # key -> line of a story of this run (packed)
        self.damaged = 0                     # lines of the file dropped because their seal did not match

    @classmethod
    def load(cls, folder: Path | None, fingerprint: str, sources: dict[str, tuple[str, str]]) -> StoryCache:
        """The cache kept in `folder`: the lines whose seal matches, for this very code and vocabularies;
        `damaged` counts the lines dropped because it did not."""
        cache = cls(fingerprint, sources)
        try:
            with open(folder / FILE, "rb") if folder else contextlib.nullcontext(()) as f:
                cache._read(f)
        except OSError:
            cache.lines, cache.grouping, cache.previous = {}, None, None
        return cache

    def _read(self, f) -> None:
        """A line at a time: the file is never one string in memory."""
        first = True
        for raw in f:
            line = raw.rstrip(b"\r\n")
            if first:
                first = False
                if not self._header_ok(line):
                    return
                continue
            body = unseal(self.fingerprint, line)
            if body is None:
                self.damaged += bool(line)
            elif body.startswith(b'{"key":"') and body[8:72].isascii():
                self.lines[body[8:72].decode()] = pack(line)
            elif body.startswith(b'{"corpus":"') and self.grouping is None:
                with contextlib.suppress(ValidationError):
                    self.grouping = self.previous = Grouping.model_validate_json(body)

    def _header_ok(self, line: bytes) -> bool:
        """The file was written by this code and vocabularies. One written by another is set aside silently
        (nothing in it can be current); a header that is not what was written counts as damage."""
        if unseal(self.fingerprint, line) == header(self.fingerprint):
            return True
        body, tab, _ = line.rpartition(b"\t")
        if not tab and not line.startswith(_HEADER[:10]):   # a file of a version that sealed nothing
            return False
        with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
            other = json.loads(body)["fingerprint"]
            if isinstance(other, str) and body == header(other) and seal(other, body) == line:
                return False
        self.damaged += 1
        return False

    def key(self, ids: list[str]) -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        for ident in sorted(ids):
            path, sha = self.sources[ident]
            digest.update(f"\n{ident}\t{path}\t{sha}".encode())
        return digest.hexdigest()

    def stories(self, terms: dict[str, dict[str, float]]) -> dict[str, int] | None:
        """The story of each source when the sources and their terms are those the last run grouped, else None
        (the grouping depends on nothing else: an edit that leaves a source's terms alone keeps it)."""
        if self.grouping is not None and self.grouping.corpus == self._terms_key(terms) and \
                set(self.grouping.stories) == set(terms):
            return dict(self.grouping.stories)
        return None

    def _terms_key(self, terms: dict[str, dict[str, float]]) -> str:
        digest = hashlib.sha256(f"grouping\n{self.fingerprint}".encode())
        for ident in sorted(terms):
            digest.update(f"\n{ident}\t{sorted(terms[ident].items())!r}".encode())
        return digest.hexdigest()

    def families(self, ids: list[str], *, lookup: bool) -> FamilyCache:
        """A family cache for the story of these sources: reading this cache when `lookup` (in this process),
        else only computing keys and collecting new entries (sent to a worker, small to pickle)."""
        return FamilyCache(self.fingerprint, {i: self.sources[i] for i in ids}, self if lookup else None)

    def peek(self) -> StoryCache:
        """A cache that reads what this one read but whose findings are not saved (a report on another
        corpus, such as `add`'s corpus before its new source)."""
        return StoryCache(self.fingerprint, self.sources, self.lines, self.previous)

    def in_use(self) -> frozenset[str]:
        """The keys of the entries this run has read or written so far (its stories, families and parts)."""
        return frozenset(self.used)

    def remember_stories(self, terms: dict[str, dict[str, float]], stories: dict[str, int]) -> None:
        self.grouping = Grouping(corpus=self._terms_key(terms), stories=dict(sorted(stories.items())))

    def get(self, key: str) -> Comparison | None:
        """A story's findings, a family's or a part's: its own entry and those it lists (a story's families, a
        family's parts), all of which must be there and valid."""
        used: list[str] = []
        parts = self._collect(key, used, depth=0)
        if parts is None:
            return None
        self.used.update((k, self.lines[k]) for k in used)  # kept for the next edit
        return _comparison(parts)

    def _collect(self, key: str, used: list[str], depth: int) -> list[StoryFindings] | None:
        found = self._entry(key)
        if found is None or (found.families and depth >= 2) or len(set(found.families)) != len(found.families):
            return None
        parts: list[StoryFindings] = []
        for sub in found.families:
            got = self._collect(sub, used, depth + 1)
            if got is None:
                return None
            parts += got
        used.append(key)
        if found.index in self.lines:
            used.append(found.index)
        return parts + [found]   # the order compare_story adds them

    def _entry(self, key: str) -> StoryFindings | None:
        line = self.lines.get(key)
        if line is None:
            return None
        try:
            found = StoryFindings.model_validate_json(body_of(line))
        except (ValidationError, zlib.error):
            return None
        return found if found.key == key else None

    def index(self, key: str) -> FamilyIndex | None:
        line = self.lines.get(key)
        try:
            found = FamilyIndex.model_validate_json(body_of(line)) if line else None
        except (ValidationError, zlib.error):
            return None
        if not found or found.key != key or not all(p in self.lines for p in found.parts):
            return None
        numbers = {n for n, _ in found.claims.values()}
        return found if numbers <= {ALONE, *range(len(found.parts))} and len(set(found.parts)) == len(found.parts) \
            else None

    def put(self, key: str, found: Comparison) -> None:
        """A story's entry: only what its family entries do not hold, and the keys of those entries."""
        if found.own is None:
            raise ValueError("a story's findings (compare_story's) hold their own part; these have none")
        self.used[key] = findings_line(self.fingerprint, key, found.own, found.family_keys)

    def save(self, folder: Path) -> None:
        """The grouping and the entries of this run's stories (call with the claims folder's lock held);
        nothing is written when that is what the file already holds."""
        keys = sorted(self.used)

        def lines():
            yield seal(self.fingerprint, header(self.fingerprint)) + b"\n"
            if self.grouping is not None:
                yield seal(self.fingerprint, self.grouping.model_dump_json().encode()) + b"\n"
            yield from (unpack(self.used[k]) + b"\n" for k in keys)

        if file_digest(folder / FILE) != chunks_digest(lines()):   # tens of MB: compared by hash, never held twice
            write_chunks(folder / FILE, lines())


def findings_line(fingerprint: str, key: str, found: Comparison, families: list[str] | tuple[str, ...] = (),
                  index: str = "") -> bytes:
    """An entry as its line of the file, sealed and packed."""
    return pack(seal(fingerprint, StoryFindings(
        key=key, discrepancies=tuple(found.discrepancies), corroborations=tuple(found.corroborations),
        compared=found.compared, unaligned=found.unaligned, candidates=found.candidates, families=tuple(families),
        index=index).model_dump_json().encode()))


def header(fingerprint: str) -> bytes:
    return _HEADER + json.dumps(fingerprint).encode() + b"}"


def seal(fingerprint: str, body: bytes) -> bytes:
    """A line of the file: its JSON, a tab (JSON text never holds one raw) and the SHA-256 of the code's
    fingerprint with the JSON."""
    return body + b"\t" + hashlib.sha256(fingerprint.encode() + b"\n" + body).hexdigest().encode()


def unseal(fingerprint: str, line: bytes) -> bytes | None:
    """A line's JSON when its seal matches, else None."""
    body, tab, _ = line.rpartition(b"\t")
    return body if tab and hmac.compare_digest(seal(fingerprint, body), line) else None


def body_of(packed: bytes) -> bytes:
    """The JSON of a packed line whose seal was checked when it was read or made."""
    return unpack(packed).rpartition(b"\t")[0]


def pack(line: bytes) -> bytes:
    return zlib.compress(line, 1)


def unpack(packed: bytes) -> bytes:
    return zlib.decompress(packed)


def _comparison(parts: list[StoryFindings]) -> Comparison:
    return Comparison([d for p in parts for d in p.discrepancies], [c for p in parts for c in p.corroborations],
                      sum(p.compared for p in parts), sum(p.unaligned for p in parts), sum(p.candidates for p in parts))


class FamilyCache:
    """What lining up each family of one story found, keyed so that a family is read back only when nothing
    it was made from changed: the code, each claim (its source's path and text hash, and its value after
    the story's exchange rates), and how rare each of its words is in the story. A family that changed is
    kept by part (align/family_parts.py), with an index that lets the next run read back the parts an edit did not
    reach."""

    def __init__(self, fingerprint: str, sources: dict[str, tuple[str, str]], store: StoryCache | None) -> None:
        self.fingerprint = fingerprint
        self.sources = sources
        self.store = store              # None on a worker: keys only, nothing read back
        self.new_lines: dict[str, bytes] = {}
        self.keys: list[str] = []     # every family key of the story, in the story's order, read back or found anew

    def key(self, members: list[Claim], words: set[str], idf: dict[str, float]) -> str:
        """`words`: every word the members weigh (align.word_weights)."""
        digest = hashlib.sha256(f"family\n{self.fingerprint}".encode())
        for c in sorted(members, key=lambda c: c.id):
            path, sha = self.sources[c.source]
            digest.update(f"\n{c.id}\t{path}\t{sha}\t{c.value!r}\t{c.unit}\t{c.to_base!r}\t{c.notes}".encode())
        for word in sorted(words):
            digest.update(f"\n{word}\t{idf[word]!r}".encode())
        key = digest.hexdigest()
        self.keys.append(key)
        return key

    def get(self, key: str) -> Comparison | None:
        return self.store.get(key) if self.store else None

    def index_key(self, family: tuple, members: list[Claim]) -> str:
        """The family's index entry: its kind of claim and the least hash of its sources' ids, so that an edit
        or a new source leaves it where it was (the new source is rarely the least), and two stories never share
        one (they share no source)."""
        least = min(hashlib.blake2b(c.source.encode(), digest_size=8).hexdigest() for c in members)
        return hashlib.sha256(f"index\n{self.fingerprint}\n{family!r}\n{least}".encode()).hexdigest()

    def known(self, family: tuple, members: list[Claim]) -> Known | None:
        """What the last run found about this family, part by part, when the cache still holds every part."""
        found = self.store.index(self.index_key(family, members)) if self.store else None
        return Known(found.claims, found.parts) if found else None

    def put_family(self, key: str, family: tuple, members: list[Claim], found: list[tuple[str, Comparison]],
                   parts: FamilyParts) -> None:
        """The family's entry (its claims in no part, and the list of its parts), each new part's entry, and its
        index."""
        for part_key, comparison in found:
            self.new_lines[part_key] = findings_line(self.fingerprint, part_key, comparison)
        known = parts.known
        if known is None:
            raise ValueError("a family lined up part by part has the index of its parts (line_up_parts); this has none")
        index = self.index_key(family, members)
        self.new_lines[key] = findings_line(self.fingerprint, key,  # the work done depends on history: not kept
                                            Comparison([], [], parts.alone, parts.alone, 0), known.parts, index)
        self.new_lines[index] = pack(seal(self.fingerprint, FamilyIndex(
            key=index, parts=known.parts, claims=known.claims).model_dump_json().encode()))

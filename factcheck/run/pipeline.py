"""The pipeline as a list of named steps, each a plain function over typed data.

load sources -> find mentions and normalise to claims -> resolve subjects ->
group and compare -> report. `extract_corpus` runs the first two; `check.build_report`
runs them all.

The claims folder is a cache, and a cache is never trusted: a source's claim file is
reused only when the index says it was made from this very source text with this very
code and vocabulary, when its bytes hash to what the index recorded for it, and when
every record in it validates and slices the source back to its quote. Each index entry is
sealed too (state/claim_store.entry_check: its metadata and terms are read without the claim
file, so a flipped bit there would reach the report); an entry whose seal fails is dropped,
with an FC921 note. Anything else is re-extracted. The index is written last, so a run killed half-way leaves claim files
the index does not vouch for, and the next run re-extracts them.
"""
from __future__ import annotations

import functools
import hashlib
import json
import signal
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TypeGuard

from factcheck import __version__
from factcheck.align.scoring import is_comparable
from factcheck.extract.reader import extract_document
from factcheck.config.knowledge import Knowledge, canonical_knowledge
from factcheck.config.project import knowledge_for
from factcheck.models import Claim, Diagnostic
from factcheck.extract.numbers import MAX_DIGITS, oversized_numerals
from factcheck.extract.parse import model_id
from factcheck.sources.document import Document
from factcheck.sources.loader import load_documents
from factcheck.state.claim_store import CacheDamage, ClaimStore, Packed, content_digest, entry_check
from factcheck.run.runner import Lost, Runner, worth_spreading
from factcheck.align.stories import shared_terms, source_terms
from factcheck.state.story_cache import StoryCache
from factcheck.state.storage import chunks_digest, jsonl, write_text
from factcheck.config.env import env_number
from factcheck.config.vocab import vocab_for

INDEX = ".index.json"
SECONDS_ENV = "FACTCHECK_SOURCE_SECONDS"
DEFAULT_SECONDS_PER_SOURCE = 120.0
BATCH = 16          # sources per task sent to a worker, at most
PARALLEL_FROM = 8   # fewer sources to extract are done in this process: starting workers would cost more


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The code itself, rules and reporters included: a new release or a local edit must not reuse old claims
    or findings."""
    digest = hashlib.sha256(f"{__version__}\n{model_id()}".encode())   # the parser's model reads claims too
    root = Path(__file__).resolve().parents[1]   # the whole package, not this stage
    for path in sorted(root.rglob("*.py")):
        digest.update(f"{path.relative_to(root).as_posix()}\n".encode() + path.read_bytes())
    return digest.hexdigest()


def knowledge_fingerprint(kn: Knowledge) -> str:
    """Claims depend on the code and the vocabularies: a change to either invalidates the cache."""
    return hashlib.sha256(f"{_code_fingerprint()}\n{kn.digest}".encode()).hexdigest()[:16]


Cached = tuple[Path, str, int, list, list[Diagnostic], dict[str, float], tuple[int, ...]]
"""What the index vouches for about a source's claim file: the file, its digest, record count, diagnostics as
recorded and as records, terms, and the records comparing reads."""


def _cached(cache_dir: Path | None, doc: Document, index: dict, fingerprint: str) -> Cached | None:
    """What the index vouches for about `doc`'s claim file (the file, digest, record count, diagnostics as recorded
    and as records, terms, the records comparing reads), or None
    when it has nothing current. The records themselves are validated when they are read (state/claim_store.py).

    Raises CacheDamage when the index vouches for this source but the claim file is not what it recorded.
    """
    entry = index.get(doc.meta.id)
    if cache_dir is None or not _vouches(entry, doc, fingerprint):
        return None
    path = cache_dir / f"{doc.meta.id}.jsonl"
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CacheDamage(f"cannot read {path.name}: {e.strerror or e}") from None
    notes, picks = entry.get("diagnostics", []), entry.get("comparable")
    if not isinstance(picks, list) or content_digest(fingerprint, doc.meta.sha256, data, notes, picks) != entry["digest"]:
        raise CacheDamage(f"{path.name} changed since the index recorded it")
    records = data.count(b"\n")
    if records != entry.get("claims"):
        raise CacheDamage(f"{path.name} holds {records} records, the index recorded {entry.get('claims')}")
    terms = entry.get("terms")
    _check_picks(picks, records)
    diagnostics = _recorded_diagnostics(notes)
    terms = _check_terms(terms)
    return path, entry["digest"], entry["claims"], notes, diagnostics, terms, tuple(picks)


def _vouches(entry: object, doc: Document, fingerprint: str) -> TypeGuard[dict]:
    """The index has an entry for this very text, extracted by this very code and vocabularies."""
    return isinstance(entry, dict) and entry.get("sha256") == doc.meta.sha256 \
        and entry.get("knowledge") == fingerprint and "digest" in entry


def _check_picks(picks: list, records: int) -> None:
    """The records comparing reads: increasing record numbers of the file."""
    if not all(type(n) is int and 0 <= n < records for n in picks) or any(a >= b for a, b in zip(picks, picks[1:])):
        raise CacheDamage("the index holds no valid list of the records comparing reads")


def _recorded_diagnostics(notes: list) -> list[Diagnostic]:
    try:
        return [Diagnostic.model_validate(n) for n in notes]
    except ValueError:
        raise CacheDamage("the index holds a diagnostic that does not validate") from None


def _check_terms(terms: object) -> dict[str, float]:
    """What the source is about (align/stories.py): word -> weight; the terms, once checked."""
    if not isinstance(terms, dict) or not all(isinstance(k, str) and isinstance(v, float) for k, v in terms.items()):
        raise CacheDamage("the index holds no terms for this source")
    return terms


def read_index(cache_dir: Path | None) -> tuple[dict, str | None, list[Diagnostic]]:
    """The claims index, the SHA-256 of its file (what the run keeps of it, to know whether to write it), and
    what could not be used of it (FC921 notes)."""
    if cache_dir is None:   # no claims folder: an empty index
        return {}, hashlib.sha256(b"{}").hexdigest(), []
    try:
        data = (cache_dir / INDEX).read_bytes()
    except OSError:
        return {}, None, []
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        index = None
    if not isinstance(index, dict):
        return {}, None, [_damaged(cache_dir / INDEX, CacheDamage("the cache index is not a JSON mapping of "
                                                                  "sources; every source re-extracted"))]
    good, damaged = _sealed(index)
    return good, hashlib.sha256(data).hexdigest(), [
        _damaged(cache_dir / f"{ident}.jsonl", CacheDamage("its entry in the cache index fails its check (damaged "
                                                           "or edited)")) for ident in damaged]


def _sealed(index: dict) -> tuple[dict, list[str]]:
    """The entries whose seal matches (state/claim_store.entry_check), and the ids of the others that were
    sealed (an entry of a version that sealed nothing is merely out of date)."""
    good, damaged = {}, []
    for ident, entry in index.items():
        if isinstance(entry, dict) and entry.get("check") == _check_of(ident, entry):
            good[ident] = entry
        elif not isinstance(entry, dict) or "check" in entry:
            damaged.append(ident)
    return good, damaged


def _check_of(ident: str, entry: dict) -> str | None:
    try:
        return entry_check(ident, entry)
    except (ValueError, TypeError, RecursionError):
        return None


@dataclass
class Extraction:
    documents: list[Document] = field(default_factory=list)
    claims: ClaimStore = field(default_factory=ClaimStore)         # source id -> claims, in text order
    terms: dict[str, dict[str, float]] = field(default_factory=dict)  # source id -> what it is about (align/stories.py)
    problems: list[Diagnostic] = field(default_factory=list)       # fatal ones are skipped sources
    reused: set[str] = field(default_factory=set)                  # sources read back from the claim cache
    fingerprint: str = ""
    notes: dict[str, list[Diagnostic]] = field(default_factory=dict)  # source id -> what extracting it reported
    index_digest: str | None = None   # SHA-256 of the claims index file as this run found it (not kept parsed)
    story_cache: StoryCache | None = None                          # what comparing each story found (compare_corpus.py)
    cache_notes: list[str] = field(default_factory=list)           # cache records dropped, in words (for stderr)


class SourceTimeout(BaseException):
    """Extraction of one source ran out of time (a BaseException, so no `except Exception` swallows it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise SourceTimeout in this block after `seconds` (main thread on POSIX; elsewhere no limit)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise SourceTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


Outcome = tuple[Packed, list[Diagnostic], dict[str, float]] | Diagnostic
"""A source's claim file (compressed where it was made: a run holds every new claim file until it writes
them, and workers send a tenth of the bytes) with which of its records comparing reads, its notes and its
terms; or why it was skipped."""


def extract_batch(docs: list[Document], kn: Knowledge, limit: float) -> list[Outcome]:
    """Extract a few sources (one task for a worker: the vocabularies travel once per batch, not per source)."""
    kn = canonical_knowledge(kn)
    return [extract_source(doc, kn, limit) for doc in docs]


def extract_source(doc: Document, kn: Knowledge, limit: float) -> Outcome:
    """One source's claims and what extracting it reported; a bug or a source that takes too long costs
    that source, reported as its error, never the corpus."""
    try:
        with time_limit(limit):
            claims, diags = extract_document(doc, kn)
        voc = vocab_for(canonical_knowledge(kn))
        picks = tuple(n for n, c in enumerate(claims) if is_comparable(c, voc))
    except SourceTimeout:
        return Diagnostic(code="FC913", path=doc.meta.path, fatal=True,
                          message=f"extraction took longer than {limit:g} s (the limit per source, "
                                  f"{SECONDS_ENV}); source not checked")
    except Exception as e:
        return Diagnostic(code="FC990", path=doc.meta.path, fatal=True,
                          message=f"internal error while extracting: {type(e).__name__}: {e}")
    return Packed.of(jsonl(claims), picks), list(doc.notes) + diags + _oversized(doc), source_terms(claims)


def _extract_all(docs: list[Document], kn: Knowledge, runner: Runner | None) -> list[Outcome]:
    """Every source's outcome, in order; on a runner in batches, and a batch whose worker died is run
    again one source at a time, so that only the source that kills a worker is lost."""
    limit = env_number(SECONDS_ENV, DEFAULT_SECONDS_PER_SOURCE)
    if not worth_spreading(runner, len(docs), least=PARALLEL_FROM):
        return extract_batch(docs, kn, limit)
    size = max(1, min(BATCH, len(docs) // (runner.jobs * 4)))
    batches = [docs[i:i + size] for i in range(0, len(docs), size)]
    out: list[Outcome] = []
    for batch, done in zip(batches, runner.map(extract_batch, [(b, kn, limit) for b in batches])):
        if not isinstance(done, Lost):
            out += done
            continue
        singles = batch if len(batch) > 1 else []
        retried = runner.map(extract_batch, [([doc], kn, limit) for doc in singles]) if singles else [done]
        out += [_lost(doc, r) if isinstance(r, Lost) else r[0] for doc, r in zip(batch, retried)]
    return out


def _lost(doc: Document, lost: Lost) -> Diagnostic:
    return Diagnostic(code="FC915", path=doc.meta.path, fatal=True,
                      message=f"extraction did not finish: {lost.why}; source not checked")


def _record(doc: Document, outcome: Outcome, out: Extraction) -> None:
    if isinstance(outcome, Diagnostic):
        out.problems.append(outcome)
        return
    _keep(doc, outcome, out)
    out.documents.append(doc)
    out.problems.extend(out.notes[doc.meta.id])


def _keep(doc: Document, outcome: tuple[Packed, list[Diagnostic], dict[str, float]], out: Extraction) -> None:
    ident = doc.meta.id
    packed, out.notes[ident], terms = outcome
    out.terms[ident] = shared_terms(terms)
    digest = content_digest(out.fingerprint, doc.meta.sha256, zlib.decompress(packed.data), _notes_json(out, ident),
                            packed.comparable_lines)
    out.claims.put_packed(ident, packed, digest)


def _notes_json(out: Extraction, ident: str) -> list:
    """A source's diagnostics as the index keeps them (and its claim file's digest covers them)."""
    return [n.model_dump(mode="json") for n in out.notes.get(ident, [])]


def _oversized(doc: Document) -> list[Diagnostic]:
    """Numerals too long to be figures are refused by the reader; say where, so nothing is dropped unseen."""
    out = []
    for start, end in oversized_numerals(doc.scan):
        line, col = doc.line_col(start)
        out.append(Diagnostic(code="FC914", path=doc.meta.path, line=line, column=col,
                              message=f"a number of {end - start:,} characters is too large to be a figure "
                                      f"(over {MAX_DIGITS} digits); not read"))
    return out


def _vouched(cache_dir: Path | None, doc: Document, index: dict, fingerprint: str
             ) -> tuple[Cached | None, list[Diagnostic]]:
    """What the cache holds for `doc` when the index vouches for it (else None), and the report of a
    vouched-for file that turned out damaged."""
    if cache_dir is None:   # no claims folder: nothing cached
        return None, []
    try:
        return _cached(cache_dir, doc, index, fingerprint), []
    except CacheDamage as e:
        return None, [_damaged(cache_dir / f"{doc.meta.id}.jsonl", e)]


def _damaged(path: Path, e: CacheDamage) -> Diagnostic:
    return Diagnostic(code="FC921", path=str(path), message=f"claim cache not used, source re-extracted: {e}")


def _repairer(out: Extraction, docs: dict[str, Document], kn: Knowledge,
              cache_dir: Path | None) -> Callable[[str, CacheDamage], list[Claim]] | None:
    """Re-extract a source whose cached claim file failed when it was read (state/claim_store.py); None without
    a claims folder, where no claim file is read."""
    if cache_dir is None:
        return None

    def repair(ident: str, damage: CacheDamage) -> list[Claim]:
        doc = docs[ident]
        out.problems.append(_damaged(cache_dir / f"{ident}.jsonl", damage))
        outcome = extract_source(doc, kn, env_number(SECONDS_ENV, DEFAULT_SECONDS_PER_SOURCE))
        if isinstance(outcome, Diagnostic):
            out.problems.append(outcome)
            return []
        out.reused.discard(ident)
        _keep(doc, outcome, out)
        return out.claims[ident]
    return repair


def extract_corpus(paths: list[Path], kn: Knowledge | None = None,
                   progress: Callable[[int, int, str], None] | None = None,
                   cache_dir: Path | None = None, skip: tuple[Path, ...] = (),
                   runner: Runner | None = None) -> Extraction:
    """Load every source and extract its claims; `progress(done, total, path)` is told after each source.

    With `cache_dir` (the claims folder), a source whose claim file the index there vouches for
    (same source hash, same code and vocabularies, same file content, every record valid) is not
    re-extracted: its stored claim records are read back. The others are extracted on `runner`
    (worker processes or a Dask cluster) when one is given; the result is the same either way.
    """
    kn = kn or knowledge_for(paths[0] if len(paths) == 1 else None)
    out = Extraction(fingerprint=knowledge_fingerprint(kn))
    index, out.index_digest, damage = read_index(cache_dir)
    out.problems.extend(damage)
    docs, problems = load_documents(paths, skip, known=_known(index, out.fingerprint))
    out.problems.extend(problems)
    out.claims.fingerprint = out.fingerprint
    out.claims.repair = _repairer(out, {d.meta.id: d for d in docs}, kn, cache_dir)
    seen: dict[str, str] = {}
    plan: list[tuple[Document, Diagnostic | tuple[Cached | None, list[Diagnostic]]]] = []
    for n, doc in enumerate(docs, 1):
        if progress is not None:
            progress(n, len(docs), doc.meta.path)
        if doc.meta.id in seen:
            plan.append((doc, Diagnostic(
                code="FC906", path=doc.meta.path, fatal=True,
                message=f"duplicate source id {doc.meta.id!r}: also used by {seen[doc.meta.id]}")))
            continue
        seen[doc.meta.id] = doc.meta.path
        plan.append((doc, _vouched(cache_dir, doc, index, out.fingerprint)))
    fresh = [doc for doc, step in plan if isinstance(step, tuple) and step[0] is None]
    outcomes = dict(zip((d.meta.id for d in fresh), _extract_all(fresh, kn, runner)))
    for doc, step in plan:
        if isinstance(step, Diagnostic):
            out.problems.append(step)
            continue
        cached, damage = step
        out.problems.extend(damage)
        if cached is None:
            _record(doc, outcomes[doc.meta.id], out)
            continue
        ident = doc.meta.id
        path, digest, count, notes, out.notes[ident], out.terms[ident], picks = cached
        out.documents.append(doc)
        out.claims.put_file(ident, path, doc, digest, notes, count, picks)
        out.problems.extend(out.notes[ident])
        out.reused.add(ident)
    return out


def _known(index: dict, fingerprint: str) -> dict[str, dict]:
    """Path -> index entry made by this code: what loading may take instead of parsing the front matter again."""
    return {e["meta"]["path"]: e for e in index.values() if isinstance(e, dict) and e.get("knowledge") == fingerprint
            and isinstance(e.get("meta"), dict) and isinstance(e["meta"].get("path"), str)}


def write_claims(result: Extraction, claims_dir: Path) -> None:
    """Claim files first, then the index that vouches for them (call with the claims folder's lock held).

    A run killed before the index is written leaves claim files whose digest the old index does not
    match, so they are re-extracted, never read as another version's claims. The index also keeps what
    the next run needs without reading the claim files: each source's metadata, where its body starts,
    and its terms (align/stories.py).
    """
    index = {}
    for doc in sorted(result.documents, key=lambda d: d.meta.id):
        ident = doc.meta.id
        notes = _notes_json(result, ident)
        text = result.claims.text_of(ident)
        if text is not None:  # else the file already holds exactly these records, vouched for by its digest
            write_text(claims_dir / f"{ident}.jsonl", text)
        index[ident] = {"sha256": doc.meta.sha256, "knowledge": result.fingerprint,
                        "claims": result.claims.counts[ident], "comparable": list(result.claims.comparable_lines_of(ident)),
                        "digest": result.claims.digest_of(ident),
                        "meta": doc.meta.model_dump(mode="json"), "body_start": doc.body_start,
                        "terms": result.terms[ident]}
        if notes:
            index[ident]["diagnostics"] = notes
        index[ident]["check"] = entry_check(ident, index[ident])
    text = _index_text(index)
    if chunks_digest((text,)) != result.index_digest:  # a run that changed nothing leaves the index as it is
        write_text(claims_dir / INDEX, text)


def _index_text(index: dict) -> str:
    """One line per source, each with sorted keys: a diff shows which sources changed, and the encoder in C
    (which `indent` would turn off) writes tens of thousands of entries in a blink."""
    lines = [f"{json.dumps(k)}: {json.dumps(index[k], sort_keys=True)}" for k in sorted(index)]
    return "{\n" + ",\n".join(lines) + "\n}\n"

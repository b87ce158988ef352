"""`factcheck check`: the whole pipeline on a corpus, claim records refreshed, reports written.

The library half: `build_report`, `apply_reviews`, `write_outputs`; the command and its
exit codes are in cli/check.py.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from pydantic import TypeAdapter
from pydantic import VERSION as pydantic_version
from tabulate import __version__ as tabulate_version

from factcheck.run.compare_corpus import compare
from factcheck.compare.findings import distinct_ids
from factcheck.config.knowledge import ConfigError, Knowledge
from factcheck.config.project import config_path, knowledge_for, project_of
from factcheck.models import Diagnostic, Discrepancy, Report
from factcheck.run.pipeline import INDEX, Extraction, extract_corpus, write_claims
from factcheck.run.runner import Runner
from factcheck.state.story_cache import FILE as STORIES_FILE
from factcheck.state.story_cache import StoryCache
from factcheck.report import FILE_NAMES, REPORTERS
from factcheck.report.memo import FILE as MEMO_FILE
from factcheck.report.memo import Memo
from factcheck.review.decisions import classify, load
from factcheck.models import ReviewNote
from factcheck.review.seen import what_changed
from factcheck.state.storage import (LOCK_NAME, file_digest, ignore_caches, remove_temporaries, write_chunks,
                                     write_text, writer_lock)
from factcheck.wording import plural

_ITEM_JSON = TypeAdapter(object)   # any record or value of a report, as pydantic writes it
REPORTS_RECORD = ".written.json"   # in the reports folder: which report the files hold, and their hashes


def _knowledge(corpus: Path) -> tuple[Knowledge, list[Diagnostic]]:
    """The corpus config merged in; a broken config is reported, and the built-in data used instead."""
    try:
        return knowledge_for(corpus), []
    except ConfigError as e:
        return Knowledge(), [Diagnostic(code="FC907", message=f"config not used: {e}", path=config_path(corpus),
                                        fatal=True)]


def missing_corpus(corpus: Path) -> bool:
    """Say so (exit 2 follows) when the corpus folder does not exist."""
    if corpus.is_dir():
        return False
    print(f"factcheck: corpus folder not found: {corpus} (name the sources: `factcheck check FOLDER`, or set "
          "`corpus:` in factcheck.yaml or [tool.factcheck])", file=sys.stderr)
    return True


def claims_dir_for(corpus: Path, claims: str | None) -> Path:
    """Where a corpus keeps claims, cache index and reviews: its own project's folder (config/project.py)."""
    return Path(claims) if claims else project_of(corpus).claims


def apply_reviews(report: Report, reviews_path: Path) -> Report:
    """Mark each discrepancy new, reviewed or stale from the decisions file."""
    status, gone = classify(list(report.discrepancies), load(reviews_path))
    marked = []
    for d in report.discrepancies:
        state, review = status[d.id]
        note = ReviewNote(**review.model_dump(include={"status", "reason", "by", "at", "source"}),
                          changes=what_changed(review.seen, d, review.subject if review.id != d.id else None)
                          if state == "stale" else ()) if review else None
        marked.append(d.model_copy(update={"status": state, "review": note}))
    return report.model_copy(update={"discrepancies": tuple(marked), "stale_reviews": tuple(r.id for r in gone)})


def narrowed(report: Report, result: Extraction, named: tuple[Path, ...]) -> Report:
    """The report on the whole corpus cut down to the named sources (files, or folders of the corpus): their
    discrepancies and corroborations (every claim still there, those of the other sources too), their problems
    and their claims. The counts of the comparison stay the corpus's: it was made on the whole of it."""
    places = [p.resolve() for p in named]
    sources = tuple(s for s in report.sources if _chosen(s.path, places))
    ids = {s.id for s in sources}
    others = {s.path for s in report.sources} - {s.path for s in sources}
    return report.model_copy(update={
        "sources": sources, "claims_total": sum(result.claims.counts[i] for i in ids),
        "skipped": tuple(p for p in report.skipped if _chosen(p.path, places)),
        "diagnostics": tuple(p for p in report.diagnostics if p.path not in others), **_findings_of(report, ids)})


def _findings_of(report: Report, ids: set[str]) -> dict[str, tuple]:
    """The discrepancies and corroborations some claim of these sources takes part in."""
    return {"discrepancies": tuple(d for d in report.discrepancies if _involves(d.positions, ids)),
            "corroborations": tuple(c for c in report.corroborations if _involves([c], ids))}


def _chosen(path: str, places: list[Path]) -> bool:
    """The file is one of the named ones, or inside a named folder."""
    where = Path(path).resolve()
    return any(where == p or p in where.parents for p in places)


def _involves(holders, ids: set[str]) -> bool:
    """Some claim of these positions (or of a corroboration) is of one of the sources."""
    return any(c.source in ids for h in holders for c in h.claims)


def build_report(corpus: Path | list[Path], progress=None, cache_dir: Path | None = None,
                 skip: tuple[Path, ...] = (), runner: Runner | None = None) -> tuple[Report, Extraction]:
    """The report on a corpus folder, or on a list of source files (`factcheck check a.md b.md`); folders in
    `skip` (our own claims and reports, when kept inside the corpus) are not read as sources.

    With `cache_dir`, unchanged sources are read back from their claim files and unchanged stories from
    the story cache; `runner` (runner.py) does the rest of the work on worker processes or a cluster.
    """
    paths = corpus if isinstance(corpus, list) else [corpus]
    result, kn = extract(paths, progress, cache_dir, skip, runner)
    return report_of(result, kn, paths, cache_dir, runner), result


def extract(paths: list[Path], progress=None, cache_dir: Path | None = None, skip: tuple[Path, ...] = (),
            runner: Runner | None = None) -> tuple[Extraction, Knowledge]:
    """The claims of every source (config problems first among the problems), and the vocabularies used."""
    kn, config_problems = _knowledge(paths[0] if len(paths) == 1 else paths[0].parent)
    result = extract_corpus(paths, kn, progress=progress, cache_dir=cache_dir, skip=skip, runner=runner)
    result.problems[:0] = config_problems
    return result, kn


def report_of(result: Extraction, kn: Knowledge, paths: list[Path], cache_dir: Path | None = None,
              runner: Runner | None = None, leave_out: frozenset[str] = frozenset(),
              changed_only: bool = False) -> Report:
    """The report on what was extracted; sources in `leave_out` are treated as absent (`add` asks what
    the corpus said before its new source, without reading anything twice). With `changed_only`, the
    stories of an earlier report_of on the same extraction that have the very same sources are left out:
    what is left is what differs between the two (a partial report, for `add` to say what changed)."""
    docs = [d for d in result.documents if d.meta.id not in leave_out]
    gone = {d.meta.path for d in result.documents if d.meta.id in leave_out}
    cache, skip = _story_cache(result, cache_dir, leave_out, changed_only)
    comparison = compare(docs, result.claims, kn, cache=cache, runner=runner, terms=result.terms, skip=skip)
    discrepancies, corroborations = distinct_ids(comparison.discrepancies), comparison.corroborations
    order = {"material": 0, "minor": 1}
    report = Report(
        corpus=" ".join(str(p) for p in paths),
        sources=tuple(d.meta for d in docs),
        skipped=tuple(p for p in result.problems if p.fatal and p.path not in gone),
        diagnostics=tuple(p for p in result.problems if not p.fatal and p.path not in gone),
        claims_total=sum(result.claims.counts[d.meta.id] for d in docs),
        claims_compared=comparison.compared, claims_unaligned=comparison.unaligned,
        discrepancies=tuple(sorted(discrepancies, key=lambda d: (order[d.severity], d.subject, d.id, _claim_ids(d)))),
        corroborations=tuple(sorted(corroborations, key=lambda c: (c.subject, c.label, c.claims[0].claim_id))))
    return report


def _story_cache(result: Extraction, cache_dir: Path | None, leave_out: frozenset[str],
                 changed_only: bool) -> tuple[StoryCache | None, frozenset[str]]:
    """The story cache to compare with (loaded once per extraction), and the stories to leave out: with
    `changed_only`, those an earlier report_of on this extraction already compared. Leaving sources out reads
    the stored stories without keeping them: the file keeps only this run's."""
    cache = result.story_cache
    if cache is None and cache_dir is not None:
        cache = result.story_cache = StoryCache.load(cache_dir, result.fingerprint, _versions(result))
        if cache.damaged:   # machine state: said on stderr, never part of the report
            result.cache_notes.append(f"{cache_dir / STORIES_FILE}: {plural(cache.damaged, 'record')} failed "
                                      "the check (damaged or edited); dropped, and what they held compared again")
    skip = cache.in_use() if cache is not None and changed_only else frozenset()
    if cache is not None and leave_out:
        cache = cache.peek()
    return cache, skip


def _versions(result: Extraction) -> dict[str, tuple[str, str]]:
    """Source id -> its path and what its stories' findings are kept under: the hash of its text and the digest
    of its claim file (a story's findings are read back only for the very claims they were made from)."""
    return {d.meta.id: (d.meta.path, f"{d.meta.sha256}:{result.claims.digest_of(d.meta.id)}")
            for d in result.documents}


def _claim_ids(d: Discrepancy) -> tuple[str, ...]:
    """The last key of the report's order: should two discrepancies share severity, subject and id, their order
    must still not depend on where the findings came from (a worker, the cache)."""
    return tuple(c.claim_id for p in d.positions for c in p.claims)


CLAIM_CACHES = ("*.jsonl", INDEX, STORIES_FILE, LOCK_NAME, ".*.tmp")   # all the claims folder holds but reviews
REPORT_CACHES = (MEMO_FILE, REPORTS_RECORD, ".*.tmp")


def write_outputs(report: Report, result: Extraction, reports_dir: Path, claims_dir: Path,
                  trust_caches: bool = True) -> None:
    """Claim records (and the cache index that lets the next run skip unchanged sources), then the reports,
    all under the claims folder's lock: one writer at a time, leftovers of killed runs removed. Both folders
    get a `.gitignore` for our caches. Without `trust_caches` (CI, --no-cache) the report caches are not read
    either: every report is rendered anew."""
    with writer_lock(claims_dir):
        write_claims(result, claims_dir)
        if result.story_cache is not None:
            result.story_cache.save(claims_dir)
        ignore_caches(claims_dir, CLAIM_CACHES)
        remove_temporaries(reports_dir)
        if not trust_caches:
            (reports_dir / MEMO_FILE).unlink(missing_ok=True)
        write_reports(report, reports_dir, result.fingerprint, trust_caches)
        ignore_caches(reports_dir, REPORT_CACHES)


def write_reports(report: Report, reports_dir: Path, fingerprint: str, trust_caches: bool = True) -> None:
    """Every report file, unless the same report was already written there by the same code and the files
    are untouched since: then nothing is rendered or written (a run that changed nothing costs no rendering,
    and tools watching the folder see no change)."""
    digest = report_digest(report, f"{fingerprint}\n{reports_dir}\n")
    record = reports_dir / REPORTS_RECORD
    files = {name: reports_dir / name for name in sorted(FILE_NAMES.values())}
    if trust_caches and _written_already(record, digest, files):
        return
    hashes = {}
    with Memo.kept_in(reports_dir, _renderers(fingerprint)) as memo:   # each record's pieces as last rendered
        for fmt, name in sorted(FILE_NAMES.items()):
            hashes[name] = write_chunks(reports_dir / name, _pieces(fmt, report, reports_dir, memo))
    write_text(record, json.dumps({"report": digest, "files": hashes}, indent=1, sort_keys=True) + "\n")


def _written_already(record: Path, digest: str, files: dict[str, Path]) -> bool:
    try:
        written = json.loads(record.read_text(encoding="utf-8"))
        return written.get("report") == digest and all(file_digest(path) == written["files"][name]
                                                       for name, path in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _renderers(fingerprint: str) -> str:
    """What rendered a piece of a report: our code and vocabularies, and the libraries that lay out its text."""
    return f"{fingerprint}\ntabulate {tabulate_version}\npydantic {pydantic_version}"


def _pieces(fmt: str, report: Report, reports_dir: Path, memo: Memo):
    if fmt == "html":
        return REPORTERS[fmt].chunks(report, base=str(reports_dir), memo=memo)
    return REPORTERS[fmt].chunks(report, memo=memo)


def report_digest(report: Report, salt: str) -> str:
    """What the report says, hashed a record at a time from pydantic's JSON bytes (the whole report as one JSON
    text would be tens of MB, twice over while it is encoded)."""
    hasher = hashlib.sha256(salt.encode())
    for key in sorted(Report.model_fields):
        value = getattr(report, key)
        hasher.update(f"\n{key}:".encode())
        for item in value if isinstance(value, tuple) else (value,):
            hasher.update(_ITEM_JSON.dump_json(item) + b"\n")
    return hasher.hexdigest()

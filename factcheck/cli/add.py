"""`factcheck add FILE`: bring a new source into the corpus and say what it changed.

The file is converted to text (sources/convert.py), given front matter from its own metadata,
the flags, or answers at a prompt (on a terminal only), written into the corpus, and
the corpus is rechecked. Only the new source is extracted: the others are read back
from the claim cache. The output lists discrepancies the source created, joined or
resolved, and the figures it corroborates.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from factcheck.cli import terminal
from factcheck.cli.check import exit_code
from factcheck.run.check import apply_reviews, claims_dir_for, extract, missing_corpus, report_of, write_outputs
from factcheck.run.pipeline import Extraction
from factcheck.sources.convert import ConvertError, convert
from factcheck.models import Report
from factcheck.review.decisions import FILE_NAME as REVIEWS_FILE
from factcheck.review.decisions import ReviewError
from factcheck.report.selection import apply_selection
from factcheck.run.runner import runner_for
from factcheck.sources.loader import SourceError, body_start, build_meta, find_sources, split_front_matter
from factcheck.state.storage import remove_temporaries, write_text, writer_lock

FIELDS = ("title", "outlet", "author", "published", "url")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "source"


def _body_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text[body_start(text):].split()).encode()).hexdigest()


def _existing(corpus: Path, skip: tuple[Path, ...]) -> dict[str, str]:
    """Body hash -> path of every source already in the corpus."""
    out = {}
    for path in find_sources([corpus], skip):
        try:
            out[_body_hash(path.read_text(encoding="utf-8"))] = str(path)
        except (OSError, UnicodeDecodeError):
            continue
    return out


def _metadata(args: argparse.Namespace, found: dict[str, str]) -> dict[str, str]:
    """Flags win; on a terminal each other field is asked for, offering what the file says as the default
    (Enter keeps it, '-' drops it)."""
    meta = {k: v for k, v in found.items() if k in FIELDS and v}
    for key in FIELDS:
        if getattr(args, key):
            meta[key] = getattr(args, key)
        elif sys.stdin.isatty() and not args.yes:
            default = meta.get(key, "")
            answer = input(f"{key} [{default}]: " if default else f"{key} (Enter to skip): ").strip()
            if answer == "-":
                meta.pop(key, None)
            elif answer:
                meta[key] = answer
    return meta


class _NotAdded(Exception):
    """Why the file is not added, as printed, and the exit code (0: it is in the corpus already)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def cmd_add(args: argparse.Namespace) -> int:
    source, corpus = Path(args.file), Path(args.corpus)
    if missing_corpus(corpus):
        return 2
    try:
        staged = _staged(args, source, corpus)
        after, result, before = _recheck(staged, source, corpus, getattr(args, "jobs", None))
    except _NotAdded as e:
        print(e.message, file=sys.stderr if e.code else sys.stdout)
        return e.code
    write_outputs(after, result, staged.reports_dir, staged.claims_dir)
    out = terminal.console()
    for line in _changes(staged.ident, staged.target, before, after, len(result.reused)).splitlines():
        terminal.say(out, line)  # cut at the terminal's edge with an ellipsis, whole in a pipe
    chosen = apply_selection(after, getattr(args, "select", ()), getattr(args, "ignore", ()))
    return exit_code(chosen, getattr(args, "fail_on", "minor"), getattr(args, "exit_zero", False))


@dataclass(frozen=True)
class _Staged:
    """The new source as it will be written into the corpus, and where the corpus keeps its state."""

    ident: str
    target: Path
    text: str
    claims_dir: Path
    reports_dir: Path


def _staged(args: argparse.Namespace, source: Path, corpus: Path) -> _Staged:
    """The file converted, given its front matter and an id no other source has; refused when it is already in
    the corpus, empty, or its metadata does not validate."""
    try:
        converted = convert(source)
    except ConvertError as e:
        raise _NotAdded(f"factcheck: {e}") from None
    try:
        front, start = split_front_matter(converted.text)
    except SourceError as e:
        raise _NotAdded(f"factcheck: {source}: {e.message}") from None
    body = converted.text[start:].lstrip("\n")
    claims_dir, reports_dir = claims_dir_for(corpus, args.claims), Path(args.reports)
    duplicate = _existing(corpus, (claims_dir, reports_dir)).get(_body_hash(body))
    if duplicate:
        raise _NotAdded(f"factcheck: {source} is already in the corpus as {duplicate} (same content); nothing changed",
                        0)
    if not body.strip():
        raise _NotAdded(f"factcheck: {source}: no text left after conversion; nothing added")
    meta = _metadata(args, {**converted.meta, **{k: str(v) for k, v in front.items() if v is not None}})
    try:
        build_meta(source, {**meta, "id": args.id or front.get("id")}, "")
    except SourceError as e:
        raise _NotAdded(f"factcheck: {source}: {e.message}; nothing added") from None
    ident = args.id or str(front.get("id") or "") or _slug(meta.get("title") or source.stem)
    target = corpus / f"{ident}.md"
    if target.exists():
        raise _NotAdded(f"factcheck: a source with id {ident!r} already exists; pass --id to choose another")
    header = "---\n" + yaml.safe_dump({"id": ident, **meta}, sort_keys=False, allow_unicode=True) + "---\n\n"
    return _Staged(ident, target, header + body, claims_dir, reports_dir)


def _recheck(staged: _Staged, source: Path, corpus: Path, jobs: int | None) -> tuple[Report, Extraction, dict[str, str]]:
    """Write the new source and check the corpus once: read and extracted once, reported on with the new source
    (reviews applied) and without it (only the stories it changed). A source the check cannot read is removed."""
    claims_dir, reports_dir, ident = staged.claims_dir, staged.reports_dir, staged.ident
    with writer_lock(claims_dir):   # a check clears leftovers beside the sources under the same lock
        remove_temporaries(corpus)
        write_text(staged.target, staged.text)
    runner = runner_for(jobs)
    try:
        result, kn = extract([corpus], cache_dir=claims_dir, skip=(claims_dir, reports_dir), runner=runner)
        problem = _refused(result, staged.target, ident)
        if problem is not None:
            staged.target.unlink(missing_ok=True)
            raise _NotAdded(f"factcheck: {source}: {problem}; nothing added")
        after = apply_reviews(report_of(result, kn, [corpus], claims_dir, runner), claims_dir / REVIEWS_FILE)
        before = _subjects(report_of(result, kn, [corpus], claims_dir, runner, leave_out=frozenset({ident}),
                                     changed_only=True))   # the stories the new source changed: all that can differ
    except ReviewError as e:
        raise _NotAdded(f"factcheck: {e}") from None
    finally:
        runner.close()
    return after, result, before


def _refused(result: Extraction, target: Path, ident: str) -> str | None:
    """Why the new source cannot join the corpus (it could not be read, or its id is taken), or None."""
    for p in result.problems:
        if p.code == "FC906" and (Path(p.path) == target or str(target) in p.message):
            return f"a source with id {ident!r} already exists; pass --id to choose another"
    for p in result.problems:
        if p.fatal and Path(p.path) == target:
            return f"{p.code} {p.message}"
    return None


def _subjects(report: Report) -> dict[str, str]:
    """What `add` needs of the report without the new source: the ids and subjects of the discrepancies in the
    stories it changed (a story with the very same sources before and after has the same discrepancies, so
    none of them can be new, joined or resolved)."""
    return {d.id: d.subject for d in report.discrepancies}


def _changes(ident, target, before: dict[str, str], after, reused: int) -> str:
    new = {d.id: d for d in after.discrepancies}
    touches = lambda d: any(c.source == ident for p in d.positions for c in p.claims)  # noqa: E731
    lines = [f"added {target} as {ident}; {len(after.sources)} sources ({reused} read from the claim cache)"]
    for d in after.discrepancies:
        if d.id not in before and touches(d):
            lines.append(f"  new discrepancy {d.id} {d.severity}: {d.message}")
        elif d.id in before and touches(d):
            lines.append(f"  joined {d.id} ({d.status}): {d.message}")
    for gone, subject in before.items():
        if gone not in new:
            lines.append(f"  resolved {gone}: {subject}")
    for c in after.corroborations:
        if any(r.source == ident for r in c.claims):
            lines.append(f"  corroborates {c.label} ({c.subject}; {c.independent_sources} independent sources)")
    if len(lines) == 1:
        lines.append("  no discrepancy or corroboration involves it")
    return "\n".join(lines)

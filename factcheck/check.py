"""`factcheck check`: the whole pipeline on a corpus, claim records refreshed, reports written.

Exit code: 2 when the corpus or a source could not be read (every readable source is
still checked and the report lists what was skipped), else 1 when discrepancies at or
above `--fail-on` were found (0 with `--exit-zero`), else 0.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .compare import compare
from .knowledge import ConfigError, Knowledge, config_path, knowledge_for
from .models import Diagnostic, Report
from .pipeline import INDEX, Extraction, extract_corpus
from .reporters import FILE_NAMES, REPORTERS
from .reviews import FILE_NAME as REVIEWS_FILE
from .reviews import ReviewError, classify, load
from .models import ReviewNote
from .storage import jsonl, write_text

SEVERITY_RANK = {"minor": 0, "material": 1}


def _knowledge(corpus: Path) -> tuple[Knowledge, list[Diagnostic]]:
    """The corpus config merged in; a broken config is reported, and the built-in data used instead."""
    try:
        return knowledge_for(corpus), []
    except ConfigError as e:
        return Knowledge(), [Diagnostic(code="FC907", message=f"config not used: {e}", path=config_path(corpus),
                                        fatal=True)]


def _progress(done: int, total: int, path: str) -> None:
    sys.stderr.write(f"\r\x1b[K[{done}/{total}] {path[-60:]}")
    if done == total:
        sys.stderr.write("\r\x1b[K")
    sys.stderr.flush()


def missing_corpus(corpus: Path) -> bool:
    """Say so (exit 2 follows) when the corpus folder does not exist."""
    if corpus.is_dir():
        return False
    print(f"factcheck: corpus folder not found: {corpus}", file=sys.stderr)
    return True


def claims_dir_for(corpus: Path, claims: str | None) -> Path:
    return Path(claims) if claims else corpus.resolve().parent / "claims"


def apply_reviews(report: Report, reviews_path: Path) -> Report:
    """Mark each discrepancy new, reviewed or stale from the decisions file."""
    status, gone = classify(list(report.discrepancies), load(reviews_path))
    marked = []
    for d in report.discrepancies:
        state, review = status[d.id]
        note = ReviewNote(**review.model_dump(include={"status", "reason", "by", "at", "source"})) if review else None
        marked.append(d.model_copy(update={"status": state, "review": note}))
    return report.model_copy(update={"discrepancies": tuple(marked), "stale_reviews": tuple(r.id for r in gone)})


def build_report(corpus: Path, progress=None, cache_dir: Path | None = None) -> tuple[Report, Extraction]:
    kn, config_problems = _knowledge(corpus)
    result = extract_corpus([corpus], kn, progress=progress, cache_dir=cache_dir)
    result.problems[:0] = config_problems
    discrepancies, corroborations, unresolved = compare(result.documents, result.claims, kn)
    order = {"material": 0, "minor": 1}
    report = Report(
        corpus=str(corpus),
        sources=tuple(d.meta for d in result.documents),
        skipped=tuple(p for p in result.problems if p.fatal),
        diagnostics=tuple(p for p in result.problems if not p.fatal),
        claims_total=sum(len(c) for c in result.claims.values()),
        discrepancies=tuple(sorted(discrepancies, key=lambda d: (order[d.severity], d.subject, d.id))),
        corroborations=tuple(sorted(corroborations, key=lambda c: (c.subject, c.label))))
    return report, result


def write_outputs(report: Report, result: Extraction, reports_dir: Path, claims_dir: Path) -> None:
    """Claim records (and the cache index that lets the next run skip unchanged sources), then the reports."""
    index = {}
    for doc in sorted(result.documents, key=lambda d: d.meta.id):
        if doc.meta.id not in result.reused:  # a cached source's file already holds exactly these records
            write_text(claims_dir / f"{doc.meta.id}.jsonl", jsonl(result.claims[doc.meta.id]))
        index[doc.meta.id] = {"sha256": doc.meta.sha256, "knowledge": result.fingerprint}
    write_text(claims_dir / INDEX, json.dumps(index, indent=1, sort_keys=True) + "\n")
    for fmt, name in sorted(FILE_NAMES.items()):
        text = REPORTERS[fmt].render(report, base=str(reports_dir)) if fmt == "html" else REPORTERS[fmt].render(report)
        write_text(reports_dir / name, text)


def _summary(report: Report, reports_dir: Path) -> str:
    material = sum(d.severity == "material" for d in report.discrepancies)
    count = {s: sum(d.status == s for d in report.discrepancies) for s in ("new", "stale", "reviewed")}
    lines = [f"factcheck: {len(report.sources)} sources, {report.claims_total} claims, "
             f"{len(report.discrepancies)} discrepancies ({material} material, "
             f"{len(report.discrepancies) - material} minor; {count['new']} new, {count['stale']} stale, "
             f"{count['reviewed']} reviewed), {len(report.corroborations)} corroborated figures"
             + (f", {len(report.stale_reviews)} reviews of vanished discrepancies" if report.stale_reviews else "")]
    open_items = [d for d in report.discrepancies if d.status != "reviewed"]
    for d in open_items[:10]:
        lines.append(f"  {d.id} {d.severity:8} {d.status:5} {d.message[:150]}")
    if len(open_items) > 10:
        lines.append(f"  … and {len(open_items) - 10} more")
    for r in report.stale_reviews:
        lines.append(f"  stale review {r}: its discrepancy no longer exists")
    lines.append("reports: " + ", ".join(str(reports_dir / n) for _, n in sorted(FILE_NAMES.items())))
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if missing_corpus(corpus):
        return 2
    reports_dir = Path(args.reports)
    claims_dir = claims_dir_for(corpus, args.claims)
    report, result = build_report(corpus, progress=_progress if sys.stderr.isatty() else None,
                                  cache_dir=None if args.no_cache else claims_dir)
    try:
        report = apply_reviews(report, claims_dir / REVIEWS_FILE)
    except ReviewError as e:
        print(f"factcheck: {e}", file=sys.stderr)
        return 2
    write_outputs(report, result, reports_dir, claims_dir)
    if args.format:
        sys.stdout.write(REPORTERS[args.format].render(report))
    print(_summary(report, reports_dir), file=sys.stderr if args.format else sys.stdout)
    for p in report.skipped:
        print(f"{p.path}" + (f":{p.line}" if p.line else "") + f": {p.code} {p.message}", file=sys.stderr)
    if report.skipped:
        return 2
    failing = [d for d in report.discrepancies if d.status != "reviewed"
               and SEVERITY_RANK[d.severity] >= SEVERITY_RANK[args.fail_on]]
    gone = report.stale_reviews if args.fail_on == "minor" else ()  # an outdated decision is a minor finding
    return 1 if (failing or gone) and not args.exit_zero else 0

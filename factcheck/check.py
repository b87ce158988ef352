"""`factcheck check`: the whole pipeline on a corpus, claim records refreshed, reports written.

The library half: `build_report`, `apply_reviews`, `write_outputs`; the command and its
exit codes are in check_cli.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .compare import compare
from .knowledge import ConfigError, Knowledge, config_path, knowledge_for
from .models import Diagnostic, Report
from .pipeline import Extraction, extract_corpus, write_claims
from .reporters import FILE_NAMES, REPORTERS
from .reviews import classify, load
from .models import ReviewNote
from .review_state import what_changed
from .storage import remove_temporaries, write_text, writer_lock

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
    """Where a corpus keeps claims, cache index and reviews: its own project's folder (project.py)."""
    from .project import project_of
    return Path(claims) if claims else project_of(corpus).claims


def apply_reviews(report: Report, reviews_path: Path) -> Report:
    """Mark each discrepancy new, reviewed or stale from the decisions file."""
    status, gone = classify(list(report.discrepancies), load(reviews_path))
    marked = []
    for d in report.discrepancies:
        state, review = status[d.id]
        note = ReviewNote(**review.model_dump(include={"status", "reason", "by", "at", "source"}),
                          changes=what_changed(review.seen, d) if state == "stale" else ()) if review else None
        marked.append(d.model_copy(update={"status": state, "review": note}))
    return report.model_copy(update={"discrepancies": tuple(marked), "stale_reviews": tuple(r.id for r in gone)})


def build_report(corpus: Path | list[Path], progress=None, cache_dir: Path | None = None
                 ) -> tuple[Report, Extraction]:
    """The report on a corpus folder, or on a list of source files (`factcheck check a.md b.md`)."""
    paths = corpus if isinstance(corpus, list) else [corpus]
    kn, config_problems = _knowledge(paths[0] if len(paths) == 1 else paths[0].parent)
    result = extract_corpus(paths, kn, progress=progress, cache_dir=cache_dir)
    result.problems[:0] = config_problems
    comparison = compare(result.documents, result.claims, kn)
    discrepancies, corroborations = comparison.discrepancies, comparison.corroborations
    order = {"material": 0, "minor": 1}
    report = Report(
        corpus=" ".join(str(p) for p in paths),
        sources=tuple(d.meta for d in result.documents),
        skipped=tuple(p for p in result.problems if p.fatal),
        diagnostics=tuple(p for p in result.problems if not p.fatal),
        claims_total=sum(len(c) for c in result.claims.values()),
        claims_compared=comparison.compared, claims_unaligned=comparison.unaligned,
        discrepancies=tuple(sorted(discrepancies, key=lambda d: (order[d.severity], d.subject, d.id))),
        corroborations=tuple(sorted(corroborations, key=lambda c: (c.subject, c.label))))
    return report, result


def write_outputs(report: Report, result: Extraction, reports_dir: Path, claims_dir: Path) -> None:
    """Claim records (and the cache index that lets the next run skip unchanged sources), then the reports,
    all under the claims folder's lock: one writer at a time, leftovers of killed runs removed."""
    with writer_lock(claims_dir):
        write_claims(result, claims_dir)
        remove_temporaries(reports_dir)
        for fmt, name in sorted(FILE_NAMES.items()):
            text = REPORTERS[fmt].render(report, base=str(reports_dir)) if fmt == "html" \
                else REPORTERS[fmt].render(report)
            write_text(reports_dir / name, text)

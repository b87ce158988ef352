"""`factcheck check`: the whole pipeline on a corpus, claim records refreshed, reports written.

Exit code: 2 when the corpus or a source could not be read (every readable source is
still checked and the report lists what was skipped), else 1 when discrepancies at or
above `--fail-on` were found (0 with `--exit-zero`), else 0.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .compare import compare
from .knowledge import knowledge_for
from .models import Report
from .pipeline import extract_corpus
from .reporters import FILE_NAMES, REPORTERS
from .storage import jsonl, write_text

SEVERITY_RANK = {"minor": 0, "material": 1}


def build_report(corpus: Path) -> tuple[Report, dict]:
    kn = knowledge_for(corpus)
    result = extract_corpus([corpus], kn)
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
    return report, result.claims


def _summary(report: Report, reports_dir: Path) -> str:
    material = sum(d.severity == "material" for d in report.discrepancies)
    lines = [f"factcheck: {len(report.sources)} sources, {report.claims_total} claims, "
             f"{len(report.discrepancies)} discrepancies ({material} material, "
             f"{len(report.discrepancies) - material} minor), {len(report.corroborations)} corroborated figures"]
    for d in report.discrepancies[:10]:
        lines.append(f"  {d.id} {d.severity:8} {d.message[:150]}")
    if len(report.discrepancies) > 10:
        lines.append(f"  … and {len(report.discrepancies) - 10} more")
    for s in report.skipped:
        lines.append(f"  skipped {s.path}" + (f":{s.line}" if s.line else "") + f": {s.code} {s.message}")
    lines.append(f"reports: {reports_dir / FILE_NAMES['markdown']}, {reports_dir / FILE_NAMES['json']}")
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"factcheck: corpus folder not found: {corpus}", file=sys.stderr)
        return 2
    if sys.stderr.isatty():
        print(f"factcheck: checking {corpus} …", file=sys.stderr)
    report, claims = build_report(corpus)
    reports_dir = Path(args.reports)
    claims_dir = Path(args.claims) if args.claims else corpus.resolve().parent / "claims"
    for source, records in sorted(claims.items()):
        write_text(claims_dir / f"{source}.jsonl", jsonl(records))
    for fmt, reporter in sorted(REPORTERS.items()):
        write_text(reports_dir / FILE_NAMES[fmt], reporter.render(report))
    if args.format:
        sys.stdout.write(REPORTERS[args.format].render(report))
    print(_summary(report, reports_dir), file=sys.stderr if args.format else sys.stdout)
    for p in report.skipped:
        print(f"{p.path}" + (f":{p.line}" if p.line else "") + f": {p.code} {p.message}", file=sys.stderr)
    if report.skipped:
        return 2
    failing = [d for d in report.discrepancies if SEVERITY_RANK[d.severity] >= SEVERITY_RANK[args.fail_on]]
    return 1 if failing and not args.exit_zero else 0

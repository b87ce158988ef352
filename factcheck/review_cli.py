"""`factcheck review` and `factcheck explain`: the reviewer's two commands."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import build_report, claims_dir_for, missing_corpus
from .models import ClaimRef, Discrepancy
from .reviews import FILE_NAME, ReviewError, decide, state_of
from .rules.base import interval_text


def _find(args: argparse.Namespace) -> Discrepancy | None:
    corpus = Path(args.corpus)
    if missing_corpus(corpus):
        return None
    report, _ = build_report(corpus, cache_dir=claims_dir_for(corpus, getattr(args, 'claims', None)))
    found = next((d for d in report.discrepancies if d.id == args.id), None)
    if found is None:
        known = ", ".join(d.id for d in report.discrepancies) or "none"
        print(f"factcheck: no discrepancy {args.id} in {corpus} (current: {known})", file=sys.stderr)
    return found


def cmd_review(args: argparse.Namespace) -> int:
    if args.status == "error" and not args.source:
        print("factcheck: --status error needs --source: the source that is wrong", file=sys.stderr)
        return 2
    found = _find(args)
    if found is None:
        return 2
    path = claims_dir_for(Path(args.corpus), args.claims) / FILE_NAME
    try:
        review = decide(path, found, args.status, args.reason, args.by, args.source, args.at)
    except ReviewError as e:
        print(f"factcheck: {e}", file=sys.stderr)
        return 2
    print(f"{path}: {review.id} {review.status} by {review.by or 'unknown'} on {review.at}: {review.reason}")
    return 0


def _interval(c: ClaimRef) -> str:
    if c.kind == "date" and c.date:
        return f"{c.date.start}..{c.date.end} ({c.date.granularity}{', ' + c.date.mod if c.date.mod else ''})"
    if c.text_value is not None:
        return repr(c.text_value)
    return f"{interval_text(c)} {c.unit or ''} (stated {c.value if c.value is not None else 'range'}, bound {c.bound}, " \
           f"rounding ±{c.precision:,.4g})"


def cmd_explain(args: argparse.Namespace) -> int:
    found = _find(args)
    if found is None:
        return 2
    out = [f"{found.id} ({found.rule}, {found.severity}): {found.subject}",
           f"why: {found.reason}",
           f"grouped as: {found.subject_key} (subject confidence {found.subject_confidence:.2f}, "
           f"extraction confidence {found.extraction_confidence:.2f}); review state {state_of(found)}"]
    for n, p in enumerate(found.positions, 1):
        out.append(f"position {n}: {p.label} ({p.independent_sources} independent source(s))")
        for c in p.claims:
            out.append(f"  {c.path}:{c.line}:{c.column} {c.quote!r}")
            out.append(f"    normalised: {_interval(c)}")
            if c.period:
                out.append(f"    period: {c.period.start}..{c.period.end} ({c.period.origin}: {c.period.text!r})")
            if c.subject:
                words = ", ".join(repr(w) for w in c.subject.words) or "its counted noun"
                out.append(f"    subject: {c.subject.metric} of {', '.join(c.subject.entities)} (from {words})")
            if c.speaker:
                out.append(f"    speaker: {c.speaker}")
            out.append(f"    sentence: {c.sentence}")
    print("\n".join(out))
    return 0

"""`factcheck review` and `factcheck explain`: the reviewer's two commands.

Both say things in words: figures as people write them, entities by their names, no
grouping keys or state hashes (those stay in discrepancies.json for programs).
"""
from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from factcheck.cli import terminal
from factcheck.run.check import apply_reviews, build_report, claims_dir_for, missing_corpus
from factcheck.config.project import knowledge_for
from factcheck.models import ClaimRef, Discrepancy
from factcheck.review.decisions import FILE_NAME, ReviewError, decide, load, moved_from
from factcheck.wording import date_words, figure, noun_of_metric, party, plural
from factcheck.safe_text import visible


def _find(args: argparse.Namespace) -> Discrepancy | None:
    found, _ = _find_in_report(args)
    return found


def _find_in_report(args: argparse.Namespace) -> tuple[Discrepancy | None, list[Discrepancy]]:
    """The discrepancy `args.id` names, and every discrepancy of the report it is in."""
    corpus = Path(args.corpus)
    if missing_corpus(corpus):
        return None, []
    claims = claims_dir_for(corpus, getattr(args, "claims", None))
    report, _ = build_report(corpus, cache_dir=claims, skip=(claims,))
    try:
        report = apply_reviews(report, claims / FILE_NAME)
    except ReviewError as e:
        terminal.error(str(e))
        return None, []
    found = next((d for d in report.discrepancies if d.id == args.id), None)
    if found is None:
        ids = [d.id for d in report.discrepancies]
        near = difflib.get_close_matches(args.id, ids, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]}?" if near else f" (current: {', '.join(ids) or 'none'})"
        terminal.error(f"no discrepancy {args.id} in {corpus}{hint}")
    return found, list(report.discrepancies)


def _sources_of(d: Discrepancy) -> list[str]:
    return sorted({c.source for p in d.positions for c in p.claims})


def cmd_review(args: argparse.Namespace) -> int:
    if args.status == "error" and not args.source:
        terminal.error("--status error needs --source: the id of the source that is wrong")
        return 2
    found, everything = _find_in_report(args)
    if found is None:
        return 2
    if args.source and args.source not in _sources_of(found):
        near = difflib.get_close_matches(args.source, _sources_of(found), n=1, cutoff=0.5)
        terminal.error(f"--source {args.source} is not a source of {found.id}"
                       + (f"; did you mean {near[0]}?" if near else "")
                       + f" (its sources: {', '.join(_sources_of(found))})")
        return 2
    path = claims_dir_for(Path(args.corpus), args.claims) / FILE_NAME
    try:
        review = decide(path, found, args.status, args.reason, args.by, args.source, args.at,
                        replaces=moved_from(found, everything, load(path)))
    except ReviewError as e:
        terminal.error(str(e))
        return 2
    print(visible(f"{path}: {review.id} {review.status} by {review.by or 'unknown'} on {review.at}: {review.reason}"))
    return 0


def _reading(c: ClaimRef) -> str:
    """How factcheck read the words, and what they allow."""
    noun = noun_of_metric(c.subject.metric if c.subject else None)
    if c.kind == "date" and c.date:
        return f"{date_words(c.date)}" + (f" ({c.date.mod.lower()} of it)" if c.date.mod else "")
    if c.text_value is not None:
        return c.text_value
    rounding = " (a rounded figure: it stands for the whole interval)" if c.precision else ""
    return figure(c, noun) + rounding


def _claim_lines(c: ClaimRef, labels: dict[str, str]) -> list[str]:
    out = [f"  {c.path}:{c.line}:{c.column} \"{' '.join(c.quote.split())}\"", f"    read as: {_reading(c)}"]
    if c.period:
        origin = {"stated": "stated in its sentence", "context": "from earlier in the paragraph",
                  "document": "the publication date"}[c.period.origin]
        out.append(f"    period: {date_words(c.period)} ({origin}" + (f": \"{c.period.text}\")" if c.period.text
                                                                       else ")"))
    if c.subject:
        names = [party(e, labels) for e in c.subject.entities if e]
        named = [n for n in names if n.lower() not in c.subject.metric.lower()]  # the metric may name them already
        words = ", ".join(f'"{w}"' for w in c.subject.words) or "its counted noun"
        out.append(f"    about: {c.subject.metric}" + (f" of {', '.join(named)}" if named else "") + f" (from {words})")
    if c.speaker:
        out.append(f"    said by: {c.speaker}")
    out.append(f"    sentence: {' '.join(c.sentence.split())}")
    return out


def explanation(d: Discrepancy, labels: dict[str, str]) -> list[str]:
    confidence = (f"how sure: subject grouping {d.subject_confidence:.0%}, reading of the figures "
                  f"{d.extraction_confidence:.0%}")
    out = [f"{d.id} ({d.severity}, {d.status}): {d.subject}", f"why: {d.reason}",
           *([f"lined up: {d.alignment}"] if d.alignment else []),
           confidence + (" — check the grouping and the words before acting" if min(
               d.subject_confidence, d.extraction_confidence) < 0.7 else "")]
    if d.review is not None:
        out.append(f"review: {d.review.status} by {d.review.by or 'unknown'} on {d.review.at}: {d.review.reason}")
        out += [f"  changed since: {x}" for x in d.review.changes]
    for n, p in enumerate(d.positions, 1):
        out.append(f"position {n}: {p.label} ({plural(p.independent_sources, 'independent source')})")
        for c in p.claims:
            out += _claim_lines(c, labels)
    out.append(f"decide: factcheck review {d.id} --status explained|accepted|error --reason \"...\"")
    return out


def cmd_explain(args: argparse.Namespace) -> int:
    found = _find(args)
    if found is None:
        return 2
    kn = knowledge_for(Path(args.corpus))
    labels = {k: str(v.get("label", k)) for k, v in kn.data["entities"].get("aliases", {}).items()}
    print(visible("\n".join(explanation(found, labels))))
    return 0

"""The report for people: a summary table, then each discrepancy with its positions and why."""
from __future__ import annotations

from collections.abc import Iterator

from tabulate import tabulate

from factcheck.models import ClaimRef, Discrepancy, Report
from factcheck.wording import figure, noun_of_metric, plural
from factcheck.safe_text import markdown_text, one_line
from factcheck.report.memo import NO_MEMO, Memo


def _value(c: ClaimRef) -> str:
    """The figure as a person writes it, and the interval it stands for ('$17.2 billion (17.15–17.25 billion)')."""
    return figure(c, noun_of_metric(c.subject.metric if c.subject else None))


def _cell(text: str) -> str:
    """Source text in a table cell or line: one line, no raw HTML, control and bidi characters visible."""
    return markdown_text(text)


def _discrepancy(d: Discrepancy) -> list[str]:
    lines = [f"### {d.id} · {d.severity} · {_cell(d.subject)}", ""]
    if d.review is not None:
        what = f"{d.review.status}" + (f" (error in {d.review.source})" if d.review.source else "")
        lines += [f"**Review ({d.status}):** {what} by {_cell(d.review.by or 'unknown')} on {_cell(d.review.at)}: "
                  f"{_cell(d.review.reason)}" + (" — the discrepancy changed since; decide again." if d.status ==
                                                  "stale" else ""), ""]
        lines += [f"- changed since the decision: {_cell(x)}" for x in d.review.changes] + \
            ([""] if d.review.changes else [])
    lines += [
             f"**Why it is a conflict:** {_cell(d.reason)} (rule `{d.rule}`).", "",
             *([f"**Why these claims were lined up:** {_cell(d.alignment)}.", ""] if d.alignment else []),
             f"Subject confidence {d.subject_confidence:.2f}, extraction confidence {d.extraction_confidence:.2f}"
             + (" — check the parse or the grouping before acting." if min(d.subject_confidence,
                                                                          d.extraction_confidence) < 0.7 else "."),
             ""]
    rows = []
    for n, p in enumerate(d.positions, 1):
        for c in p.claims:
            rows.append([f"{n} ({p.independent_sources} independent)", _cell(c.source), _cell(f"{c.path}:{c.line}"),
                         _cell(c.quote), one_line(_value(c)), _cell(c.speaker or ""), _cell(c.sentence)[:160]])
    lines.append(tabulate(rows, headers=["position", "source", "where", "quote", "read as", "speaker",
                                         "sentence"], tablefmt="github", disable_numparse=True))
    return lines + ["", f'To decide: `factcheck review {d.id} --status explained|accepted|error --reason "..."` '
                    "(error also takes `--source ID`).", ""]


def render(report: Report) -> str:
    return "".join(chunks(report))


SECTIONS = (("new", "New discrepancies"), ("stale", "Reviewed, but changed since (stale)"), ("reviewed", "Reviewed"))


def chunks(report: Report, memo: Memo = NO_MEMO) -> Iterator[str]:
    """The report a discrepancy at a time (a large report is never one string in memory); each discrepancy's
    section from `memo` when the last run rendered the same one."""
    out = _head(report) + _skipped(report)
    if report.discrepancies:
        out += _summary(report)
        for status, title in SECTIONS:
            chosen = [d for d in report.discrepancies if d.status == status]
            if chosen:
                out += [f"## {title}", ""]
                for d in chosen:
                    yield "\n".join(out) + "\n"
                    out = [memo.piece("markdown", d, lambda: "\n".join(_discrepancy(d)))]
    else:
        out += ["No discrepancies found.", ""]
    out += _stale_reviews(report) + _corroborated(report)
    yield "\n".join(out)


def _head(report: Report) -> list[str]:
    return ["# Discrepancy report", "",
            f"{plural(len(report.sources), 'source')} read, {len(report.skipped)} skipped, "
            f"{plural(report.claims_total, 'claim')} ({report.claims_unaligned} of {report.claims_compared} "
            f"comparable lined up with nothing), {plural(len(report.discrepancies), 'discrepancy')} "
            f"({sum(d.severity == 'material' for d in report.discrepancies)} material), "
            f"{plural(len(report.corroborations), 'corroborated figure')}.", ""]


def _skipped(report: Report) -> list[str]:
    if not report.skipped:
        return []
    return ["## Sources that could not be read", "",
            tabulate([[_cell(s.path), s.line or "", s.code, _cell(s.message)] for s in report.skipped],
                     headers=["file", "line", "code", "problem"], tablefmt="github"), ""]


def _summary(report: Report) -> list[str]:
    return ["## Summary", "", tabulate(
        [[d.id, d.status, d.severity, _cell(d.subject), len(d.positions),
          ", ".join(sorted({c.source for p in d.positions for c in p.claims}))] for d in report.discrepancies],
        headers=["id", "status", "severity", "subject", "positions", "sources"], tablefmt="github"), ""]


def _stale_reviews(report: Report) -> list[str]:
    if not report.stale_reviews:
        return []
    return ["## Stale reviews", "", "These decisions name discrepancies that no longer exist; remove them from "
            "the reviews file: " + ", ".join(report.stale_reviews), ""]


def _corroborated(report: Report) -> list[str]:
    if not report.corroborations:
        return []
    return ["## Corroborated figures", "", tabulate(
        [[_cell(c.subject), _cell(c.label), c.independent_sources, ", ".join(sorted({r.source for r in c.claims}))]
         for c in report.corroborations],
        headers=["subject", "figure", "independent sources", "sources"], tablefmt="github"), ""]

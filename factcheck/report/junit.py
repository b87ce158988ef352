"""JUnit XML: one test case per compared subject; a discrepancy is a failure, a reviewed one is skipped.

Source text passes through `safe_text.visible` first: XML 1.0 forbids most control characters
(a vertical tab from a PDF conversion would make the file ill-formed)."""
from __future__ import annotations

from xml.sax import saxutils

from factcheck.models import Report
from factcheck.safe_text import visible


def escape(text: str) -> str:
    return saxutils.escape(visible(text))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(visible(text))


def render(report: Report) -> str:
    cases = []
    for d in report.discrepancies:
        name = quoteattr(f"{d.id} {d.subject}")
        body = escape(d.message + "\nWhy: " + d.reason + "\n" + "\n".join(
            f"{c.path}:{c.line}: {c.quote}" for p in d.positions for c in p.claims))
        if d.review is not None and d.status == "reviewed":
            inner = f'<skipped message={quoteattr(d.review.status + ": " + d.review.reason)}/>'
        else:
            inner = f'<failure type="{d.code}" message={quoteattr(d.severity + " " + d.status)}>{body}</failure>'
        cases.append(f'    <testcase classname="factcheck.{d.rule}" name={name}>{inner}</testcase>')
    for c in report.corroborations:
        cases.append(f'    <testcase classname="factcheck.corroboration" name={quoteattr(c.subject)}/>')
    failures = sum(d.status != "reviewed" for d in report.discrepancies)
    skipped = len(report.discrepancies) - failures
    errors = [f'    <testcase classname="factcheck.source" name={quoteattr(s.path)}><error type="{s.code}" '
              f'message={quoteattr(s.message)}/></testcase>' for s in report.skipped]
    head = (f'<testsuite name="factcheck" tests="{len(cases) + len(errors)}" failures="{failures}" '
            f'errors="{len(errors)}" skipped="{skipped}">')
    return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  ' + head + "\n" + "\n".join(cases + errors) + \
        "\n  </testsuite>\n</testsuites>\n"

"""GitHub Actions workflow commands: one annotation per discrepancy, most severe first.

GitHub shows only the first ten error and ten warning annotations of a step, so the
open (unreviewed or stale) material ones come first, and a last line counts the rest.
"""
from __future__ import annotations

from factcheck.models import Report
from factcheck.safe_text import visible
from factcheck.wording import plural
from factcheck.report.locations import region

LIMIT = 10
_ORDER = {("material", "new"): 0, ("material", "stale"): 1, ("minor", "new"): 2, ("minor", "stale"): 3}


def _data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    open_items = sorted((d for d in report.discrepancies if d.status != "reviewed"),
                        key=lambda d: (_ORDER[(d.severity, d.status)], d.id))
    lines = []
    for d in open_items[:LIMIT]:
        c = d.positions[0].claims[0]
        r = region(c)
        level = "error" if d.severity == "material" else "warning"
        title = f"{d.id} {d.subject}"
        lines.append(f"::{level} file={_prop(c.path)},line={r['startLine']},col={r['startColumn']},"
                     f"endLine={r['endLine']},endColumn={r['endColumn']},title={_prop(title)}::"
                     f"{_data(d.message + '. Why: ' + d.reason)}")
    rest = len(open_items) - LIMIT
    reviewed = len(report.discrepancies) - len(open_items)
    lines.append(f"::notice title=factcheck::{plural(len(open_items), 'open discrepancy', 'open discrepancies')}"
                 + (f" ({rest} not annotated above)" if rest > 0 else "")
                 + f", {reviewed} reviewed; see the discrepancy report")
    return "\n".join(lines) + "\n"

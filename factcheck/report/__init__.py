"""Stage 5, report: a `Report` in words, one reporter a module, each `render(report) -> str`, chosen by `--format`.

`FILE_NAMES` are the reports `check` always writes; their modules also have `chunks(report)`, the same text
in pieces, so that a report of tens of MB is written without being one string in memory. The others print
to stdout when chosen.
"""
from __future__ import annotations

from types import ModuleType

from factcheck.report import github, html, json_report, junit, markdown, sarif

REPORTERS: dict[str, ModuleType] = {"markdown": markdown, "json": json_report, "sarif": sarif, "github": github,
                                    "junit": junit, "html": html}
FILE_NAMES = {"markdown": "discrepancies.md", "json": "discrepancies.json", "html": "index.html"}

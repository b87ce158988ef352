"""Reporters, one per module, each `render(report, kn) -> str`, chosen by `--format`."""
from __future__ import annotations

from types import ModuleType

from . import json_report, markdown

REPORTERS: dict[str, ModuleType] = {"markdown": markdown, "json": json_report}
FILE_NAMES = {"markdown": "discrepancies.md", "json": "discrepancies.json"}

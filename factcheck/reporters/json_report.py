"""The report as JSON (the contract in shared/eval/README.md): deterministic bytes.

The top level is indented and every record of a list (a source, a discrepancy, a corroboration,
a diagnostic) is one line of compact JSON with sorted keys: a change to the corpus shows in a
diff as the records it changed, and the standard library writes compact JSON in C, where
indenting every level took seconds for a large report.
"""
from __future__ import annotations

from pydantic import BaseModel

from ..models import Report
from ..storage import strict_json


def render(report: Report) -> str:
    """Record by record: the report as one tree of dicts would take several times the memory of its text."""
    fields = []
    for key in sorted(type(report).model_fields):
        value = getattr(report, key)
        if isinstance(value, tuple) and value:
            items = ",\n".join("    " + _compact(_plain(item)) for item in value)
            fields.append(f'  {_compact(key)}: [\n{items}\n  ]')
        else:
            fields.append(f"  {_compact(key)}: {_compact(_plain(value))}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def _plain(value: object) -> object:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def _compact(value: object) -> str:
    return strict_json(value, sort_keys=True, separators=(", ", ": "))

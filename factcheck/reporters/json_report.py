"""The report as JSON (the contract in shared/eval/README.md): deterministic bytes.

The top level is indented and every record of a list (a source, a discrepancy, a corroboration,
a diagnostic) is one line of compact JSON with sorted keys: a change to the corpus shows in a
diff as the records it changed, and the standard library writes compact JSON in C, where
indenting every level took seconds for a large report.
"""
from __future__ import annotations

from ..models import Report
from ..storage import strict_json


def render(report: Report) -> str:
    data = report.model_dump(mode="json")
    fields = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            items = ",\n".join("    " + _compact(item) for item in value)
            fields.append(f'  {_compact(key)}: [\n{items}\n  ]')
        else:
            fields.append(f"  {_compact(key)}: {_compact(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def _compact(value: object) -> str:
    return strict_json(value, sort_keys=True, separators=(", ", ": "))

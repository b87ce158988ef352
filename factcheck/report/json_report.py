"""The report as JSON (the contract in shared/eval/README.md): deterministic bytes.

The top level is indented and every record of a list (a source, a discrepancy, a corroboration,
a diagnostic) is one line of compact JSON with sorted keys: a change to the corpus shows in a
diff as the records it changed, and the standard library writes compact JSON in C, where
indenting every level took seconds for a large report.
"""
from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from factcheck.models import Report
from factcheck.state.storage import strict_json
from factcheck.report.memo import NO_MEMO, Memo

_LARGE = frozenset({"discrepancies", "corroborations"})


def render(report: Report) -> str:
    return "".join(chunks(report))


def chunks(report: Report, memo: Memo = NO_MEMO) -> Iterator[str]:
    """The text record by record: neither the report as one tree of dicts nor its whole text is ever in memory.
    Discrepancies and corroborations, the large records, come from `memo` when the last run wrote the same."""
    yield "{\n"
    for n, key in enumerate(sorted(type(report).model_fields)):
        value = getattr(report, key)
        yield ",\n" if n else ""
        if isinstance(value, tuple) and value:
            yield f"  {_compact(key)}: [\n"
            for k, item in enumerate(value):
                text = memo.piece("json", item, lambda: _compact(_plain(item))) if key in _LARGE else \
                    _compact(_plain(item))
                yield (",\n    " if k else "    ") + text
            yield "\n  ]"
        else:
            yield f"  {_compact(key)}: {_compact(_plain(value))}"
    yield "\n}\n"


def _plain(value: object) -> object:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def _compact(value: object) -> str:
    return strict_json(value, sort_keys=True, separators=(", ", ": "))

"""Where a claim stands, as code-scanning formats want it: path, start and end line and column."""
from __future__ import annotations

from factcheck.models import ClaimRef


def region(c: ClaimRef) -> dict[str, int]:
    lines = c.quote.split("\n")
    end_line = c.line + len(lines) - 1
    end_column = (c.column + len(c.quote)) if len(lines) == 1 else len(lines[-1]) + 1
    return {"startLine": c.line, "startColumn": c.column, "endLine": end_line, "endColumn": end_column}


def uri(path: str) -> str:
    return path.replace("\\", "/")

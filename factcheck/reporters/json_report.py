"""The report as JSON (the contract in shared/eval/README.md): deterministic bytes."""
from __future__ import annotations

from ..models import Report
from ..storage import strict_json


def render(report: Report) -> str:
    return strict_json(report.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"

"""The report as JSON (the contract in shared/eval/README.md): deterministic bytes."""
from __future__ import annotations

import json

from ..models import Report


def render(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

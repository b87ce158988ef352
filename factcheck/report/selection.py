"""Rule codes for people: `factcheck rules`, and `--select`/`--ignore` as ruff has them.

A code or a prefix of one selects rules ("FC2" is every figure rule, "FC201" only
counts); `--ignore` wins over `--select`. An unknown code is an error with the nearest
known one suggested, never an empty selection that would look like a clean run.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from factcheck.config.knowledge import ConfigError
from factcheck.models import Report
from factcheck.compare.rules import ALL_RULES

KIND_NAMES = {"FC201": "counts", "FC202": "amounts of money", "FC203": "percentages", "FC204": "physical quantities",
              "FC205": "multipliers ('fivefold')"}


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    summary: str
    severity: str


def _doc_line(doc: str, prefix: str) -> str:
    """The paragraph of a rule docstring that starts with `prefix` ('Severity:'), on one line."""
    paragraphs = [" ".join(p.split()) for p in doc.split("\n\n")]
    found = next((p for p in paragraphs if p.startswith(prefix)), "")
    return found[len(prefix):].strip().replace("*", "")


def rules() -> list[RuleInfo]:
    """Every rule code with what it finds and how severe its findings are, from the rule docstrings."""
    out: dict[str, RuleInfo] = {}
    for module in ALL_RULES:
        doc = (module.__doc__ or "").strip()
        summary, severity = doc.splitlines()[0].rstrip("."), _doc_line(doc, "Severity:")
        for code in sorted(set(getattr(module, "CODES", {}).values()) or {module.CODE}):
            what = f"{summary} ({KIND_NAMES[code]})" if code in KIND_NAMES else summary
            out[code] = RuleInfo(code, module.NAME, what, severity)
    return sorted(out.values(), key=lambda r: r.code)


def check_codes(codes: tuple[str, ...], option: str) -> tuple[str, ...]:
    """The codes, upper-cased; an unknown one is an error naming the nearest known code."""
    known = [r.code for r in rules()]
    out = []
    for raw in codes:
        for code in (c.strip().upper() for c in raw.split(",") if c.strip()):
            if code != "ALL" and not any(k.startswith(code) for k in known):
                near = difflib.get_close_matches(code, known, n=1, cutoff=0.5)
                hint = f"; did you mean {near[0]}?" if near else ""
                raise ConfigError(f"{option} {code}: no rule has this code{hint} (`factcheck rules` lists them)")
            out.append(code)
    return tuple(out)


def selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    chosen = not select or any(s == "ALL" or code.startswith(s) for s in select)
    return chosen and not any(code.startswith(i) for i in ignore)


def apply_selection(report: Report, select: tuple[str, ...], ignore: tuple[str, ...]) -> Report:
    """The report with only the selected rules' discrepancies (and reviews of vanished ones)."""
    if not select and not ignore:
        return report
    kept = tuple(d for d in report.discrepancies if selected(d.code, select, ignore))
    gone = tuple(r for r in report.stale_reviews if selected(r.split("-")[0], select, ignore))
    return report.model_copy(update={"discrepancies": kept, "stale_reviews": gone})

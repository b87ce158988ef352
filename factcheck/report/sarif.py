"""SARIF 2.1.0 for code-scanning tools: every claim of a discrepancy is a location.

`partialFingerprints` carry the discrepancy's stable id (v2: a fingerprint of what is compared, unique in the
report; v1 ids were made from the members and changed when a source joined); `baselineState` carries the
review state (new -> new, reviewed -> unchanged, stale -> updated; a decision whose
discrepancy is gone -> absent); a reviewed discrepancy is an external suppression.
"""
from __future__ import annotations

from factcheck import __version__
from factcheck.models import Discrepancy, Report
from factcheck.compare.rules import ALL_RULES
from factcheck.state.storage import strict_json
from factcheck.report.locations import region, uri

LEVEL = {"material": "error", "minor": "warning"}
BASELINE = {"new": "new", "reviewed": "unchanged", "stale": "updated"}


def _rules() -> list[dict]:
    seen, out = set(), []
    for module in ALL_RULES:
        codes = sorted(set(getattr(module, "CODES", {}).values()) or {module.CODE})
        doc = (module.__doc__ or "").strip()
        for code in codes:
            if code in seen:
                continue
            seen.add(code)
            out.append({"id": code, "name": module.NAME, "shortDescription": {"text": doc.splitlines()[0]},
                        "fullDescription": {"text": doc}, "defaultConfiguration": {"level": "error"}})
    return sorted(out, key=lambda r: r["id"])


def _result(d: Discrepancy) -> dict:
    locations = []
    for n, p in enumerate(d.positions, 1):
        for c in p.claims:
            locations.append({
                "physicalLocation": {"artifactLocation": {"uri": uri(c.path)},
                                     "region": {**region(c), "snippet": {"text": c.quote}}},
                "message": {"text": f"position {n}: {c.quote}"}})
    result = {"ruleId": d.code, "level": LEVEL[d.severity], "message": {"text": f"{d.message}. Why: {d.reason}."},
              "locations": locations[:1], "relatedLocations": [dict(loc, id=k) for k, loc in enumerate(locations)],
              "partialFingerprints": {"factcheckDiscrepancy/v2": d.id}, "baselineState": BASELINE[d.status],
              "properties": {"discrepancyId": d.id, "subject": d.subject, "status": d.status,
                             "subjectConfidence": d.subject_confidence,
                             "extractionConfidence": d.extraction_confidence}}
    if d.review is not None and d.status == "reviewed":
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"{d.review.status}: {d.review.reason}"}]
    return result


def render(report: Report) -> str:
    results = [_result(d) for d in report.discrepancies]
    for gone in report.stale_reviews:
        results.append({"ruleId": gone.split("-")[0], "level": "none", "baselineState": "absent",
                        "message": {"text": f"the reviewed discrepancy {gone} no longer exists"},
                        "partialFingerprints": {"factcheckDiscrepancy/v2": gone}})
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": {"name": "factcheck", "version": __version__, "rules": _rules()}},
                       "columnKind": "unicodeCodePoints", "results": results}]}
    return strict_json(sarif, indent=2, sort_keys=True) + "\n"

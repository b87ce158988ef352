"""The pipeline as a list of named steps, each a plain function over typed data.

load sources -> find mentions and normalise to claims -> resolve subjects ->
group and compare -> report. `extract_corpus` runs the first two; `check_corpus`
(compare.py) runs them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .extract import extract_document
from .knowledge import Knowledge, knowledge_for
from .models import Claim, Diagnostic
from .sources import Document, load_documents


@dataclass
class Extraction:
    documents: list[Document] = field(default_factory=list)
    claims: dict[str, list[Claim]] = field(default_factory=dict)   # source id -> claims, in text order
    problems: list[Diagnostic] = field(default_factory=list)       # fatal ones are skipped sources


def extract_corpus(paths: list[Path], kn: Knowledge | None = None) -> Extraction:
    kn = kn or knowledge_for(paths[0] if len(paths) == 1 else None)
    docs, problems = load_documents(paths)
    out = Extraction(problems=list(problems))
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.meta.id in seen:
            out.problems.append(Diagnostic(
                code="FC906", path=doc.meta.path, fatal=True,
                message=f"duplicate source id {doc.meta.id!r}: also used by {seen[doc.meta.id]}"))
            continue
        seen[doc.meta.id] = doc.meta.path
        claims, diags = extract_document(doc, kn)
        out.documents.append(doc)
        out.claims[doc.meta.id] = claims
        out.problems.extend(diags)
    return out

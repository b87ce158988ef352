"""The pipeline as a list of named steps, each a plain function over typed data.

load sources -> find mentions and normalise to claims -> resolve subjects ->
group and compare -> report. `extract_corpus` runs the first two; `check.build_report`
runs them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import functools
import hashlib
import json

from . import __version__
from .extract import extract_document
from .knowledge import Knowledge, knowledge_for
from .models import Claim, Diagnostic
from .sources import Document, load_documents

INDEX = ".index.json"


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The extraction code itself: a new release or a local edit must not reuse old claims."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def knowledge_fingerprint(kn: Knowledge) -> str:
    """Claims depend on the code and the vocabularies: a change to either invalidates the cache."""
    blob = json.dumps([_code_fingerprint(), kn.data, kn.default_dollar, kn.rates], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _cached_claims(cache_dir: Path | None, doc: Document, index: dict, fingerprint: str) -> list[Claim] | None:
    entry = index.get(doc.meta.id)
    path = cache_dir / f"{doc.meta.id}.jsonl" if cache_dir else None
    if path is None or not entry or entry != {"sha256": doc.meta.sha256, "knowledge": fingerprint} \
            or not path.is_file():
        return None
    try:
        return [Claim.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, ValueError):
        return None  # a damaged cache is re-extracted, never trusted


def read_index(cache_dir: Path | None) -> dict:
    try:
        index = json.loads((cache_dir / INDEX).read_text(encoding="utf-8")) if cache_dir else {}
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


@dataclass
class Extraction:
    documents: list[Document] = field(default_factory=list)
    claims: dict[str, list[Claim]] = field(default_factory=dict)   # source id -> claims, in text order
    problems: list[Diagnostic] = field(default_factory=list)       # fatal ones are skipped sources
    reused: set[str] = field(default_factory=set)                  # sources read back from the claim cache
    fingerprint: str = ""


def extract_corpus(paths: list[Path], kn: Knowledge | None = None,
                   progress: Callable[[int, int, str], None] | None = None,
                   cache_dir: Path | None = None) -> Extraction:
    """Load every source and extract its claims; `progress(done, total, path)` is told after each source.

    With `cache_dir` (the claims folder), a source whose content hash and vocabulary fingerprint match
    the index there is not re-extracted: its stored claim records are read back.
    """
    kn = kn or knowledge_for(paths[0] if len(paths) == 1 else None)
    docs, problems = load_documents(paths)
    out = Extraction(problems=list(problems))
    index, fingerprint = read_index(cache_dir), knowledge_fingerprint(kn)
    out.fingerprint = fingerprint
    seen: dict[str, str] = {}
    for n, doc in enumerate(docs, 1):
        if progress is not None:
            progress(n, len(docs), doc.meta.path)
        if doc.meta.id in seen:
            out.problems.append(Diagnostic(
                code="FC906", path=doc.meta.path, fatal=True,
                message=f"duplicate source id {doc.meta.id!r}: also used by {seen[doc.meta.id]}"))
            continue
        seen[doc.meta.id] = doc.meta.path
        cached = _cached_claims(cache_dir, doc, index, fingerprint)
        if cached is not None:
            out.documents.append(doc)
            out.claims[doc.meta.id] = cached
            out.reused.add(doc.meta.id)
            continue
        try:
            claims, diags = extract_document(doc, kn)
        except Exception as e:  # a bug must cost one source, reported, never the whole corpus
            out.problems.append(Diagnostic(code="FC990", path=doc.meta.path, fatal=True,
                                           message=f"internal error while extracting: {type(e).__name__}: {e}"))
            continue
        out.documents.append(doc)
        out.claims[doc.meta.id] = claims
        out.problems.extend(diags)
    return out

"""One family of a story compared: lined up part by part, and each new part's groups put through their rules.

A family is what can be compared with what (align/scoring.py). `family_findings` is a task a worker can run:
everything it needs is in its arguments, and what it gives back is findings plus how the family split into
parts, for the story cache to keep (state/story_cache.py).
"""
from __future__ import annotations

from factcheck.align.family_parts import FamilyParts, Known, line_up_parts
from factcheck.align.matching import Alignment
from factcheck.align.scoring import align_family
from factcheck.compare.findings import Comparison, alignment_findings
from factcheck.config.knowledge import Knowledge, canonical_knowledge
from factcheck.config.vocab import FrameVocab, vocab_for
from factcheck.models import Claim

LinedUp = tuple[list[tuple[str, Comparison]], FamilyParts]
"""A family lined up: the findings of each part lined up anew (by part key), and how it split into parts."""


def family_findings(members: list[Claim], idf: dict[str, float], sources: dict[str, tuple[str, str]], kn: Knowledge,
                    fingerprint: str, known: Known | None) -> LinedUp:
    """One family lined up part by part (align/family_parts.py), and each new part's groups through their rules (a task
    for a worker: everything it needs is in its arguments)."""
    voc = vocab_for(canonical_knowledge(kn))
    lined = line_up_parts(members, idf, sources, voc, fingerprint, known)
    paths = {s: path for s, (path, _) in sources.items()}
    found = [(key, alignment_findings(aligned, paths, voc)) for key, aligned in lined.found]
    lined.found = []
    return found, lined


def aligned_titles(members: list[Claim], idf: dict[str, float], voc: FrameVocab) -> Alignment:
    """Titles are lined up whole in the story's own process: their links explain the groups of one rank too."""
    aligned = Alignment()
    align_family(members, idf, voc, aligned)
    return aligned

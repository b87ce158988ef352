"""How alike two words are in meaning, from word vectors shipped inside a package (WordLlama).

Two counts of people line up only when what is said of them means the same ("killed" and "died" do,
"rescued" and "killed" do not), and no word list can hold every verb a user's sources use. WordLlama
0.4 ships its 256-dimension vectors and tokenizer in the wheel (numpy only); it is loaded from the
package's own folder with downloads disabled, once, on the first pair that needs it. Without the
package every pair of different words counts as unlike, so the checker stays conservative.
"""
from __future__ import annotations

import functools
from pathlib import Path

DIMENSIONS = 256


@functools.lru_cache(maxsize=1)
def _model():
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        return None
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=DIMENSIONS)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two words or phrases, 1.0 for the same text, 0.0 when no model is installed."""
    return 1.0 if a == b else _similarity(*sorted((a, b)))


@functools.lru_cache(maxsize=1 << 14)
def _similarity(a: str, b: str) -> float:
    """One cache entry a pair, whichever order it is asked in."""
    model = _model()
    return 0.0 if model is None else float(model.similarity(a, b))

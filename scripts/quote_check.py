"""Find where the project's own text repeats the evaluation texts word for word.

Docstrings, comments, tests and docs must explain a mechanism with made-up examples, never with
sentences of the seeds or the eval corpora (they are others' text, and a rule written around one of
their sentences is tuned to it). This lists every run of N words (default 6, lower-cased, punctuation
dropped) that a project file shares with those texts, skipping runs of stop words and numbers.

    python3 scripts/quote_check.py [--shared ../shared] [-n 6]

Exit 1 when something is found. It needs ../shared, so it is a developer's tool, not a CI test.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOP = set("the a an of to and or in on at for with by from as that this is was were are be been its it his her "
           "their they he she we our which who than more most also has have had not but after before over into "
           "about per".split())
OWN = [ROOT / "factcheck", ROOT / "tests", ROOT / "README.md", ROOT / "docs", ROOT / "scripts"]
SKIP_PARTS = {"corpora", "golden", "__pycache__", "schemas"}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())


def ngrams(ws: list[str], n: int) -> set[tuple[str, ...]]:
    out = set()
    for i in range(len(ws) - n + 1):
        gram = tuple(ws[i:i + n])
        content = [w for w in gram if w not in STOP and not w.isdigit()]
        if len(content) >= n // 2 + 1:
            out.add(gram)
    return out


def eval_texts(shared: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in (shared / "seeds").glob("*.txt")]
    for pattern in ("eval/devset/corpus/*", "eval/realnews-dev/*/corpus/*", "eval/wikicontradict-dev/instances/*/corpus/*"):
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in shared.glob(pattern) if p.is_file()]
    nq = shared / "bench/newsquant/NewsQuant.json"
    if nq.is_file():
        texts += [item["text"] for item in json.loads(nq.read_text(encoding="utf-8"))]
    return texts


def own_files() -> list[Path]:
    out = []
    for root in OWN:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        out += [p for p in files if p.is_file() and p.suffix in (".py", ".md", ".yaml", ".yml", ".txt")
                and not SKIP_PARTS & set(p.relative_to(ROOT).parts)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-n", type=int, default=6)
    a = ap.parse_args()
    theirs: set[tuple[str, ...]] = set()
    for text in eval_texts(a.shared):
        theirs |= ngrams(words(text), a.n)
    found = 0
    for path in own_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            hits = ngrams(words(line), a.n) & theirs
            if hits:
                found += 1
                print(f"{path.relative_to(ROOT)}:{number}: {' '.join(sorted(hits)[0])}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

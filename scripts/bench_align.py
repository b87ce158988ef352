"""The full check on a generated corpus, against an earlier version of factcheck, in the same run; and how
the candidate pairs that alignment scores grow with the corpus.

The corpus is made of copies of the bundled notes, the harbour test corpus and (when it is there) the
devset of ../shared/eval, each copy with its own id and its figures perturbed, so that copies disagree
the way real sources do. The baseline is a git revision of this repository, checked out into a temporary
worktree and run with the same interpreter. A benchmark, not a test: the numbers depend on the machine.

    .venv/bin/python scripts/bench_align.py [--sources 1400] [--baseline 9bcc77f] [--steps 350,700,1400]
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = [ROOT / "corpus", ROOT / "tests" / "corpora" / "harbour", ROOT.parent / "shared" / "eval" / "devset" / "corpus"]
RUN = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from factcheck.run.check import build_report
start = time.perf_counter()
report, _ = build_report(Path(sys.argv[2]), cache_dir=None)
print(f"{time.perf_counter() - start:.2f} {len(report.discrepancies)}")
"""


def seed_notes() -> list[tuple[str, str]]:
    """(suffix, text) of every note in the seed folders that exist here, in a fixed order."""
    out = []
    for folder in SEEDS:
        if folder.is_dir():
            out += [(p.suffix, p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())
                    if p.suffix in (".md", ".txt")]
    return out


def perturb(text: str, rng: random.Random) -> str:
    """Change about one figure in ten of the body by a few percent: copies that mostly agree, sometimes not.
    The front matter stays as it is: a changed 'published: 2026-03-09' would no longer be an ISO date."""
    def shift(m: re.Match[str]) -> str:
        if rng.random() > 0.1 or len(m.group()) > 6:
            return m.group()
        return str(max(1, int(int(m.group()) * rng.choice((0.9, 0.95, 1.05, 1.1)))))
    at = front_matter_end(text)
    return text[:at] + re.sub(r"(?<![\d.,])\d{2,4}(?![\d.,])", shift, text[at:])


def front_matter_end(text: str) -> int:
    """Where the body starts: after a leading '---' block, else at 0."""
    front = re.match(r"---\n.*?\n---\n", text, re.S)
    return front.end() if front else 0


KEEP = frozenset("""January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That These Those There Their They Its His Her
But And Yet For With From After Before Since While When Under Over Into About Some Most Many More""".split())
SYLLABLES = ("ba", "dor", "el", "fen", "gar", "hal", "ira", "jun", "kel", "lor", "mav", "nor", "osk", "pel", "quen",
             "ros", "sal", "tev", "ul", "var", "wen", "yst", "zor")


def made_up_name(rng: random.Random) -> str:
    """A pronounceable name that no real source uses, so unrelated stories share no actors."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def unrelated(text: str, rng: random.Random) -> str:
    """A new story from a note: its proper names replaced by made-up ones and its paragraphs (after the first,
    the lead, title or dateline) shuffled, so that a corpus is not only copies of a few stories.

    A capitalised word counts as a name when its lower-case form never occurs in the note and it is no month,
    weekday or common sentence opener: dates keep parsing and the prose keeps its shape."""
    head = text[:front_matter_end(text)]
    lower = set(re.findall(r"[^\W\d_]+", re.sub(r"\S*(?:://|@)\S*", "", text[len(head):])))  # links aside
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        word = m.group()
        if word in KEEP or word.lower() in lower or not (word[0].isupper() and word[1:].islower()):
            return word
        return names.setdefault(word, made_up_name(rng))
    paragraphs = re.split(r"\n\s*\n", text[len(head):].strip())
    rest = paragraphs[1:]
    rng.shuffle(rest)
    body = "\n\n".join(paragraphs[:1] + rest) + "\n"
    return re.sub(r"\b[^\W\d_]{3,}\b", rename, head + "\n" + body if head else body)


def make_corpus(folder: Path, n: int, seed: int = 7, unrelated_every: int = 0) -> None:
    """N sources s00000... in `folder`: copies of the seed notes, each with its own id and perturbed figures;
    with `unrelated_every` k, every k-th source is instead an unrelated story (see `unrelated`)."""
    rng = random.Random(seed)
    notes = seed_notes()
    for i in range(n):
        suffix, text = notes[i % len(notes)]
        if unrelated_every and i % unrelated_every == unrelated_every - 1:
            text = unrelated(text, rng)
        text = perturb(text, rng)
        if text.startswith("---"):
            text = re.sub(r"(?m)^id: .*$", f"id: s{i:05d}", text, count=1)
        (folder / f"s{i:05d}{suffix}").write_text(text, encoding="utf-8")


def timed_check(code_root: Path, corpus: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", RUN, str(code_root), str(corpus)], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), int(out[1])


def candidate_growth(corpus: Path, steps: list[int]) -> None:
    from factcheck.run.compare_corpus import compare
    from factcheck.config.knowledge import Knowledge
    from factcheck.run.pipeline import extract_corpus

    kn = Knowledge()
    result = extract_corpus([corpus], kn)
    ids = sorted(result.claims)
    for n in steps:
        keep = set(ids[:n])
        docs = [d for d in result.documents if d.meta.id in keep]
        claims = {k: v for k, v in result.claims.items() if k in keep}
        start = time.perf_counter()
        found = compare(docs, claims, kn)
        elapsed = time.perf_counter() - start
        total = sum(len(v) for v in claims.values())
        print(f"  {n:6d} sources {total:7d} claims: {found.compared:6d} comparable, {found.candidates:8d} pairs scored "
              f"({found.candidates / max(1, found.compared):.1f} per claim), compare {elapsed:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=1400)
    ap.add_argument("--baseline", default="9bcc77f", help="git revision to compare with (before frames)")
    ap.add_argument("--steps", default="350,700,1400")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, a.sources)
        worktree = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), a.baseline],
                       check=True, capture_output=True)
        try:
            t_new, d_new = timed_check(ROOT, corpus)
            t_old, d_old = timed_check(worktree, corpus)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                           capture_output=True)
        print(f"full check, {a.sources} sources, no cache:")
        print(f"  this version : {t_new:7.1f} s, {d_new} discrepancies")
        print(f"  {a.baseline:12} : {t_old:7.1f} s, {d_old} discrepancies")
        print(f"  ratio        : {t_new / t_old:.2f}x")
        print("candidate pairs as the corpus grows:")
        candidate_growth(corpus, [int(s) for s in a.steps.split(",")])


if __name__ == "__main__":
    main()

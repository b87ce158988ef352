#!/usr/bin/env python3
"""Fit the thresholds and weights of alignment and stories by leave-one-corpus-out, and say how they hold.

A threshold chosen by looking at the dev sets scores well on them and says nothing about text nobody
tuned to. This script measures that honestly: every corpus of the dev sets is a fold; for each fold the
setting that scores best on all the other folds is chosen, and its score on the held-out fold is what
counts. The sum of the held-out scores is what the README quotes, beside the in-sample score of the
defaults.

    python scripts/crossval.py [--settings 48] [--seed 7] [--shared ../shared] [--json out.json]

Folds: each story of ../shared/eval/devset, each event of ../shared/eval/realnews-dev, wikicontradict-dev
in 4 folds, the seed articles, ../shared/eval/stories generated at two seeds, and each corpus of our own
under tests/corpora/ that has a gold.yaml. Every corpus is extracted once; each setting only lines the
claims up and compares them again (in this process, without caches: a cache keyed by the code would not
see a changed constant). Scored by the evaluation's own scorers (../shared/eval/fceval.py, stories/score.py).

Utility of a fold: conflicts found, minus reports that match no gold conflict (a false alarm costs as much
as a miss), minus discrepancies that mix two generated stories.

Settings: the defaults, plus `--settings` points drawn at random (seeded) from the ranges in `SPACE`,
each parameter on a grid around its default. A parameter is set on every module that holds it.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import random
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.report import json_report  # noqa: E402
from factcheck.run.check import extract, report_of  # noqa: E402

# (module, constant) -> the values tried; the first is the default and must equal the code's value.
SPACE: dict[tuple[str, str], tuple[float, ...]] = {
    ("factcheck.align.matching", "MIN_SCORE"): (0.3, 0.2, 0.25, 0.35, 0.4, 0.5),
    ("factcheck.align.matching", "MIN_SCORE_SAME"): (0.4, 0.3, 0.5, 0.6),
    ("factcheck.align.scoring", "MIN_SCORE_RESTATED"): (0.15, 0.1, 0.2, 0.3),
    ("factcheck.align.scoring", "PARTICIPANTS"): (0.7, 0.5, 0.6, 0.8, 0.9),
    ("factcheck.align.scoring", "MIN_CONFIDENCE"): (0.7, 0.5, 0.6, 0.8),
    ("factcheck.align.stories", "LINK_SCORE"): (0.1, 0.06, 0.08, 0.12, 0.16),
    ("factcheck.align.stories", "WORD_WEIGHT"): (0.35, 0.2, 0.5, 0.7),
    ("factcheck.align.stories", "RELATIVE"): (0.5, 0.0, 0.3, 0.4, 0.6),
    ("factcheck.compare.copies", "COPY_JACCARD"): (0.5, 0.4, 0.6, 0.7),
    ("factcheck.align.separators", "PREDICATES_ALIKE"): (0.55, 0.4, 0.5, 0.6, 0.7),
}
WIKI_FOLDS = 4
STORY_SEEDS = (3, 11)
STORY_SOURCES = 300

Setting = dict[tuple[str, str], float]


@dataclass
class Corpus:
    """One corpus to check, and how to score its report."""
    name: str
    fold: str
    folder: Path
    gold: Path
    scorer: str                      # "fceval" or "stories"
    extracted: tuple = field(default=(), repr=False)


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _devset_stories(shared: Path, work: Path) -> list[Corpus]:
    """The devset's stories, each a corpus of its own: sources joined by a gold item are one story."""
    import yaml
    gold = yaml.safe_load((shared / "eval/devset/gold.yaml").read_text(encoding="utf-8"))
    items = [i for key in ("discrepancies", "consistent", "no_claim_traps") for i in gold.get(key) or []]
    parent: dict[str, str] = {}

    def root(s: str) -> str:
        while parent.setdefault(s, s) != s:
            s = parent[s]
        return s
    for item in items:
        sources = [c["source"] for c in item.get("claims", [])] or [item.get("source")]
        for s in sources[1:]:
            parent[root(s)] = root(sources[0])
    fceval = _load("fceval", shared / "eval/fceval.py")
    files = {}
    for path in sorted((shared / "eval/devset/corpus").iterdir()):
        [sid] = _ids_of(fceval, path)
        files[sid] = path
    texts = files
    out = []
    for n, story in enumerate(sorted({root(s) for s in texts})):
        members = sorted(s for s in texts if root(s) == story)
        folder = work / f"devset-{n}"
        folder.mkdir()
        for sid in members:
            shutil.copy(files[sid], folder / files[sid].name)
        mine = {key: [i for i in gold.get(key) or [] if root(([c["source"] for c in i.get("claims", [])]
                                                              or [i.get("source")])[0]) == story]
                for key in ("discrepancies", "consistent", "no_claim_traps")}
        (folder.parent / f"devset-{n}.gold.yaml").write_text(yaml.safe_dump(mine), encoding="utf-8")
        out.append(Corpus(f"devset story {n + 1} ({', '.join(members)})", f"devset-{n}", folder,
                          folder.parent / f"devset-{n}.gold.yaml", "fceval"))
    return out


def _ids_of(fceval: ModuleType, path: Path) -> list[str]:
    """The source id the scorer gives a file (front matter's `id`, else the file name), asked of the scorer."""
    with tempfile.TemporaryDirectory() as one:
        shutil.copy(path, Path(one) / path.name)
        return list(fceval.texts_in(one))


def corpora(shared: Path, work: Path) -> list[Corpus]:
    """Every fold's corpora, in a fixed order."""
    out = _devset_stories(shared, work)
    for event in sorted((shared / "eval/realnews-dev").iterdir()):
        if (event / "gold.yaml").is_file():
            out.append(Corpus(f"realnews {event.name}", f"realnews-{event.name}", event / "corpus",
                              event / "gold.yaml", "fceval"))
    instances = sorted(p for p in (shared / "eval/wikicontradict-dev/instances").iterdir() if p.is_dir())
    for n, inst in enumerate(instances):
        out.append(Corpus(f"wikicontradict {inst.name}", f"wikicontradict-{n % WIKI_FOLDS}", inst / "corpus",
                          inst / "gold.yaml", "fceval"))
    out.append(Corpus("seeds", "seeds", shared / "seeds", shared / "eval/seeds_visible.json", "fceval"))
    gen = shared / "eval/stories/gen_stories.py"
    for seed in STORY_SEEDS:
        folder, gold = work / f"stories-{seed}", work / f"stories-{seed}.json"
        with contextlib.redirect_stdout(io.StringIO()):
            _run_script(gen, [str(folder), str(STORY_SOURCES), "--seed", str(seed), "--gold", str(gold)])
        out.append(Corpus(f"stories seed {seed}", f"stories-{seed}", folder, gold, "stories"))
    for own in sorted((ROOT / "tests/corpora").iterdir()):
        if (own / "gold.yaml").is_file():
            out.append(Corpus(f"own {own.name}", f"own-{own.name}", own / "corpus", own / "gold.yaml", "fceval"))
    return out


def _run_script(path: Path, argv: list[str]) -> None:
    saved = sys.argv
    sys.argv = [str(path), *argv]
    try:
        _load(path.stem.replace("-", "_"), path).main()
    finally:
        sys.argv = saved


def score(corpus: Corpus, report_json: Path, shared: Path) -> dict[str, int]:
    """found, total, stray (reports matching no gold conflict), mixed: as the evaluation's scorers count them."""
    buffer = io.StringIO()
    if corpus.scorer == "stories":
        with contextlib.redirect_stdout(buffer):
            _run_script(shared / "eval/stories/score.py", ["--report", str(report_json), "--gold", str(corpus.gold)])
        row = json.loads(buffer.getvalue().strip().splitlines()[-1])
        return {"found": row["found"], "total": row["conflicts"], "stray": row["false_alarms"],
                "mixed": row["mixed_stories"], "alarms": 0}
    fceval = _load("fceval", shared / "eval/fceval.py")
    args = argparse.Namespace(report=str(report_json), gold=str(corpus.gold), texts=str(corpus.folder))
    with contextlib.redirect_stdout(buffer):
        fceval.cmd_check(args)
    lines = buffer.getvalue().strip().splitlines()
    row = json.loads(lines[-1])
    stray = next(int(line.rsplit(":", 1)[1]) for line in lines if "matching no gold conflict" in line)
    return {"found": row["found"], "total": row["total"], "stray": stray, "mixed": 0, "alarms": row["false_alarms"]}


def utility(row: dict[str, int]) -> int:
    return row["found"] - row["stray"] - row["mixed"]


@contextlib.contextmanager
def applied(setting: Setting):
    """The setting in force on every factcheck module that holds each constant (a `from x import NAME` copies
    the value, so the defining module alone is not enough)."""
    saved = []
    for (module_name, constant), value in setting.items():
        default = getattr(sys.modules[module_name], constant)
        for module in [m for n, m in sys.modules.items() if n.startswith("factcheck") and m is not None]:
            if getattr(module, constant, None) is default:
                saved.append((module, constant, default))
                setattr(module, constant, value)
    try:
        yield
    finally:
        for module, constant, default in reversed(saved):
            setattr(module, constant, default)


def settings(count: int, seed: int) -> list[Setting]:
    defaults = {key: values[0] for key, values in SPACE.items()}
    for (module_name, constant), value in defaults.items():
        actual = getattr(importlib.import_module(module_name), constant)
        if actual != value:
            raise SystemExit(f"crossval: SPACE says {module_name}.{constant} = {value}, the code has {actual}")
    rng = random.Random(seed)
    drawn = [{key: rng.choice(values) for key, values in SPACE.items()} for _ in range(count)]
    return [defaults] + drawn


def evaluate(corpora_: list[Corpus], grid: list[Setting], shared: Path, work: Path) -> list[list[dict[str, int]]]:
    """rows[setting][corpus]: each corpus extracted once, compared again under each setting."""
    for c in corpora_:
        c.extracted = extract([c.folder])
    rows = []
    for n, setting in enumerate(grid):
        with applied(setting):
            row = []
            for c in corpora_:
                result, kn = c.extracted
                report = report_of(result, kn, [c.folder])
                path = work / "report.json"
                path.write_text(json_report.render(report), encoding="utf-8")
                row.append(score(c, path, shared))
        rows.append(row)
        print(f"setting {n + 1}/{len(grid)}: utility {sum(utility(r) for r in row)}", file=sys.stderr)
    return rows


def held_out(corpora_: list[Corpus], rows: list[list[dict[str, int]]]) -> dict[str, dict]:
    """For each fold, the setting best on the other folds (ties: the earlier setting, the defaults first), and
    that setting's score on the fold."""
    folds = sorted({c.fold for c in corpora_})
    out = {}
    for fold in folds:
        inside = [i for i, c in enumerate(corpora_) if c.fold == fold]
        train = [sum(utility(row[i]) for i in range(len(corpora_)) if corpora_[i].fold != fold) for row in rows]
        best = max(range(len(rows)), key=lambda s: (train[s], -s))
        totals = {k: sum(rows[best][i][k] for i in inside) for k in ("found", "total", "stray", "mixed", "alarms")}
        out[fold] = dict(totals, setting=best)
    return out


def _sum(rows: list[dict[str, int]]) -> dict[str, int]:
    return {k: sum(r[k] for r in rows) for k in ("found", "total", "stray", "mixed", "alarms")}


def _line(name: str, t: dict[str, int]) -> str:
    return (f"{name:28} found {t['found']:3}/{t['total']:<3} stray reports {t['stray']:3}  mixed {t['mixed']:2}"
            f"  consistent pairs reported {t['alarms']:2}")


def _group(fold: str) -> str:
    return fold.split("-")[0] if not fold.startswith("own-") else fold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--settings", type=int, default=48, help="random settings besides the defaults")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", type=Path, help="write every setting's per-corpus scores here")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cs = corpora(a.shared, work)
        grid = settings(a.settings, a.seed)
        rows = evaluate(cs, grid, a.shared, work)
    folds = held_out(cs, rows)
    print(f"{len(cs)} corpora in {len(folds)} folds, {len(grid)} settings (the defaults first)\n")
    print("held-out score of the setting chosen on the other folds, by group of folds:")
    for group in sorted({_group(f) for f in folds}):
        print(_line(group, _sum([v for f, v in folds.items() if _group(f) == group])))
    print(_line("all, held out", _sum(list(folds.values()))))
    print(_line("all, defaults in-sample", _sum(rows[0])))
    best = max(range(len(grid)), key=lambda s: (sum(utility(r) for r in rows[s]), -s))
    print(_line("all, best in-sample", _sum(rows[best])))
    chosen = sorted({v["setting"] for v in folds.values()})
    print(f"\nsettings chosen by the folds: {chosen} (0 = the defaults)")
    for s in chosen:
        diff = {f"{k[1]}": v for k, v in grid[s].items() if v != grid[0][k]}
        print(f"  {s}: {diff or 'defaults'}")
    if a.json:
        a.json.write_text(json.dumps({"settings": [{f"{k[0]}.{k[1]}": v for k, v in s.items()} for s in grid],
                                      "corpora": [c.name for c in cs], "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

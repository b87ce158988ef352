"""Speed and scale of `factcheck` (issue 9): extraction throughput, and the real CLI on a generated corpus.

A benchmark, not a test: the numbers depend on the machine, which is printed first. In one run it measures

1. extraction throughput in KB/s against quantulum3's parser over whole documents (in-process, working tree only:
   the code of this checkout, uncommitted edits included);
2. `factcheck check` as a subprocess on a generated corpus of N sources (bench_align.make_corpus: perturbed copies
   of the bundled notes, the harbour test corpus and ../shared/eval/devset when present, one in four replaced by
   an unrelated story), four steps: cold (empty claims and reports), no-change, one-edit (one figure of one
   source), and `factcheck add` of a new source; wall and CPU seconds and peak RSS of the child for each;
3. with --revision REV, the same steps for that git revision, checked out into a temporary worktree and run with
   the same interpreter on a copy of the same corpus, so the ratios are fair;
4. candidate pairs scored per comparable claim for the whole corpus (in-process, working tree only).

    .venv/bin/python scripts/bench.py --sources 1400 [--jobs N] [--revision REV] [--kb 300] [--baseline-kb 60]
                                      [--skip-throughput] [--no-pairs]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_align import candidate_growth, front_matter_end, make_corpus, seed_notes, unrelated  # noqa: E402

UNRELATED_EVERY = 4  # one source in four tells its own story
OK_CODES = (0, 1)    # 1 = discrepancies found


# ---------------------------------------------------------------- machine and throughput

def machine() -> str:
    """One line saying what ran the benchmark: the numbers mean nothing without it."""
    info = Path("/proc/meminfo")
    kib = re.search(r"MemTotal:\s+(\d+)", info.read_text()) if info.exists() else None
    memory = f"{int(kib.group(1)) / 1024 ** 2:.1f} GiB" if kib else "memory unknown"
    return (f"machine: {os.cpu_count()} CPUs, {memory}, {platform.platform()}, "
            f"Python {platform.python_version()}")


def _texts(kb: int) -> list[str]:
    """The bundled notes repeated to `kb` KB, each copy with its own id so none is skipped as a duplicate."""
    notes = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.md"))]
    out, size, n = [], 0, 0
    while size < kb * 1024:
        out.append(notes[n % len(notes)].replace("id: ", f"id: copy{n}-", 1))
        size += len(out[-1].encode())
        n += 1
    return out


def bench_factcheck(texts: list[str]) -> float:
    """Seconds for factcheck to extract `texts`, after a warm-up that loads quantulum3 and dateparser once."""
    from factcheck.config.knowledge import Knowledge
    from factcheck.run.pipeline import extract_corpus
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            Path(tmp, f"s{i:05d}.md").write_text(text, encoding="utf-8")
        kn = Knowledge()
        extract_corpus([Path(tmp)], kn)
        start = time.perf_counter()
        result = extract_corpus([Path(tmp)], kn)
        elapsed = time.perf_counter() - start
    print(f"factcheck extract : {sum(len(c) for c in result.claims.values())} claims from {len(texts)} sources")
    return elapsed


def bench_baseline(texts: list[str]) -> float:
    """Seconds for quantulum3 over every whole document: what the project must not do."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
        parser.parse("warm up 5 km")
        start = time.perf_counter()
        found = sum(len(parser.parse(t)) for t in texts)
    elapsed = time.perf_counter() - start
    print(f"quantulum3 whole-document baseline: {found} quantities from {len(texts)} sources")
    return elapsed


def throughput(kb: int, baseline_kb: int) -> None:
    """KB/s of both on the same kind of text, and the ratio; the baseline gets less text as it is slow."""
    ours, base = _texts(kb), _texts(baseline_kb)
    ours_kb, base_kb = (sum(len(t.encode()) for t in ts) / 1024 for ts in (ours, base))
    t_ours, t_base = bench_factcheck(ours), bench_baseline(base)
    r_ours, r_base = ours_kb / t_ours, base_kb / t_base
    print(f"factcheck : {ours_kb:8.1f} KB in {t_ours:6.2f} s = {r_ours:8.1f} KB/s")
    print(f"baseline  : {base_kb:8.1f} KB in {t_base:6.2f} s = {r_base:8.1f} KB/s")
    print(f"factcheck is {r_ours / r_base:.1f}x the throughput of quantulum3 over whole documents")


# ---------------------------------------------------------------- the CLI as a subprocess

@dataclass
class Step:
    """One measured CLI run; a step that failed or does not exist in a version keeps only its note."""
    name: str
    wall: float | None = None
    cpu: float | None = None
    rss_mib: float | None = None
    note: str = ""


@dataclass
class Version:
    """One code version: where its package lives and which options its CLI has (older ones lack some)."""
    label: str
    root: Path
    check_help: str = ""
    add_help: str = ""

    def env(self) -> dict[str, str]:
        """PYTHONPATH first on sys.path, so `import factcheck` is this version's, not the editable install."""
        return {**os.environ, "PYTHONPATH": str(self.root), "PYTHONWARNINGS": "ignore"}

    def probe(self, cwd: Path) -> str:
        """Read the CLI's help and check which package the child imports; return its path."""
        run = lambda *a: subprocess.run([sys.executable, *a], env=self.env(), cwd=cwd,  # noqa: E731
                                        capture_output=True, text=True)
        where = run("-c", "import factcheck; print(factcheck.__file__)").stdout.strip()
        if not where.startswith(str(self.root)):
            sys.exit(f"{self.label}: `import factcheck` gives {where!r}, not the package in {self.root}")
        self.check_help = run("-m", "factcheck", "check", "--help").stdout
        self.add_help = run("-m", "factcheck", "add", "--help").stdout
        return where


def timed(name: str, cmd: list[str], version: Version, cwd: Path) -> Step:
    """Run one CLI command; wall time here, CPU time and peak RSS of the child from os.wait4's rusage
    (ru_maxrss is KiB on Linux). CPU time includes worker processes the child waited for; peak RSS is that of
    the largest single process, not a sum over workers. Output goes to files so a chatty child cannot fill a
    pipe and stall."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "factcheck", *cmd], env=version.env(), cwd=cwd,
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in OK_CODES:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-5:]
            print(f"  {version.label} {name}: exit {code}\n    " + "\n    ".join(tail))
            return Step(name, note=f"failed (exit {code})")
    return Step(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def edit_one_figure(corpus: Path) -> str:
    """Add one to the first figure (not a year) in the body of the first source: one source to re-extract,
    the rest read from the claim cache."""
    path = sorted(p for p in corpus.iterdir() if p.is_file())[0]
    text = path.read_text(encoding="utf-8")
    at = front_matter_end(text)
    m = re.search(r"(?<![\d.,])(?!(?:19|20)\d\d\b)\d+", text[at:])
    assert m, f"no figure in {path}"
    new = str(int(m.group()) + 1)
    path.write_text(text[:at + m.start()] + new + text[at + m.end():], encoding="utf-8")
    return f"{path.name}: {m.group()} -> {new}"


def new_source(folder: Path) -> Path:
    """A source for `add` that no corpus copy duplicates: an unrelated story whose made-up names are its own."""
    suffix, text = seed_notes()[0]
    path = folder / f"incoming{suffix}"
    path.write_text(unrelated(text, random.Random(2024)).replace("id: ", "id: bench-added-", 1), encoding="utf-8")
    return path


def measure(version: Version, corpus: Path, work: Path, incoming: Path, jobs: int | None) -> list[Step]:
    """The four steps on this version's own copy of the corpus, with fresh claims and reports folders."""
    mine = work / re.sub(r"\W+", "-", version.label)
    shutil.copytree(corpus, mine / "corpus")
    claims, reports = mine / "claims", mine / "reports"
    claims.mkdir()
    reports.mkdir()
    paths = ["--claims", str(claims), "--reports", str(reports)]
    extra = ["--jobs", str(jobs)] if jobs and "--jobs" in version.check_help else []
    if jobs and not extra:
        print(f"  {version.label}: its CLI has no --jobs; run without it")
    check = ["check", str(mine / "corpus"), *paths, "--quiet", *extra]
    steps = [timed("cold", check, version, mine), timed("no-change", check, version, mine)]
    print(f"  {version.label} one-edit: {edit_one_figure(mine / 'corpus')}")
    steps.append(timed("one-edit", check, version, mine))
    needed = ("--yes", "--corpus", "--claims", "--reports")
    if not version.add_help or any(opt not in version.add_help for opt in needed):
        return steps + [Step("add", note="n/a: no `add` with " + " ".join(needed))]
    add = ["add", str(incoming), "--yes", "--corpus", str(mine / "corpus"), *paths]
    add += ["--id", "bench-added"] if "--id" in version.add_help else []
    add += ["--jobs", str(jobs)] if jobs and "--jobs" in version.add_help else []
    return steps + [timed("add", add, version, mine)]


def table(version: Version, steps: list[Step]) -> str:
    """Rows cold / no-change / one-edit / add; later steps as a share of the cold run's wall time."""
    cold = steps[0].wall
    fmt = lambda v, f: "-" if v is None else format(v, f)  # noqa: E731
    rows = [[s.name, fmt(s.wall, ".2f"), fmt(s.cpu, ".2f"),
             "-" if s is steps[0] or s.wall is None or not cold else f"{100 * s.wall / cold:.0f}%",
             fmt(s.rss_mib, ".0f")] + ([s.note] if any(x.note for x in steps) else []) for s in steps]
    return f"{version.label} ({version.root})\n" + tabulate(
        rows, headers=["step", "wall s", "CPU s", "% of cold", "peak MiB", "note"], tablefmt="simple")


def pairs(corpus: Path, n: int) -> None:
    """Candidate pairs per comparable claim, in-process. The working tree may be mid-edit: say so and go on to
    the tables, as a failed CLI step does, rather than lose the timings already taken."""
    print("candidate pairs (working tree, whole corpus):")
    try:
        candidate_growth(corpus, [n])
    except Exception as e:  # noqa: BLE001 - any failure of the code measured is a result to print
        print(f"  failed: {type(e).__name__}: {e}")


def worktree(rev: str, where: Path) -> Path:
    """Check `rev` out beside the corpus; its own folder, so the working tree here is never touched."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev],
                   check=True, capture_output=True)
    return where


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=1400, help="sources in the generated corpus")
    ap.add_argument("--jobs", type=int, help="passed to check and add when the version's CLI has it")
    ap.add_argument("--revision", help="git revision to measure too, in a temporary worktree")
    ap.add_argument("--kb", type=int, default=300, help="text to extract with factcheck (KB)")
    ap.add_argument("--baseline-kb", type=int, default=60, help="text to give the slow baseline (KB)")
    ap.add_argument("--skip-throughput", action="store_true", help="skip the extraction throughput")
    ap.add_argument("--pairs", action=argparse.BooleanOptionalAction, default=True,
                    help="count candidate pairs per comparable claim (working tree, whole corpus)")
    a = ap.parse_args()
    print(machine())
    if not a.skip_throughput:
        throughput(a.kb, a.baseline_kb)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        corpus.mkdir()
        make_corpus(corpus, a.sources, unrelated_every=UNRELATED_EVERY)
        size = sum(p.stat().st_size for p in corpus.iterdir()) / 1024
        print(f"corpus: {a.sources} sources, {size:.0f} KB, {a.sources // UNRELATED_EVERY} unrelated stories")
        incoming = new_source(work)
        versions = [Version("working tree", ROOT)]
        if a.revision:
            versions.append(Version(a.revision, worktree(a.revision, work / "revision")))
        results = []
        try:
            for v in versions:
                print(f"  {v.label}: factcheck from {v.probe(work)}")
                results.append((v, measure(v, corpus, work, incoming, a.jobs)))
        finally:
            if a.revision:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "revision")],
                               capture_output=True)
        if a.pairs:
            pairs(corpus, a.sources)
    print()
    for v, steps in results:
        print(table(v, steps) + "\n")
    if len(results) == 2 and all(s[0].wall for _, s in results):
        print(f"cold run, working tree / {a.revision}: {results[0][1][0].wall / results[1][1][0].wall:.2f}x")


if __name__ == "__main__":
    main()

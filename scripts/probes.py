"""Every probe of issue 23, re-run with the issue's trial counts: a table of what each shows, exit 1 if a promise fails.

Issue 23 is done when "each probe below, re-run as a test or a script in scripts/ with the same trial counts, shows
the fixed result". The tests run most of them, some with fewer trials; this script runs the whole table at the
issue's counts, each trial a different one (another bit, another source dropped, another kill time, another write
failing), drawn from a seeded generator so that a rerun repeats it. factcheck runs as users run it, in a
subprocess, in temporary folders that are removed afterwards (Linux: the kill probes read /proc).

    .venv/bin/python scripts/probes.py [--only NAME] [--quick] [--seed 23]

--quick runs one trial of each probe; --only runs one probe (its trials are the same as in a full run); --code DIR
probes another checkout of factcheck with this interpreter (a `git archive` of a revision). Either way the package
is copied as the run starts, and every trial runs that copy: edits made meanwhile change nothing.
"""
from __future__ import annotations

import argparse
import atexit
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --code DIR, read before the imports below so that the factcheck they import is DIR's too
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv[:-1] else ROOT


def _snapshot(code: Path) -> Path:
    """A copy of factcheck as the run starts: edits made meanwhile in `code` cannot change later trials (caches
    are keyed by the code, so a trial after an edit would meet a cache of another version)."""
    folder = Path(tempfile.mkdtemp(prefix="factcheck-probe-code-"))
    shutil.copytree(code / "factcheck", folder / "factcheck", ignore=shutil.ignore_patterns("__pycache__"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


PACKAGE = _snapshot(CODE)   # on every path: this process's imports, each subprocess's PYTHONPATH
sys.path[:0] = [str(PACKAGE), str(ROOT / "tests"), str(ROOT / "scripts")]

from helpers import write_corpus  # noqa: E402
from probe_linear import RUN, measure  # noqa: E402
from test_reliability import ACRONYMS, BRIDGE, _edited_lines, _same_json  # noqa: E402
from test_workers_die import _alive, _children, _wait_for  # noqa: E402

# The CLI with os.fsync wrapped: PROBE_LOG lists each file flushed, PROBE_FAIL_AT makes that flush fail as a full disk
# does, PROBE_PAUSE_IN holds a flush in that folder (after touching PROBE_MARK) so the run can be killed mid-write.
HOOKED = """
import errno, os, sys, time
from factcheck.state import storage
from factcheck.cli.main import main
real, calls = os.fsync, [0]
def fsync(fd):
    calls[0] += 1
    path = os.readlink(f"/proc/self/fd/{fd}")
    if os.environ.get("PROBE_LOG"):
        with open(os.environ["PROBE_LOG"], "a") as log:
            log.write(path + "\\n")
    if calls[0] == int(os.environ.get("PROBE_FAIL_AT", "0")):
        raise OSError(errno.ENOSPC, "No space left on device")
    if os.path.dirname(path) == os.environ.get("PROBE_PAUSE_IN"):
        open(os.environ["PROBE_MARK"], "w").close()
        time.sleep(120)
    return real(fd)
storage.os.fsync = fsync
sys.exit(main(sys.argv[1:]))
"""
TEMPORARY = re.compile(r"^\.(.+)\.[A-Za-z0-9_]{8}\.tmp$")   # storage.atomic_file's names


def _sources(table: str) -> dict[str, str]:
    """Made-up sources, one a line: id | published | text."""
    rows = (line.split(" | ") for line in table.strip().splitlines())
    return {f"{ident}.md": f"---\nid: {ident}\npublished: {date}\n---\n{text}\n" for ident, date, text in rows}


UNRELATED = _sources("""
quillon-ferry | 2023-04-02 | The Quillon ferry carried 1,200 passengers on its first day in 2023, the operator said.
marsh-library | 2024-02-11 | The Fenwick Marsh library lent 8,400 books last winter, its librarian reported in 2024.
tarrow-orchard | 2022-10-05 | Tarrow orchard growers picked 310 tonnes of pears in 2022, the cooperative said.
halden-marathon | 2023-05-21 | About 2,750 runners finished the Halden marathon in 2023, organisers said.
pellam-school | 2024-09-12 | Pellam primary school enrolled 412 pupils in September 2024, the head teacher said.
corvin-observatory | 2022-01-15 | The Corvin hill observatory logged 96 clear nights in 2021, its director wrote.
baskett-wind | 2020-07-30 | The Baskett Moor wind farm has 18 turbines, the developer said in 2020.
ilsby-zoo | 2020-01-08 | Ilsby zoo welcomed 64,000 visitors in 2019, the zoo's trustees said.
renmore-hospital | 2022-11-03 | Renmore hospital added 45 beds to its children's ward in 2022, the health board said.
stenwick-rail | 2024-01-19 | Trains on the Stenwick line ran 97 percent on time in 2023, the rail company said.
oakhurst-festival | 2024-08-26 | The Oakhurst folk festival sold 5,300 tickets in 2024, the organisers announced.
dunmere-reservoir | 2023-01-04 | The Dunmere reservoir held 4.2 billion litres at the end of 2022, the water board said.
kellan-museum | 2021-12-01 | The Kellan maritime museum restored 12 fishing boats in 2021, its curator said.
wyvern-market | 2023-06-17 | The Wyvern street market has 140 stalls each Saturday, the market manager said in 2023.
brisco-recycling | 2025-02-14 | Brisco households recycled 61 percent of their waste in 2024, the district council said.
""")
BRIDGES = BRIDGE | _sources("""
orvell-herald | 2024-06-11 | Council figures put the cost of building the Orvell bridge at $40 million in 2024.
brannock-echo | 2024-06-12 | The bridge linking Orvell and Brannock cost $40 million to build, a 2024 report said.
county-ledger | 2024-06-14 | In its 2024 accounts the council said the Orvell bridge cost $55 million to build.
harbour-times | 2024-06-15 | The new Orvell bridge cost $48 million to build, the council told residents in 2024.
evening-courier | 2024-06-18 | The Orvell bridge to Brannock cost $70 million to build, the council said in 2024.
""")   # 8 sources stating one figure: $40M three times, $55M twice, $48M, $62M, $70M
CORPUS_23 = UNRELATED | BRIDGES
JOINERS = _sources("""
ferry-digest | 2024-07-01 | Council papers from 2024 say the Orvell bridge cost $58 million to build.
weekend-review | 2024-07-03 | The Orvell bridge to Brannock cost $40 million to build, the council said again in 2024.
north-star | 2024-07-05 | Building the bridge from Orvell to Brannock cost $66 million, council minutes for 2024 record.
""")   # new sources that join the discrepancy
PLACES = ["Velmora", "Quillon", "Tarrow", "Halden", "Pellam", "Corvin", "Ilsby", "Renmore", "Stenwick", "Dunmere"]
TAGS = ["<b></b>    ", "<i></i>    ", "<u></u>    ", "<em></em>  ", "<td></td>  ", "<s></s>    "]  # 11 chars each


# --- running factcheck ----------------------------------------------------------------------------------------

def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return env | {"PYTHONPATH": str(PACKAGE)} | extra


def factcheck(cwd: Path, *args: object, hooked: bool = False, **env: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", HOOKED if hooked else RUN, *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=600)


def project(root: Path, sources: dict[str, str]) -> Path:
    """A project folder: corpus/ with the sources, checked once (claims/ and reports/ written)."""
    write_corpus(root / "corpus", sources)
    run = factcheck(root, "check", "corpus", "-q")
    assert run.returncode in (0, 1), run.stderr
    return root


def report(root: Path) -> dict:
    return json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))


def said(root: Path) -> dict:
    """All the report says, less the notes on dropped cache records (FC921: said, and not a finding)."""
    data = report(root)
    data["diagnostics"] = [d for d in data["diagnostics"] if d["code"] != "FC921"]
    return data


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def restore(folder: Path, saved: dict[str, bytes]) -> None:
    for name in set(files(folder)) - set(saved):
        (folder / name).unlink()
    for name, data in saved.items():
        (folder / name).write_bytes(data)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMPORARY.match(p.name))


# --- the probes: each returns (what it showed, the failures) --------------------------------------------------

def cache_flips(rng: random.Random, trials: int, tmp: Path, name: str) -> tuple[str, list[str]]:
    root = project(tmp, BRIDGE | ACRONYMS)
    expected, saved, failures = said(root), files(root / "claims"), []
    data = saved[name]
    for trial, spot in enumerate(rng.sample(range(len(data) * 8), trials)):
        at, bit = divmod(spot, 8)
        restore(root / "claims", saved)
        damaged = data[:at] + bytes([data[at] ^ (1 << bit)]) + data[at + 1:]
        (root / "claims" / name).write_bytes(damaged)
        now = factcheck(root, "check", "corpus", "-q")
        noted = bool(now.stderr.strip()) or any(d["code"] == "FC921" for d in report(root)["diagnostics"])
        first = said(root)
        later = factcheck(root, "check", "corpus", "-q")
        where = f"trial {trial} (byte {at}, bit {bit})"
        if first != expected or now.returncode != 1:
            failures.append(f"{where}: the flip reached the report (exit {now.returncode})")
        if said(root) != expected or later.returncode != 1:
            failures.append(f"{where}: the damage stayed for the next run")
        if not noted and not _same_json(damaged, data):
            failures.append(f"{where}: a damaged record was used or dropped without a word")
    return f"{trials} flips; report unchanged on that run and the next", failures


def emptied_findings(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    root = project(tmp, BRIDGE | ACRONYMS)
    before = (root / "reports" / "discrepancies.json").read_bytes()
    _edited_lines(root / "claims" / ".stories.cache", reseal=False)
    runs = [factcheck(root, "check", "corpus", "-q") for _ in range(2)]
    failures = [f"run {i}: exit {r.returncode}" for i, r in enumerate(runs) if r.returncode != 1]
    if "failed the check" not in runs[0].stderr:
        failures.append(f"no note on the edited records: {runs[0].stderr!r}")
    if (root / "reports" / "discrepancies.json").read_bytes() != before:
        failures.append("the report changed")
    return f"exit {runs[0].returncode}, then {runs[1].returncode}; same report; noted on stderr", failures


def ci_forgery(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    """A cache edited to hide every finding and sealed again: read outside CI (so the forgery is real), not in CI."""
    root, cache = project(tmp, BRIDGE | ACRONYMS), tmp / "claims" / ".stories.cache"
    codes, errors = {}, {}
    ways: list[tuple[str, tuple[str, ...], dict[str, str]]] = [("outside CI", (), {}), ("CI=true", (), {"CI": "true"}),
                                                              ("--ci", ("--ci",), {})]
    for how, flags, env in ways:
        _edited_lines(cache, reseal=True)
        run = factcheck(root, "check", "corpus", "-q", "--fail-on", "material", *flags, **env)
        codes[how], errors[how] = run.returncode, run.stderr.strip()
    failures = [] if codes["outside CI"] == 0 else ["the forgery fooled no run even outside CI: not a real one"]
    failures += [f"{how}: exit {code} {errors[how]!r}" for how, code in codes.items()
                 if how != "outside CI" and code != 1]
    return ", ".join(f"{how} exit {code}" for how, code in codes.items()), failures


def _bridge(root: Path) -> tuple[str | None, set[str]]:
    found = [d for d in report(root)["discrepancies"] if d["message"].startswith("bridge cost (Orvell)")]
    if len(found) != 1:
        return None, set()
    return found[0]["id"], {c["source"] for p in found[0]["positions"] for c in p["claims"]}


def id_drop(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    root = project(tmp, CORPUS_23)
    first, members = _bridge(root)
    failures = [] if len(members) == len(BRIDGES) else [f"the discrepancy has sources {sorted(members)}"]
    for name in rng.sample(sorted(BRIDGES), trials):
        ident = re.search(r"^id: (.+)$", BRIDGES[name], re.M).group(1)
        (root / "corpus" / name).unlink()
        factcheck(root, "check", "corpus", "-q")
        left, sources = _bridge(root)
        if left != first or ident in sources:
            failures.append(f"{ident} dropped: id {left} (was {first}), sources {sorted(sources)}")
        write_corpus(root / "corpus", {name: BRIDGES[name]})
        factcheck(root, "check", "corpus", "-q")
        back, sources = _bridge(root)
        if back != first or ident not in sources:
            failures.append(f"{ident} back: id {back} (was {first})")
    return f"{len(CORPUS_23)} sources, {len(members)} in {first}; {trials} dropped and added back, id kept", failures


def id_join(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    root = project(tmp / "project", CORPUS_23)
    first, _ = _bridge(root)
    saved, failures = files(root / "corpus"), []
    for name in rng.sample(sorted(JOINERS), trials):
        ident, new = name.removesuffix(".md"), write_corpus(tmp / "new", {name: JOINERS[name]}) / name
        run = factcheck(root, "add", new, "--yes", "--corpus", "corpus", "-j", "1", "--exit-zero")
        now, sources = _bridge(root)
        if run.returncode != 0 or now != first or ident not in sources:
            failures.append(f"{ident} added (exit {run.returncode}): id {now} (was {first}), joined: "
                            f"{ident in sources}; {run.stderr.strip()}")
        restore(root / "corpus", saved)
    return f"{trials} new sources added with `add`, each joined {first} and the id stayed", failures


def acronyms(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    ids = {}
    for folder, sources in [("given", ACRONYMS), ("reversed", dict(reversed(list(ACRONYMS.items()))))]:
        write_corpus(tmp / folder / "corpus", sources)
        factcheck(tmp / folder, "check", "corpus", "-q", "--format", "sarif", "-o", "report.sarif")
        ids[folder] = sorted(d["id"] for d in report(tmp / folder)["discrepancies"] if d["code"] == "FC401")
    sarif = json.loads((tmp / "given" / "report.sarif").read_text(encoding="utf-8"))
    prints = [r["partialFingerprints"]["factcheckDiscrepancy/v2"] for r in sarif["runs"][0]["results"]]
    html = (tmp / "given" / "reports" / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="disc" id="([^"]+)"', html)
    failures = [] if len(set(ids["given"])) == 2 else [f"FC401 ids: {ids['given']}"]
    failures += [] if ids["reversed"] == ids["given"] else [f"other order, other ids: {ids['reversed']}"]
    failures += [] if sorted(prints) == ids["given"] == sorted(set(prints)) else [f"SARIF fingerprints: {prints}"]
    failures += [] if sorted(sections) == ids["given"] == sorted(set(sections)) else [f"HTML ids: {sections}"]
    return f"ids {', '.join(ids['given'])}; {len(prints)} SARIF fingerprints, {len(sections)} HTML ids", failures


def _linear(make, trials: int, tmp: Path, seconds: float, mb: float | None) -> tuple[str, list[str]]:
    worst_s, worst_mb, failures = 0.0, 0.0, []
    for trial in range(trials):
        folder = tmp / f"trial-{trial}"
        folder.mkdir()
        label, source = make(folder, trial)
        outcome, took, peak = measure(source, PACKAGE, timeout=2 * seconds, max_mb=3 * (mb or 1000))
        worst_s, worst_mb = max(worst_s, took), max(worst_mb, peak)
        if outcome != "exit 0" or took >= seconds or (mb and peak >= mb):
            failures.append(f"{label}: {outcome}, {took:.1f} s, {peak:.0f} MB")
        shutil.rmtree(folder)
    return f"worst {worst_s:.1f} s, {worst_mb:.0f} MB peak", failures


def repeated_sentence(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    def make(folder: Path, trial: int) -> tuple[str, Path]:
        place, ships, year = PLACES[trial % len(PLACES)], rng.randrange(20, 900), rng.randrange(2001, 2025)
        sentence = f"The harbour at {place} handled {ships} cargo ships in {year}, officials said. "
        path = folder / "repeated.txt"
        path.write_text(sentence * (1_000_000 // len(sentence)) + "\n", encoding="utf-8")
        return f"{place}, {ships} ships, {year}", path
    return _linear(make, trials, tmp, 30, 500)


def empty_tags(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    def make(folder: Path, trial: int) -> tuple[str, Path]:
        tag, ships = TAGS[trial % len(TAGS)], rng.randrange(20, 900)
        path = folder / "tags.md"
        path.write_text(tag * 20_000 + f"The port handled {ships} ships in 2024.\n", encoding="utf-8")
        return f"{tag.strip()} x 20,000", path
    return _linear(make, trials, tmp, 5, None)


def kill_check(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    """Each kill at another moment of the workers' life: a fraction of how long they live in a run left alone."""
    shutil.copytree(CODE / "corpus", tmp / "whole" / "corpus")
    span, moments, failures = _kill_one_check(tmp / "whole", None), [rng.uniform(0, 0.7) for _ in range(trials)], []
    if not isinstance(span, float):
        return "a check left alone did not run", [str(span)]
    for trial, moment in enumerate(moments):
        shutil.copytree(CODE / "corpus", tmp / f"trial-{trial}" / "corpus")
        failure = _kill_one_check(tmp / f"trial-{trial}", moment * span)
        if failure:
            failures.append(f"trial {trial}, killed {moment * span:.2f} s after the workers started: {failure}")
    return f"{trials} kills, {min(moments):.0%}-{max(moments):.0%} into the workers' {span:.1f} s", failures


def _kill_one_check(root: Path, delay: float | None) -> str | float | None:
    """Kill `check -j 2` `delay` seconds after its workers started: what went wrong, None if nothing did; with no
    delay, let it run: the seconds its workers lived."""
    args = [sys.executable, "-c", RUN, "check", "--corpus", "corpus", "--no-cache", "-q", "-j", "2"]
    check = subprocess.Popen(args, cwd=root, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        if not _wait_for(lambda: len(_children(check.pid)) >= 2, 30):
            return "the check never started its workers"
        workers, started = _children(check.pid), time.monotonic()
        if delay is None:
            check.wait()
            return time.monotonic() - started
        time.sleep(delay)
        if check.poll() is not None:
            return "the check ended before the kill: not a real trial"
        os.kill(check.pid, signal.SIGKILL)
        check.wait()
        if not _wait_for(lambda: not any(_alive(w) for w in workers), 3):
            return f"workers {[w for w in workers if _alive(w)]} alive 3 s after the kill"
        return None
    finally:
        _end(check, workers)


def _end(process: subprocess.Popen, others: tuple[int, ...] | list[int] = ()) -> None:
    """Kill what a probe started and is still running (a failing trial leaves nothing behind either)."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for pid in filter(_alive, others):
        os.kill(pid, signal.SIGKILL)


def kill_add(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    """`add` killed while its new source is half written (a write held in the corpus), at another moment each
    trial; the next run, a `check` or another `add` in turn, must remove the temporary file."""
    root, failures = project(tmp / "project", BRIDGE), []
    for trial in range(trials):
        delay, next_run = rng.uniform(0, 0.5), ("check", "add")[trial % 2]
        new = write_corpus(tmp / "new", {f"late-{trial}.md": f"The Orvell bridge cost ${41 + trial} million.\n"})
        left = _kill_one_add(root, new / f"late-{trial}.md", delay, tmp / "mark")
        if not left:
            failures.append(f"trial {trial}: no temporary file in corpus/ after the kill: not a real trial")
        other = write_corpus(tmp / "new", {f"next-{trial}.md": f"The Linden library lent {100 + trial} books.\n"})
        factcheck(root, *(["check"] if next_run == "check" else ["add", other / f"next-{trial}.md", "--yes", "-j",
                  "1", "--corpus"]), "corpus", "--exit-zero")
        if leftovers(root / "corpus"):
            failures.append(f"trial {trial}: {leftovers(root / 'corpus')} still there after the next {next_run}")
    return f"{trials} kills mid-write; each next run ({trials // 2 + trials % 2} check, {trials // 2} add) " \
           f"removed the temporary file", failures


def _kill_one_add(root: Path, source: Path, delay: float, mark: Path) -> list[str]:
    mark.unlink(missing_ok=True)
    env = _env(PROBE_PAUSE_IN=os.path.realpath(root / "corpus"), PROBE_MARK=str(mark))
    args = [sys.executable, "-c", HOOKED, "add", str(source), "--yes", "--corpus", "corpus", "-j", "1"]
    add = subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if _wait_for(mark.exists, 60):
            time.sleep(delay)
            os.kill(add.pid, signal.SIGKILL)
            add.wait()
        return leftovers(root / "corpus")
    finally:
        _end(add)


def one_file(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    root = project(tmp, BRIDGE | ACRONYMS)
    before = {folder: files(root / folder) for folder in ("claims", "reports")}
    run = factcheck(root, "check", "corpus/d.md")
    failures = [] if run.returncode == 1 else [f"exit {run.returncode}: {run.stderr.strip()}"]
    failures += [f"{folder}/ changed" for folder, saved in before.items() if files(root / folder) != saved]
    shown = sorted({line.split()[0] for line in run.stdout.splitlines() if line.startswith("  FC")})
    return f"exit {run.returncode}, reported {', '.join(shown)}; claims/ and reports/ byte-identical", failures


def disk_full(rng: random.Random, trials: int, tmp: Path) -> tuple[str, list[str]]:
    """The k-th flush of a run fails as a full disk does: another file each trial, in a cold `check` or an `add`."""
    counts = {how: len(_flushed(tmp / f"count-{how}", how, 0)[1]) for how in ("check", "add")}
    cases = [(how, k) for how, n in counts.items() for k in range(1, n + 1)]
    failures, named = [], set()
    for trial, (how, k) in enumerate(sorted(rng.sample(cases, trials))):
        run, log = _flushed(tmp / f"trial-{trial}", how, k)
        failed = Path(log[k - 1])
        target = failed.parent / TEMPORARY.match(failed.name).group(1)
        named.add(f"{target.parent.name}/{target.name}")
        said_ = f"{target.parent.name}/{target.name}: No space left on device"
        if run.returncode != 2 or said_ not in run.stderr or ": :" in run.stderr:
            failures.append(f"{how}, flush {k} ({target.name}): exit {run.returncode}, {run.stderr.strip()!r}")
    return f"{trials} writes failed ({counts['check']} in a check, {counts['add']} in an add to choose from), " \
           f"{len(named)} files named", failures


def _flushed(root: Path, how: str, fail_at: int) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run `check` on a new project, or `add` on a checked one, with flush `fail_at` failing (0: none)."""
    log = root / "flushed.log"
    write_corpus(root / "corpus", BRIDGE)
    args: tuple[object, ...] = ("check", "corpus", "-q", "-j", "1")
    if how == "add":
        factcheck(root, *args)
        args = ("add", write_corpus(root / "new", JOINERS) / "ferry-digest.md", "--yes", "--corpus", "corpus",
                "-j", "1")
    run = factcheck(root, *args, hooked=True, PROBE_LOG=str(log), PROBE_FAIL_AT=str(fail_at))
    return run, log.read_text().split()


# name, what the issue asks, trials, the probe
PROBES = [
    ("stories-flips", "one-bit flips in claims/.stories.cache", 41, partial(cache_flips, name=".stories.cache")),
    ("index-flips", "one-bit flips in claims/.index.json", 30, partial(cache_flips, name=".index.json")),
    ("emptied-findings", "valid-JSON edit emptying the cached discrepancies", 1, emptied_findings),
    ("ci-forgery", "edited, resealed .stories.cache under CI, --fail-on material", 1, ci_forgery),
    ("id-drop", "drop a source of a discrepancy, add it back (23 sources)", 8, id_drop),
    ("id-join", "a new source joins a discrepancy", 3, id_join),
    ("acronyms", "one acronym expanded two ways in two stories", 1, acronyms),
    ("repeated-sentence", "~1 MB line of one sentence: < 500 MB, < 30 s", 6, repeated_sentence),
    ("empty-tags", "20,000 empty tags on one 220 KB line: < 5 s", 3, empty_tags),
    ("kill-check", "kill -9 of check -j 2: no worker alive 3 s later", 20, kill_check),
    ("kill-add", "add killed: its corpus/.*.tmp removed by the next run", 20, kill_add),
    ("one-file", "check corpus/d.md inside a project", 1, one_file),
    ("disk-full", "ENOSPC: the message names the file, exit 2", 20, disk_full),
]


def run_probe(name: str, trials: int, probe, seed: int) -> tuple[str, list[str], float]:
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"factcheck-probe-{name}-") as tmp:
        try:
            result, failures = probe(random.Random(f"{seed}:{name}"), trials, Path(tmp))
        except Exception as e:   # a probe that breaks shows nothing: its promise is not shown to hold
            result, failures = "the probe broke", [f"{type(e).__name__}: {e}"]
    return result, failures, time.monotonic() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=[p[0] for p in PROBES], help="run this probe only")
    ap.add_argument("--quick", action="store_true", help="one trial of each probe")
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--code", type=Path, default=ROOT, help="the factcheck checkout to probe (a `git archive` of a "
                    "revision; default: this one)")
    o = ap.parse_args()
    start, rows = time.monotonic(), []
    for name, what, trials, probe in PROBES:
        if o.only in (None, name):
            trials = 1 if o.quick else trials
            print(f"{name}: {trials} trial(s) ...", file=sys.stderr, flush=True)
            rows.append((name, what, trials, *run_probe(name, trials, probe, o.seed)))
    print("| probe | trials | result | promise held |\n|---|---|---|---|")
    for name, what, trials, result, failures, seconds in rows:
        shown = f"{result} ({seconds:.0f} s)" if not failures else f"{len(failures)} failed: {failures[0]}"
        print(f"| {name}: {what} | {trials} | {shown} | {'no' if failures else 'yes'} |")
    for name, _, _, _, failures, _ in rows:
        for failure in failures:
            print(f"{name}: {failure}", file=sys.stderr)
    print(f"\n{len(rows)} probes, seed {o.seed}, code {CODE}, {time.monotonic() - start:.0f} s in all")
    return 1 if any(row[4] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fuzz the whole pipeline with realistic and hostile sources (issue 11).

    .venv/bin/python scripts/fuzz.py --inputs 100000 --workers 2 --seed 1 [--out fuzz-report.json]

Every input is one source file (markdown, front matter, tables, footnotes, URLs, citations,
numbers of every length, dates, control and bidi characters, broken UTF-8, mutations of
all of these). Inputs run in corpora of --batch sources through `check.build_report` (load,
scan view, extraction, comparison), then the claim cache is written and read back, and every
report format is rendered. Reported, each with a minimal reproducer:

- crash: an exception anywhere, or a source skipped as an internal error (FC990);
- offset violation: a claim whose text[start:end] is not its quote, or whose line/column is wrong;
- invalid output: JSON that is not strict JSON, JUnit that is not XML 1.0, a control or bidi
  character in a report for people, a cached rerun whose report differs, a non-finite number;
- slow: a source that took over --slow seconds to load and extract.

Exit code 1 when anything was found. `tests/test_fuzz.py` runs the same checks on a short
hypothesis-driven sample in CI.
"""
from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factcheck.run import pipeline  # noqa: E402
from factcheck.sources import loader as sources
from factcheck.run.check import build_report  # noqa: E402
from factcheck.report import REPORTERS  # noqa: E402
from factcheck.safe_text import _UNSAFE  # noqa: E402

# --- generators ----------------------------------------------------------------------------------

ENTITIES = ["Kazakhstan", "China", "the United States", "Russia", "the EU", "Astana", "Tokayev", "KazMunayGas"]
VERBS = ["signed", "reached", "exported", "invested", "announced", "recorded", "grew by", "fell to", "rose to"]
HEDGES = ["", "about ", "more than ", "nearly ", "at least ", "up to ", "approximately ", "over ", "~"]
NOUNS = ["agreements", "billion dollars", "tonnes of oil", "projects", "aircraft", "jobs", "km of railway", ""]
DATES = ["in 2024", "on November 6, 2025", "in early 2025", "last year", "in Q3 2025", "by 2030", "in March",
         "between 2019 and 2023", "on 2025-02-30", "in the 1990s", ""]
HOSTILE = ["\x00", "\x0b", "\x0c", "\x1b[31m", "\x1b]0;x\x07", "\u202e", "\u2066", "\u200f", "\ufeff", "\r",
           "\r\n", "\u2028", "\x85", "\x7f", "“", "”", "\"", "<script>x</script>", "|", "`", "\\", "$", "%", "\t"]
CURRENCY = ["$", "US$", "€", "£", "₸", "KZT ", "USD ", ""]
SCALES = ["", " million", " billion", "bn", "m", " trillion", " thousand", " trillion trillion"]


def number(rng: random.Random) -> str:
    """A numeral of any length and shape: '7', '1,234.5', 310 nines, '0.000…1', 'twenty-five'."""
    shape = rng.random()
    if shape < 0.05:
        return "9" * rng.choice([59, 60, 61, 100, 308, 309, 310, 400, 1000])
    if shape < 0.10:
        return "0." + "0" * rng.randint(1, 400) + "1"
    if shape < 0.20:
        return rng.choice(["twenty-five", "a dozen", "two and a half", "hundred " * rng.randint(1, 200),
                           "three to four thousand", "thousands of", "a third of", "one out of three"])
    digits = str(rng.randint(0, 10 ** rng.randint(1, 15)))
    if rng.random() < 0.4 and len(digits) > 3:
        digits = f"{int(digits):,}"
    if rng.random() < 0.3:
        digits += "." + str(rng.randint(0, 999))
    return digits


def figure(rng: random.Random) -> str:
    kind = rng.random()
    core = number(rng)
    if kind < 0.35:
        return f"{rng.choice(HEDGES)}{rng.choice(CURRENCY)}{core}{rng.choice(SCALES)}"
    if kind < 0.55:
        return f"{rng.choice(HEDGES)}{core}%"
    if kind < 0.7:
        return f"between {core} and {number(rng)} {rng.choice(NOUNS)}"
    return f"{rng.choice(HEDGES)}{core} {rng.choice(NOUNS)}"


def sentence(rng: random.Random) -> str:
    forms = [
        lambda: f"{rng.choice(ENTITIES)} {rng.choice(VERBS)} {figure(rng)} {rng.choice(DATES)}.",
        lambda: f"According to {rng.choice(ENTITIES)}, trade reached {figure(rng)} {rng.choice(DATES)}.",
        lambda: f"“We signed {figure(rng)},” {rng.choice(ENTITIES)} said {rng.choice(DATES)}.",
        lambda: f"{rng.choice(ENTITIES)} is {rng.choice(ENTITIES)}'s largest trading partner.",
        lambda: f"The Trans-Baltic Ferry Freight Route (TBFR) carried {figure(rng)}.",
        lambda: f"See https://example.org/{number(rng)}/x?y={number(rng)} and doi:10.1234/{number(rng)}.",
        lambda: f"(Smith, {rng.randint(1990, 2030)}) reported {figure(rng)}[^{rng.randint(1, 9)}].",
        lambda: f"Exports **rose** \\${number(rng)} [link](http://a.b/{number(rng)}) <sup>{rng.randint(1, 9)}</sup>.",
        lambda: " ".join(f"{number(rng)} tons," for _ in range(rng.randint(1, 60))),
    ]
    return rng.choice(forms)()


def block(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.55:
        return " ".join(sentence(rng) for _ in range(rng.randint(1, 6)))
    if kind < 0.65:
        return f"{'#' * rng.randint(1, 6)} {rng.choice(['Trade', 'References', 'Sources', 'Notes', 'Outlook'])}"
    if kind < 0.75:
        rows = [f"| {rng.choice(ENTITIES)} | {figure(rng)} | {rng.choice(DATES)} |" for _ in range(rng.randint(1, 5))]
        return "| who | figure | when |\n|---|---|---|\n" + "\n".join(rows)
    if kind < 0.85:
        return "\n".join(f"{n}. Author, A. ({rng.randint(1990, 2030)}). Title, pp. {number(rng)}. https://x.y/{n}"
                         for n in range(1, rng.randint(2, 6)))
    if kind < 0.92:
        return "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(1, 4)))
    return f"[^{rng.randint(1, 9)}]: https://example.com/{number(rng)} {sentence(rng)}"


def front_matter(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return ""
    if kind < 0.8:
        return (f"---\nid: s{rng.randint(0, 10 ** 6)}\ntitle: \"{sentence(rng)[:60]}\"\n"
                f"published: {rng.choice(['2025-11-20', '2025-02-30', 'soon', '2024-01-01'])}\n---\n")
    bad = ["---\nid: ../../etc\n---\n", "---\ntitle: [unclosed\n---\n", "---\nx: !!python/object/apply:os.system [ls]\n---\n",
           "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
           "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n", "---\nid: a\nid: b\n---\n",
           "---\nnever closed\n", "---\n- a list\n---\n"]
    return rng.choice(bad)


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        pos = rng.randint(0, len(chars))
        op = rng.random()
        if op < 0.5:
            chars[pos:pos] = list(rng.choice(HOSTILE))
        elif op < 0.8 and chars:
            del chars[pos:pos + rng.randint(1, 20)]
        elif chars:
            chars[pos:pos] = chars[max(0, pos - 40):pos]
    return "".join(chars)


def source(rng: random.Random) -> bytes:
    """One fuzz input, as the bytes of a file."""
    text = front_matter(rng) + "\n\n".join(block(rng) for _ in range(rng.randint(1, 3))) + "\n"
    if rng.random() < 0.4:
        text = mutate(rng, text)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.03:
        k = rng.randint(0, len(data))
        data = data[:k] + rng.choice([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"]) + data[k:]
    return data


# --- one corpus through the pipeline, every output checked ---------------------------------------

@dataclass
class Finding:
    kind: str           # crash, offset, invalid, slow
    detail: str
    source: bytes
    seconds: float = 0.0
    reproducer: bytes | None = None


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    inputs: int = 0
    slowest: tuple[float, bytes] = (0.0, b"")


def _strict_json(text: str) -> object:
    def refuse(name: str):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def check_outputs(report) -> list[str]:
    """What is wrong with the rendered reports: strict JSON, XML 1.0, nothing unsafe for people."""
    problems = []
    for fmt, module in sorted(REPORTERS.items()):
        try:
            out = module.render(report)
            if fmt in ("json", "sarif"):
                _strict_json(out)
            elif fmt == "junit":
                ET.fromstring(out.encode("utf-8"))
            if fmt != "json" and fmt != "sarif" and _UNSAFE.search(out):
                problems.append(f"{fmt}: unsafe character U+{ord(_UNSAFE.search(out).group()):04X} in the output")
        except Exception as e:  # noqa: BLE001 - every failure of a reporter is a finding
            problems.append(f"{fmt}: {type(e).__name__}: {str(e)[:200]}")
    return problems


def check_claims(result) -> list[tuple[str, str, str]]:
    """(kind, source id, detail) for every claim that does not slice back or is not finite."""
    out = []
    for doc in result.documents:
        for c in result.claims[doc.meta.id]:
            if doc.text[c.start:c.end] != c.quote or doc.line_col(c.start) != (c.line, c.column):
                out.append(("offset", doc.meta.id, f"{c.id}: text[{c.start}:{c.end}] != {c.quote[:60]!r}"))
            numbers = [c.value, c.low, c.high, c.precision, c.to_base]
            if any(x is not None and not math.isfinite(x) for x in numbers):
                out.append(("invalid", doc.meta.id, f"{c.id}: a non-finite number in {c.quote[:60]!r}"))
    return out


class Timer:
    """Seconds spent loading and extracting each source, by path."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._load, self._extract = sources.load_document, pipeline.extract_document

    def __enter__(self):
        def load(path, known=None):
            t = time.perf_counter()
            try:
                return self._load(path, known)
            finally:
                self.seconds[str(path)] = self.seconds.get(str(path), 0.0) + time.perf_counter() - t

        def extract(doc, kn):
            t = time.perf_counter()
            try:
                return self._extract(doc, kn)
            finally:
                self.seconds[doc.meta.path] = self.seconds.get(doc.meta.path, 0.0) + time.perf_counter() - t

        sources.load_document, pipeline.extract_document = load, extract
        return self

    def __exit__(self, *exc):
        sources.load_document, pipeline.extract_document = self._load, self._extract


def run_corpus(folder: Path, inputs: list[bytes], rerun: bool = True
               ) -> tuple[list[tuple[str, str, int | None]], dict[int, float]]:
    """Run a corpus of `inputs`; (kind, detail, index of the input or None) for each problem, and seconds.
    With `rerun`, the corpus runs again from the claim cache it wrote, and must give the same report."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "corpus").mkdir(parents=True)
    for n, data in enumerate(inputs):
        (folder / "corpus" / f"f{n:04d}.md").write_bytes(data)
    index_of = {str(folder / "corpus" / f"f{n:04d}.md"): n for n in range(len(inputs))}
    found: list[tuple[str, str, int | None]] = []
    with Timer() as timer:
        try:
            report, result = build_report(folder / "corpus", cache_dir=folder / "claims")
            pipeline.write_claims(result, folder / "claims")
            again = build_report(folder / "corpus", cache_dir=folder / "claims")[0] if rerun else report
        except Exception as e:  # noqa: BLE001
            return [("crash", f"{type(e).__name__}: {str(e)[:300]}", None)], {}
    by_id = {d.meta.id: index_of.get(d.meta.path) for d in result.documents}
    for p in result.problems:
        if p.code == "FC990":
            found.append(("crash", p.message[:300], index_of.get(p.path)))
    for kind, ident, detail in check_claims(result):
        found.append((kind, detail, by_id.get(ident)))
    if REPORTERS["json"].render(again) != REPORTERS["json"].render(report):
        found.append(("invalid", "a rerun from the claim cache gives another report", None))
    found += [("invalid", problem, None) for problem in check_outputs(report)]
    return found, {index_of[p]: s for p, s in timer.seconds.items() if p in index_of}


# --- minimal reproducers ---------------------------------------------------------------------------

def fails_alike(folder: Path, data: bytes, kind: str, slow: float) -> bool:
    if kind == "slow":
        _, seconds = run_corpus(folder, [data])
        return seconds.get(0, 0.0) > slow
    found, _ = run_corpus(folder, [data])
    return any(k == kind for k, _, _ in found)


def minimise(folder: Path, data: bytes, kind: str, slow: float, budget: int = 60) -> bytes:
    """Delta debugging: drop chunks (lines first, then bytes) while the input still fails the same way."""
    calls = 0
    for unit in (b"\n", None):
        parts = data.split(b"\n") if unit else [data[i:i + 1] for i in range(len(data))]
        joiner = b"\n" if unit else b""
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and calls < budget:
            i, changed = 0, False
            while i < len(parts) and calls < budget:
                trial = parts[:i] + parts[i + chunk:]
                calls += 1
                if trial and fails_alike(folder, joiner.join(trial), kind, slow):
                    parts, changed = trial, True
                else:
                    i += chunk
            if not changed:
                chunk //= 2
        data = joiner.join(parts)
    return data


# --- the run -------------------------------------------------------------------------------------

def work(args: tuple[int, int, int, float]) -> Outcome:
    seed, count, batch, slow = args
    rng = random.Random(seed)
    out = Outcome()
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        done = 0
        while done < count:
            inputs = [source(rng) for _ in range(min(batch, count - done))]
            done += len(inputs)
            found, seconds = run_corpus(folder / "run", inputs, rerun=done % (batch * 4) == len(inputs))
            out.inputs += len(inputs)
            if out.inputs % (batch * 20) == 0:
                print(f"worker {seed}: {out.inputs:,} inputs, {len(out.findings)} findings", file=sys.stderr,
                      flush=True)
            for n, s in seconds.items():
                if s > out.slowest[0]:
                    out.slowest = (s, inputs[n])
                if s > slow:
                    found.append(("slow", f"{s:.2f} s to load and extract", n))
            for kind, detail, n in found:
                culprit = inputs[n] if n is not None else _culprit(folder / "one", inputs, kind, slow)
                out.findings.append(Finding(kind, detail, culprit, seconds.get(n, 0.0) if n is not None else 0.0))
        minimised: set[tuple[str, str]] = set()
        for f in out.findings:  # one reproducer per kind of failure: the rest are the same bug again
            signature = (f.kind, f.detail.split(":")[0][:40])
            if signature not in minimised and len(minimised) < 8:
                minimised.add(signature)
                f.reproducer = minimise(folder / "min", f.source, f.kind, slow)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _culprit(folder: Path, inputs: list[bytes], kind: str, slow: float) -> bytes:
    """The first input that fails the same way on its own (the corpus as a whole, when none does)."""
    for data in inputs:
        if fails_alike(folder, data, kind, slow):
            return data
    return b"\n\x1e".join(inputs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=50, help="sources per corpus")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slow", type=float, default=1.0, help="seconds per source that count as slow")
    ap.add_argument("--out", default=None, help="write the findings as JSON here")
    args = ap.parse_args(argv)
    started = time.time()
    warm = Path(tempfile.mkdtemp(prefix="fuzz-warm-"))
    run_corpus(warm, [b"Kazakhstan signed 29 agreements worth $17.2 billion in 2025.\n"])  # load models once
    shutil.rmtree(warm, ignore_errors=True)
    shares = [args.inputs // args.workers + (1 if k < args.inputs % args.workers else 0) for k in range(args.workers)]
    jobs = [(args.seed * 1000 + k, n, args.batch, args.slow) for k, n in enumerate(shares)]
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        outcomes = pool.map(work, jobs)
    return summarise(outcomes, time.time() - started, args)


def summarise(outcomes: list[Outcome], seconds: float, args) -> int:
    findings = [f for o in outcomes for f in o.findings]
    slowest = max((o.slowest for o in outcomes), key=lambda s: s[0])
    counts = {k: sum(f.kind == k for f in findings) for k in ("crash", "offset", "invalid", "slow")}
    print(f"fuzz: {sum(o.inputs for o in outcomes):,} inputs in {seconds:.0f} s (seed {args.seed}); "
          f"crashes {counts['crash']}, offset violations {counts['offset']}, invalid outputs {counts['invalid']}, "
          f"sources over {args.slow:g} s {counts['slow']}; slowest source {slowest[0]:.3f} s "
          f"({len(slowest[1]):,} bytes)")
    for f in findings[:40]:
        shown = f.reproducer if f.reproducer is not None else f.source[:300]
        print(f"  {f.kind}: {f.detail}\n    reproducer ({len(shown)} bytes): {shown[:300]!r}")
    if args.out:
        Path(args.out).write_text(json.dumps({
            "inputs": sum(o.inputs for o in outcomes), "seconds": round(seconds), "seed": args.seed, **counts,
            "slowest_seconds": round(slowest[0], 3), "slowest_source": slowest[1].decode("utf-8", "replace"),
            "findings": [{"kind": f.kind, "detail": f.detail, "reproducer": (f.reproducer or f.source[:2000]).decode(
                "utf-8", "replace")} for f in findings]}, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())

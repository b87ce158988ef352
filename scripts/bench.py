"""Throughput of `factcheck` extraction against the naive baseline, measured in the same run.

The baseline is what the project must not do: quantulum3's parser over every whole
document. Both read the same texts (the bundled corpus, repeated to the requested
size); the script prints KB/s for each and the ratio. A benchmark, not a test: numbers
depend on the machine.

    .venv/bin/python scripts/bench.py [--kb 300] [--baseline-kb 60]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.knowledge import Knowledge  # noqa: E402
from factcheck.pipeline import extract_corpus  # noqa: E402


def _texts(kb: int) -> list[str]:
    notes = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.md"))]
    out, size, n = [], 0, 0
    while size < kb * 1024:
        text = notes[n % len(notes)].replace("id: ", f"id: copy{n}-", 1)
        out.append(text)
        size += len(text.encode())
        n += 1
    return out


def bench_factcheck(texts: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            Path(tmp, f"s{i:05d}.md").write_text(text, encoding="utf-8")
        kn = Knowledge()
        extract_corpus([Path(tmp)], kn)  # warm-up: loads quantulum3 and dateparser once
        start = time.perf_counter()
        result = extract_corpus([Path(tmp)], kn)
        elapsed = time.perf_counter() - start
    claims = sum(len(c) for c in result.claims.values())
    print(f"factcheck extract : {claims} claims from {len(texts)} sources")
    return elapsed


def bench_baseline(texts: list[str]) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
        parser.parse("warm up 5 km")
        start = time.perf_counter()
        found = sum(len(parser.parse(t)) for t in texts)
    elapsed = time.perf_counter() - start
    print(f"quantulum3 whole-document baseline: {found} quantities from {len(texts)} sources")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, default=300, help="text to extract with factcheck (KB)")
    ap.add_argument("--baseline-kb", type=int, default=60, help="text to give the slow baseline (KB)")
    a = ap.parse_args()
    ours, base = _texts(a.kb), _texts(a.baseline_kb)
    ours_kb = sum(len(t.encode()) for t in ours) / 1024
    base_kb = sum(len(t.encode()) for t in base) / 1024
    t_ours, t_base = bench_factcheck(ours), bench_baseline(base)
    r_ours, r_base = ours_kb / t_ours, base_kb / t_base
    print(f"factcheck : {ours_kb:8.1f} KB in {t_ours:6.2f} s = {r_ours:8.1f} KB/s")
    print(f"baseline  : {base_kb:8.1f} KB in {t_base:6.2f} s = {r_base:8.1f} KB/s")
    print(f"factcheck is {r_ours / r_base:.1f}x the throughput of quantulum3 over whole documents")


if __name__ == "__main__":
    main()

"""Time and peak memory of `factcheck check` on two hostile sources (issue 23, item 3). A measurement, not a test.

- one line of about 1 MB repeating one made-up sentence (every claim a twin of thousands of others): the
  promise is under 500 MB peak and 30 s;
- 20,000 empty tags on one 220 KB line (a run of blanks once the tags are blanked): under 5 s.

Each check runs in its own process (`--jobs 1`, so the peak is one process's) on a fresh corpus with no cache;
a run past --timeout seconds or --max-mb is stopped and reported as such. --code DIR measures another checkout
of factcheck (a `git archive` of an earlier revision) with this interpreter.

    .venv/bin/python scripts/probe_linear.py [--code DIR] [--timeout 150] [--max-mb 4000]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "The harbour at Velmora handled 40 cargo ships in 2024, officials said. "
RUN = "import sys; from factcheck.cli.main import main; sys.exit(main(sys.argv[1:]))"


def repeated_sentence(folder: Path, size: int = 1_000_000) -> Path:
    path = folder / "repeated.txt"
    path.write_text(SENTENCE * (size // len(SENTENCE)) + "\n", encoding="utf-8")
    return path


def empty_tags(folder: Path, tags: int = 20_000) -> Path:
    path = folder / "tags.md"
    path.write_text("<b></b>    " * tags + "The port handled 40 ships in 2024.\n", encoding="utf-8")
    return path


def _rss_mb(pid: int) -> float:
    """The resident set of a running process (Linux /proc), 0 where it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(source: Path, code: Path, timeout: float, max_mb: float) -> tuple[str, float, float]:
    """(outcome, seconds, peak MB) of one `factcheck check` of the folder holding `source`."""
    env = dict(os.environ, PYTHONPATH=str(code), FACTCHECK_SOURCE_SECONDS=str(int(timeout) + 60))
    args = [sys.executable, "-c", RUN, "check", str(source.parent), "--no-cache", "-q", "--jobs", "1",
            "--exit-zero", "--reports", str(source.parent / "reports"), "--claims", str(source.parent / "claims")]
    start = time.monotonic()
    child = subprocess.Popen(args, env=env, cwd=source.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, outcome = 0.0, None
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:   # finished: its own peak, as the kernel counted it
            child.returncode = os.waitstatus_to_exitcode(status)
            return outcome or f"exit {child.returncode}", time.monotonic() - start, max(peak, usage.ru_maxrss / 1024)
        peak = max(peak, _rss_mb(child.pid))
        if outcome is None and time.monotonic() - start > timeout:
            outcome = f"stopped at {timeout:g} s"
        elif outcome is None and peak > max_mb:
            outcome = f"stopped past {max_mb:g} MB"
        if outcome:
            child.kill()
        time.sleep(0.1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--code", type=Path, default=ROOT, help="the factcheck checkout to measure")
    ap.add_argument("--timeout", type=float, default=150.0)
    ap.add_argument("--max-mb", type=float, default=4000.0)
    o = ap.parse_args()
    probes = [("1 MB of one repeated sentence on one line", repeated_sentence, 500, 30),
              ("20,000 empty tags on one 220 KB line", empty_tags, None, 5)]
    failed = False
    for name, make, mb_limit, s_limit in probes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            folder.mkdir()
            outcome, seconds, peak = measure(make(folder), o.code, o.timeout, o.max_mb)
        ok = outcome == "exit 0" and seconds < s_limit and (mb_limit is None or peak < mb_limit)
        failed |= not ok
        promise = f"under {s_limit} s" + (f" and {mb_limit} MB" if mb_limit else "")
        print(f"{name}: {outcome}, {seconds:.1f} s, peak {peak:.0f} MB ({'within' if ok else 'NOT within'} "
              f"{promise})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

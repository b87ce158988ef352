"""One writer at a time, and a write set that survives a kill (issue 11, items 2 and 4).

Small in CI; FACTCHECK_TRIALS=35 runs the trials the issue measured (see /tmp/note-11.md).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from factcheck.models import Discrepancy
from factcheck.review.decisions import decide, load
from factcheck.state.storage import LockHeld, writer_lock
from helpers import run_cli, write_corpus
from test_cache import A, A_EDITED, B, C, _findings

TRIALS = int(os.environ.get("FACTCHECK_TRIALS", "1"))
REVIEWERS = 4
KILL_WINDOW = 0.3  # seconds: a forked, warm check of the corpus below takes about this long


def _discrepancy(n: int) -> Discrepancy:
    return Discrepancy(id=f"FC201-{n:010x}", code="FC201", rule="numeric.interval_conflict", severity="material",
                       subject=f"subject {n}", subject_key=f"k{n}", message="m", reason="r", positions=(),
                       subject_confidence=1.0, extraction_confidence=1.0)


def _review(path: str, n: int, start) -> None:
    start.wait()
    decide(Path(path), _discrepancy(n), "accepted", f"decision {n}", "tester", None, "2026-01-01")


def _check(root: str, start) -> None:
    start.wait()
    _run_check(["check", "--corpus", Path(root) / "corpus", "--reports", Path(root) / "reports",
                "--claims", Path(root) / "claims"])


@pytest.mark.parametrize("trial", range(TRIALS))
def test_parallel_reviews_and_a_check_lose_no_decision(tmp_path, trial, warm):
    write_corpus(tmp_path / "corpus", {"visit-a.md": A, "visit-b.md": B})
    path = tmp_path / "claims" / "reviews.yaml"
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    workers = [ctx.Process(target=_review, args=(str(path), n, start)) for n in range(REVIEWERS)]
    workers.append(ctx.Process(target=_check, args=(str(tmp_path), start)))
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0] * len(workers)
    assert sorted(r.reason for r in load(path)) == [f"decision {n}" for n in range(REVIEWERS)]
    json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))


def test_a_held_lock_is_named_and_never_overwritten(tmp_path, capsys):
    path = tmp_path / "claims" / "reviews.yaml"
    decide(path, _discrepancy(1), "accepted", "first", "a", None, "2026-01-01")
    with writer_lock(path.parent):
        with pytest.raises(LockHeld) as caught:
            with writer_lock(path.parent, timeout=0.01):
                pass
    assert caught.value.filename.endswith(".factcheck.lock") and "another factcheck command" in str(caught.value)
    assert "waiting" in capsys.readouterr().err
    assert [r.reason for r in load(path)] == ["first"]


def _run_check(args: list) -> None:
    with open(os.devnull, "w") as sink:
        sys.stdout = sys.stderr = sink
        run_cli(args)


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> None:
    """Load the unit parser's model once here, so forked runs take milliseconds, not seconds."""
    root = tmp_path_factory.mktemp("warm")
    write_corpus(root / "corpus", {"visit-a.md": A})
    _run_check(["check", "--corpus", root / "corpus", "--reports", root / "reports", "--claims", root / "claims"])


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_check_killed_at_a_random_moment_then_reverted_leaves_a_consistent_cache(tmp_path, trial, warm):
    root = tmp_path
    write_corpus(root / "corpus", {"visit-a.md": A, "visit-b.md": B, "visit-c.md": C})
    args = ["check", "--corpus", root / "corpus", "--reports", root / "reports", "--claims", root / "claims"]
    run_cli(args)
    expected = _findings(json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8")))
    (root / "corpus" / "visit-a.md").write_text(A_EDITED, encoding="utf-8")
    killed = multiprocessing.get_context("fork").Process(target=_run_check, args=(args,))
    killed.start()
    time.sleep(random.Random(trial).uniform(0.0, KILL_WINDOW))
    os.kill(killed.pid, signal.SIGKILL)
    killed.join()
    (root / "corpus" / "visit-a.md").write_text(A, encoding="utf-8")   # the revert: a git checkout
    run_cli(args)
    report = json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert _findings(report) == expected
    texts = {"visit-a": A, "visit-b": B, "visit-c": C}
    for ident, text in texts.items():
        for line in (root / "claims" / f"{ident}.jsonl").read_text(encoding="utf-8").splitlines():
            claim = json.loads(line)
            assert text[claim["start"]:claim["end"]] == claim["quote"]
    assert not [p.name for folder in ("claims", "reports") for p in (root / folder).iterdir()
                if p.name.endswith(".tmp")]

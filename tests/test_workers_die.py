"""Workers die with their parent, and a killed run's temporary files go at the next run (issue 23, item 4).

`kill -9` runs no cleanup in the parent, so ProcessPoolExecutor never tells its workers to stop: before the
fix, most kills left both workers of `--jobs 2` running for minutes.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT, run_cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")

RUN = "import sys; from factcheck.cli.main import main; sys.exit(main(sys.argv[1:]))"


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped (a container's init may never reap an orphan)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.parametrize("trial", range(3))
def test_workers_of_a_killed_check_do_not_outlive_it(tmp_path, trial):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    workers: list[int] = []
    check = subprocess.Popen([sys.executable, "-c", RUN, "check", "--corpus", str(corpus), "--no-cache", "-q",
                              "-j", "2"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: len(_children(check.pid)) >= 2, 30), "the check never started its workers"
        workers = _children(check.pid)
        time.sleep(0.1 * trial)   # a little later each trial: idle workers, then busy ones
        os.kill(check.pid, signal.SIGKILL)
        check.wait()
        assert _wait_for(lambda: not any(_alive(w) for w in workers), 3), \
            f"workers {[w for w in workers if _alive(w)]} outlived their parent"
    finally:
        if check.poll() is None:
            check.kill()
            check.wait()
        for w in workers:   # a failing run leaves nothing behind either
            if _alive(w):
                os.kill(w, signal.SIGKILL)


def test_temporary_files_of_a_killed_add_are_removed_by_the_next_run(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "corpora" / "harbour", corpus)
    left = [corpus / ".new-source.md.a1b2c3d4.tmp", tmp_path / "claims" / ".index.json.Zx9_y8w7.tmp"]
    keep = corpus / ".notes.tmp"   # not a name our writes make: someone's own file stays
    (tmp_path / "claims").mkdir()
    for path in [*left, keep]:
        path.write_text("half a write\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run_cli(["check", "-q", "--exit-zero"])
    assert code == 0
    assert not any(p.exists() for p in left)
    assert keep.exists()

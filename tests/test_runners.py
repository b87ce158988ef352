"""Where the work runs does not change what is written: one process, a local pool, a Dask cluster.

The checks run the real command in a subprocess, with its own process pool. The Dask tests start a
two-worker cluster on this machine's loopback; `distributed` is in the test extra, so they run in CI.
"""
from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.run.runner import DaskCluster, LocalPool, Lost, RunnerError, TIMEOUT_ENV, runner_for

HARBOUR = Path(__file__).parent / "corpora" / "harbour"
BUNDLED = Path(__file__).parent.parent / "corpus"
REPORT_FILES = ("discrepancies.json", "discrepancies.md", "index.html")
KILLER = 3


def _check(root: Path, name: str, *options: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`factcheck check` of root/corpus into fresh folders root/claims-NAME and root/reports-NAME (siblings,
    so index.html's links back to the sources are the same text whatever the name)."""
    return subprocess.run([sys.executable, "-m", "factcheck", "check", "corpus", "--claims", f"claims-{name}",
                           "--reports", f"reports-{name}", "--exit-zero", "-q", *options],
                          cwd=root, capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def _written(root: Path, name: str) -> dict[str, bytes]:
    """The report files and every file of the claims folder (its lock aside), by name.

    reports/.written.json is left out on purpose: it records a digest of the reports folder's path,
    to know whether that folder already holds this report, so it differs between folders by design."""
    claims = root / f"claims-{name}"
    out = {f"reports/{n}": (root / f"reports-{name}" / n).read_bytes() for n in REPORT_FILES}
    out.update({f"claims/{p.name}": p.read_bytes() for p in sorted(claims.iterdir())
                if p.is_file() and p.name != ".factcheck.lock"})
    return out


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("runners")
    shutil.copytree(HARBOUR, root / "corpus")  # with the bundled notes: 8 sources in 2 stories, enough that
    for note in sorted(BUNDLED.glob("*.md")):   # a local pool really extracts and compares on its workers
        shutil.copy(note, root / "corpus" / note.name)
    return root


@pytest.fixture(scope="module")
def one_process(root) -> dict[str, bytes]:
    """The reference: everything in the command's own process."""
    done = _check(root, "one", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    written = _written(root, "one")
    assert json.loads(written["reports/discrepancies.json"])["discrepancies"], "the corpus should disagree"
    assert len([n for n in written if n.endswith(".jsonl")]) == 8
    return written


def test_two_local_workers_write_the_same_bytes_as_one_process(root, one_process):
    done = _check(root, "pool", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert _written(root, "pool") == one_process


def test_a_local_pool_forks_its_workers_before_the_run_grows():
    """Workers forked when the comparison holds hundreds of MB would start with all of it in their resident set:
    the command's runner has its workers before any work is given to it (where workers are forked)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are spawned here, and started only when used")
    pool = runner_for(2)
    try:
        assert isinstance(pool, LocalPool) and len(pool._pool._processes) == 2
        assert pool.map(_die_on, [(1,), (2,)]) == [10, 20]
    finally:
        pool.close()


def _local_cluster(workers: int, **scheduler):
    """A scheduler on loopback with `workers` worker processes. Its HTTP server, which it starts even with
    no dashboard (on 8787 by default, all interfaces), goes to a free loopback port."""
    distributed = pytest.importorskip("distributed")  # only a guard: distributed is in the test extra
    return distributed.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None,
                                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0", **scheduler})


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes, as `dask worker ADDRESS --nworkers 2 --nthreads 1` starts; a
    task is given up after killing 2 workers (allowed-failures 1; Dask's default 3 makes it 4, a second more)."""
    cluster = _local_cluster(2, allowed_failures=1)
    try:
        yield cluster
    finally:
        cluster.close()


def test_a_dask_cluster_writes_the_same_bytes_as_one_process(root, one_process, cluster):
    done = _check(root, "dask", "--scheduler", cluster.scheduler_address)
    assert done.returncode == 0, done.stderr
    assert _written(root, "dask") == one_process


def test_dask_counts_the_threads_of_the_whole_cluster(cluster):
    runner = DaskCluster(cluster.scheduler_address)
    try:
        assert runner.jobs == 2
    finally:
        runner.close()


def _die_on(n: int) -> int:
    """Module level, so that it reaches a worker by name; the process running item KILLER ends at once."""
    if n == KILLER:
        os._exit(1)
    return n * 10


@pytest.mark.parametrize("kind", ["local pool", "dask"])
def test_a_dying_worker_costs_only_its_own_item(kind, request):
    """On Dask the killer is tried on 1 + allowed-failures workers, each restarted by its nanny, and the
    items that were waiting on a worker it killed come back Lost too, until run again alone."""
    if kind == "dask":
        address = request.getfixturevalue("cluster").scheduler_address
        import dask

        # a finished result held by a worker that has just died is asked for until the connect timeout
        # (30 s by default) before it is computed again elsewhere: a stall of the test now and then
        timeouts = dask.config.set({"distributed.comm.timeouts.connect": "5s"})
        runner = DaskCluster(address)
    else:
        timeouts, runner = contextlib.nullcontext(), LocalPool(2)
    with timeouts:
        try:
            out = runner.map(_die_on, [(n,) for n in range(6)])
            assert out[:KILLER] + out[KILLER + 1:] == [0, 10, 20, 40, 50]
            assert isinstance(out[KILLER], Lost) and "died" in out[KILLER].why
            assert runner.map(_die_on, [(7,), (8,)]) == [70, 80]  # the workers take work again after the loss
        finally:
            runner.close()


def test_a_cluster_whose_workers_are_all_gone_gives_its_tasks_up_after_the_timeout():
    """Dask keeps a task waiting for a worker that may never come; the run must end with the items Lost (each
    reported as its source's error), and without waiting the timeout again for every item."""
    with _local_cluster(1) as alone:
        runner = DaskCluster(alone.scheduler_address, timeout=1)
        try:
            assert runner.map(_die_on, [(1,)]) == [10]
            alone.scale(0)
            deadline = time.monotonic() + 30
            while runner._client.nthreads() and time.monotonic() < deadline:
                time.sleep(0.1)
            start = time.monotonic()
            out = runner.map(_die_on, [(n,) for n in range(6)])
            assert len(out) == 6 and all(isinstance(x, Lost) and "no worker" in x.why for x in out)
            assert time.monotonic() - start < 6   # once the cluster is known to be empty, no wait per item
        finally:
            runner.close()


def test_a_scheduler_with_no_workers_is_refused_with_its_address():
    with _local_cluster(0) as empty:
        with pytest.raises(RunnerError, match="no workers") as refused:
            DaskCluster(empty.scheduler_address, timeout=0.5)
    assert empty.scheduler_address in str(refused.value)


def test_a_malformed_scheduler_address_is_refused_at_once():
    pytest.importorskip("distributed")
    with pytest.raises(RunnerError, match="at tcp://127.0.0.1: missing port"):
        DaskCluster("tcp://127.0.0.1", timeout=30)


# nothing listens on port 1: the Client tries until the timeout. The second one fails inside the Client's
# constructor, which leaves the Client open: with the default timeout (20 s), it would then hold the
# command 40 s at exit
@pytest.mark.parametrize("address, timeout", [("tcp://127.0.0.1:1", "0.5"), ("nope://127.0.0.1:1", "20")])
def test_an_unreachable_or_malformed_scheduler_exits_2_naming_it(root, address, timeout):
    pytest.importorskip("distributed")
    start = time.monotonic()
    done = _check(root, "nowhere", "--scheduler", address, env={TIMEOUT_ENV: timeout})
    assert done.returncode == 2
    assert f"cannot reach the Dask scheduler at {address}" in done.stderr
    assert "Traceback" not in done.stderr  # nor the half-made client's complaint at exit
    assert time.monotonic() - start < 15
    assert not (root / "reports-nowhere").exists()


def test_jobs_and_a_scheduler_together_are_a_usage_error(root):
    done = _check(root, "both", "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert done.returncode == 2
    assert "--jobs and --scheduler" in done.stderr


def test_factcheck_never_imports_dask_unless_asked():
    code = ("import sys, factcheck.cli.main, factcheck.cli.check, factcheck.run.pipeline, factcheck.run.compare_corpus, "
            "factcheck.run.runner; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_source_that_kills_its_worker_is_reported_as_its_own_error(root, monkeypatch):
    """The pool's workers are forked, so a patch made here reaches them: extracting one source kills the
    process. That source is skipped with FC915 (exit 2 follows), every other source is still checked."""
    from factcheck.run import pipeline
    from factcheck.run.check import build_report

    extract = pipeline.extract_document

    def deadly(doc, kn):
        if doc.meta.id == "kalvane-council-note":
            os._exit(1)
        return extract(doc, kn)

    monkeypatch.setattr(pipeline, "extract_document", deadly)
    pool = LocalPool(2)
    try:
        report, _ = build_report(root / "corpus", runner=pool)
    finally:
        pool.close()
    assert [(p.code, Path(p.path).name) for p in report.skipped] == [("FC915", "kalvane-council-note.txt")]
    assert "died" in report.skipped[0].message
    assert len(report.sources) == 7


class _Spy(LocalPool):
    """A local pool that records which function each of its `map` calls ran."""

    def __init__(self, jobs: int) -> None:
        super().__init__(jobs)
        self.ran: list[str] = []

    def map(self, fn, items):
        self.ran.append(fn.__name__)
        return super().map(fn, items)


def test_the_families_of_one_story_lined_up_on_workers_find_the_same(root, monkeypatch):
    """A folder on one topic is mostly one story: its families go to the workers, and nothing found changes."""
    from factcheck.run import compare_corpus as compare
    from factcheck.config.knowledge import Knowledge
    from factcheck.run.pipeline import extract_corpus

    kn = Knowledge()
    done = extract_corpus([root / "corpus"], kn)
    claims = {s: done.claims[s] for s in done.claims}
    paths = {d.meta.id: d.meta.path for d in done.documents}
    here = compare.compare_story(claims, paths, kn)
    monkeypatch.setattr(compare, "SPREAD_FAMILIES_FROM", 0)
    pool = _Spy(2)
    try:
        spread = compare.compare_story(claims, paths, kn, runner=pool)
    finally:
        pool.close()
    assert pool.ran == ["family_findings"]
    assert here.discrepancies and [d.model_dump_json() for d in spread.discrepancies] == \
        [d.model_dump_json() for d in here.discrepancies]
    assert [c.model_dump_json() for c in spread.corroborations] == [c.model_dump_json() for c in here.corroborations]
    assert (spread.compared, spread.unaligned, spread.candidates) == (here.compared, here.unaligned, here.candidates)

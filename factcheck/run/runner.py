"""Where the work of a run happens: in this process, on a pool of local processes, or on a Dask cluster.

Two kinds of work are independent and go to a runner: extracting one source, and comparing one
story. A runner's `map` returns one outcome per item, in the order of the items, so the output
bytes do not depend on where the work ran or in which order it finished. A task that fails is
never lost and never silently empty: when the process running it dies (a crash, the kernel's OOM
killer), `map` returns a `Lost` in its place, and the caller reports it as that item's error.

No scheduler, queue or worker protocol of our own: the local pool is the standard library's
`ProcessPoolExecutor`, the cluster is `dask.distributed` (the optional extra `factcheck[dask]`).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence, TypeGuard

from factcheck.config.env import env_number

TIMEOUT_ENV = "FACTCHECK_DASK_TIMEOUT"
DEFAULT_TIMEOUT = 20.0  # seconds to reach a Dask scheduler, and for it to have a worker (at start or later)
POLL_SECONDS = 1.0      # how often a wait for a Dask result looks whether the cluster still has workers
PARENT_POLL = 0.5       # how often a local worker looks whether the process that started it is still there
_PR_SET_PDEATHSIG = 1   # linux/prctl.h


@dataclass(frozen=True)
class Lost:
    """The process that ran this task died before it returned; `why` says so in words."""

    why: str


class Runner(Protocol):
    jobs: int
    local: bool   # on this machine: small batches stay in this process, where starting workers costs more

    def map(self, fn: Callable[..., Any], items: Sequence[tuple]) -> list[Any]: ...

    def close(self) -> None: ...


class InProcess:
    """Everything in this process: the default for one job, and for small runs where starting workers
    costs more than it saves."""

    jobs = 1
    local = True

    def map(self, fn: Callable[..., Any], items: Sequence[tuple]) -> list[Any]:
        return [fn(*item) for item in items]

    def close(self) -> None:
        pass


def available_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """fork where it exists: workers start in milliseconds with the modules already imported."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def die_with_parent(parent: int) -> None:
    """A local worker's initializer: the worker ends when the process that started it does, even by kill -9
    (which runs no cleanup, so ProcessPoolExecutor never tells its workers). On Linux the kernel sends the
    worker SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG); everywhere a daemon thread also polls the
    parent's pid, in case the signal was missed (the parent died before the call) or is not available."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:   # already orphaned between fork and here
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="factcheck-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


class LocalPool:
    """A pool of `jobs` worker processes on this machine, started on first use."""

    local = True

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=die_with_parent,
                                   initargs=(os.getpid(),))

    def start(self) -> LocalPool:
        """Fork the workers now, while this process is small. A worker forked later, when the comparison of a
        large story holds hundreds of MB here, starts with all of it mapped (copy-on-write pages count in its
        resident set, and Python's reference counts soon copy them). Only where workers are forked: a spawned
        worker imports everything afresh, which a short run should not pay for unless it uses the pool."""
        if self._pool is None and _context().get_start_method() == "fork":
            self._pool = self._executor(self.jobs)
            for future in [self._pool.submit(os.getpid) for _ in range(self.jobs)]:
                future.result()
        return self

    def map(self, fn: Callable[..., Any], items: Sequence[tuple]) -> list[Any]:
        if self._pool is None:
            self._pool = self._executor(self.jobs)
        futures = [self._pool.submit(fn, *item) for item in items]
        out: list[Any] = []
        lost: list[int] = []
        for n, future in enumerate(futures):
            try:
                out.append(future.result())
            except BrokenProcessPool:
                out.append(None)
                lost.append(n)
        if lost:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            for n in lost:  # each alone, so that only the item that kills its worker is blamed
                out[n] = self._alone(fn, items[n])
        return out

    def _alone(self, fn: Callable[..., Any], item: tuple) -> Any:
        with self._executor(1) as pool:
            try:
                return pool.submit(fn, *item).result()
            except BrokenProcessPool:
                return Lost("the worker process running it died (killed, or out of memory)")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskCluster:
    """Tasks sent to a running `dask.distributed` scheduler. Its workers must be able to import the same
    factcheck (the functions travel by name, their arguments pickled): start them from an environment
    where this version of factcheck is installed. Dask is imported here, never when factcheck is."""

    local = False   # asked for by name: every batch goes to the cluster, however small

    def __init__(self, address: str, timeout: float | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise RunnerError("--scheduler needs Dask: pip install 'factcheck[dask]'") from None
        wait = env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT) if timeout is None else timeout
        wait = wait if wait > 0 else DEFAULT_TIMEOUT
        problem = None
        try:
            client = Client(address, timeout=wait, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as e:
            # OSError: refused, unresolvable or silent past the timeout (distributed retries until then);
            # ValueError: no port, an unknown scheme; TypeError: tls:// without a TLS configuration
            problem = str(e)
        if problem is not None:
            # A Client that failed to start is still alive in the exception's frames; collected here, while its
            # event loop runs, it closes at once, where at exit it would wait twice the timeout and print a trace
            gc.collect()
            raise RunnerError(f"cannot reach the Dask scheduler at {address}: {problem} (is `dask scheduler` "
                              f"running there? {TIMEOUT_ENV} sets how long to try, now {wait:g} s)")
        try:
            client.wait_for_workers(1, timeout=wait)
        except (OSError, TimeoutError) as e:
            client.close()
            raise RunnerError(f"the Dask scheduler at {address} has no workers after {wait:g} s ({e}): start "
                              f"some with `dask worker {address}`") from None
        self._client = client
        self._wait = wait
        self._idle_since: float | None = None   # since when the cluster has had no worker, while waiting on it
        self.jobs = max(1, sum(client.nthreads().values()))  # worker threads on the whole cluster

    def map(self, fn: Callable[..., Any], items: Sequence[tuple]) -> list[Any]:
        futures = [self._client.submit(fn, *item, pure=False) for item in items]  # all sent before any wait
        out = [self._result(future) for future in futures]
        for n, done in enumerate(out):
            if isinstance(done, Lost):
                # Dask also blames the tasks that were waiting on a worker when another task killed it: run
                # each lost one again alone, so that only the item that kills its workers comes back Lost
                out[n] = self._result(self._client.submit(fn, *items[n], pure=False))
        return out

    def _result(self, future: Any) -> Any:
        """The task's result; Lost when the workers that ran it died, or when the cluster has had no worker at
        all for the timeout (Dask would keep the task waiting for a worker that may never come)."""
        from distributed import KilledWorker

        while True:
            if self._idle_since is not None and self._no_workers():  # known idle: do not wait a poll per task
                future.cancel()
                return Lost(f"the Dask cluster has had no worker for {self._wait:g} s ({TIMEOUT_ENV})")
            try:
                return future.result(timeout=POLL_SECONDS)
            except KilledWorker:  # the workers that tried it (1 + distributed.scheduler.allowed-failures) died
                return Lost("every Dask worker that ran it died (killed, or out of memory)")
            except TimeoutError:
                self._no_workers()

    def _no_workers(self) -> bool:
        """Whether the cluster has had no worker for longer than the timeout (and since when it has none)."""
        if self._client.nthreads():
            self._idle_since = None
            return False
        self._idle_since = self._idle_since or time.monotonic()
        return time.monotonic() - self._idle_since > self._wait

    def close(self) -> None:
        self._client.close()


def worth_spreading(runner: Runner | None, tasks: int, least: int) -> TypeGuard[Runner]:
    """Whether `tasks` go to the runner's workers: always on a cluster that was asked for, on this machine only
    with more than one worker and at least `least` tasks (starting workers costs more than a few save). Never
    without a runner: where it says yes, the type checker knows there is one."""
    if runner is None or tasks == 0:
        return False
    return not runner.local or (runner.jobs > 1 and tasks >= least)


class RunnerError(Exception):
    """A runner that cannot start (Dask missing, scheduler unreachable); the message says what to do."""


def runner_for(jobs: int | None = None, scheduler: str | None = None) -> Runner:
    """The runner a command line asks for: a Dask scheduler's address, else `jobs` local processes
    (None: the cores available), one job meaning this process."""
    if scheduler:
        return DaskCluster(scheduler)
    jobs = available_cores() if jobs is None else jobs
    return InProcess() if jobs <= 1 else LocalPool(jobs).start()

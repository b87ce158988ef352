"""Every regular expression factcheck applies to a source's text stays linear on hostile input (issue 23).

The patterns are not listed by hand, so a new one cannot be forgotten: every compiled pattern held by a
module of the package (module globals, and the lists, dicts and classes they hold), and every pattern the
package compiles while it checks real corpora (inline `re.search(r"...")` calls, patterns built from the
vocabularies). Each one runs over every input of tests/cases/regex_adversarial.yaml, 50 KB each, in a
child process the test kills when a run takes longer than LIMIT: a backtracking pattern is quadratic or
worse on these inputs (10 s to minutes), a linear one milliseconds, so the limit is far from both (at
100 KB the test cost twice as long for no better catch).
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

import factcheck
from factcheck.config.knowledge import Knowledge
from factcheck.run.check import build_report
from factcheck.sources.convert import html_to_text
from factcheck.sources.plain_meta import head_meta

ROOT = Path(__file__).resolve().parent.parent
SIZE = 50_000      # characters of each input: a quadratic pattern takes seconds on it, a linear one milliseconds
LIMIT = 2.0        # seconds per pattern and input, generous on a loaded 2-core machine

CHILD = r"""
import json, re, sys, time
patterns, inputs = json.loads(sys.stdin.read())
for n, (pattern, flags) in enumerate(patterns):
    compiled = re.compile(pattern, flags)
    for k, text in enumerate(inputs):
        print(json.dumps([n, k]), flush=True)
        for m in compiled.finditer(text):
            pass
print(json.dumps(["done"]), flush=True)
"""


def _held(value, depth: int = 0):
    """The compiled patterns a module-level value holds (itself, or inside a list, tuple, dict or class)."""
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 2 and isinstance(value, (list, tuple, dict)):
        for v in (value.values() if isinstance(value, dict) else value):
            yield from _held(v, depth + 1)
    elif depth < 2 and isinstance(value, type) and value.__module__.startswith("factcheck"):
        for v in vars(value).values():
            yield from _held(v, depth + 1)


def module_patterns() -> dict[tuple[str, int], str]:
    """(pattern, flags) -> where it is held, for every module of the package."""
    out: dict[tuple[str, int], str] = {}
    for info in pkgutil.walk_packages(factcheck.__path__, "factcheck."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for p in _held(value):
                out.setdefault((p.pattern, p.flags), f"{info.name}.{name}")
    return out


def _caller_module() -> str:
    """The module outside `re` (and its helpers) that asked for a pattern."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").startswith(("re", "sre_", "functools")):
        frame = frame.f_back
    return frame.f_globals.get("__name__", "") if frame is not None else ""


def runtime_patterns(monkeypatch, tmp_path: Path) -> dict[tuple[str, int], str]:
    """(pattern, flags) -> the module that compiled it, for the patterns the package compiles while it checks
    the bundled corpus and the test corpora, reads an HTML page and a plain-text head."""
    out: dict[tuple[str, int], str] = {}
    original = re._compile

    def recording(pattern, flags):
        compiled = original(pattern, flags)
        where = _caller_module()
        if where.startswith("factcheck") and isinstance(compiled.pattern, str):
            out.setdefault((compiled.pattern, compiled.flags), f"{where} (compiled at run time)")
        return compiled

    monkeypatch.setattr(re, "_compile", recording)
    re.purge()
    for corpus in (ROOT / "corpus", ROOT / "tests" / "corpora" / "harbour"):
        build_report(corpus, cache_dir=None)
    html_to_text("<html><head><title>T</title></head><body><nav>x</nav><p>It rose 5% in 2024.</p></body></html>")
    head_meta("A headline\nBy Jane Roe\nVELMORA, March 8, 2026 — The port handled 40 ships.\n")
    Knowledge()
    return out


def adversarial_inputs() -> list[str]:
    cases = yaml.safe_load((ROOT / "tests" / "cases" / "regex_adversarial.yaml").read_text(encoding="utf-8"))
    return [c.get("before", "") + c["unit"] * (SIZE // len(c["unit"])) + c.get("after", "") for c in cases]


def slow_patterns(patterns: list[tuple[str, int]], inputs: list[str], children: int = 2) -> list[tuple[int, int]]:
    """(pattern, input) numbers of the runs that took longer than LIMIT. The patterns are shared among
    `children` processes; a child is killed on a slow run and another goes on from the following pattern."""
    shares = [list(range(k, len(patterns), children)) for k in range(children)]
    found: list[list[tuple[int, int]]] = [[] for _ in shares]
    threads = [threading.Thread(target=_run_share, args=(patterns, inputs, share, out))
               for share, out in zip(shares, found)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(hit for out in found for hit in out)


def _run_share(patterns: list[tuple[str, int]], inputs: list[str], share: list[int],
               out: list[tuple[int, int]]) -> None:
    start = 0
    while start < len(share):
        stuck = _run_from([patterns[n] for n in share], inputs, start)
        if stuck is None:
            return
        out.append((share[stuck[0]], stuck[1]))
        start = stuck[0] + 1


def _run_from(patterns: list[tuple[str, int]], inputs: list[str], start: int) -> tuple[int, int] | None:
    """Run patterns[start:] in a child; the (pattern, input) it was stuck on, None when it finished."""
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True).start()
    child.stdin.write(json.dumps([patterns[start:], inputs]))
    child.stdin.close()
    current = None
    try:
        while True:
            try:
                step = json.loads(lines.get(timeout=LIMIT + (10 if current is None else 0)))
            except queue.Empty:
                return (current[0] + start, current[1]) if current else (start, 0)
            if step == ["done"]:
                return None
            current = step
    finally:
        child.kill()
        child.wait()


@pytest.fixture(scope="module")
def every_pattern(tmp_path_factory) -> dict[tuple[str, int], str]:
    monkeypatch = pytest.MonkeyPatch()
    try:
        found = runtime_patterns(monkeypatch, tmp_path_factory.mktemp("regex"))
    finally:
        monkeypatch.undo()
    return found | module_patterns()


def test_the_collection_finds_the_patterns_that_read_sources(every_pattern):
    """The walk sees module patterns, patterns inside lists, and inline ones compiled while checking."""
    places = set(every_pattern.values())
    assert "factcheck.sources.markup._FOOTNOTE_LINE" in places
    assert "factcheck.compare.rules.acronym._DASHES" in places
    assert "factcheck.extract.date_patterns (compiled at run time)" in places   # built from dates.yaml
    assert any(p.endswith("(compiled at run time)") for p in places)
    assert len(every_pattern) > 80


def test_every_pattern_is_linear_on_adversarial_input(every_pattern):
    patterns = sorted(every_pattern)
    inputs = adversarial_inputs()
    slow = slow_patterns(patterns, inputs)
    assert not slow, "\n".join(f"{every_pattern[patterns[n]]}: {patterns[n][0][:120]!r} took over {LIMIT} s on "
                               f"{inputs[k][:24]!r}..." for n, k in slow)


def test_the_watchdog_catches_a_quadratic_pattern():
    """The check can fail: a pattern with adjacent unbounded quantifiers over blanks is caught. Three of them
    (cubic: far past LIMIT on any machine), since two take only about 1.5 s on SIZE blanks on a fast one."""
    patterns = [(r"x", 0), (r"^[ \t]*[ \t]*[ \t]*y", re.M), (r"z", 0)]
    assert slow_patterns(patterns, [" " * SIZE]) == [(1, 0)]

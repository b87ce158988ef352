"""Terminal output: colour, width and progress, through rich, as the Python linters do it.

rich decides what the stream can take: colour only on a terminal and never under
NO_COLOR (https://no-color.org), lines cut to the terminal's width with an ellipsis
(COLUMNS is honoured), and a progress bar on stderr while sources are read. When the
output is piped or redirected, nothing is coloured and nothing is cut: a log keeps
every word. Source text is printed as plain text, never parsed as rich markup.
"""
from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from factcheck.safe_text import visible

STYLES = {"material": "bold red", "minor": "yellow", "new": "cyan", "stale": "magenta", "reviewed": "green",
          "error": "bold red", "ok": "green", "dim": "dim", "code": "bold"}


def console(stderr: bool = False, stream=None) -> Console:
    """A console on the stream as it is now (tests swap sys.stdout), or on `stream`."""
    stream = stream if stream is not None else sys.stderr if stderr else sys.stdout
    terminal = _isatty(stream)
    return Console(file=stream, highlight=False, markup=False, emoji=False, soft_wrap=not terminal)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def line(*parts: str | tuple[str, str]) -> Text:
    """One output line from plain strings and (text, style-name) pairs; cut with '…' at the terminal's edge.
    Control and bidi characters from sources (an escape sequence in a file name) are shown as markers."""
    text = Text(no_wrap=True, overflow="ellipsis", end="\n")
    for part in parts:
        if isinstance(part, tuple):
            text.append(visible(part[0]), style=STYLES.get(part[1], part[1]))
        else:
            text.append(visible(part))
    return text


def say(out: Console, *parts: str | tuple[str, str]) -> None:
    """Print one line: cut at the terminal's edge, or whole when the output is a pipe or a file."""
    if out.soft_wrap:
        out.print(line(*parts))
    else:
        out.print(line(*parts), no_wrap=True, overflow="ellipsis")


def error(message: str) -> None:
    """An error for a person: 'factcheck: ...' on stderr, red on a terminal."""
    say(console(stderr=True), ("factcheck:", "error"), " " + message)


@contextlib.contextmanager
def progress(label: str, enabled: bool = True) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress callback `(done, total, path)` drawn on stderr while the block runs; None when stderr
    is not a terminal (or `enabled` is false), so CI logs get no control characters."""
    err = console(stderr=True)
    if not enabled or not err.is_terminal:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[path]}", style="dim"), console=err, transient=True)
    with bar:
        task = bar.add_task(label, total=None, path="")

        def tell(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done - 1, total=total, path=path)

        yield tell

"""`factcheck extract`: the claims of files or folders, as a table for people or JSON lines for programs."""
from __future__ import annotations

import sys
from pathlib import Path

from factcheck.cli import terminal
from factcheck.config.project import knowledge_for
from factcheck.models import Claim, Diagnostic
from factcheck.run.pipeline import extract_corpus
from factcheck.state.storage import jsonl, write_text
from factcheck.wording import date_words, figure


def _period(c: Claim) -> str:
    if c.date is not None:
        return date_words(c.date)
    if c.period is None:
        return ""
    origin = {"stated": "", "context": ", from the paragraph", "document": ", publication date"}[c.period.origin]
    return date_words(c.period) + origin


def table(claims: list[Claim]) -> str:
    """One row per claim: where, what kind, the words, and how factcheck reads them."""
    from tabulate import tabulate
    rows = [[c.source, f"{c.line}:{c.column}", c.kind, " ".join(c.quote.split()), figure(c), _period(c),
             c.speaker or ""] for c in claims]
    return tabulate(rows, headers=["source", "line:col", "kind", "quote", "read as", "date / period", "speaker"],
                    tablefmt="github")


def print_problems(problems: list[Diagnostic]) -> None:
    err = terminal.console(stderr=True)
    for p in problems:
        where = p.path + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.column else "")
        terminal.say(err, (where + ":", "bold"), " ", (p.code, "error" if p.fatal else "minor"), f" {p.message}")


def cmd_extract(paths: list[Path], fmt: str, write_to: Path | None) -> int:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        terminal.error(f"no such file or folder: {', '.join(missing)}")
        return 2
    with terminal.progress("extracting") as tell:
        result = extract_corpus(paths, knowledge_for(paths[0] if len(paths) == 1 else None), progress=tell)
    claims = [c for doc in result.documents for c in result.claims[doc.meta.id]]
    if write_to is not None:
        for doc in result.documents:
            write_text(write_to / f"{doc.meta.id}.jsonl", jsonl(result.claims[doc.meta.id]))
    sys.stdout.write(jsonl(claims) if fmt == "jsonl" else table(claims) + "\n")
    print_problems(result.problems)
    return 2 if any(p.fatal for p in result.problems) else 0

"""The command line: a thin layer over the library; library errors become exit codes here only.

Exit codes: 0 nothing unreviewed found, 1 discrepancies found, 2 usage or input error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .knowledge import ConfigError, knowledge_for
from .models import Claim, Diagnostic
from .pipeline import extract_corpus
from .storage import jsonl, write_text

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def _print_problems(problems: list[Diagnostic]) -> None:
    for p in problems:
        where = p.path + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.column else "")
        print(f"{where}: {p.code} {p.message}", file=sys.stderr)


def _table(claims: list[Claim]) -> str:
    from tabulate import tabulate

    def fmt(x: float | None) -> str:
        return "" if x is None else f"{x:,.6g}"

    rows = [[c.source, f"{c.line}:{c.column}", c.kind, c.quote, fmt(c.value), fmt(c.low), fmt(c.high), c.bound,
             c.unit if c.kind != "count" else (c.noun or "count"),
             (c.date.start + ("" if c.date.end == c.date.start else "/" + c.date.end)) if c.date else
             (c.period.start[:4] + f" ({c.period.origin})" if c.period else ""), c.speaker or ""] for c in claims]
    return tabulate(rows, headers=["source", "line:col", "kind", "quote", "value", "low", "high", "bound", "unit",
                                   "date / period", "speaker"], tablefmt="github")


def cmd_extract(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"factcheck: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_ERROR
    result = extract_corpus(paths, knowledge_for(paths[0] if len(paths) == 1 else None))
    claims = [c for doc in result.documents for c in result.claims[doc.meta.id]]
    if args.write:
        folder = Path(args.claims)
        for doc in result.documents:
            write_text(folder / f"{doc.meta.id}.jsonl", jsonl(result.claims[doc.meta.id]))
    out = jsonl(claims) if args.format == "jsonl" else _table(claims) + "\n"
    sys.stdout.write(out)
    _print_problems(result.problems)
    return EXIT_ERROR if any(p.fatal for p in result.problems) else EXIT_CLEAN


def cmd_schema(args: argparse.Namespace) -> int:
    from .models import Claim, Report
    model = {"claim": Claim, "report": Report}[args.record]
    print(json.dumps(model.model_json_schema(mode="serialization"), indent=2, sort_keys=True))
    return EXIT_CLEAN


def cmd_check(args: argparse.Namespace) -> int:
    from .check import run_check
    return run_check(args)


def _review_cli():
    from . import review_cli
    return review_cli


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="factcheck", description="Find where sources disagree on figures and dates.")
    ap.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="print the claims found in sources",
                        description="Print one claim per figure, date or ranking. Example: factcheck extract corpus/")
    ex.add_argument("paths", nargs="+", help="source files or folders")
    ex.add_argument("--format", choices=["jsonl", "table"], default="table")
    ex.add_argument("--write", action="store_true", help="also store claims as CLAIMS/<source-id>.jsonl")
    ex.add_argument("--claims", default="claims", help="folder for --write (default: claims/)")
    ex.set_defaults(func=cmd_extract)

    ch = sub.add_parser("check", help="compare claims across sources and write the discrepancy report",
                        description="Example: factcheck check --corpus corpus/ --reports reports/")
    ch.add_argument("--corpus", default="corpus", help="folder of sources (default: corpus/)")
    ch.add_argument("--reports", default="reports", help="folder for the reports (default: reports/)")
    ch.add_argument("--claims", default=None, help="folder for claim records (default: claims/ beside the corpus)")
    ch.add_argument("--format", choices=["markdown", "json", "sarif", "github", "junit", "html"], default=None,
                    help="also print the report to stdout in this format (the summary then goes to stderr)")
    ch.add_argument("--exit-zero", action="store_true", help="exit 0 even when discrepancies are found")
    ch.add_argument("--no-cache", action="store_true", help="re-extract every source, ignoring stored claims")
    ch.add_argument("--fail-on", choices=["minor", "material"], default="minor",
                    help="lowest severity that makes the run fail (default: minor)")
    ch.set_defaults(func=cmd_check)

    rv = sub.add_parser("review", help="record a review decision on a discrepancy",
                        description="Example: factcheck review FC201-62e7cef4a8 --status explained "
                                    "--reason 'different scope: signed vs announced'")
    rv.add_argument("id")
    rv.add_argument("--status", required=True, choices=["explained", "accepted", "error"])
    rv.add_argument("--reason", required=True)
    rv.add_argument("--by", default=os.environ.get("USER", ""), help="who decided (default: $USER)")
    rv.add_argument("--source", help="with --status error: the source that is wrong")
    rv.add_argument("--at", help="date of the decision (default: today)")
    rv.add_argument("--corpus", default="corpus")
    rv.add_argument("--claims", default=None, help="folder holding reviews.yaml (default: claims/ beside the corpus)")
    rv.set_defaults(func=lambda a: _review_cli().cmd_review(a))

    ad = sub.add_parser("add", help="add a .txt, .md, .html or .pdf source to the corpus and recheck",
                        description="Example: factcheck add article.html --outlet 'The Diplomat' --published 2025-11-07")
    ad.add_argument("file")
    for key in ("title", "outlet", "author", "published", "url", "id"):
        ad.add_argument(f"--{key}")
    ad.add_argument("--yes", action="store_true", help="never prompt for missing metadata")
    ad.add_argument("--corpus", default="corpus")
    ad.add_argument("--reports", default="reports")
    ad.add_argument("--claims", default=None)
    ad.set_defaults(func=lambda a: __import__("factcheck.add", fromlist=["cmd_add"]).cmd_add(a))

    xp = sub.add_parser("explain", help="why the claims of a discrepancy conflict",
                        description="Example: factcheck explain FC201-62e7cef4a8")
    xp.add_argument("id")
    xp.add_argument("--corpus", default="corpus")
    xp.set_defaults(func=lambda a: _review_cli().cmd_explain(a))

    sc = sub.add_parser("schema", help="print the JSON schema of a record")
    sc.add_argument("record", nargs="?", choices=["claim", "report"], default="claim")
    sc.set_defaults(func=cmd_schema)
    return ap


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_ERROR if e.code else EXIT_CLEAN
    try:
        return args.func(args)
    except ConfigError as e:
        print(f"factcheck: {e}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
    except OSError as e:
        print(f"factcheck: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:  # never let a crash look like "discrepancies found" (exit 1)
        print(f"factcheck: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())

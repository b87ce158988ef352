"""The command line: a thin layer over the library (click, as the Python linters use it).

Exit codes: 0 nothing unreviewed found, 1 discrepancies found, 2 usage or input error.
Every option says what it does in `--help`; a mistyped command, option or value gets
the nearest valid one suggested. Library errors become exit codes here only.
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import gc
import json
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from factcheck import __version__
from factcheck.cli import terminal
from factcheck.config.knowledge import ConfigError
from factcheck.config.project import Project, discover, load_project, project_of

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
FORMATS = ["markdown", "json", "sarif", "github", "junit", "html"]


class UsageProblem(Exception):
    """Something the user can fix: printed as 'factcheck: ...', exit 2."""


class SuggestingGroup(click.Group):
    """`factcheck chek` -> "No such command 'chek'. Did you mean 'check'?"."""

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            near = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.5)
            hint = f" Did you mean '{near[0]}'?" if near else ""
            ctx.fail(f"No such command '{name}'.{hint} Commands: {', '.join(self.list_commands(ctx))}.")
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx):
        return list(self.commands)  # in the order they are defined: the order of the workflow


class SuggestingChoice(click.Choice):
    """A choice whose error names the nearest valid value: '--status explaned' -> did you mean 'explained'?"""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            near = difflib.get_close_matches(str(value), [str(c) for c in self.choices], n=1, cutoff=0.5)
            hint = f" Did you mean '{near[0]}'?" if near else ""
            self.fail(f"{value!r} is not one of {', '.join(map(repr, self.choices))}.{hint}", param, ctx)


def _shown(path: Path) -> Path:
    """A path as the user would write it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()) if path.is_absolute() else path
    except ValueError:
        return path


def _project(config: str | None) -> Project:
    project = discover(Path.cwd(), Path(config) if config else None)
    if project is None:
        raise UsageProblem("no corpus here: name the sources (`factcheck check FOLDER`), or create factcheck.yaml "
                           "with `corpus: FOLDER` (or [tool.factcheck] in pyproject.toml) in this folder or above; "
                           "`factcheck check --help` says more")
    return project


def _corpus_state(corpus: str | None, config: str | None) -> tuple[Path, Project]:
    """The corpus folder (as the user would write it) and the project whose state it uses."""
    if corpus is None:
        project = _project(config)
        return _shown(project.corpus), project
    owner = project_of(Path(corpus))
    if config:
        settings = load_project(Path(config))
        owner = Project(owner.root, owner.corpus, owner.claims, owner.reports, settings.config, settings.select,
                        settings.ignore, settings.fail_on)
    return Path(corpus), owner


def _corpus_option(f):
    f = click.option("--config", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Use this factcheck.yaml or pyproject.toml instead of the one found from the current "
                          "folder upwards.")(f)
    return click.option("--corpus", metavar="DIR", help="Folder of sources (default: `corpus` from the config, "
                        "else corpus/ in this folder or above).")(f)


@click.group(cls=SuggestingGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="factcheck", message="%(prog)s %(version)s")
def cli():
    """Find where sources disagree on figures, dates and rankings.

    Start with `factcheck check` in a folder holding corpus/ (or a factcheck.yaml), read the
    report, then record decisions with `factcheck review`. Exit codes: 0 nothing open,
    1 discrepancies found, 2 usage or input error.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[PATH]...")
@_corpus_option
@click.option("--reports", metavar="DIR", help="Folder for discrepancies.md, discrepancies.json and index.html "
              "(default: the project's reports/; a folder without a project keeps them in DIR/.factcheck/).")
@click.option("--claims", metavar="DIR", help="Folder for claim records, the cache index and reviews.yaml "
              "(default: the project's claims/; see README, 'Where state lives').")
@click.option("--format", "fmt", type=SuggestingChoice(FORMATS), help="Also print the report in this format to "
              "stdout (the summary then goes to stderr).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write what would go to stdout (the --format report, else the summary) to FILE instead.")
@click.option("--fail-on", type=SuggestingChoice(["minor", "material"]), default=None,
              help="Lowest severity that makes the run fail (default: minor, or `fail-on` in the config).")
@click.option("--select", multiple=True, metavar="CODES", help="Only report these rule codes or prefixes "
              "(FC2 = every figure rule; comma-separated or repeated). `factcheck rules` lists them.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Never report these rule codes or prefixes.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when discrepancies are found (input errors still "
              "exit 2).")
@click.option("--no-cache", is_flag=True, help="Read no cache: re-extract every source, compare every story, "
              "render every report.")
@click.option("--ci", is_flag=True, help="Run as CI does (also when the CI variable is set): no cache is read, so "
              "no committed or edited cache file can change the result.")
@click.option("-q", "--quiet", is_flag=True, help="Print no summary and no progress; errors only.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="Worker processes for extraction and "
              "comparison (default: the cores available; 1 = this process only). The output is the same for any N.")
@click.option("--scheduler", metavar="ADDRESS", help="Run the work on a Dask cluster (tcp://host:8786); needs "
              "factcheck[dask]. See README, 'Large corpora'.")
def check(**given):
    """Compare the claims of the sources and write the discrepancy report.

    PATH: source files or folders to check (default: the configured corpus). Example:
    `factcheck check`, `factcheck check notes/ --select FC2`.
    """
    from factcheck.cli.check import run
    return run(_check_run(CheckOptions(**given)))


@dataclass(frozen=True)
class CheckOptions:
    """`factcheck check`'s arguments as click parses them (None: not given)."""

    paths: tuple[str, ...]
    corpus: str | None
    config: str | None
    reports: str | None
    claims: str | None
    fmt: str | None
    output_file: str | None
    fail_on: str | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    exit_zero: bool
    no_cache: bool
    ci: bool
    quiet: bool
    jobs: int | None
    scheduler: str | None


def _check_run(o: CheckOptions):
    """The run `check` asks for: the sources, where state and reports go, and the options, the project's
    settings filling in what the command line leaves out."""
    from factcheck.cli.check import CheckRun
    from factcheck.report.selection import check_codes
    _refuse_conflicts(o)
    targets = _targets(o)
    corpus_dir, project, within = _where(targets, o.config)
    return CheckRun(paths=[corpus_dir] if within or not targets else targets,
                    reports=Path(o.reports) if o.reports else _shown(project.reports),
                    claims=Path(o.claims) if o.claims else _shown(project.claims), format=o.fmt,
                    output_file=Path(o.output_file) if o.output_file else None, fail_on=o.fail_on or project.fail_on,
                    exit_zero=o.exit_zero, no_cache=o.no_cache, ci=o.ci or _in_ci(), quiet=o.quiet, jobs=o.jobs,
                    scheduler=o.scheduler, select=check_codes(o.select or project.select, "--select"),
                    ignore=check_codes(o.ignore or project.ignore, "--ignore"),
                    whole_corpus=not targets or (len(targets) == 1 and targets[0].is_dir()),
                    narrow=tuple(targets) if within else (), write_reports=not within or o.reports is not None)


def _where(targets: list[Path], config: str | None) -> tuple[Path, Project, Project | None]:
    """The corpus folder, the project whose state it uses, and that project again when the named sources are
    only part of its corpus (None: they are the corpus)."""
    from factcheck.cli.check import project_holding
    folder = _common_folder(targets)
    within = project_holding(targets, folder, config)
    corpus_dir, project = (_shown(within.corpus), within) if within else \
        _corpus_state(str(folder) if folder else None, config)
    if not corpus_dir.is_dir():
        raise UsageProblem(f"corpus folder not found: {corpus_dir} (set `corpus:` in {project.config or 'the config'}"
                           ", or name the folder: `factcheck check FOLDER`)")
    return corpus_dir, project, within


def _in_ci() -> bool:
    from factcheck.cli.check import in_ci
    return in_ci()


def _refuse_conflicts(o: CheckOptions) -> None:
    if o.paths and o.corpus:
        raise UsageProblem("give the sources as PATH arguments or with --corpus, not both")
    if o.jobs and o.scheduler:
        raise UsageProblem("--jobs and --scheduler do not go together: a Dask cluster has as many workers as "
                           "were started for it")


def _targets(o: CheckOptions) -> list[Path]:
    """The sources named on the command line (PATH arguments or --corpus), every one of which must exist."""
    targets = [Path(p) for p in o.paths] or ([Path(o.corpus)] if o.corpus else [])
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        raise UsageProblem(f"corpus folder not found: {', '.join(missing)} (check the path; `factcheck check` "
                           "alone uses the configured corpus)")
    return targets


def _common_folder(targets: list[Path]) -> Path | None:
    """The folder whose project the sources use: the one folder named, else the folder all of them are in."""
    if not targets:
        return None
    if len(targets) == 1 and targets[0].is_dir():
        return targets[0]
    return Path(os.path.commonpath([str(p.resolve().parent if p.is_file() else p.resolve()) for p in targets]))


@cli.command()
@click.argument("ident", metavar="ID")
@click.option("--status", required=True, type=SuggestingChoice(["explained", "accepted", "error"]),
              help="explained: the sources do not really disagree (scope, period, ...); accepted: a known "
                   "disagreement; error: a real error in one source (name it with --source).")
@click.option("--reason", required=True, help="Why, in a sentence a colleague will understand later.")
@click.option("--by", default=lambda: os.environ.get("USER", ""), show_default="$USER", help="Who decided.")
@click.option("--source", metavar="SOURCE-ID", help="With --status error: the id of the source that is wrong.")
@click.option("--at", metavar="YYYY-MM-DD", help="Date of the decision (default: today).")
@_corpus_option
@click.option("--claims", metavar="DIR", help="Folder holding reviews.yaml (default: the project's claims/).")
def review(ident, status, reason, by, source, at, corpus, config, claims):
    """Record a decision on a discrepancy in reviews.yaml.

    ID: the discrepancy's id from the report, e.g. FC201-62e7cef4a8. Example:
    `factcheck review FC201-62e7cef4a8 --status explained --reason "signed vs announced"`.
    """
    from factcheck.cli.review import cmd_review
    corpus_dir, project = _corpus_state(corpus, config)
    return cmd_review(argparse.Namespace(id=ident, status=status, reason=reason, by=by, source=source, at=at,
                                         corpus=str(corpus_dir), claims=claims or str(_shown(project.claims))))


@cli.command()
@click.argument("ident", metavar="ID")
@_corpus_option
@click.option("--claims", metavar="DIR", help="Folder of claim records (default: the project's claims/).")
def explain(ident, corpus, config, claims):
    """Say why the claims of a discrepancy conflict: figures, periods, subject, words.

    ID: the discrepancy's id from the report, e.g. FC201-62e7cef4a8.
    """
    from factcheck.cli.review import cmd_explain
    corpus_dir, project = _corpus_state(corpus, config)
    return cmd_explain(argparse.Namespace(id=ident, corpus=str(corpus_dir),
                                          claims=claims or str(_shown(project.claims))))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", help="Title of the piece (default: read from the file: meta tags, front matter or its "
              "first line).")
@click.option("--outlet", help="Who published it (newspaper, agency, site).")
@click.option("--author", help="Who wrote it.")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date; anchors relative dates such as "
              "'last year' (default: read from the file or its dateline).")
@click.option("--url", help="Where it was published.")
@click.option("--id", "ident", metavar="ID", help="Source id and file name in the corpus (default: from the title).")
@click.option("--yes", is_flag=True, help="Never prompt; take what the file says and leave the rest empty.")
@_corpus_option
@click.option("--reports", metavar="DIR", help="Folder for the refreshed reports (default: the project's).")
@click.option("--claims", metavar="DIR", help="Folder for claim records (default: the project's claims/).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="Worker processes (default: the cores "
              "available).")
@click.option("--fail-on", type=SuggestingChoice(["minor", "material"]), default=None,
              help="Lowest severity that makes the recheck fail, as for check (default: minor, or the config's).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the recheck finds discrepancies.")
def add(file, title, outlet, author, published, url, ident, yes, corpus, config, reports, claims, jobs, fail_on,
        exit_zero):
    """Add a .txt, .md, .html or .pdf source to the corpus and recheck.

    FILE: the article to add. Example: `factcheck add article.html --outlet "The Diplomat"`.
    """
    from factcheck.cli.add import cmd_add
    from factcheck.report.selection import check_codes
    corpus_dir, project = _corpus_state(corpus, config)
    return cmd_add(argparse.Namespace(file=file, title=title, outlet=outlet, author=author, published=published,
                                      url=url, id=ident, yes=yes, corpus=str(corpus_dir),
                                      reports=reports or str(_shown(project.reports)),
                                      claims=claims or str(_shown(project.claims)), jobs=jobs,
                                      fail_on=fail_on or project.fail_on, exit_zero=exit_zero,
                                      select=check_codes(project.select, "select"),
                                      ignore=check_codes(project.ignore, "ignore")))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@click.option("--format", "fmt", type=SuggestingChoice(["table", "jsonl"]), default="table", show_default=True,
              help="table: one row per claim for people; jsonl: one JSON object per claim for programs.")
@click.option("--write", is_flag=True, help="Also store the claims as CLAIMS/<source-id>.jsonl.")
@click.option("--claims", default="claims", show_default=True, metavar="DIR", help="Folder for --write.")
def extract(paths, fmt, write, claims):
    """Print the claims (figures, dates, rankings, acronyms) found in files or folders.

    PATH: source files (.txt, .md) or folders of them. Nothing is compared and nothing is
    written unless --write is given. Example: `factcheck extract corpus/ --format jsonl`.
    """
    from factcheck.cli.extract import cmd_extract
    return cmd_extract([Path(p) for p in paths], fmt, Path(claims) if write else None)


@cli.command()
@click.option("--format", "fmt", type=SuggestingChoice(["text", "json"]), default="text", show_default=True,
              help="text: for people; json: a list of {code, name, summary, severity} for programs.")
def rules(fmt):
    """List every rule code with what it finds and its severity (for --select and --ignore)."""
    from factcheck.report.selection import rules as all_rules
    if fmt == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "summary": r.summary, "severity": r.severity}
                          for r in all_rules()], indent=2, ensure_ascii=False))
        return EXIT_CLEAN
    out = terminal.console()
    for r in all_rules():
        terminal.say(out, (r.code, "code"), f"  {r.name}: {r.summary}")
        terminal.say(out, ("        severity: ", "dim"), r.severity)
    return EXIT_CLEAN


@cli.command()
@click.argument("record", type=SuggestingChoice(["claim", "report"]), default="claim", required=False)
def schema(record):
    """Print the JSON schema of a record: RECORD is claim (default) or report."""
    from factcheck.models import Claim, Report
    model = {"claim": Claim, "report": Report}[record]
    print(json.dumps(model.model_json_schema(mode="serialization"), indent=2, sort_keys=True))
    return EXIT_CLEAN


GC_THRESHOLDS = (100_000, 50, 100)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Let the cycle collector run far less often during a command (a caller running several in one process gets
    its own thresholds back). A large corpus's run builds millions of claim records that live until its end and
    form no cycles, and with the default thresholds Python scans the whole growing heap again and again for
    garbage that is not there: a fifth of a one-edit check at 10,000 sources. What little cyclic garbage there
    is still gets collected, later."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def main(argv: list[str] | None = None) -> int:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are ours to word, not to leak
    with _fewer_collections():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    try:
        rc = cli.main(args=argv, prog_name="factcheck", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as e:
        e.show()
        return EXIT_ERROR
    except click.ClickException as e:
        e.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        terminal.error("interrupted")
        return EXIT_ERROR
    except (UsageProblem, ConfigError) as e:
        terminal.error(str(e))
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
    except OSError as e:
        terminal.error(f"{e.filename}: {e.strerror or e}" if e.filename else str(e.strerror or e))
        return EXIT_ERROR
    except Exception as e:  # never let a crash look like "discrepancies found" (exit 1)
        terminal.error(f"internal error: {type(e).__name__}: {e}")
        return EXIT_ERROR
    return rc if isinstance(rc, int) else EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())

"""`factcheck check`: run the pipeline on the chosen sources, write the reports, say what was found.

Exit code: 2 when the corpus is missing or empty, or a source could not be read (every
readable source is still checked and the report lists what was skipped); else 1 when
discrepancies at or above `fail_on` are open (0 with `exit_zero`); else 0.
"""
from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from factcheck.cli import terminal
from factcheck.config.knowledge import ConfigError
from factcheck.config.project import Project, discover, project_of
from factcheck.run.check import apply_reviews, build_report, narrowed, write_outputs
from factcheck.run.pipeline import Extraction
from factcheck.models import Report
from factcheck.report import FILE_NAMES, REPORTERS
from factcheck.review.decisions import FILE_NAME as REVIEWS_FILE
from factcheck.review.decisions import ReviewError
from factcheck.run.runner import RunnerError, runner_for
from factcheck.report.selection import apply_selection
from factcheck.state.storage import remove_temporaries, write_text, writer_lock
from factcheck.wording import plural

SEVERITY_RANK = {"minor": 0, "material": 1}
SHOWN = 10


@dataclass
class CheckRun:
    """What to check and how: paths chosen on the command line or by the project config."""

    paths: list[Path]
    reports: Path
    claims: Path
    format: str | None = None
    output_file: Path | None = None
    fail_on: str = "minor"
    exit_zero: bool = False
    no_cache: bool = False
    quiet: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    whole_corpus: bool = True
    jobs: int | None = None          # worker processes; None: the cores available
    scheduler: str | None = None     # a Dask scheduler's address
    ci: bool = False                 # read no cache (the CI variable or --ci): a committed cache changes nothing
    narrow: tuple[Path, ...] = ()    # report only these sources of the corpus in `paths` (the rest is context)
    write_reports: bool = True       # False: write nothing, leave the project's state and reports as they are

    @property
    def trust_caches(self) -> bool:
        return not (self.no_cache or self.ci)


def remove_leftovers(paths: list[Path], claims: Path) -> None:
    """The temporary files a killed run left beside the sources (`add` writes a source as one), removed under
    the claims folder's lock, which `add` holds while it writes; the lock itself clears the claims folder."""
    with writer_lock(claims):
        for folder in {p if p.is_dir() else p.parent for p in paths}:
            remove_temporaries(folder)


def run(job: CheckRun) -> int:
    remove_leftovers(job.paths, job.claims)
    try:
        runner = runner_for(job.jobs, job.scheduler)
    except RunnerError as e:
        terminal.error(str(e))
        return 2
    try:
        with terminal.progress("reading sources", enabled=not job.quiet) as tell:
            report, result = build_report(job.paths[0] if len(job.paths) == 1 else job.paths, progress=tell,
                                          cache_dir=job.claims if job.trust_caches else None,
                                          skip=(job.claims, job.reports), runner=runner)
    finally:
        runner.close()
    try:
        report = apply_reviews(report, job.claims / REVIEWS_FILE)
    except ReviewError as e:
        terminal.error(f"{e}\n  fix the line named, or run `factcheck review ID ...` to rewrite the entry")
        return 2
    if not job.whole_corpus:  # a check of some files cannot tell that a decision's discrepancy vanished
        report = report.model_copy(update={"stale_reviews": ()})
    context = len(report.sources)
    if job.narrow:
        report = narrowed(report, result, job.narrow)
    report = apply_selection(report, job.select, job.ignore)
    if job.write_reports:
        write_outputs(report, result, job.reports, job.claims, job.trust_caches)
    _notes(result)
    _print(job, report, context - len(report.sources))
    return _exit_code(job, report)


def _notes(result: Extraction) -> None:
    """What the caches held that could not be used, in words: said, never part of the report."""
    err = terminal.console(stderr=True)
    for note in result.cache_notes:
        terminal.say(err, ("note: ", "dim"), note)


def _print(job: CheckRun, report: Report, others: int = 0) -> None:
    """The chosen format to stdout (the summary then goes to stderr), or both to the summary's place; with
    `-o` the format (or the summary) goes to the file instead of stdout; `--quiet` leaves errors only."""
    text = REPORTERS[job.format].render(report) if job.format else None
    if job.output_file is not None:
        if text is None:
            buffer = io.StringIO()
            summary(report, _written(job), terminal.console(stream=buffer), _context(job, others))
            text = buffer.getvalue()
        write_text(job.output_file, text)
    elif text is not None:
        sys.stdout.write(text)
    if not job.quiet:
        to_stderr = job.format is not None and job.output_file is None
        summary(report, _written(job), terminal.console(stderr=to_stderr), _context(job, others))
    err = terminal.console(stderr=True)
    for p in report.skipped:
        terminal.say(err, (f"{p.path}" + (f":{p.line}" if p.line else "") + ":", "bold"), " ", (p.code, "error"),
                     f" {p.message}")
    if not report.sources and not report.skipped:
        terminal.error(f"no sources in {report.corpus}: put .md or .txt files there, or add one with "
                       "`factcheck add FILE`")


def _written(job: CheckRun) -> Path | None:
    return job.reports if job.write_reports else None


def _context(job: CheckRun, others: int) -> str:
    """For a check of some files of a corpus: what they were checked against, in words."""
    if not job.narrow:
        return ""
    return f"checked against the {plural(others, 'other source')} of {job.paths[0]}"


def _head(report: Report, context: str) -> str:
    """The summary's first line: sources, claims, discrepancies by severity and state, corroborations."""
    discs = report.discrepancies
    material = sum(d.severity == "material" for d in discs)
    count = {s: sum(d.status == s for d in discs) for s in ("new", "stale", "reviewed")}
    aligned = (f" ({report.claims_unaligned} of {report.claims_compared} comparable lined up with nothing)"
               if not context else "")
    return (f"factcheck: {plural(len(report.sources), 'source')}"
            + (f" ({len(report.skipped)} could not be read)" if report.skipped else "")
            + (f" {context}" if context else "")
            + f", {plural(report.claims_total, 'claim')}{aligned}"
            + f", {plural(len(discs), 'discrepancy')} ({material} material, "
            f"{len(discs) - material} minor; {count['new']} new, {count['stale']} stale, {count['reviewed']} reviewed)"
            f", {plural(len(report.corroborations), 'corroborated figure')}"
            + (f", {plural(len(report.stale_reviews), 'review')} of vanished discrepancies"
               if report.stale_reviews else ""))


def summary(report: Report, reports_dir: Path | None, out, context: str = "") -> None:
    """The first line counts everything (sources read and not read); then one line per open discrepancy.
    `reports_dir` None: no report was written (a check of some files of a project); `context`: what they were
    checked against (the corpus-wide count of claims that lined up with nothing then says nothing of them)."""
    discs = report.discrepancies
    terminal.say(out, (_head(report, context), "bold" if discs or report.skipped else "ok"))
    open_items = [d for d in discs if d.status != "reviewed"]
    for d in open_items[:SHOWN]:
        terminal.say(out, "  ", (d.id, "code"), " ", (f"{d.severity:8}", d.severity), " ", (f"{d.status:5}", d.status),
                     f" {d.message}")
    if len(open_items) > SHOWN:
        terminal.say(out, f"  … and {len(open_items) - SHOWN} more (see the report)")
    for r in report.stale_reviews:
        terminal.say(out, "  stale review ", (r, "code"), ": its discrepancy no longer exists; remove it from "
                     "reviews.yaml")
    if reports_dir is None:
        terminal.say(out, ("reports: ", "dim"), "none written (a check of some files of the corpus leaves the "
                     "project's reports and claims as they are; --reports DIR writes this one)")
    else:
        terminal.say(out, ("reports: ", "dim"), ", ".join(str(reports_dir / n) for _, n in sorted(FILE_NAMES.items())))


def _exit_code(job: CheckRun, report: Report) -> int:
    return exit_code(report, job.fail_on, job.exit_zero)


def exit_code(report: Report, fail_on: str, exit_zero: bool) -> int:
    """2 when a source could not be read or there is none; 1 when a discrepancy at or above `fail_on` is not
    reviewed (or its review went stale), unless `exit_zero`; else 0. `check` and `add` exit alike."""
    if report.skipped or (not report.sources and not report.skipped):
        return 2
    failing = [d for d in report.discrepancies if d.status != "reviewed"
               and SEVERITY_RANK[d.severity] >= SEVERITY_RANK[fail_on]]
    gone = report.stale_reviews if fail_on == "minor" else ()  # an outdated decision is a minor finding
    return 1 if (failing or gone) and not exit_zero else 0


def in_ci() -> bool:
    """The CI variable that CI services set (GitHub Actions, GitLab, ...: `true` or `1`)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def project_holding(targets: list[Path], folder: Path | None, config: str | None) -> Project | None:
    """The project whose corpus holds the named sources, when they are files or folders inside it but not the whole
    of it (`factcheck check corpus/one.md`): that file is checked against the project's corpus and state, as ruff
    checks one file against its project's config. None: the named sources are a corpus of their own."""
    if not targets:
        return None
    try:
        candidates = [discover(Path.cwd(), Path(config) if config else None)]
    except ConfigError:
        candidates = [None]
    if folder is not None:
        owner = project_of(folder)
        candidates.append(owner if owner.config is not None or owner.corpus.name == "corpus" else None)
    for project in candidates:
        if project is not None and all(_inside(t, project.corpus) for t in targets):
            return project
    return None


def _inside(path: Path, folder: Path) -> bool:
    resolved = path.resolve()
    return resolved != folder and folder in resolved.parents

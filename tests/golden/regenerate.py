"""Regenerate the golden reports: tests/golden/discrepancies.{md,json} from the bundled corpus,
and tests/golden/harbour/discrepancies.{md,json} from tests/corpora/harbour (a corpus of our
own on another topic: a port's new quay, with planted conflicts and near-misses).

Does exactly what tests/test_golden.py does: copy the corpus into a fresh temporary folder,
chdir into it, run `factcheck check --corpus corpus --reports reports --claims claims`
(relative paths, so the report bytes do not depend on where the folder is), and write
the two reports here.

    .venv/bin/python tests/golden/regenerate.py
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = ROOT / "corpus"
CORPORA = {HERE: CORPUS, HERE / "harbour": ROOT / "tests" / "corpora" / "harbour"}   # golden folder -> corpus
REPORTS = ("discrepancies.md", "discrepancies.json")


def run_check(workdir: Path, corpus: Path = CORPUS) -> tuple[int, dict[str, bytes]]:
    """Copy the corpus into `workdir`, run check from there, return (exit code, report bytes by name)."""
    from factcheck.cli.main import main

    shutil.copytree(corpus, workdir / "corpus")
    previous = os.getcwd()
    os.chdir(workdir)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            rc = main(["check", "--corpus", "corpus", "--reports", "reports", "--claims", "claims"])
    finally:
        os.chdir(previous)
    return rc, {name: (workdir / "reports" / name).read_bytes() for name in REPORTS}


def regenerate() -> int:
    for golden, corpus in CORPORA.items():
        with tempfile.TemporaryDirectory() as tmp:
            rc, reports = run_check(Path(tmp), corpus)
        golden.mkdir(exist_ok=True)
        for name, data in reports.items():
            (golden / name).write_bytes(data)
            print(f"wrote {golden / name} ({len(data)} bytes)")
        print(f"factcheck check exit code: {rc}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(regenerate())

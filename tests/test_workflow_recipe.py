"""docs/factcheck-workflow.yml works when copied: its steps run, as written, in a clean folder.

The repository is copied to a temporary folder (no .venv, no build leftovers), a fresh
virtual environment is made, and every `run:` step of the workflow is executed there in
order with bash, as GitHub's runner would. The dependencies are lent from the test's own
environment (a .pth file), so the install step fetches nothing but the build backend
pyproject.toml names (from the package index, as `.ci/run` does) and proves that
`pip install .` installs the checker from the repository.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "docs" / "factcheck-workflow.yml"
SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
LEFT_OUT = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist",
                                  "*.egg-info", ".factcheck.lock")


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]


def test_the_workflow_never_installs_factcheck_by_name_from_the_index():
    """'factcheck' on PyPI is someone else's project: a copied workflow must not install it."""
    runs = [s["run"] for s in _steps() if "run" in s]
    installs = [r for r in runs if "pip install" in r]
    assert installs == ["python -m pip install ."]
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "pip install factcheck" not in text


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> tuple[Path, list[tuple[str, subprocess.CompletedProcess]]]:
    work = tmp_path_factory.mktemp("workflow")
    repo = work / "repo"
    shutil.copytree(ROOT, repo, ignore=LEFT_OUT)
    for leftover in ("reports", "claims/.index.json"):  # outputs of earlier runs: the run must make its own
        target = repo / leftover
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    lend_dependencies(venv)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    results = []
    for step in _steps():
        if "run" in step:
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True,
                                  text=True, timeout=240)
            results.append((step.get("name", step["run"]), done))
    return repo, results


def lend_dependencies(venv: Path) -> None:
    """Make the test environment's packages importable in the fresh venv, so `pip install .` needs no network."""
    ours = sysconfig.get_paths()["purelib"]
    theirs = next((venv / "lib").glob("python3*/site-packages"))
    (theirs / "lent-from-tests.pth").write_text(ours + "\n", encoding="utf-8")


def test_every_step_of_the_copied_workflow_runs(clean_run):
    repo, results = clean_run
    names = [name for name, _ in results]
    assert names == ["Install the checker from this repository", "Annotate the pull request",
                     "SARIF for code scanning", "Fail on unreviewed material discrepancies"]
    install, annotate, sarif, fail = (done for _, done in results)
    assert install.returncode == 0, install.stderr[-2000:]
    assert annotate.returncode == 0, annotate.stderr[-2000:]
    assert annotate.stdout.splitlines()[-1].startswith("::notice title=factcheck::")
    assert sarif.returncode == 0, sarif.stderr[-2000:]
    assert sarif.stdout == "" and sarif.stderr == ""          # --quiet --output-file: the file only
    # the bundled corpus has open material discrepancies: the gate step must fail the job
    assert fail.returncode == 1, fail.stdout + fail.stderr


def test_the_files_the_upload_steps_name_exist_and_are_valid(clean_run):
    repo, _ = clean_run
    uploads = {s["uses"].split("@")[0]: s["with"] for s in _steps() if "uses" in s and "with" in s}
    sarif = repo / uploads["github/codeql-action/upload-sarif"]["sarif_file"]
    data = json.loads(sarif.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["runs"][0]["results"], "the bundled corpus has discrepancies; SARIF lists them"
    report_dir = repo / uploads["actions/upload-artifact"]["path"]
    assert {p.name for p in report_dir.iterdir()} >= {"index.html", "discrepancies.json", "discrepancies.md"}

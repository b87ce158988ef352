"""factcheck runs as a pre-commit hook from this repository's .pre-commit-hooks.yaml, as ruff does from its own.

Always: pre-commit (in the test extra) validates the hook file, and the hook's entry runs in a temporary git
repository as pre-commit runs it (from the repository root, no file names). With FACTCHECK_PRE_COMMIT=1, pre-commit
itself builds the hook's environment from this checkout, as it would from a `repo:` line, and runs it there: the
commit fails while the sources disagree and passes once they agree (about 40 s, most of it installing the
environment, so not in every run of the suite).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, write_corpus

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
FULL = os.environ.get("FACTCHECK_PRE_COMMIT") == "1"
needs_pre_commit = pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None,
                                      reason="needs pre-commit (the test extra) and git")


def test_the_hook_file_declares_one_hook_that_checks_the_whole_corpus():
    hook = _hook()
    assert hook["id"] == "factcheck" and hook["entry"] == "factcheck check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False   # a discrepancy needs the other sources


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=repo, check=True,
                   capture_output=True)


def _hook_repo(folder: Path) -> Path:
    """This checkout as it is now (uncommitted changes too), committed in a repository of its own: the hook
    environment is built once for its commit, not again for each shadow commit of `try-repo`."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "factcheck as it is")
    return folder


def _try_repo(repo: Path, hooks: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hooks, check=True, capture_output=True,
                          text=True).stdout.strip()
    return subprocess.run([str(PRE_COMMIT), "try-repo", str(hooks), "factcheck", "--ref", head, "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def _hook() -> dict:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


@needs_pre_commit
def test_pre_commit_accepts_the_hook_file():
    done = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _sources_repo(repo: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "corpora" / "harbour", repo / "corpus")
    (repo / ".gitignore").write_text("claims/\nreports/\n", encoding="utf-8")   # state, not sources
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "sources")
    return repo


def _agree(repo: Path) -> None:
    shutil.rmtree(repo / "corpus")
    write_corpus(repo / "corpus", {"a.md": "The port handled 40 ships in 2024.\n",
                                   "b.md": "In 2024, the port handled 40 ships, its owner said.\n"})
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "agree")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_hook_entry_fails_on_a_discrepancy_and_passes_when_the_sources_agree(tmp_path):
    """The entry as pre-commit runs it: split into words, from the repository root, with no file names."""
    repo = _sources_repo(tmp_path / "repo")
    entry = [Path(sys.executable).with_name(_hook()["entry"].split()[0]), *_hook()["entry"].split()[1:]]
    failed = subprocess.run(entry, cwd=repo, capture_output=True, text=True)
    assert failed.returncode == 1 and "FC201" in failed.stdout, failed.stdout + failed.stderr
    _agree(repo)
    passed = subprocess.run(entry, cwd=repo, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert not subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout


@needs_pre_commit
@pytest.mark.skipif(not FULL, reason="installs the hook environment (about 40 s): FACTCHECK_PRE_COMMIT=1")
def test_pre_commit_fails_on_a_discrepancy_and_passes_when_the_sources_agree(tmp_path):
    hooks = _hook_repo(tmp_path / "factcheck")
    repo = _sources_repo(tmp_path / "repo")
    failed = _try_repo(repo, hooks, tmp_path / "home")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "factcheck" in failed.stdout and "Failed" in failed.stdout and "FC201" in failed.stdout
    _agree(repo)
    passed = _try_repo(repo, hooks, tmp_path / "home")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

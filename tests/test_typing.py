"""The package stays type-clean: mypy with pydantic's plugin finds no error in it.

The configuration is declared once, in pyproject.toml (`[tool.mypy]`: the package, the plugin); this test runs
it, so CI checks the types as it checks the import layers (`lint-imports`, tests/test_layout.py). mypy and the
stubs it needs (PyYAML, tabulate, dateparser) are in the test extra.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error_in_the_package():
    """A new error fails here, with mypy's report; a fix that needs an ignore names its error code and why."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it is in the test extra, with the stubs it needs)")
    # no incremental cache: every run checks from scratch, and nothing is written beside the sources
    done = subprocess.run([sys.executable, "-m", "mypy", f"--cache-dir={os.devnull}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]

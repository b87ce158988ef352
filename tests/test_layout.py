"""The package layout is a contract: one folder a stage, imports only downwards, no import hidden in a function.

The layers themselves are declared once, in pyproject.toml (`[tool.importlinter]`); these tests run that contract
and check what import-linter cannot see.
"""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "factcheck"
# Imports placed inside a function on purpose: third-party libraries and commands loaded only when used, so that
# `factcheck --help` starts fast. A factcheck module imported inside a function anywhere else hides a cycle.
LAZY_COMMANDS = {Path("cli/main.py")}


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def test_the_layers_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (it is in the test extra)")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 kept, 0 broken" in done.stdout


def test_every_module_belongs_to_a_layer():
    layers = _layers()
    for path in PACKAGE.rglob("*.py"):
        dotted = ".".join(("factcheck", *path.relative_to(PACKAGE).with_suffix("").parts))
        if path.name in ("__init__.py", "__main__.py") and path.parent == PACKAGE:
            continue
        assert any(dotted == layer or dotted.startswith(layer + ".") for layer in layers), dotted


def test_each_stage_says_what_it_takes_and_gives():
    for layer in _layers():
        init = PACKAGE.joinpath(*layer.split(".")[1:], "__init__.py")
        if not init.exists():
            continue  # a single module (models.py, wording.py): its own docstring
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{init.relative_to(ROOT)} needs a docstring saying what the stage does"


def _imports_inside_functions(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.level or (inner.module or "").startswith("factcheck")):
                    found.append((inner.lineno, inner.module or "."))
                if isinstance(inner, ast.Import) and any(a.name.startswith("factcheck") for a in inner.names):
                    found.append((inner.lineno, inner.names[0].name))
    return found


def test_no_factcheck_import_hides_inside_a_function():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel in LAZY_COMMANDS:
            continue
        for line, module in _imports_inside_functions(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"factcheck/{rel.as_posix()}:{line} imports {module}")
    assert offenders == []


def test_the_checker_sees_a_function_level_import():
    """The check above must be able to fail."""
    tree = ast.parse("def f():\n    from factcheck.models import Claim\n    return Claim\n")
    assert _imports_inside_functions(tree) == [(2, "factcheck.models")]

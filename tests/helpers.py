"""Plain helpers shared by the test modules (importable from hypothesis tests, which cannot use
function-scoped fixtures)."""
from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import shutil
from pathlib import Path

import yaml

from factcheck.cli.main import main
from factcheck.extract.reader import extract_document
from factcheck.config.knowledge import Knowledge
from factcheck.models import Claim
from factcheck.sources.document import Document
from factcheck.sources.loader import load_document

ROOT = Path(__file__).resolve().parent.parent


def two_story_corpus(tmp_path: Path) -> Path:
    """The bundled notes and the harbour corpus in one folder: one large story and one small, with discrepancies
    in both, so that an edit of one leaves the other as it was."""
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    for path in (ROOT / "tests" / "corpora" / "harbour").iterdir():
        shutil.copy(path, folder / path.name)
    return folder


# Claim kinds that are figures (the rest are dates, rankings and acronyms).
FIGURE_KINDS = frozenset({"money", "count", "percent", "quantity", "multiplier", "ordinal"})


def write_source(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 bytes exactly as given (no newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def doc_from_file(path: Path, text: str) -> Document:
    return load_document(write_source(path, text))


def extract_text(path: Path, text: str, kn: Knowledge) -> tuple[Document, list[Claim]]:
    doc = doc_from_file(path, text)
    claims, _ = extract_document(doc, kn)
    return doc, claims


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run `factcheck` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


TOPIC_CONFIG = Path(__file__).resolve().parent.parent / "corpus" / "factcheck.yaml"


@functools.lru_cache(maxsize=1)
def _topic_names() -> frozenset[str]:
    """The names the bundled corpus's topic config knows: a test corpus naming one is on that topic."""
    aliases = yaml.safe_load(TOPIC_CONFIG.read_text(encoding="utf-8"))["entities"]["aliases"]
    return frozenset(name for spec in aliases.values() if spec.get("type") in ("country", "bloc")
                     for name in spec["names"] if len(name) > 4)


def write_corpus(folder: Path, sources: dict[str, str], topic: bool = True) -> Path:
    """Write the sources; a corpus on the bundled corpus's topic gets that corpus's topic lists too
    (corpus/factcheck.yaml), as a user's corpus carries its own: the package's data holds English only.
    `topic=False` for tests about where configs are found, which write their own."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        write_source(folder / name, text)
    on_topic = any(re.search(rf"\b{re.escape(name)}\b", text) for text in sources.values() for name in _topic_names())
    if topic and on_topic and "factcheck.yaml" not in sources:
        (folder / "factcheck.yaml").write_text(TOPIC_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def check_corpus(tmp: Path, sources: dict[str, str]) -> tuple[int, dict]:
    """Write the sources to tmp/corpus, run `factcheck check`, return (exit code, discrepancies.json)."""
    corpus = write_corpus(tmp / "corpus", sources)
    rc, _, _ = run_cli(["check", "--corpus", corpus, "--reports", tmp / "reports", "--claims", tmp / "claims"])
    return rc, json.loads((tmp / "reports" / "discrepancies.json").read_text(encoding="utf-8"))


def position_quotes(discrepancy: dict) -> list[list[str]]:
    return [[c["quote"] for c in p["claims"]] for p in discrepancy["positions"]]

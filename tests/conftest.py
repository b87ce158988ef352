from __future__ import annotations

import pytest

from factcheck.extract.reader import extract_document
from factcheck.config.knowledge import Knowledge

from helpers import doc_from_file


@pytest.fixture(scope="session")
def kn() -> Knowledge:
    """The built-in vocabularies, built once for the whole run."""
    return Knowledge()


@pytest.fixture
def make_doc(tmp_path):
    """make_doc(text, name="s.md") -> Document loaded from a file written to tmp_path."""
    def _make(text: str, name: str = "s.md"):
        return doc_from_file(tmp_path / name, text)
    return _make


@pytest.fixture
def extract(make_doc, kn):
    """extract(text, name="s.md") -> (document, claims)."""
    def _extract(text: str, name: str = "s.md"):
        doc = make_doc(text, name)
        claims, _ = extract_document(doc, kn)
        return doc, claims
    return _extract


@pytest.fixture(scope="session", autouse=True)
def _not_in_ci():
    """`factcheck check` reads no cache under CI (the variable CI services set): the tests of the caches must
    run the same on a developer's machine and on a CI runner. Session-wide, so that module fixtures which run
    the command (test_runners' reference run) see it gone too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CI", raising=False)
        yield

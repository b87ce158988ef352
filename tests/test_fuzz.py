"""A short run of the fuzz harness in CI (scripts/fuzz.py runs 100,000 inputs; see /tmp/note-11.md).

Hypothesis picks the generator seeds and shrinks a failure to the smallest seed list; the
harness's own checks decide what a failure is: a crash, a claim that does not slice back
to its quote, a report that is not strict JSON or XML 1.0 or carries a control or bidi
character, or a cached rerun that reports something else. Slowness is the long run's
business: no test here depends on a clock.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import fuzz  # noqa: E402


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seeds=st.lists(st.integers(0, 2 ** 32), min_size=1, max_size=3))
def test_fuzzed_corpora_run_clean(tmp_path, seeds):
    inputs = [fuzz.source(random.Random(seed)) for seed in seeds]
    found, _ = fuzz.run_corpus(tmp_path / "run", inputs)
    assert found == []


def test_the_harness_sees_a_broken_offset(tmp_path, monkeypatch):
    """The checks can fail: a claim whose offsets were shifted is an offset violation."""
    real = fuzz.pipeline.extract_document

    def shifted(doc, kn):
        claims, diags = real(doc, kn)
        return [c.model_copy(update={"start": c.start + 1, "end": c.end + 1}) for c in claims], diags

    monkeypatch.setattr(fuzz.pipeline, "extract_document", shifted)
    found, _ = fuzz.run_corpus(tmp_path / "run", [b"Kazakhstan signed 29 agreements in 2025.\n"])
    assert "offset" in {kind for kind, _, _ in found}


def test_the_harness_sees_an_unsafe_report():
    from factcheck.models import Diagnostic, Report
    report = Report(corpus="c", sources=(), skipped=(Diagnostic(code="FC901", message="x", path="a\x1b[2J.md",
                                                                  fatal=True),), diagnostics=(), claims_total=0,
                    discrepancies=(), corroborations=())
    assert fuzz.check_outputs(report) == []  # every reporter neutralises the escape in the path
    assert fuzz._UNSAFE.search("a\x1b[2J.md")


def test_the_minimiser_keeps_what_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(fuzz, "fails_alike", lambda folder, data, kind, slow: b"\x00" in data)
    data = b"line one\nline two has \x00 here\nline three\n"
    assert fuzz.minimise(tmp_path, data, "crash", 1.0) == b"\x00"

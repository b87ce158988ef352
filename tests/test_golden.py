"""The whole pipeline on the bundled corpus, compared byte for byte with tests/golden/.

Regenerate with `.venv/bin/python tests/golden/regenerate.py` (see tests/golden/README.md)."""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
sys.path.insert(0, str(GOLDEN))

import regenerate  # noqa: E402  (tests/golden/regenerate.py: the same steps the golden files came from)


@pytest.fixture(scope="module")
def golden_run(tmp_path_factory):
    return regenerate.run_check(tmp_path_factory.mktemp("golden"))


@pytest.fixture(scope="module")
def harbour_run(tmp_path_factory):
    return regenerate.run_check(tmp_path_factory.mktemp("harbour"), regenerate.CORPORA[GOLDEN / "harbour"])


@pytest.mark.parametrize("name", regenerate.REPORTS)
def test_other_topic_matches_golden(harbour_run, name):
    """A corpus of our own on another topic (a port's new quay), which no entity or metric list knows."""
    _, reports = harbour_run
    expected = (GOLDEN / "harbour" / name).read_bytes()
    if reports[name] != expected:
        diff = "".join(difflib.unified_diff(expected.decode().splitlines(True), reports[name].decode().splitlines(True),
                                            f"golden/harbour/{name}", f"actual/{name}", n=2))
        pytest.fail(f"{name} differs from the golden file; if the change is intended run "
                    f"tests/golden/regenerate.py\n{diff[:6000]}")


def test_other_topic_finds_every_planted_conflict(harbour_run):
    """Five conflicts are planted (quay length in km vs miles, cranes, opening date, the largest terminal, an
    acronym); the near-misses (another port's count, cumulative vs annual, a target, a corrected figure) are not
    reported."""
    rc, reports = harbour_run
    report = json.loads(reports["discrepancies.json"])
    quotes = sorted(sorted(c["quote"] for p in d["positions"] for c in p["claims"]) for d in report["discrepancies"])
    assert rc == 1 and len(quotes) == 5
    flat = [q for qs in quotes for q in qs]
    for planted in ("0.6-mile", "nine new cranes", "21 May 2025", "Baltic Ports Association (BPA)"):
        assert planted in flat
    for near_miss in ("380,000 containers", "2.9 million containers", "EUR 280 million"):
        assert not any(near_miss in q for q in flat)


@pytest.mark.parametrize("name", regenerate.REPORTS)
def test_report_matches_golden(golden_run, name):
    _, reports = golden_run
    expected = (GOLDEN / name).read_bytes()
    actual = reports[name]
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.decode().splitlines(True), actual.decode().splitlines(True),
                                            f"golden/{name}", f"actual/{name}", n=2))
        pytest.fail(f"{name} differs from the golden file; if the change is intended run "
                    f"tests/golden/regenerate.py\n{diff[:6000]}")


def test_golden_report_is_self_consistent(golden_run):
    rc, reports = golden_run
    report = json.loads(reports["discrepancies.json"])
    assert report["corpus"] == "corpus"
    assert [s["path"] for s in report["sources"]] == sorted(f"corpus/{p.name}" for p in
                                                            (regenerate.CORPUS).glob("*.md"))
    assert rc == (1 if report["discrepancies"] else 0)
    corpus_texts = {s["id"]: (regenerate.CORPUS / Path(s["path"]).name).read_text(encoding="utf-8")
                    for s in report["sources"]}
    for d in report["discrepancies"]:
        assert len(d["positions"]) >= 2
        for p in d["positions"]:
            for c in p["claims"]:
                assert corpus_texts[c["source"]][c["start"]:c["end"]] == c["quote"]

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

"""Discrepancy ids that last (issue 23, item 2): an id is a fingerprint of what is compared, so a source that
joins or leaves keeps it; ids are unique in a report; a decision whose id is gone follows its figures."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from factcheck.report import REPORTERS
from factcheck.review.decisions import decide, load
from factcheck.run.check import apply_reviews, build_report
from helpers import run_cli, write_corpus
from test_reliability import ACRONYMS, BRIDGE


def _bridge(report) -> list:
    return [d for d in report.discrepancies if d.subject.startswith("bridge cost")]


def test_a_source_that_leaves_or_joins_a_discrepancy_keeps_its_id(tmp_path):
    """Drop each source of a discrepancy that survives without it, then add it back: one id all along."""
    whole = write_corpus(tmp_path / "whole", BRIDGE)
    [first] = _bridge(build_report(whole)[0])
    assert len(first.positions) == 3
    for name in BRIDGE:
        fewer = Path(shutil.copytree(whole, tmp_path / f"without-{name}"))
        (fewer / name).unlink()
        [left] = _bridge(build_report(fewer)[0])
        assert left.id == first.id and len(left.positions) == 2, name
        write_corpus(fewer, {name: BRIDGE[name]})          # the source joins again
        [back] = _bridge(build_report(fewer)[0])
        assert back.id == first.id and len(back.positions) == 3, name


def test_one_acronym_expanded_two_ways_in_two_stories_gets_two_ids_and_two_fingerprints(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ACRONYMS)
    report, _ = build_report(corpus)
    found = [d for d in report.discrepancies if d.code == "FC401"]
    assert len(found) == 2 and len({d.id for d in found}) == 2
    assert found[0].id.split("-")[:2] == found[1].id.split("-")[:2]   # one fingerprint, told apart
    again, _ = build_report(write_corpus(tmp_path / "again", dict(reversed(list(ACRONYMS.items())))))
    assert sorted(d.id for d in again.discrepancies) == sorted(d.id for d in found)
    sarif = json.loads(REPORTERS["sarif"].render(report))
    prints = [r["partialFingerprints"]["factcheckDiscrepancy/v2"] for r in sarif["runs"][0]["results"]]
    assert sorted(prints) == sorted(d.id for d in found)
    html = REPORTERS["html"].render(report)
    sections = re.findall(r'<section class="disc" id="([^"]+)"', html)
    assert sorted(sections) == sorted(d.id for d in found)


def test_a_decision_follows_its_figures_to_a_new_id_stale_with_was_and_now(tmp_path):
    """Every source now dates the figures a year earlier: another thing is compared (another id), and the
    decision made on the old one shows as stale, saying what it was about, never as vanished; reviewing the new
    id replaces it."""
    corpus = write_corpus(tmp_path / "corpus", BRIDGE)
    reviews = tmp_path / "claims" / "reviews.yaml"
    [old] = _bridge(build_report(corpus)[0])
    decide(reviews, old, "accepted", "the council revised its figure twice", "ana", None, at="2024-07-01")
    write_corpus(corpus, {name: text.replace("2024", "2023") for name, text in BRIDGE.items()})
    report = apply_reviews(build_report(corpus)[0], reviews)
    [new] = _bridge(report)
    assert new.id != old.id
    assert new.status == "stale" and not report.stale_reviews
    assert new.review.changes[0] == "was: bridge cost (Orvell), 2024; now: bridge cost (Orvell), 2023"
    rc, _, err = run_cli(["review", new.id, "--status", "accepted", "--reason", "still revised", "--corpus", corpus,
                          "--claims", tmp_path / "claims"])
    assert rc == 0, err
    assert [r.id for r in load(reviews)] == [new.id]

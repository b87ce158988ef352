"""The three workflows end to end on a temporary corpus: review, add a source, CI outputs."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from helpers import run_cli, write_corpus

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"

VISIT_A = """---
id: visit-a
title: Visit notes A
published: 2025-11-10
---
During the trip to Washington on November 6, 2025, Kazakhstan signed 29 agreements with American companies.
"""
VISIT_B = """---
id: visit-b
title: Visit notes B
---
In Washington on November 6, 2025, Kazakhstan signed more than 30 agreements with the United States.
"""
VISIT_C = """---
id: visit-c
title: Visit notes C
---
On November 6, 2025, in Washington, Kazakhstan signed 35 agreements with the United States, officials said.
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with corpus/ holding two sources that disagree on one count; cwd is the project."""
    write_corpus(tmp_path / "corpus", {"visit-a.md": VISIT_A, "visit-b.md": VISIT_B})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _report(project: Path) -> dict:
    return json.loads((project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))


def _only_id(project: Path) -> str:
    ids = [d["id"] for d in _report(project)["discrepancies"]]
    assert len(ids) == 1, ids
    return ids[0]


def test_review_then_rerun_exits_zero(project):
    assert run_cli(["check"])[0] == 1
    ident = _only_id(project)
    rc, out, _ = run_cli(["review", ident, "--status", "explained", "--reason", "different scope: signed vs announced",
                          "--by", "ana", "--at", "2026-01-02"])
    assert rc == 0 and ident in out
    text = (project / "claims" / "reviews.yaml").read_text(encoding="utf-8")
    assert f"id: {ident}" in text and "by: ana" in text and "different scope" in text
    assert run_cli(["check"])[0] == 0
    d = _report(project)["discrepancies"][0]
    assert d["status"] == "reviewed" and d["review"]["reason"] == "different scope: signed vs announced"


def test_adding_a_contradicting_source_makes_the_review_stale(project):
    run_cli(["check"])
    ident = _only_id(project)
    run_cli(["review", ident, "--status", "accepted", "--reason", "known", "--at", "2026-01-02"])
    new = project / "incoming.md"
    new.write_text(VISIT_C, encoding="utf-8")
    rc, out, _ = run_cli(["add", str(new), "--yes"])
    assert rc == 1                      # as check exits: the review went stale
    assert f"joined {ident}" in out
    rc, out, _ = run_cli(["check"])
    assert rc == 1
    d = _report(project)["discrepancies"][0]
    assert d["id"] == ident and d["status"] == "stale"
    assert "visit-c" in {c["source"] for p in d["positions"] for c in p["claims"]}


def test_review_of_a_discrepancy_that_disappeared_is_reported(project):
    run_cli(["check"])
    ident = _only_id(project)
    run_cli(["review", ident, "--status", "error", "--source", "visit-a", "--reason", "typo", "--at", "2026-01-02"])
    fixed = VISIT_A.replace("29 agreements", "31 agreements")
    (project / "corpus" / "visit-a.md").write_text(fixed, encoding="utf-8")
    rc, out, _ = run_cli(["check"])
    assert rc == 1 and f"stale review {ident}" in out
    assert _report(project)["stale_reviews"] == [ident]


def test_review_file_with_a_bad_status_names_the_line(project):
    (project / "claims").mkdir()
    (project / "claims" / "reviews.yaml").write_text(
        "reviews:\n- id: FC201-aaaa\n  status: explained\n  reason: ok\n- id: FC201-bbbb\n  status: maybe\n"
        "  reason: typo\n", encoding="utf-8")
    rc, _, err = run_cli(["check"])
    assert rc == 2
    assert "reviews.yaml:5" in err and "status" in err


def test_review_of_an_unknown_id_is_refused(project):
    rc, _, err = run_cli(["review", "FC201-doesnotexist", "--status", "accepted", "--reason", "x"])
    assert rc == 2 and "no discrepancy FC201-doesnotexist" in err
    assert not (project / "claims" / "reviews.yaml").exists()


def test_add_exits_as_check_does(project):
    """1 while the recheck finds an unreviewed discrepancy at the fail level; --exit-zero and --fail-on as check."""
    (project / "incoming.md").write_text(VISIT_C, encoding="utf-8")
    assert run_cli(["add", "incoming.md", "--yes", "--id", "c1"])[0] == 1
    severities = {d["severity"] for d in _report(project)["discrepancies"]}
    assert severities == {"material"}
    assert run_cli(["add", "incoming.md", "--yes", "--id", "c2"])[0] == 0   # same content: nothing added
    (project / "other.md").write_text(VISIT_C.replace("35 agreements", "36 agreements"), encoding="utf-8")
    assert run_cli(["add", "other.md", "--yes", "--exit-zero"])[0] == 0
    ident = _only_id(project)
    run_cli(["review", ident, "--status", "accepted", "--reason", "known", "--at", "2026-01-02"])
    (project / "third.md").write_text(VISIT_C.replace("35 agreements", "about 33 agreements"), encoding="utf-8")
    assert run_cli(["add", "third.md", "--yes", "--id", "c3"])[0] == 1                    # the review went stale
    assert run_cli(["check"])[0] == 1


def test_adding_the_same_content_twice_changes_nothing(project):
    new = project / "incoming.md"
    new.write_text(VISIT_C, encoding="utf-8")
    assert run_cli(["add", str(new), "--yes", "--exit-zero"])[0] == 0
    before = sorted(p.name for p in (project / "corpus").iterdir())
    rc, out, _ = run_cli(["add", str(new), "--yes"])
    assert rc == 0 and "already in the corpus" in out
    assert sorted(p.name for p in (project / "corpus").iterdir()) == before


def test_add_html_strips_boilerplate_and_reads_metadata(project):
    page = project / "page.html"
    page.write_text(
        "<html><head><title>Trade notes</title><meta property='og:site_name' content='Example Daily'>"
        "<meta property='article:published_time' content='2025-11-08T10:00:00Z'></head><body>"
        "<nav>Home 2024 Menu</nav><article><p>In Washington on November 6, 2025, Kazakhstan signed 33 agreements "
        "with the United States.</p></article><footer>Copyright 1999</footer><script>var n = 123;</script>"
        "</body></html>", encoding="utf-8")
    rc, out, _ = run_cli(["add", str(page), "--yes", "--exit-zero"])
    assert rc == 0
    written = (project / "corpus" / "trade-notes.md").read_text(encoding="utf-8")
    assert "outlet: Example Daily" in written and "published: '2025-11-08'" in written
    assert "33 agreements" in written
    assert "Menu" not in written and "Copyright" not in written and "var n" not in written


def test_add_rejects_a_pdf_without_text(project):
    from pypdf import PdfWriter

    pdf = project / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)  # a page with no text layer, as a scan has
    with pdf.open("wb") as f:
        writer.write(f)
    rc, _, err = run_cli(["add", str(pdf), "--yes"])
    assert rc == 2 and "no text layer" in err
    assert sorted(p.name for p in (project / "corpus").glob("*.md")) == ["visit-a.md", "visit-b.md"]


def test_second_run_reads_unchanged_sources_from_the_claim_cache(project):
    run_cli(["check"])
    index = json.loads((project / "claims" / ".index.json").read_text(encoding="utf-8"))
    assert set(index) == {"visit-a", "visit-b"}
    # A damaged claim file must be re-extracted, not trusted.
    (project / "claims" / "visit-a.jsonl").write_text("not json\n", encoding="utf-8")
    assert run_cli(["check"])[0] == 1
    assert '"quote":"29 agreements"' in (project / "claims" / "visit-a.jsonl").read_text(encoding="utf-8")


def test_sarif_validates_and_carries_fingerprints_and_review_state(project):
    run_cli(["check"])
    ident = _only_id(project)
    rc, out, _ = run_cli(["check", "--format", "sarif"])
    sarif = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    result = sarif["runs"][0]["results"][0]
    assert result["partialFingerprints"]["factcheckDiscrepancy/v2"] == ident
    assert result["baselineState"] == "new"
    assert {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["relatedLocations"]} == {
        "corpus/visit-a.md", "corpus/visit-b.md"}
    assert sorted((loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"]["startLine"])
                  for loc in result["relatedLocations"]) == [("corpus/visit-a.md", 6), ("corpus/visit-b.md", 5)]
    run_cli(["review", ident, "--status", "accepted", "--reason", "known", "--at", "2026-01-02"])
    rc, out, _ = run_cli(["check", "--format", "sarif"])
    result = json.loads(out)["runs"][0]["results"][0]
    assert rc == 0 and result["baselineState"] == "unchanged" and result["suppressions"][0]["kind"] == "external"


def test_github_annotations_put_the_most_severe_first_and_count_the_rest(project):
    rc, out, _ = run_cli(["check", "--format", "github"])
    lines = out.strip().splitlines()
    assert lines[0].startswith("::error file=corpus/visit-a.md,line=6,col=70,endLine=6,endColumn=83,title=FC201-")
    assert lines[-1].startswith("::notice") and "1 open discrepancy," in lines[-1]


def test_junit_has_a_failing_case_per_open_discrepancy(project):
    rc, out, _ = run_cli(["check", "--format", "junit"])
    assert '<testsuite name="factcheck"' in out and 'failures="1"' in out and "<failure type=\"FC201\"" in out


def test_html_page_escapes_source_text(project):
    (project / "corpus" / "visit-b.md").write_text(
        VISIT_B.replace("more than 30 agreements", "more than 30 agreements <b onmouseover=alert(1)>&"),
        encoding="utf-8")
    run_cli(["check"])
    page = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<b onmouseover" not in page and "onmouseover=alert" not in page
    assert 'data-severity="material"' in page and "Visit notes A" in page


def test_explain_shows_intervals_periods_and_subject_words(project):
    run_cli(["check"])
    rc, out, _ = run_cli(["explain", _only_id(project)])
    assert rc == 0
    assert "why: the figures allow 29 and above 30, which share no value" in out
    assert "read as: 29 agreements" in out and "read as: more than 30 agreements" in out
    assert "period: 6 November 2025 (stated in its sentence" in out
    assert "about: number of agreements" in out
    assert "decide: factcheck review " in out
    for internal in ("|", "KZ+US", "count:count", "review state", "[29, 29]"):  # keys are for machines
        assert internal not in out.split("sentence:")[0], internal


def test_currencies_are_compared_only_with_a_rate_from_the_corpus_config(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {
        "a.md": "In 2024, trade between Arden and Japan was €10 billion.\n",
        "b.md": "Trade between Arden and Japan reached $20 billion in 2024.\n"})
    args = ["check", "--corpus", corpus, "--reports", tmp_path / "reports"]
    assert run_cli(args)[0] == 0  # no rate: euros and dollars are never compared
    (corpus / "factcheck.yaml").write_text("rates:\n  EUR: 1.08\n", encoding="utf-8")
    rc, out, _ = run_cli(args + ["--no-cache"])
    assert rc == 1 and "FC202" in out   # 10.8 billion dollars is not 20
    (corpus / "factcheck.yaml").write_text("rates:\n  EUR: 2.0\n", encoding="utf-8")
    assert run_cli(args)[0] == 0        # the cache notices the changed config

"""A run reprocesses only what changed: unchanged sources are not extracted, unchanged stories not compared,
unchanged reports not rewritten; and the work is the same on one process or several."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from factcheck.run import compare_corpus as compare, pipeline
from factcheck.align import family_parts
from helpers import run_cli, two_story_corpus

HARBOUR = Path(__file__).parent / "corpora" / "harbour"
REPORTS = ("discrepancies.json", "discrepancies.md", "index.html")


@pytest.fixture
def corpus(tmp_path):
    return Path(shutil.copytree(HARBOUR, tmp_path / "corpus"))


def check(tmp_path, corpus, *extra):
    return run_cli(["check", corpus, "--reports", tmp_path / "reports", "--claims", tmp_path / "claims", "-q", *extra])


@pytest.fixture
def counted(monkeypatch):
    """How many sources were extracted and stories compared, by name."""
    seen = {"extracted": [], "compared": []}
    extract, story = pipeline.extract_document, compare.compare_story

    def extract_counted(doc, kn):
        seen["extracted"].append(doc.meta.id)
        return extract(doc, kn)

    def story_counted(claims, paths, kn, families=None):
        seen["compared"].append(sorted(claims))
        return story(claims, paths, kn, families)

    monkeypatch.setattr(pipeline, "extract_document", extract_counted)
    monkeypatch.setattr(compare, "compare_story", story_counted)
    return seen


def test_a_run_with_nothing_changed_extracts_and_compares_nothing(tmp_path, corpus, counted):
    first = check(tmp_path, corpus, "--jobs", "1")
    assert first[0] == 1, first
    assert sorted(counted["extracted"]) == ["baltic-freight-wire", "kalvane-council-note", "kalvane-port-release"]
    assert counted["compared"]
    kept = [tmp_path / "reports" / name for name in REPORTS] + [tmp_path / "claims" / ".index.json",
                                                               tmp_path / "claims" / ".stories.cache"]
    written = {path: path.stat().st_mtime_ns for path in kept}
    counted["extracted"].clear(), counted["compared"].clear()
    again = check(tmp_path, corpus, "--jobs", "1")
    assert (again[0], again[1]) == (first[0], first[1])
    assert counted == {"extracted": [], "compared": []}
    assert {path: path.stat().st_mtime_ns for path in kept} == written   # nothing written again


def test_the_reports_record_vouches_for_the_files_and_a_file_changed_by_hand_is_written_again(tmp_path, corpus):
    """Reports are written piece by piece and hashed as they go: the record must hold the hash of what is on
    disk, or the next run would either rewrite everything or trust a file someone changed."""
    check(tmp_path, corpus, "--jobs", "1")
    reports = tmp_path / "reports"
    record = json.loads((reports / ".written.json").read_text(encoding="utf-8"))
    assert record["files"] == {name: hashlib.sha256((reports / name).read_bytes()).hexdigest() for name in REPORTS}
    cache = tmp_path / "claims" / ".stories.cache"
    kept = {name: (reports / name).read_bytes() for name in REPORTS}, cache.stat().st_mtime_ns
    (reports / "discrepancies.md").write_text("edited by hand\n", encoding="utf-8")
    check(tmp_path, corpus, "--jobs", "1")
    assert {name: (reports / name).read_bytes() for name in REPORTS} == kept[0]
    assert cache.stat().st_mtime_ns == kept[1]   # the same findings: the story cache is not written again


def test_an_edit_reextracts_that_source_and_recompares_its_story_only(tmp_path, corpus, counted):
    (corpus / "unrelated.md").write_text("---\nid: unrelated\n---\n\nThe Orvell choir sold 412 tickets for its "
                                         "spring concert at the Linden hall.\n", encoding="utf-8")
    check(tmp_path, corpus, "--jobs", "1")
    counted["extracted"].clear(), counted["compared"].clear()
    edited = corpus / "unrelated.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("412", "413"), encoding="utf-8")
    check(tmp_path, corpus, "--jobs", "1")
    assert counted["extracted"] == ["unrelated"]
    assert counted["compared"] in ([], [["unrelated"]])  # a story of one source may have nothing to compare


def test_a_stale_story_cache_is_recomputed_not_trusted(tmp_path, corpus):
    first = check(tmp_path, corpus, "--jobs", "1")
    report = (tmp_path / "reports" / "discrepancies.json").read_bytes()
    cache = tmp_path / "claims" / ".stories.cache"
    cache.write_text(cache.read_text(encoding="utf-8").replace('"severity":"material"', '"severity":"fatal"'),
                     encoding="utf-8")
    (tmp_path / "reports" / "discrepancies.json").unlink()
    assert check(tmp_path, corpus, "--jobs", "1")[0] == first[0]
    assert (tmp_path / "reports" / "discrepancies.json").read_bytes() == report


def test_reports_and_claims_kept_inside_the_corpus_are_not_read_as_sources(tmp_path, corpus):
    args = ["check", corpus, "--reports", corpus / "reports", "--claims", corpus / "claims", "-q", "--jobs", "1"]
    first = run_cli(args)
    (corpus / "reports" / "discrepancies.md").touch()
    again = run_cli(args)
    assert again == first
    report = json.loads((corpus / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert sorted(s["id"] for s in report["sources"]) == ["baltic-freight-wire", "kalvane-council-note",
                                                          "kalvane-port-release"]


def test_add_extracts_only_the_new_source(tmp_path, corpus, counted):
    check(tmp_path, corpus, "--jobs", "1")
    counted["extracted"].clear()
    new = tmp_path / "late.md"
    new.write_text("The Kalvane port handled 9.9 million tonnes of cargo last year, a port official said.\n",
                   encoding="utf-8")
    rc, out, err = run_cli(["add", new, "--yes", "--id", "late-wire", "--corpus", corpus, "--reports",
                            tmp_path / "reports", "--claims", tmp_path / "claims", "--jobs", "1", "--exit-zero"])
    assert rc == 0, err
    assert counted["extracted"] == ["late-wire"]
    assert "added" in out and "late-wire" in out


def test_an_edit_in_a_large_story_lines_up_again_only_the_parts_it_reaches(tmp_path, corpus, monkeypatch):
    """The story cache misses (one of its sources changed), and so does the family of the edited figure; but
    only the part of that family the edit reaches is lined up again, only pairs with a claim of that part are
    scored, and the report is the one a run without any cache writes."""
    parts, scored = [], []
    link_up, score = family_parts.link_up, family_parts.score_pairs

    def link_counted(members, rank, edges, voc, out):
        parts.append(sorted(c.id for c in members))
        return link_up(members, rank, edges, voc, out)

    def score_counted(members, pairs, idf, voc):
        scored.extend(pairs)
        return score(members, pairs, idf, voc)

    monkeypatch.setattr(family_parts, "link_up", link_counted)
    monkeypatch.setattr(family_parts, "score_pairs", score_counted)
    check(tmp_path, corpus, "--jobs", "1")
    first_parts, first_scored = list(parts), len(scored)
    parts.clear(), scored.clear()
    check(tmp_path, corpus, "--jobs", "1")  # read back whole: the story must keep its families and parts for later
    assert parts == [] and scored == []
    wire = corpus / "baltic-freight-wire.md"
    wire.write_text(wire.read_text(encoding="utf-8").replace("EUR 310 million", "EUR 315 million"), encoding="utf-8")
    check(tmp_path, corpus, "--jobs", "1")
    assert parts and len(parts) < len(first_parts)
    assert all(any(c.startswith("baltic-freight-wire:") for c in part) for part in parts)
    assert 0 < len(scored) < first_scored
    fresh = run_cli(["check", corpus, "--reports", tmp_path / "fresh", "--claims", tmp_path / "fresh-claims", "-q",
                     "--no-cache", "--jobs", "1"])
    assert fresh[0] == 1
    assert (tmp_path / "fresh" / "discrepancies.json").read_bytes() == \
        (tmp_path / "reports" / "discrepancies.json").read_bytes()


def test_a_story_whose_part_entry_is_gone_is_compared_again(tmp_path, corpus, counted):
    """A story's entry holds only its titles and keyed groups and refers to its families' entries for the rest,
    and a family's entry to its parts' (nothing is stored twice): without one of them, the story is compared
    again, never reported short."""
    check(tmp_path, corpus, "--jobs", "1")
    report = (tmp_path / "reports" / "discrepancies.json").read_bytes()
    cache = tmp_path / "claims" / ".stories.cache"
    lines = cache.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line.rpartition("\t")[0]) for line in lines if line.startswith('{"key":')]  # less its seal
    story = next(e for e in entries if e.get("families") and not e.get("index"))
    families = [e for e in entries if e["key"] in story["families"]]
    part = next(e for e in entries if any(e["key"] in f["families"] for f in families) and e["discrepancies"])
    assert not {d["id"] for d in story["discrepancies"]} & {d["id"] for d in part["discrepancies"]}
    cache.write_text("\n".join(line for line in lines if not line.startswith(f'{{"key":"{part["key"]}"')) + "\n",
                     encoding="utf-8")
    counted["compared"].clear()
    check(tmp_path, corpus, "--jobs", "1")
    assert counted["compared"]
    assert (tmp_path / "reports" / "discrepancies.json").read_bytes() == report


LEVEL_AND_CHANGE = {
    "a.md": "# Northwind results\n\nNorthwind's revenue was $50 million in 2023, according to the filing.\n\n"
            "Northwind's revenue was up $5 million in 2023, the company said on Monday.\n",
    "b.md": "# Northwind results\n\nNorthwind's revenue was $65 million in 2023, according to the annual report.\n\n"
            "Northwind's revenue was up $8 million in 2023, analysts said on Tuesday.\n",
}


def test_a_story_read_back_from_the_cache_gives_the_report_in_the_same_order(tmp_path):
    """A level and a change of one thing are two families with one subject but for the change: two discrepancies
    with their own subjects and ids, in the same order whether the story was compared or read back."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in LEVEL_AND_CHANGE.items():
        (corpus / name).write_text(text, encoding="utf-8")
    check(tmp_path, corpus, "--jobs", "1")
    first = (tmp_path / "reports" / "discrepancies.json").read_bytes()
    found = json.loads(first)["discrepancies"]
    assert sorted(d["subject"] for d in found) == ["revenue (Northwind), 2023", "rise in revenue (Northwind), 2023"]
    assert len({d["id"] for d in found}) == 2
    (tmp_path / "reports" / "discrepancies.json").unlink()
    check(tmp_path, corpus, "--jobs", "1")
    assert (tmp_path / "reports" / "discrepancies.json").read_bytes() == first


def test_add_reads_back_only_the_stories_the_new_source_changed_and_says_the_same(tmp_path, monkeypatch):
    """`add` compares the corpus with and without its new source; a story with the very same sources in both
    has the same findings, so only the stories the new source changed are read for the 'before' side, and
    what `add` prints is what a full 'before' report gives."""
    from factcheck.cli import add as add_module
    from factcheck.state import story_cache

    read: list[str] = []
    get = story_cache.StoryCache.get

    def counted(self, key):
        read.append(key)
        return get(self, key)

    monkeypatch.setattr(story_cache.StoryCache, "get", counted)
    report_of, outputs = add_module.report_of, {}
    for changed_only in (True, False):
        root = tmp_path / str(changed_only)
        corpus = two_story_corpus(root)
        check(root, corpus, "--jobs", "1")
        new = root / "late.md"
        new.write_text("The Kalvane port handled 9.9 million tonnes of cargo in 2024, a port official said. "
                       "The port opened on 21 May 2025.\n", encoding="utf-8")
        monkeypatch.setattr(add_module, "report_of", lambda *a, changed_only_=changed_only, **k: report_of(
            *a, **{**k, "changed_only": k.get("changed_only", False) and changed_only_}))
        read.clear()
        rc, outputs[changed_only], err = run_cli(["add", new, "--yes", "--id", "late-wire", "--corpus", corpus,
                                                  "--reports", root / "reports", "--claims", root / "claims",
                                                  "--jobs", "1", "--exit-zero"])
        assert rc == 0, err
        twice = len(read) - len(set(read))
        assert (twice == 0) == changed_only, "only the full 'before' report reads the unchanged story again"
    assert outputs[True].replace(str(tmp_path / "True"), "") == outputs[False].replace(str(tmp_path / "False"), "")
    assert "joined" in outputs[True] or "new discrepancy" in outputs[True]

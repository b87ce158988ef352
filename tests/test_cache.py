"""The claims folder is a cache and is never trusted (issue 11, item 1 and 4).

Each damage a hand, a merge or a killed run can do to a committed claims folder must end
in the same report as a run without the cache: the damaged source is re-extracted, with a
FC921 note, and no discrepancy disappears.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factcheck.run.pipeline import INDEX
from helpers import run_cli, write_corpus

A = """---
id: visit-a
published: 2025-11-10
---
During the trip to Washington on November 6, 2025, Kazakhstan signed 29 agreements with American companies.
Trade between Kazakhstan and the United States reached $4.1 billion in 2024, up 12% on 2023.
"""
B = """---
id: visit-b
---
In Washington on November 6, 2025, Kazakhstan signed more than 30 agreements with the United States.
"""
C = """---
id: visit-c
---
Kazakhstan exported 70 million tonnes of oil in 2024, and its GDP grew 4.8%.
The port handled 1.2 million containers.
"""
# Version B of the corpus: other figures, and a line added on top so every offset moves.
A_EDITED = A.replace("29 agreements", "31 agreements").replace("$4.1 billion", "$14.1 billion").replace(
    "---\nDuring", "---\nA note added on top.\n\nDuring")


def _check(root: Path, *flags: str) -> tuple[int, dict]:
    rc, _, err = run_cli(["check", "--corpus", root / "corpus", "--reports", root / "reports",
                          "--claims", root / "claims", *flags])
    return rc, json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))


def _findings(report: dict) -> tuple:
    """What a reader of the report acts on: every discrepancy with its quotes, and the claim count."""
    return (report["claims_total"], sorted((d["id"], json.dumps(d["positions"], sort_keys=True))
                                           for d in report["discrepancies"]))


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, tuple]:
    """A corpus with a warm cache, and what a run without the cache finds in it."""
    write_corpus(tmp_path / "corpus", {"visit-a.md": A, "visit-b.md": B, "visit-c.md": C})
    _check(tmp_path)
    rc, fresh = _check(tmp_path, "--no-cache")
    assert rc == 1 and fresh["discrepancies"], "the corpus must hold a discrepancy the damage could hide"
    return tmp_path, _findings(fresh)


def _empty(text: str) -> str:
    return ""


def _keep_a_third(text: str) -> str:
    lines = text.splitlines(True)
    return "".join(lines[: len(lines) // 3])


def _drop_first_record(text: str) -> str:
    return "".join(text.splitlines(True)[1:])


def _change_a_value(text: str) -> str:
    return re.sub(r'"value":29\.0', '"value":31.0', text)


def _garbage(text: str) -> str:
    return text[: len(text) // 2] + "\x00{not json\n"


DAMAGE = [_empty, _keep_a_third, _drop_first_record, _change_a_value, _garbage]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_claim_file_is_re_extracted_and_hides_nothing(corpus, damage):
    root, expected = corpus
    damaged = set()
    for name in ("visit-a.jsonl", "visit-b.jsonl"):
        path = root / "claims" / name
        text = path.read_text(encoding="utf-8")
        if damage(text) != text:
            path.write_text(damage(text), encoding="utf-8")
            damaged.add(name)
    assert "visit-a.jsonl" in damaged
    rc, report = _check(root)
    assert rc == 1 and _findings(report) == expected
    assert {Path(d["path"]).name for d in report["diagnostics"] if d["code"] == "FC921"} == damaged


def test_a_deleted_claim_file_is_re_extracted(corpus):
    root, expected = corpus
    (root / "claims" / "visit-b.jsonl").unlink()
    assert _findings(_check(root)[1]) == expected


def test_claims_written_by_extract_are_not_taken_for_the_checked_ones(corpus):
    root, expected = corpus
    rc, _, _ = run_cli(["extract", root / "corpus" / "visit-a.md", "--write", "--claims", root / "claims",
                        "--format", "jsonl"])
    assert _findings(_check(root)[1]) == expected


def test_claims_of_another_version_left_by_a_killed_run_are_not_read(corpus):
    """The run on the edited corpus rewrote visit-a's claim file and died before the index; then the
    corpus was reverted (a git checkout). The index still vouches for the old source text."""
    root, expected = corpus
    index = (root / "claims" / INDEX).read_bytes()
    (root / "corpus" / "visit-a.md").write_text(A_EDITED, encoding="utf-8")
    _check(root)
    (root / "claims" / INDEX).write_bytes(index)     # as if killed before the index was replaced
    (root / "corpus" / "visit-a.md").write_text(A, encoding="utf-8")
    rc, report = _check(root)
    assert _findings(report) == expected
    for line in (root / "claims" / "visit-a.jsonl").read_text(encoding="utf-8").splitlines():
        claim = json.loads(line)
        assert A[claim["start"]:claim["end"]] == claim["quote"]


def test_an_intact_cache_is_reused_and_changes_nothing(corpus):
    root, expected = corpus
    before = {p.name: p.read_bytes() for p in (root / "claims").glob("*.jsonl")}
    rc, report = _check(root)
    assert _findings(report) == expected and not report["diagnostics"]
    assert {p.name: p.read_bytes() for p in (root / "claims").glob("*.jsonl")} == before


def test_temporary_files_of_a_killed_run_are_removed(corpus):
    root, _ = corpus
    leftovers = [root / "claims" / ".visit-a.jsonl.k3j_x9q2.tmp", root / "claims" / "..index.json.abcdefgh.tmp",
                 root / "reports" / ".discrepancies.md.0a1b2c3d.tmp"]
    for path in leftovers:
        path.write_text("half a file", encoding="utf-8")
    keep = root / "claims" / "notes.tmp"
    keep.write_text("not ours", encoding="utf-8")
    _check(root)
    assert not any(p.exists() for p in leftovers) and keep.exists()


def test_the_index_records_a_digest_and_count_for_every_claim_file(corpus):
    root, _ = corpus
    index = json.loads((root / "claims" / INDEX).read_text(encoding="utf-8"))
    assert set(index) == {"visit-a", "visit-b", "visit-c"}
    for ident, entry in index.items():
        lines = (root / "claims" / f"{ident}.jsonl").read_text(encoding="utf-8").splitlines()
        assert entry["claims"] == len(lines) and len(entry["digest"]) == 64


def test_what_extraction_reported_is_reported_again_from_the_cache(tmp_path):
    write_corpus(tmp_path / "corpus", {"odd.md": "It happened on 2025-02-30 and cost $" + "9" * 70 + ".\n"})
    first = _check(tmp_path)[1]["diagnostics"]
    again = _check(tmp_path)[1]["diagnostics"]
    assert {d["code"] for d in first} == {"FC912", "FC914"} and again == first


@pytest.mark.parametrize("picks", [[], [0], [-1], [99], "all", None], ids=["none", "first", "negative", "beyond",
                                                                             "text", "missing"])
def test_a_damaged_list_of_the_records_comparing_reads_gets_the_source_re_extracted(corpus, picks):
    """Only the records the index lists are read for comparing: a list cut short by hand must not hide claims."""
    root, expected = corpus
    path = root / "claims" / INDEX
    index = json.loads(path.read_text(encoding="utf-8"))
    assert index["visit-a"]["comparable"] not in ([], [0]), "visit-a's comparable claims must be more than one"
    if picks is None:
        del index["visit-a"]["comparable"]
    else:
        index["visit-a"]["comparable"] = picks
    path.write_text(json.dumps(index), encoding="utf-8")
    rc, report = _check(root)
    assert rc == 1 and _findings(report) == expected
    assert [Path(d["path"]).name for d in report["diagnostics"] if d["code"] == "FC921"] == ["visit-a.jsonl"]


def test_the_records_comparing_reads_are_those_it_would_pick(corpus, kn):
    """The index's list is the claims align.is_comparable keeps, whether the claims were extracted now or read back."""
    from factcheck.align.scoring import is_comparable
    from factcheck.run.pipeline import extract_corpus
    from factcheck.config.vocab import vocab_for
    from factcheck.config.project import knowledge_for

    root, _ = corpus
    kn = knowledge_for(root / "corpus")   # the corpus's own topic lists, as check read them
    voc = vocab_for(kn)
    for cache in (None, root / "claims"):
        result = extract_corpus([root / "corpus"], kn, cache_dir=cache)
        assert bool(result.reused) == (cache is not None)
        for ident in result.claims:
            everything = result.claims[ident]
            assert result.claims.comparable(ident) == [c for c in everything if is_comparable(c, voc)]
            assert 0 < len(result.claims.comparable(ident)) <= len(everything)

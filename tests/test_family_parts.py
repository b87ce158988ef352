"""A family lined up in parts, some read back from the last run (align/family_parts.py), finds exactly what a run
without any cache finds, whatever the edit; and a large story's word rarity stays put when a source is added."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from factcheck.align import scoring as align, family_parts
from factcheck.run import compare_corpus as compare
from factcheck.align.scoring import GRID_FROM, GRID_STEP, IDF_PRIOR, RARITY_STEPS, rarity
from helpers import run_cli, two_story_corpus

REPORT = "discrepancies.json"


def _body_at(text: str) -> int:
    return text.index("\n---", 3) + 4 if text.startswith("---") else 0


def _bump_figures(path: Path, count: int) -> None:
    """Add one to the first `count` figures of the body that are not years."""
    text = path.read_text(encoding="utf-8")
    at = _body_at(text)
    body = re.sub(r"(?<![\d.,])(?!(?:19|20)\d\d\b)\d+(?![\d,])", lambda m: str(int(m.group()) + 1), text[at:],
                  count=count)
    path.write_text(text[:at] + body, encoding="utf-8")


def _drop_paragraph(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    at = _body_at(text)
    paragraphs = text[at:].split("\n\n")
    path.write_text(text[:at] + "\n\n".join(paragraphs[:2] + paragraphs[3:]), encoding="utf-8")


def _new_source(folder: Path) -> None:
    """Another source on the large story: a note with its own id and its figures moved."""
    note = sorted(folder.glob("kz-*.md"))[0]
    text = note.read_text(encoding="utf-8").replace("id: ", "id: late-", 1)
    (folder / "late-note.md").write_text(text, encoding="utf-8")
    _bump_figures(folder / "late-note.md", 3)


def _edits(folder: Path):
    notes = sorted(folder.glob("kz-*.md"))
    yield lambda: _bump_figures(notes[1], 1)
    yield lambda: _drop_paragraph(notes[2])
    yield lambda: _new_source(folder)
    yield lambda: notes[0].unlink()
    yield lambda: _bump_figures(folder / "late-note.md", 6)


def _fresh(tmp_path: Path, folder: Path, n: int) -> bytes:
    out = tmp_path / f"fresh{n}"
    run_cli(["check", folder, "--reports", out, "--claims", tmp_path / f"fresh-claims{n}", "-q", "--no-cache",
             "--jobs", "1"])
    return (out / REPORT).read_bytes()


@pytest.mark.parametrize("grid_from,jobs", [(GRID_FROM, 1), (1, 1), (1, 2)])
def test_after_each_edit_the_parts_read_back_and_lined_up_again_find_what_a_fresh_run_finds(tmp_path, monkeypatch,
                                                                                           grid_from, jobs):
    """With word rarity on a grid from the first claim (as in a large story), a new source leaves the other
    claims as they were: its claims join parts of the last run, which must then be lined up again. With two
    jobs every family to line up goes to a worker, which is handed what the last run found and says which parts
    to read back; the report must still be the one a fresh one-process run writes."""
    monkeypatch.setattr(align, "GRID_FROM", grid_from)
    monkeypatch.setattr(compare, "SPREAD_FAMILIES_FROM", 0)
    reused, spread = [], []
    total, line_up = compare._family_total, compare._line_up

    def counted(lined, *args, **kwargs):
        reused.extend(lined[1].reused)
        return total(lined, *args, **kwargs)

    def watched(tasks, runner):
        spread.append(compare.worth_spreading(runner, len(tasks), least=2))
        return line_up(tasks, runner)

    monkeypatch.setattr(compare, "_family_total", counted)
    monkeypatch.setattr(compare, "_line_up", watched)
    folder = two_story_corpus(tmp_path)
    args = ["check", folder, "--reports", tmp_path / "reports", "--claims", tmp_path / "claims", "-q",
            "--jobs", jobs]
    run_cli(args)
    for n, edit in enumerate(_edits(folder)):
        edit()
        run_cli(args)
        assert (tmp_path / "reports" / REPORT).read_bytes() == _fresh(tmp_path, folder, n), f"after edit {n}"
    assert reused, "no part was ever read back"
    assert any(spread) == (jobs > 1), "the families went to workers only if there were workers"


def test_a_part_whose_entry_is_broken_gets_its_family_lined_up_again(tmp_path):
    """The index says a part can be read back, but its entry no longer parses: the family is lined up whole,
    never reported short."""
    folder = two_story_corpus(tmp_path)
    args = ["check", folder, "--reports", tmp_path / "reports", "--claims", tmp_path / "claims", "-q", "--jobs", "1"]
    run_cli(args)
    cache = tmp_path / "claims" / ".stories.cache"
    lines = cache.read_text(encoding="utf-8").splitlines()
    parts = {key for line in lines if '"claims":{' in line
             for key in re.findall(r'"([0-9a-f]{64})"', line.split('"parts":[', 1)[1].split("]", 1)[0])}
    broken = [line[:72] + "not json" if line[8:72] in parts else line for line in lines]
    assert broken != lines
    cache.write_text("\n".join(broken) + "\n", encoding="utf-8")
    _bump_figures(sorted(folder.glob("kz-*.md"))[1], 1)
    run_cli(args)
    assert (tmp_path / "reports" / REPORT).read_bytes() == _fresh(tmp_path, folder, 0)


@given(st.integers(1, GRID_FROM), st.integers(0, 10_000))
def test_a_small_story_weighs_its_words_exactly(n, d):
    assert rarity(n, d) == math.log((n + IDF_PRIOR) / (d + 1))


@given(st.integers(GRID_FROM + 1, 10_000_000), st.integers(0, 10_000_000))
def test_a_large_story_weighs_its_words_on_a_grid_near_the_exact_rarity(n, d):
    exact = math.log((n + IDF_PRIOR) / (d + 1))
    assert exact - 1 / RARITY_STEPS <= rarity(n, d) <= exact + math.log(GRID_STEP) + 1 / RARITY_STEPS
    assert rarity(n, d) * RARITY_STEPS == round(rarity(n, d) * RARITY_STEPS)


def test_one_more_claim_rarely_moves_a_large_story_s_word_rarity():
    n = 30_000
    moved = sum(rarity(n, d) != rarity(n + 1, d) for d in range(0, 5000))
    assert moved == 0
    moved = sum(rarity(n, d) != rarity(n, d + 1) for d in range(1000, 5000))
    assert moved < 4000 / 20


def _families(tmp_path: Path):
    """Every family of the corpus's stories with more than a handful of claims, and each story's word rarity."""
    from factcheck.config.knowledge import Knowledge, canonical_knowledge
    from factcheck.run.pipeline import extract_corpus
    from factcheck.compare.rates import convert
    from factcheck.config.vocab import vocab_for

    kn = canonical_knowledge(Knowledge())
    voc = vocab_for(kn)
    done = extract_corpus([two_story_corpus(tmp_path)], kn)
    story = convert([c for s in sorted(done.claims) for c in done.claims[s]], kn)
    fams, idf = align.story_families(story, voc)
    sources = {d.meta.id: (d.meta.path, d.meta.sha256) for d in done.documents}
    return [m for f, m in fams.items() if f[0] != align.TITLE_FAMILY and len(m) > 8], idf, sources, voc


def _partition(lined: family_parts.FamilyParts) -> set[str]:
    return set(lined.reused) | {key for key, _ in lined.found}


def test_parts_read_back_after_a_source_comes_or_goes_are_the_parts_of_a_whole_run(tmp_path):
    """The same rarity on both runs (as in a large story), so that only the claims of one source differ: the
    parts read back and lined up anew are exactly those of lining the family up from nothing."""
    families, idf, sources, voc = _families(tmp_path)
    assert families
    checked = 0
    for members in families:
        for gone in sorted({c.source for c in members}):
            fewer = [c for c in members if c.source != gone]
            for before, after in ((fewer, members), (members, fewer)):
                known = family_parts.line_up_parts(before, idf, sources, voc, "fp").known
                again = family_parts.line_up_parts(after, idf, sources, voc, "fp", known)
                whole = family_parts.line_up_parts(after, idf, sources, voc, "fp")
                assert _partition(again) == _partition(whole)
                assert (again.alone, again.known) == (whole.alone, whole.known)
                checked += bool(again.reused)
    assert checked, "no part was ever read back"

"""One source never takes the run down, and nothing is lost without a word (issue 11, items 3, 5, 6, 8)."""
from __future__ import annotations

import json
import os
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from factcheck.run import pipeline
from factcheck.sources import loader as sources
from factcheck.sources.markup import scan_view
from factcheck.report import REPORTERS
from factcheck.review.decisions import ReviewError, load
from helpers import run_cli, write_corpus

GOOD = "---\nid: good\n---\nIn 2024 Kazakhstan's exports reached $80 billion.\n"
ALIAS_BOMB = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)) + "---\nBody with 5 ships.\n"


def _load(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[list, list]:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return sources.load_documents([tmp_path])


def _codes(problems) -> dict[str, str]:
    return {Path(p.path).name: p.code for p in problems}


def test_an_alias_bomb_in_front_matter_is_refused_at_once_and_the_rest_is_read(tmp_path):
    started = time.process_time()
    docs, problems = _load(tmp_path, {"bomb.md": ALIAS_BOMB, "good.md": GOOD})
    assert time.process_time() - started < 30  # a guard against hanging, not a benchmark: it takes milliseconds
    assert [d.meta.id for d in docs] == ["good"]
    [p] = problems
    assert p.code == "FC904" and "aliases" in p.message and p.line == 2


@pytest.mark.parametrize("front, line, words", [
    ("id: a\ntitle: x\ntitle: y\n", 4, "repeated"),
    ("id: a\npublished: 2025-02-30\n", 3, "not a real date"),
    ("id: a\nx: !!python/object/apply:os.system [ls]\n", 3, "constructor"),
    ("id: a\nx: &x [*x]\n", 3, "contains it"),
])
def test_front_matter_problems_are_coded_with_their_line(tmp_path, front, line, words):
    docs, problems = _load(tmp_path, {"bad.md": f"---\n{front}---\nBody.\n"})
    [p] = problems
    assert (p.code, p.line) == ("FC904", line) and words in p.message and not docs


def test_a_fifo_named_like_a_source_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "x.md")
    docs, problems = _load(tmp_path, {"good.md": GOOD})
    assert [d.meta.id for d in docs] == ["good"] and _codes(problems) == {"x.md": "FC909"}
    assert "FIFO" in problems[0].message


def test_a_link_to_dev_zero_is_refused(tmp_path):
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    docs, problems = _load(tmp_path, {"good.md": GOOD})
    assert [d.meta.id for d in docs] == ["good"] and _codes(problems) == {"zero.md": "FC909"}


def test_a_source_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(sources.MAX_BYTES_ENV, "1000")
    docs, problems = _load(tmp_path, {"big.md": "Exports were $5 billion. " * 100, "good.md": GOOD})
    assert [d.meta.id for d in docs] == ["good"] and _codes(problems) == {"big.md": "FC908"}


def test_a_nul_byte_after_the_first_8_kb_is_binary_with_its_line(tmp_path):
    text = ("Exports were $5 billion.\n" * 400).encode() + b"\x00tail\n"
    docs, problems = _load(tmp_path, {"late.md": text})
    [p] = problems
    assert (p.code, p.line) == ("FC905", 401) and not docs


def test_an_unreadable_sub_folder_is_an_error_naming_it(tmp_path, monkeypatch):
    write_corpus(tmp_path, {"good.md": GOOD, "locked/hidden.md": GOOD.replace("good", "hidden")})
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, problems = sources.load_documents([tmp_path])
    assert [d.meta.id for d in docs] == ["good"]
    [p] = problems
    assert (p.code, Path(p.path).name, p.fatal) == ("FC901", "locked", True) and "folder" in p.message


def test_symlinked_folders_are_followed_once_even_when_they_loop(tmp_path):
    write_corpus(tmp_path / "elsewhere", {"linked.md": GOOD.replace("good", "linked")})
    write_corpus(tmp_path / "corpus", {"good.md": GOOD})
    (tmp_path / "corpus" / "more").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere" / "back").symlink_to(tmp_path / "corpus")
    docs, problems = sources.load_documents([tmp_path / "corpus"])
    assert sorted(d.meta.id for d in docs) == ["good", "linked"] and not problems


def test_a_source_that_runs_out_of_time_is_skipped_and_the_rest_checked(tmp_path, monkeypatch):
    real = pipeline.extract_document

    def stuck(doc, kn):
        if doc.meta.id == "stuck":
            while True:
                pass
        return real(doc, kn)

    monkeypatch.setattr(pipeline, "extract_document", stuck)
    monkeypatch.setenv(pipeline.SECONDS_ENV, "0.2")
    write_corpus(tmp_path, {"stuck.md": GOOD.replace("good", "stuck"), "good.md": GOOD})
    result = pipeline.extract_corpus([tmp_path])
    assert [d.meta.id for d in result.documents] == ["good"]
    assert _codes(result.problems) == {"stuck.md": "FC913"}


# --- numbers stay finite, outputs stay valid -------------------------------------------------------

def _strict(text: str):
    def refuse(name):
        raise AssertionError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("figure", ["$" + "9" * 310, "9" * 400 + " ships", "$" + "9" * 59 + " trillion trillion",
                                    "hundred " * 200 + "fold", "1." + "0" * 400 + "1 tons"])
def test_huge_numbers_are_refused_and_the_real_figures_kept(tmp_path, figure):
    text = f"Trade reached {figure} in 2023.\n\nIn 2024 exports reached $80 billion.\n"
    write_corpus(tmp_path / "corpus", {"huge.md": text, "good.md": GOOD.replace("$80", "$90")})
    rc, _, err = run_cli(["check", "--corpus", tmp_path / "corpus", "--reports", tmp_path / "reports",
                          "--claims", tmp_path / "claims"])
    assert rc in (0, 1), err
    report = _strict((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    claims = [_strict(line) for line in (tmp_path / "claims" / "huge.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "$80 billion" in [c["quote"] for c in claims]
    assert all(abs(c[k]) < 1e100 for c in claims for k in ("value", "low", "high") if c[k] is not None)
    if figure.count("9") > 300:
        assert any(d["code"] == "FC914" for d in report["diagnostics"])


HOSTILE = "Exports\x0b reached\x0c $5 billion\u202e in 2024 \x1b[2J\x07 says the <b>report</b>.\n"


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    write_corpus(root / "corpus", {"a.md": "---\nid: a\n---\n" + HOSTILE,
                                   "b.md": "---\nid: b\n---\nExports reached $9 billion in 2024.\n",
                                   "<img src=x onerror=alert(1)>.md": "Unreadable id.\n"})
    run_cli(["check", "--corpus", root / "corpus", "--reports", root / "reports", "--claims", root / "claims"])
    from factcheck.models import Report
    return Report.model_validate_json((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_report_carries_control_or_bidi_characters(hostile_report, fmt):
    out = REPORTERS[fmt].render(hostile_report)
    assert not [ch for ch in out if (ord(ch) < 32 and ch not in "\n\t") or ch in "\u202e\x7f"]
    if fmt in ("json", "sarif"):
        _strict(out)
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))


def test_the_report_still_says_what_the_hostile_source_said(hostile_report):
    assert hostile_report.skipped and any(d.positions for d in hostile_report.discrepancies)
    md = REPORTERS["markdown"].render(hostile_report)
    assert "[U+202E]" in md and "\\<img" in md and not re.search(r"(?<!\\)<img", md)


# --- no silent loss of text -----------------------------------------------------------------------

def test_a_references_heading_in_mid_document_drops_nothing():
    text = "Intro with 3 ships.\n\n## References\n\nSmith (2020) said so.\n\n## Trade\n\nExports were $5 billion.\n"
    assert "$5 billion" in scan_view(text) and "3 ships" in scan_view(text)


def test_a_references_heading_followed_by_prose_drops_nothing():
    prose = "Kazakhstan's exports to China reached $5 billion as the new corridor opened to traffic this year.\n"
    text = "Intro.\n\nReferences\n\n" + prose * 5
    assert scan_view(text).count("$5 billion") == 5


def test_a_trailing_reference_list_is_dropped_and_reported_with_its_lines(tmp_path):
    text = "Body has 30 deals.\n\n## References\n\n1. Smith, J. (2020). A book, 45 pages.\n2. Lee (2021), p. 4.\n"
    docs, problems = _load(tmp_path, {"s.md": text})
    [note] = docs[0].notes
    assert (note.code, note.line, note.fatal) == ("FC910", 3, False) and "lines 3-6" in note.message


@pytest.mark.parametrize("text, line, words", [
    ("reviews:\n- id: FC201-x\n  status: accepted\n  reason: r\n  x: !!python/object/apply:os.system [ls]\n",
     5, "constructor"),
    ("reviews:\n- id: FC201-x\n  status: accepted\n  reason: r\n  at: 2025-02-30\n", 5, "not a real date"),
    ("reviews:\n- id: FC201-x\n  status: accepted\n  status: explained\n  reason: r\n", 4, "repeated"),
])
def test_review_file_problems_name_their_line(tmp_path, text, line, words):
    path = tmp_path / "reviews.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewError) as caught:
        load(path)
    assert f"reviews.yaml:{line}:" in str(caught.value) and words in str(caught.value)


def test_the_terminal_never_receives_escape_or_bidi_characters(tmp_path):
    write_corpus(tmp_path / "corpus", {"evil\x1b[2J\u202e.md": "Bad\x00\n",
                                       "a.md": "---\nid: a\n---\nExports reached $5 billion\x1b[2J\u202e in 2024.\n",
                                       "b.md": "---\nid: b\n---\nExports reached $9 billion in 2024.\n"})
    rc, out, err = run_cli(["check", "--corpus", tmp_path / "corpus", "--reports", tmp_path / "reports",
                            "--claims", tmp_path / "claims"])
    assert rc == 2 and "[U+001B]" in err
    assert not re.search("[\x1b\u202e]", out + err)


@pytest.mark.parametrize("text", [
    "Then\x0b Inoe (TITR) \n",                                       # fuzz seed 11: a vertical tab in an expansion
    "The Trans-Caspian\x0bInternational\x0cTransport Route (TITR) grew.\n",
])
def test_expansions_separated_by_any_whitespace_keep_their_offsets(extract, text):
    doc, claims = extract(text)
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote and c.start >= 0


"""Report pieces kept from the last run (reporters/memo.py): an edit renders again only the discrepancies it changed,
the files are those a fresh run writes, and a damaged line of the memo costs rendering its piece again, never a
wrong report."""
from __future__ import annotations

import base64
import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

from factcheck.report import memo as memo_module
from helpers import run_cli, two_story_corpus

REPORTS = ("discrepancies.json", "discrepancies.md", "index.html")
CARDS = 3   # each discrepancy is a piece of the Markdown report, a card of the HTML page and a JSON record


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return two_story_corpus(tmp_path)


@pytest.fixture
def memos(monkeypatch) -> list[memo_module.Memo]:
    """The memo of each run that wrote reports: how many pieces it rendered (the others were read back)."""
    memos: list[memo_module.Memo] = []
    made = memo_module.Memo.__init__

    def kept(self, *args, **kwargs):
        made(self, *args, **kwargs)
        memos.append(self)

    monkeypatch.setattr(memo_module.Memo, "__init__", kept)
    return memos


def _check(tmp_path: Path, corpus: Path, reports: str = "reports") -> dict[str, bytes]:
    run_cli(["check", corpus, "--reports", tmp_path / reports, "--claims", tmp_path / f"{reports}-claims", "-q",
             "--jobs", "1"])
    return {name: (tmp_path / reports / name).read_bytes() for name in REPORTS}


def _discrepancies(files: dict[str, bytes]) -> list[dict]:
    return json.loads(files["discrepancies.json"])["discrepancies"]


def _corroborations(files: dict[str, bytes]) -> list[dict]:
    return json.loads(files["discrepancies.json"])["corroborations"]


def _pieces(files: dict[str, bytes], before: dict[str, bytes] | None = None) -> int:
    """The pieces of a report (of those not in `before`): each discrepancy three times, each corroboration once."""
    new = lambda records, old: [r for r in records if r not in old]  # noqa: E731
    if before is None:
        return CARDS * len(_discrepancies(files)) + len(_corroborations(files))
    return CARDS * len(new(_discrepancies(files), _discrepancies(before))) + \
        len(new(_corroborations(files), _corroborations(before)))


def _bump_harbour_figure(corpus: Path) -> None:
    path = corpus / "kalvane-port-release.md"
    text = path.read_text(encoding="utf-8")
    body = text.index("\n---", 3) + 4
    path.write_text(text[:body] + re.sub(r"(?<![\d.,])(?!(?:19|20)\d\d\b)\d+(?![\d,])",
                                         lambda m: str(int(m.group()) + 1), text[body:], count=1), encoding="utf-8")


def test_an_edit_renders_again_only_the_discrepancies_it_changed(tmp_path, corpus, memos):
    first = _check(tmp_path, corpus)
    assert [m.rendered for m in memos] == [_pieces(first)]
    _bump_harbour_figure(corpus)
    after = _check(tmp_path, corpus)
    changed = [d for d in _discrepancies(after) if d not in _discrepancies(first)]
    assert changed and len(changed) < len(_discrepancies(first)), "the edit should change some discrepancies, not all"
    assert memos[1].rendered == _pieces(after, first)
    assert after == _check(tmp_path, corpus, reports="fresh")
    kept = (tmp_path / "reports" / memo_module.FILE).read_text(encoding="utf-8").splitlines()
    assert len(kept) == _pieces(after), "the memo keeps the pieces of this report only"


@pytest.mark.parametrize("damage,lost", [("text", 1), ("truncate", 1), ("garbage", 0)])
def test_a_damaged_memo_line_costs_its_piece_not_a_wrong_report(tmp_path, corpus, memos, damage, lost):
    files = _check(tmp_path, corpus)
    path = tmp_path / "reports" / memo_module.FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    if damage == "text":   # valid JSON, but the text is not what was rendered
        key, packed, check = json.loads(lines[0])
        text = zlib.decompress(base64.b64decode(packed)).decode("utf-8")
        assert "material" in text
        lines[0] = json.dumps([key, base64.b64encode(zlib.compress(text.replace("material", "minor").encode())).decode(),
                               check])
    elif damage == "truncate":
        lines[-1] = lines[-1][: len(lines[-1]) // 2]
    else:
        lines.insert(1, "not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "reports" / "discrepancies.md").unlink()   # so the reports are written again
    assert _check(tmp_path, corpus) == files
    assert memos[1].rendered == lost   # the damaged piece is rendered again; the others are read back


def test_a_new_title_or_another_reports_folder_renders_the_cards_again(tmp_path, corpus, memos):
    """A card shows its sources' titles and links to them from the reports folder: neither may come from the
    memo once it changed."""
    _check(tmp_path, corpus)
    path = corpus / "kalvane-port-release.md"
    text = path.read_text(encoding="utf-8")
    old = 'title: "New container quay opens at the Port of Kalvane"'
    new = 'title: "Kalvane port opens its new quay"'.ljust(len(old))   # every claim stays where it was
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    again = _check(tmp_path, corpus)
    assert b"Kalvane port opens its new quay" in again["index.html"]
    assert again == _check(tmp_path, corpus, reports="fresh")
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "reports", moved / "reports")   # the memo comes along; the links must not
    run_cli(["check", corpus, "--reports", moved / "reports", "--claims", tmp_path / "reports-claims", "-q",
             "--jobs", "1"])
    assert (moved / "reports" / "index.html").read_bytes() == _check(moved, corpus, reports="fresh")["index.html"]

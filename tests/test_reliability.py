"""State that cannot lie (issue 23, items 1 and 5): every cache record vouches for itself, a committed cache
changes nothing in CI, and checking one file of a project leaves the project's state as it was.

The probes of the issue, with their trial counts: random one-bit flips in `.stories.cache` (41) and in
`.index.json` (30) change no report, on the run that meets them or any later one; a valid-JSON edit that
empties the cached findings changes nothing; a forged cache that vouches for itself fools no CI run.
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from factcheck.models import Report
from factcheck.run.check import build_report, write_outputs
from factcheck.run.pipeline import INDEX
from factcheck.state.story_cache import FILE as STORIES, seal
from helpers import run_cli, write_corpus

BRIDGE = {
    "a.md": "---\nid: town-gazette\npublished: 2024-06-02\n---\n"
            "The Orvell bridge to Brannock cost $40 million to build, the town council said in 2024.\n",
    "b.md": "---\nid: river-weekly\npublished: 2024-06-05\n---\n"
            "Building the Orvell bridge to Brannock cost $55 million, according to the town council's 2024 "
            "accounts.\n",
    "c.md": "---\nid: valley-post\npublished: 2024-06-09\n---\n"
            "The Orvell bridge cost $62 million to build, council records for 2024 show.\n",
}
ACRONYMS = {   # one acronym expanded two ways in each of two unrelated stories
    "d.md": "---\nid: harbour-notes\npublished: 2024-03-01\n---\n"
            "The Marrow Harbour Board (MHB) approved the new pier at Linden in March.\n",
    "e.md": "---\nid: pier-bulletin\npublished: 2024-03-04\n---\n"
            "The Marrow Housing Bureau (MHB) approved the new pier at Linden last week.\n",
    "f.md": "---\nid: choir-letter\npublished: 2024-09-01\n---\n"
            "The Maple Hill Band (MHB) played its autumn concert in the Orvell choir hall.\n",
    "g.md": "---\nid: concert-review\npublished: 2024-09-03\n---\n"
            "The Maple Heritage Brass (MHB) played its autumn concert in the Orvell choir hall.\n",
}


def _run(root: Path) -> tuple[Report, list[str]]:
    """`check` through the library: the report, and the notes on cache records that were dropped."""
    report, result = build_report(root / "corpus", cache_dir=root / "claims", skip=(root / "claims", root / "reports"))
    write_outputs(report, result, root / "reports", root / "claims")
    return report, result.cache_notes + [p.message for p in result.problems if p.code == "FC921"]


def _said(report: Report) -> dict:
    """All a report says, less the notes on the cache (FC921: said, and not a finding)."""
    data = report.model_dump(mode="json")
    data["diagnostics"] = [d for d in data["diagnostics"] if d["code"] != "FC921"]
    return data


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> tuple[Path, dict, dict[str, bytes]]:
    """A project with a warm cache: its root, what a run without the cache says, and the claims folder's files."""
    root = tmp_path_factory.mktemp("warm")
    write_corpus(root / "corpus", BRIDGE | ACRONYMS)
    _run(root)
    fresh, _ = build_report(root / "corpus")
    claims = {p.name: p.read_bytes() for p in (root / "claims").iterdir() if p.is_file()}
    assert fresh.discrepancies and STORIES in claims and INDEX in claims
    return root, _said(fresh), claims


def _restore(root: Path, claims: dict[str, bytes]) -> None:
    for path in (root / "claims").iterdir():
        if path.is_file() and path.name not in claims:
            path.unlink()
    for name, data in claims.items():
        (root / "claims" / name).write_bytes(data)


def _flipped(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


@pytest.mark.parametrize("name, trials", [(STORIES, 41), (INDEX, 30)])
def test_a_flipped_bit_in_a_cache_changes_no_report_now_or_later(warm, name, trials):
    root, expected, claims = warm
    rng = random.Random(f"{name}-23")
    for trial in range(trials):
        _restore(root, claims)
        damaged = _flipped(claims[name], rng)
        (root / "claims" / name).write_bytes(damaged)
        report, notes = _run(root)
        assert _said(report) == expected, f"trial {trial}: the flip reached the report"
        if name == STORIES:
            assert notes, f"trial {trial}: a record that failed its check was dropped without a word"
        else:
            assert notes or _same_json(damaged, claims[name]), f"trial {trial}: an index entry changed unnoticed"
        again, _ = _run(root)
        assert _said(again) == expected, f"trial {trial}: the damage stayed for the next run"


def _same_json(a: bytes, b: bytes) -> bool:
    """A flip that JSON reads as the very same value ('\\u00e9' and '\\u00E9')."""
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return False


def _edited_lines(path: Path, reseal: bool) -> None:
    """Every cached finding emptied, as a valid JSON edit; `reseal`: and sealed again, as a forger would."""
    lines = path.read_bytes().split(b"\n")
    fingerprint = json.loads(lines[0].rpartition(b"\t")[0])["fingerprint"]
    out = [lines[0]]
    for line in lines[1:]:
        body, tab, check = line.rpartition(b"\t")
        if body.startswith(b'{"key":'):
            entry = json.loads(body)
            entry["discrepancies"] = []
            body = json.dumps(entry, separators=(",", ":")).encode()
            line = seal(fingerprint, body) if reseal else body + tab + check
        out.append(line)
    path.write_bytes(b"\n".join(out))


def _project(tmp_path: Path) -> Path:
    write_corpus(tmp_path / "corpus", BRIDGE | ACRONYMS)
    assert run_cli(["check", tmp_path / "corpus", "-q"])[0] == 1
    return tmp_path


def test_a_valid_json_edit_that_empties_the_cached_findings_changes_nothing(tmp_path):
    root = _project(tmp_path)
    report = (root / "reports" / "discrepancies.json").read_bytes()
    _edited_lines(root / "claims" / STORIES, reseal=False)
    rc, _, err = run_cli(["check", root / "corpus", "-q"])
    assert rc == 1 and "failed the check" in err
    assert (root / "reports" / "discrepancies.json").read_bytes() == report
    assert run_cli(["check", root / "corpus", "-q"])[0] == 1     # and on every later run


@pytest.mark.parametrize("how", ["CI variable", "--ci"])
def test_a_committed_cache_that_vouches_for_itself_fools_no_ci_run(tmp_path, monkeypatch, how):
    """A pull request adds a conflict and commits a cache edited to hide it, sealed again. Outside CI a cache
    that vouches for itself is read (the test shows the forgery is a real one); in CI no cache is read."""
    root = _project(tmp_path)
    _edited_lines(root / "claims" / STORIES, reseal=True)
    assert run_cli(["check", root / "corpus", "-q", "--fail-on", "material"])[0] == 0
    _edited_lines(root / "claims" / STORIES, reseal=True)
    if how == "--ci":
        rc = run_cli(["check", root / "corpus", "-q", "--fail-on", "material", "--ci"])[0]
    else:
        monkeypatch.setenv("CI", "true")
        rc = run_cli(["check", root / "corpus", "-q", "--fail-on", "material"])[0]
    assert rc == 1
    report = json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert any(d["severity"] == "material" for d in report["discrepancies"])


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_caches_are_kept_out_of_git_and_the_decisions_are_not(tmp_path):
    root = _project(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    ids = json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    assert run_cli(["review", ids[0]["id"], "--status", "accepted", "--reason", "known", "--corpus",
                    root / "corpus"])[0] == 0
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "-uall"], capture_output=True,
                            text=True, check=True).stdout.split("\n")
    shown = {line[3:] for line in status if line}
    assert "claims/reviews.yaml" in shown and "reports/discrepancies.json" in shown
    assert not [p for p in shown if p.endswith((".jsonl", INDEX, STORIES, ".written.json", ".lock"))], shown


# --- check PATH narrows, never destroys ---------------------------------------------------------------

def _state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for folder in ("claims", "reports") for p in (root / folder).rglob("*") if p.is_file()}


def test_checking_one_file_of_a_project_reports_its_discrepancies_and_leaves_the_project_as_it_was(tmp_path):
    root = _project(tmp_path)
    whole = json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert len(whole["discrepancies"]) == 3
    before = _state(root)
    rc, out, _ = run_cli(["check", root / "corpus" / "d.md"])
    assert rc == 1
    shown = {line.split()[0] for line in out.splitlines() if line.startswith("  FC")}
    assert [d["message"] for d in whole["discrepancies"] if d["id"] in shown] == \
        [d["message"] for d in whole["discrepancies"] if "harbour-notes" in d["message"]]
    assert "1 source checked against the 6 other sources" in out and "none written" in out
    assert _state(root) == before
    assert run_cli(["check", root / "corpus" / "a.md", "--reports", root / "one"])[0] == 1
    one = json.loads((root / "one" / "discrepancies.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in one["sources"]] == ["town-gazette"]
    assert [d["id"] for d in one["discrepancies"]] == [d["id"] for d in whole["discrepancies"]
                                                      if d["code"].startswith("FC2")]
    assert len(one["discrepancies"][0]["positions"]) == 3     # the other sources are still there, as context
    assert _state(root) == before


def test_checking_a_file_in_no_discrepancy_exits_zero_though_the_corpus_has_some(tmp_path):
    root = _project(tmp_path)
    write_corpus(root / "corpus", {"h.md": "---\nid: quiet-note\n---\nThe Linden library opens at nine.\n"})
    rc, out, _ = run_cli(["check", root / "corpus" / "h.md"])
    assert rc == 0 and "0 discrepancies" in out

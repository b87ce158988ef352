"""Smaller behaviours users expect (issue 23, item 6): TOML configs, `rules --format json`, OS errors that name the
file, wire-style datelines, the reports' count of claims that lined up with nothing."""
from __future__ import annotations

import errno
import json

import pytest

from factcheck.sources.plain_meta import head_meta
from factcheck.state import storage
from helpers import run_cli, write_corpus

ONE = "---\nid: one\n---\nThe Velmora port handled 40 ships in 2024, its owner said.\n"
TWO = "---\nid: two\n---\nIn 2024 the Velmora port handled 52 ships, its owner said.\n"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    write_corpus(tmp_path / "sources", {"one.md": ONE, "two.md": TWO})
    monkeypatch.chdir(tmp_path)
    return tmp_path / "sources"


@pytest.mark.parametrize("text", ['corpus = "sources"\nreports = "out"\nfail-on = "material"\n',
                                  '[tool.factcheck]\ncorpus = "sources"\nreports = "out"\nfail-on = "material"\n'])
def test_a_toml_file_given_with_config_is_read_as_toml(corpus, text):
    config = corpus.parent / "settings.toml"
    config.write_text(text, encoding="utf-8")
    rc, _, err = run_cli(["check", "--config", str(config), "-q"])
    assert rc == 1, err
    report = json.loads((corpus.parent / "out" / "discrepancies.json").read_text(encoding="utf-8"))
    assert [d["code"] for d in report["discrepancies"]] == ["FC201"]


def test_a_toml_config_with_an_unknown_key_is_an_error_naming_it(corpus):
    config = corpus.parent / "settings.toml"
    config.write_text('corpus = "sources"\nfail_onn = "material"\n', encoding="utf-8")
    rc, _, err = run_cli(["check", "--config", str(config)])
    assert rc == 2 and "fail_onn" in err and "settings.toml" in err


def test_rules_as_json_list_every_code_rules_lists():
    rc, out, _ = run_cli(["rules", "--format", "json"])
    assert rc == 0
    rules = json.loads(out)
    assert [r["code"] for r in rules] == sorted(r["code"] for r in rules)
    assert {"FC101", "FC201", "FC301", "FC401"} <= {r["code"] for r in rules}
    assert all(set(r) == {"code", "name", "summary", "severity"} and r["summary"] for r in rules)
    _, text, _ = run_cli(["rules"])
    assert all(r["code"] in text for r in rules)


def test_a_full_disk_names_the_file_being_written(corpus, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(storage.os, "fsync", full)
    rc, _, err = run_cli(["check", str(corpus), "-q"])
    assert rc == 2
    assert "No space left on device" in err and ": :" not in err
    assert ".jsonl" in err or "discrepancies" in err or ".index.json" in err


@pytest.mark.parametrize("line, date", [
    ("VELMORA, March 8, 2026 — The port handled 40 ships, up from 31 on May 2, 2023.", "2026-03-08"),
    ("NEW YORK, Nov. 20, 2025 - Shares rose 5% on Tuesday.", "2025-11-20"),
    ("St. Ives, 8 March 2026 – The ferry carried 900 people.", "2026-03-08"),
    ("ALMATY, Nov. 20, 2025 —", "2025-11-20"),
])
def test_a_wire_dateline_dates_the_article_even_with_the_story_on_its_line(line, date):
    assert head_meta(f"Port traffic climbs\n{line}\n\nMore text.\n").get("published") == date


def test_a_sentence_with_a_date_and_a_dash_is_not_a_dateline():
    text = "Port traffic climbs\nThe port handled 40 ships on March 8, 2026 — a record, officials said on the day.\n"
    assert "published" not in head_meta(text)


def test_markdown_and_html_reports_count_the_claims_that_lined_up_with_nothing(corpus):
    run_cli(["check", str(corpus), "-q", "--exit-zero"])
    report = json.loads((corpus / ".factcheck" / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    said = f"{report['claims_unaligned']} of {report['claims_compared']} comparable lined up with nothing"
    assert report["claims_compared"] > 0
    for name in ("discrepancies.md", "index.html"):
        assert said in (corpus / ".factcheck" / "reports" / name).read_text(encoding="utf-8")

"""The command line: output formats, files written, exit codes, determinism."""
from __future__ import annotations

import json

import pytest

from helpers import run_cli, write_corpus

ONE = ("---\nid: one\npublished: 2025-02-01\n---\n"
       "In 2024, trade between Kazakhstan and Japan reached $12 billion.\n")
TWO = "Trade between Kazakhstan and Japan reached $15 billion in 2024.\n"
CONTRACT_KEYS = ("source", "quote", "start", "end", "kind", "value", "low", "high", "bound", "unit")
BOUNDS = {"=", "~", ">", ">=", "<", "<=", "range"}


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {"one.md": ONE, "two.md": TWO})


def check(tmp_path, corpus, *extra):
    return run_cli(["check", "--corpus", corpus, "--reports", tmp_path / "reports", "--claims", tmp_path / "claims",
                    *extra])


# --- extract ---------------------------------------------------------------------------------------

def test_extract_jsonl_follows_the_contract(corpus):
    rc, out, err = run_cli(["extract", corpus, "--format", "jsonl"])
    assert rc == 0
    assert err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert out.endswith("\n")
    texts = {"one": ONE, "two": TWO}
    assert [(r["source"], r["kind"], r["quote"]) for r in records] == [
        ("one", "date", "2024"), ("one", "money", "$12 billion"),
        ("two", "money", "$15 billion"), ("two", "date", "2024")]
    for r in records:
        for key in CONTRACT_KEYS:
            assert key in r, key
        assert texts[r["source"]][r["start"]:r["end"]] == r["quote"]
        assert r["bound"] in BOUNDS
    money = records[1]
    assert (money["value"], money["low"], money["high"], money["bound"], money["unit"]) == (12e9, 12e9, 12e9, "=",
                                                                                           "USD")
    assert money["precision"] == 0.5e9
    assert money["period"]["start"] == "2024-01-01" and money["period"]["origin"] == "stated"
    assert list(money) == sorted(money)                       # canonical JSON: sorted keys


def test_extract_table(corpus):
    rc, out, _ = run_cli(["extract", corpus / "one.md", "--format", "table"])
    assert rc == 0
    lines = out.splitlines()
    assert [c.strip() for c in lines[0].split("|")[1:-1]] == [
        "source", "line:col", "kind", "quote", "read as", "date / period", "speaker"]
    assert len(lines) == 4
    cells = [c.strip() for c in lines[3].split("|")[1:-1]]
    assert cells == ["one", "5:53", "money", "$12 billion", "$12 billion (11.5–12.5 billion)", "2024", ""]
    assert "e+" not in out                                     # never scientific notation


def test_extract_default_format_is_table(corpus):
    rc, out, _ = run_cli(["extract", corpus / "two.md"])
    assert rc == 0
    assert out.startswith("| source")


def test_extract_write_creates_claim_files(corpus, tmp_path):
    claims_dir = tmp_path / "out" / "claims"
    rc, out, _ = run_cli(["extract", corpus, "--format", "jsonl", "--write", "--claims", claims_dir])
    assert rc == 0
    assert sorted(p.name for p in claims_dir.glob("*.jsonl")) == ["one.jsonl", "two.jsonl"]
    written = (claims_dir / "one.jsonl").read_text(encoding="utf-8") + (claims_dir / "two.jsonl").read_text(
        encoding="utf-8")
    assert written == out
    assert not [p for p in claims_dir.iterdir() if p.name.endswith(".tmp")]


def test_extract_missing_path_is_exit_2(tmp_path):
    rc, out, err = run_cli(["extract", tmp_path / "nope.md"])
    assert rc == 2
    assert out == ""
    assert "nope.md" in err


def test_extract_unreadable_source_is_exit_2_and_still_prints_the_rest(corpus):
    (corpus / "bad.md").write_bytes(b"caf\xe9\n")
    rc, out, err = run_cli(["extract", corpus, "--format", "jsonl"])
    assert rc == 2
    assert {json.loads(line)["source"] for line in out.splitlines()} == {"one", "two"}
    assert "bad.md:1: FC902" in err


# --- check -----------------------------------------------------------------------------------------

def test_check_finds_the_conflict_and_writes_reports(tmp_path, corpus):
    rc, out, _ = check(tmp_path, corpus)
    assert rc == 1
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert report["corpus"] == str(corpus)
    assert [s["id"] for s in report["sources"]] == ["one", "two"]
    assert report["claims_total"] == 4
    assert report["skipped"] == []
    (d,) = report["discrepancies"]
    assert (d["code"], d["severity"]) == ("FC202", "material")
    assert [[c["quote"] for c in p["claims"]] for p in d["positions"]] == [["$12 billion"], ["$15 billion"]]
    for p in d["positions"]:
        for c in p["claims"]:
            for key in CONTRACT_KEYS:
                assert key in c
    md = (tmp_path / "reports" / "discrepancies.md").read_text(encoding="utf-8")
    assert md.startswith("# Discrepancy report\n")
    assert d["id"] in md
    assert d["id"] in out
    assert sorted(p.name for p in (tmp_path / "claims").glob("*.jsonl")) == ["one.jsonl", "two.jsonl"]


def test_check_empty_corpus_is_exit_2_with_a_message(tmp_path):
    """An empty folder is a mistake (a wrong path, a missing checkout), never a clean run."""
    empty = tmp_path / "corpus"
    empty.mkdir()
    rc, out, err = check(tmp_path, empty)
    assert rc == 2
    assert f"no sources in {empty}" in err and "factcheck add" in err
    assert "0 sources" in out
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert (report["sources"], report["discrepancies"], report["skipped"], report["claims_total"]) == ([], [], [], 0)
    assert check(tmp_path, empty, "--exit-zero")[0] == 2


def test_check_missing_corpus_is_exit_2(tmp_path):
    rc, _, err = check(tmp_path, tmp_path / "nope")
    assert rc == 2
    assert "corpus folder not found" in err
    assert not (tmp_path / "reports").exists()


def test_check_with_an_unreadable_source_still_checks_the_others(tmp_path, corpus):
    (corpus / "bad.md").write_bytes(b"Trade was \xff\xfe high.\n")
    rc, out, err = check(tmp_path, corpus)
    assert rc == 2
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert [(s["path"], s["code"], s["line"], s["fatal"]) for s in report["skipped"]] == [
        (str(corpus / "bad.md"), "FC902", 1, True)]
    assert [s["id"] for s in report["sources"]] == ["one", "two"]
    assert [d["code"] for d in report["discrepancies"]] == ["FC202"]       # the others were still compared
    md = (tmp_path / "reports" / "discrepancies.md").read_text(encoding="utf-8")
    assert "## Sources that could not be read" in md
    assert "bad.md" in md and "FC902" in md
    assert "bad.md:1: FC902" in err
    assert out.startswith("factcheck: 2 sources (1 could not be read), ")   # never counted as clean


def test_exit_zero(tmp_path, corpus):
    rc, _, _ = check(tmp_path, corpus, "--exit-zero")
    assert rc == 0
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert len(report["discrepancies"]) == 1


def test_exit_zero_does_not_hide_input_errors(tmp_path, corpus):
    (corpus / "bad.md").write_bytes(b"")
    rc, _, _ = check(tmp_path, corpus, "--exit-zero")
    assert rc == 2


MINOR_ONLY = {"a.md": "In 2024, trade between Kazakhstan and Japan reached $15.2 billion.\n",
              "b.md": "In 2024, trade between Kazakhstan and Japan reached $15.4 billion.\n"}


def test_fail_on_material_ignores_minor_discrepancies(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", MINOR_ONLY)
    assert check(tmp_path, corpus)[0] == 1
    rc, _, _ = check(tmp_path, corpus, "--fail-on", "material")
    assert rc == 0
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert [(d["code"], d["severity"]) for d in report["discrepancies"]] == [("FC202", "minor")]


def test_fail_on_material_still_fails_on_material(tmp_path, corpus):
    assert check(tmp_path, corpus, "--fail-on", "material")[0] == 1


def test_check_format_json_prints_the_report(tmp_path, corpus):
    rc, out, err = check(tmp_path, corpus, "--format", "json")
    assert rc == 1
    assert out == (tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8")
    assert "1 discrepancy (1 material" in err


def test_check_outputs_are_deterministic(tmp_path, corpus):
    """Two runs give identical bytes, whether the second finds the first's claim files or not."""
    outputs = []
    for n, claims in enumerate(("claims-a", "claims-a", "claims-b")):
        reports = tmp_path / f"reports{n}"
        run_cli(["check", "--corpus", corpus, "--reports", reports, "--claims", tmp_path / claims])
        outputs.append({name: (reports / name).read_bytes() for name in ("discrepancies.json", "discrepancies.md")})
    assert outputs[0] == outputs[1] == outputs[2]
    claim_files = [{p.name: p.read_bytes() for p in (tmp_path / d).glob("*.jsonl")} for d in ("claims-a", "claims-b")]
    assert sorted(claim_files[0]) == ["one.jsonl", "two.jsonl"]
    assert claim_files[0] == claim_files[1]


def test_check_json_is_canonical(tmp_path, corpus):
    """Top-level keys sorted, one per line; every record of a list on a line of its own, keys sorted."""
    check(tmp_path, corpus)
    raw = (tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    top = [line.split('"')[1] for line in raw.splitlines() if line.startswith('  "')]
    assert top == sorted(data)
    records = [line.strip().rstrip(",") for line in raw.splitlines() if line.startswith("    ")]
    assert len(records) == sum(len(v) for v in data.values() if isinstance(v, list))
    assert records and all(r == json.dumps(json.loads(r), sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
                           for r in records)


# --- schema and usage ------------------------------------------------------------------------------

def test_schema_prints_the_claim_schema():
    rc, out, _ = run_cli(["schema"])
    assert rc == 0
    schema = json.loads(out)
    assert schema["title"] == "Claim"
    for key in CONTRACT_KEYS:
        assert key in schema["properties"]
    assert set(schema["properties"]["bound"]["enum"]) == BOUNDS


def test_schema_prints_the_report_schema():
    rc, out, _ = run_cli(["schema", "report"])
    assert rc == 0
    schema = json.loads(out)
    assert schema["title"] == "Report"
    assert {"discrepancies", "sources", "skipped", "corroborations"} <= set(schema["properties"])


@pytest.mark.parametrize("argv", [[], ["bogus"], ["check", "--fail-on", "never"], ["extract"],
                                  ["extract", "x", "--format", "xml"], ["schema", "nothing"]])
def test_usage_errors_are_exit_2(argv):
    assert run_cli(argv)[0] == 2


def test_help_is_exit_0():
    assert run_cli(["--help"])[0] == 0


# --- corpus config (corpus/factcheck.yaml) ---------------------------------------------------------

def test_corpus_config_extends_the_hedges(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {
        "a.md": "Trade was give or take $15 billion.\n",
        "factcheck.yaml": "hedges:\n  before:\n    approx:\n      phrases: [give or take]\n"})
    rc, out, _ = run_cli(["extract", corpus, "--format", "jsonl"])
    assert rc == 0
    (claim,) = [json.loads(line) for line in out.splitlines()]
    assert (claim["quote"], claim["bound"]) == ("give or take $15 billion", "~")
    assert (claim["low"], claim["high"]) == (pytest.approx(13.5e9), pytest.approx(16.5e9))


@pytest.mark.parametrize("config", ["colours: [red]\n", "hedges: [unclosed\n"])
def test_unusable_corpus_config_is_exit_2(tmp_path, config):
    corpus = write_corpus(tmp_path / "corpus", {"a.md": "Trade was $15 billion.\n", "factcheck.yaml": config})
    rc, _, err = check(tmp_path, corpus)
    assert rc == 2
    assert "factcheck.yaml" in err

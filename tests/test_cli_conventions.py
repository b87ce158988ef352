"""Linter conventions, run as a user would: paths as arguments, config found from a subfolder,
state that stays with its corpus, rule selection, output options, colour and width, typos."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from factcheck.cli.main import cli
from helpers import run_cli, write_corpus

ONE = ("---\nid: one\npublished: 2025-02-01\n---\n"
       "In 2024, trade between Kazakhstan and Japan reached $12 billion.\n")
TWO = "Trade between Kazakhstan and Japan reached $15 billion in 2024.\n"
AGREE = "Trade between Kazakhstan and Japan reached $15 billion in 2024, officials said.\n"
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7])(?:;[0-9]+)*m")   # an SGR sequence that sets a colour


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with its config at the root, sources in texts/, and a subfolder to work in."""
    write_corpus(tmp_path / "texts", {"one.md": ONE, "two.md": TWO}, topic=False)
    (tmp_path / "factcheck.yaml").write_text("corpus: texts\nclaims: state\nreports: out\n", encoding="utf-8")
    (tmp_path / "texts" / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "texts" / "notes")
    return tmp_path


def _report(folder: Path) -> dict:
    return json.loads((folder / "discrepancies.json").read_text(encoding="utf-8"))


# --- where settings come from ----------------------------------------------------------------------

def test_config_is_found_from_a_subfolder_and_its_folders_are_used(project):
    rc, out, err = run_cli(["check"])
    assert rc == 1, err
    assert [d["code"] for d in _report(project / "out")["discrepancies"]] == ["FC202"]
    assert sorted(p.name for p in (project / "state").glob("*.jsonl")) == ["one.jsonl", "two.jsonl"]
    assert not (project / "texts" / "notes" / "reports").exists() and not (project / "claims").exists()
    assert "out/discrepancies.json" in out


def test_tool_table_in_pyproject_is_a_config(tmp_path, monkeypatch):
    write_corpus(tmp_path / "sources", {"one.md": ONE, "two.md": TWO}, topic=False)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.factcheck]\ncorpus = "sources"\n'
                                             'ignore = ["FC202"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "sources")
    rc, out, _ = run_cli(["check"])
    assert rc == 0                                             # the only finding is FC202, ignored by the config
    assert _report(tmp_path / "reports")["discrepancies"] == []
    assert "0 discrepancies" in out


def test_config_option_names_the_config(tmp_path, monkeypatch):
    write_corpus(tmp_path / "elsewhere" / "texts", {"one.md": ONE, "two.md": TWO}, topic=False)
    config = tmp_path / "elsewhere" / "factcheck.yaml"
    config.write_text("corpus: texts\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli(["check"])[0] == 2                          # nothing to discover here
    rc, _, err = run_cli(["check", "--config", config])
    assert rc == 1, err
    assert (tmp_path / "elsewhere" / "reports" / "discrepancies.json").is_file()


def test_no_corpus_anywhere_is_exit_2_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run_cli(["check"])
    assert rc == 2 and out == ""
    assert "no corpus here" in err and "factcheck check FOLDER" in err and "factcheck.yaml" in err


def test_inside_the_corpus_folder_of_a_plain_project(tmp_path, monkeypatch):
    """No config at all: the nearest folder holding corpus/ is the project, even from inside corpus/."""
    write_corpus(tmp_path / "corpus", {"one.md": ONE, "two.md": TWO}, topic=False)
    monkeypatch.chdir(tmp_path / "corpus")
    assert run_cli(["check"])[0] == 1
    assert (tmp_path / "claims" / "one.jsonl").is_file() and (tmp_path / "reports" / "index.html").is_file()


def test_malformed_config_names_the_file_and_is_exit_2(project):
    (project / "factcheck.yaml").write_text("corpus: texts\nselect: FC2\nfail-on: sometimes\n", encoding="utf-8")
    rc, _, err = run_cli(["check"])
    assert rc == 2
    assert "factcheck.yaml" in err and "fail-on" in err and "minor" in err


# --- paths as arguments; state stays with its corpus ------------------------------------------------

def test_paths_are_arguments_files_or_folders(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "notes", {"one.md": ONE, "two.md": TWO, "three.md": AGREE}, topic=False)
    monkeypatch.chdir(tmp_path)
    rc, _, _ = run_cli(["check", "notes"])
    assert rc == 1
    assert [s["id"] for s in _report(corpus / ".factcheck" / "reports")["sources"]] == ["one", "three", "two"]
    rc, _, _ = run_cli(["check", "notes/two.md", "notes/three.md", "--reports", "r"])
    assert rc == 0                                              # these two agree
    assert [s["id"] for s in _report(tmp_path / "r")["sources"]] == ["three", "two"]


def test_two_corpora_side_by_side_never_share_state(tmp_path, monkeypatch):
    """Claims, cache index and reviews of data/a and data/b stay apart (they used to share data/claims)."""
    a = write_corpus(tmp_path / "data" / "a", {"one.md": ONE, "two.md": TWO}, topic=False)
    b = write_corpus(tmp_path / "data" / "b", {"one.md": ONE.replace("$12", "$13"), "two.md": TWO}, topic=False)
    monkeypatch.chdir(tmp_path)
    assert run_cli(["check", "--corpus", a])[0] == 1
    assert run_cli(["check", "--corpus", b])[0] == 1
    ident = _report(a / ".factcheck" / "reports")["discrepancies"][0]["id"]
    rc, _, err = run_cli(["review", ident, "--corpus", a, "--status", "accepted", "--reason", "known"])
    assert rc == 0, err
    assert (a / ".factcheck" / "reviews.yaml").is_file() and not (b / ".factcheck" / "reviews.yaml").exists()
    assert not (tmp_path / "data" / "claims").exists()
    assert run_cli(["check", "--corpus", a])[0] == 0           # a's decision holds for a
    assert run_cli(["check", "--corpus", b])[0] == 1           # and does nothing to b
    claims_a = (a / ".factcheck" / "one.jsonl").read_text(encoding="utf-8")
    claims_b = (b / ".factcheck" / "one.jsonl").read_text(encoding="utf-8")
    assert "$12 billion" in claims_a and "$13 billion" in claims_b


def test_a_missing_path_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, _, err = run_cli(["check", "nope"])
    assert rc == 2 and "corpus folder not found: nope" in err


# --- rules, selection, output options ---------------------------------------------------------------

def test_rules_lists_every_code_with_its_summary_and_severity():
    rc, out, _ = run_cli(["rules"])
    assert rc == 0
    codes = re.findall(r"^(FC\d{3}) ", out, re.M)
    assert codes == sorted(codes) and {"FC101", "FC201", "FC202", "FC205", "FC301", "FC401"} <= set(codes)
    assert out.count("severity:") == len(codes)
    assert "FC202  numeric.interval_conflict: Figures about one subject whose intervals cannot all hold " \
           "(amounts of money)" in out


@pytest.mark.parametrize("option, expected", [(["--select", "FC2"], 1), (["--select", "FC101,FC3"], 0),
                                              (["--ignore", "FC202"], 0), (["--select", "fc2", "--ignore", "FC20"], 0)])
def test_select_and_ignore_take_codes_and_prefixes(project, option, expected):
    rc, _, _ = run_cli(["check", *option])
    assert rc == expected
    assert len(_report(project / "out")["discrepancies"]) == expected


def test_an_unknown_rule_code_is_an_error_with_a_suggestion(project):
    rc, _, err = run_cli(["check", "--select", "FC2O2"])
    assert rc == 2
    assert "--select FC2O2: no rule has this code; did you mean FC202?" in err


def test_output_file_gets_the_format_and_the_terminal_the_summary(project):
    rc, out, _ = run_cli(["check", "--format", "sarif", "-o", "result.sarif"])
    assert rc == 1
    sarif = json.loads((project / "texts" / "notes" / "result.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "FC202"
    assert out.startswith("factcheck: 2 sources")


def test_quiet_prints_nothing_but_keeps_the_exit_code(project):
    assert run_cli(["check", "--quiet"]) == (1, "", "")


# --- help, typos --------------------------------------------------------------------------------------

def _commands() -> list[click.Command]:
    return list(cli.commands.values())


def test_every_option_and_command_has_help():
    for command in _commands():
        assert command.help, command.name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{command.name} {param.opts}"
            else:                                                # arguments are described in the command's help
                assert (param.metavar or param.name).upper().strip("[].") in command.help.upper(), \
                    f"{command.name} {param.name}"


@pytest.mark.parametrize("argv, hint", [(["chek"], "Did you mean 'check'?"), (["check", "--fromat", "json"],
                                        "Did you mean '--format'?"),
                                        (["check", "--format", "jsn"], "Did you mean 'json'?"),
                                        (["review", "X", "--status", "explaned", "--reason", "r"],
                                         "Did you mean 'explained'?")])
def test_typos_get_the_nearest_valid_word(argv, hint):
    rc, _, err = run_cli(argv)
    assert rc == 2
    assert hint.replace("'", "") in err.replace("'", "")


def test_review_of_a_source_that_is_not_in_the_discrepancy_is_refused(project):
    run_cli(["check"])
    ident = _report(project / "out")["discrepancies"][0]["id"]
    rc, _, err = run_cli(["review", ident, "--status", "error", "--source", "onee", "--reason", "typo"])
    assert rc == 2
    assert "--source onee is not a source of" in err and "did you mean one?" in err
    assert not (project / "state" / "reviews.yaml").exists()


# --- colour and width on a real terminal ---------------------------------------------------------------

def _on_a_terminal(args: list[str], cwd: Path, stderr_too: bool = True, **env: str) -> str:
    """Run factcheck with stdout (and stderr) on a pseudo-terminal; what it printed there."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    environment.update(TERM="xterm-256color", **env)
    proc = subprocess.Popen([sys.executable, "-m", "factcheck", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=follower, stderr=follower if stderr_too else subprocess.DEVNULL, env=environment)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_none_under_no_color_or_in_a_pipe(project):
    cwd = project / "texts" / "notes"
    coloured = _on_a_terminal(["check"], cwd, COLUMNS="200")
    assert COLOUR.search(coloured), coloured
    plain = _on_a_terminal(["check"], cwd, COLUMNS="200", NO_COLOR="1")
    assert "FC202-" in plain and not COLOUR.search(plain)
    piped = subprocess.run([sys.executable, "-m", "factcheck", "check"], cwd=cwd, capture_output=True, text=True)
    assert "FC202-" in piped.stdout and "\x1b" not in piped.stdout + piped.stderr


def test_lines_fit_the_terminal_and_end_with_an_ellipsis(project):
    out = _on_a_terminal(["check"], project / "texts" / "notes", stderr_too=False, COLUMNS="60", NO_COLOR="1")
    lines = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line) for line in out.replace("\r", "").splitlines()]
    lines = [line for line in lines if line.strip()]
    assert lines and all(len(line) <= 60 for line in lines), lines
    assert any(line.endswith("…") for line in lines)
    piped = subprocess.run([sys.executable, "-m", "factcheck", "check"], cwd=project / "texts" / "notes",
                           capture_output=True, text=True, env={**os.environ, "COLUMNS": "60"})
    assert max(len(line) for line in piped.stdout.splitlines()) > 60   # a log keeps every word


# --- add: what a plain-text article says about itself --------------------------------------------------

def test_add_of_a_txt_reads_its_headline_byline_and_dateline(tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus", {"one.md": ONE}, topic=False)
    story = tmp_path / "story.txt"
    story.write_text("Kazakhstan and Japan report record trade\nBy Jane Roe\nASTANA, Nov. 20, 2025 —\n\n"
                     "Trade between Kazakhstan and Japan reached $15 billion in 2024.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rc, out, err = run_cli(["add", story, "--yes", "--exit-zero"])
    assert rc == 0, err
    added = tmp_path / "corpus" / "kazakhstan-and-japan-report-record-trade.md"
    front = added.read_text(encoding="utf-8").split("---")[1]
    assert "title: Kazakhstan and Japan report record trade" in front
    assert "author: Jane Roe" in front and "published: '2025-11-20'" in front
    assert "new discrepancy FC202-" in out


def test_pypdf_log_lines_do_not_leak_before_our_message(tmp_path):
    """A damaged PDF makes pypdf log 'incorrect startxref pointer'; the user reads one line, ours."""
    from pypdf import PdfWriter
    write_corpus(tmp_path / "corpus", {"one.md": ONE}, topic=False)
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    pdf = tmp_path / "damaged.pdf"
    with pdf.open("wb") as f:
        writer.write(f)
    data = pdf.read_bytes()
    pdf.write_bytes(data[:data.rfind(b"startxref")] + b"startxref\n12\n%%EOF\n")
    done = subprocess.run([sys.executable, "-m", "factcheck", "add", "damaged.pdf", "--yes"], cwd=tmp_path,
                          capture_output=True, text=True)   # a real process: pytest's log capture is not there
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["factcheck: damaged.pdf: the PDF has no text layer (a scan?); run OCR "
                                        "first, then add the text"]


def test_progress_is_shown_on_a_terminal_and_never_in_a_pipe(project):
    cwd = project / "texts"
    shown = _on_a_terminal(["extract", "one.md"], cwd, NO_COLOR="1")
    assert "extracting" in shown and "one.md" in shown
    piped = subprocess.run([sys.executable, "-m", "factcheck", "extract", "one.md"], cwd=cwd, capture_output=True,
                           text=True)
    assert piped.returncode == 0 and "extracting" not in piped.stderr and piped.stderr == ""


def test_add_prompts_offer_what_the_file_says_as_the_default(tmp_path):
    """On a terminal each field is asked for; Enter keeps the file's value, '-' drops it, text replaces it."""
    write_corpus(tmp_path / "corpus", {"one.md": ONE}, topic=False)
    (tmp_path / "story.txt").write_text("Record trade with Japan\nBy Jane Roe\n\nTrade between Kazakhstan and Japan "
                                        "reached $15 billion in 2024.\n", encoding="utf-8")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "factcheck", "add", "story.txt"], cwd=tmp_path, stdin=follower,
                            stdout=follower, stderr=follower, env={**os.environ, "NO_COLOR": "1"})
    os.close(follower)
    seen, answers = b"", iter([b"\n", b"Qazinform\n", b"-\n", b"2025-11-20\n", b"\n"])
    while proc.poll() is None or seen.count(b"]: ") + seen.count(b"skip): ") < 5:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
        if seen.rstrip().endswith((b"]:", b"skip):")):
            os.write(leader, next(answers, b"\n"))
    proc.wait(timeout=60)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert "title [Record trade with Japan]: " in text and "author [Jane Roe]: " in text
    assert "outlet (Enter to skip): " in text
    front = (tmp_path / "corpus" / "record-trade-with-japan.md").read_text(encoding="utf-8").split("---")[1]
    assert "title: Record trade with Japan" in front and "outlet: Qazinform" in front
    assert "author" not in front and "published: '2025-11-20'" in front

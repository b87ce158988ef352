"""reports/index.html in a real headless Chromium (Debian's package; `.ci/run` installs it)."""
from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli, write_corpus

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")

EVIL = """---
id: evil
title: "<script>document.title='pwned'</script>"
outlet: "<img src=x onerror=document.title='pwned2'>"
---
In Washington on November 6, 2025, Kazakhstan signed 29 agreements <script>document.title='pwned3'</script> with the United States.
"""
PLAIN = """---
id: plain
---
In Washington on November 6, 2025, Kazakhstan signed more than 30 agreements with the United States.

Trade between Kazakhstan and Japan reached $15 billion in 2024.
"""
OTHER = """---
id: other
---
In 2024, trade between Kazakhstan and Japan reached $12 billion.
"""


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'profile'}"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=90)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    write_corpus(root / "corpus", {"evil.md": EVIL, "plain.md": PLAIN, "other.md": OTHER})
    rc, _, _ = run_cli(["check", "--corpus", root / "corpus", "--reports", root / "reports"])
    assert rc == 1
    return root / "reports" / "index.html"


def test_page_renders_the_discrepancies_and_runs_no_injected_markup(page, tmp_path):
    dom = _chromium("--dump-dom", page.as_uri(), tmp=tmp_path).stdout
    assert dom.count('<section class="disc"') == 2
    assert "<title>factcheck: 2 discrepancies</title>" in dom     # no injected script changed the title
    assert dom.count("<script>") == 1                              # ours only
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom  # the title is shown as text
    assert "<img" not in dom
    assert "2 of 2 discrepancies shown" in dom


def test_filters_from_the_url_hide_the_other_discrepancies(page, tmp_path):
    dom = _chromium("--dump-dom", page.as_uri() + "#kind=money", tmp=tmp_path).stdout
    assert "1 of 2 discrepancies shown" in dom
    sections = [line for line in dom.replace("><", ">\n<").splitlines() if line.startswith('<section class="disc"')]
    assert sum('hidden=""' in s for s in sections) == 1
    assert all(('data-kind="money"' in s) != ('hidden=""' in s) for s in sections)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_the_full_and_the_filtered_list_differ(page, tmp_path):
    full, filtered = tmp_path / "full.png", tmp_path / "filtered.png"
    _chromium("--window-size=1200,1400", f"--screenshot={full}", page.as_uri(), tmp=tmp_path)
    _chromium("--window-size=1200,1400", f"--screenshot={filtered}", page.as_uri() + "#source=other", tmp=tmp_path)
    assert _png_size(full) == (1200, 1400) and _png_size(filtered) == (1200, 1400)
    assert full.stat().st_size > 20_000            # text and cards, not a blank page
    assert full.read_bytes() != filtered.read_bytes()


# --- the page leads to action ---------------------------------------------------------------------------

ONE = "---\nid: one\npublished: 2025-02-01\n---\nIn 2024, trade between Kazakhstan and Japan reached $12 billion.\n"
TWO = "---\nid: two\n---\nTrade between Kazakhstan and Japan reached $15 billion in 2024.\n"
THREE = "---\nid: three\n---\nTrade between Kazakhstan and Japan was $20 billion in 2024, a ministry said.\n"
SAME = "---\nid: same\n---\nIn 2024, trade between Kazakhstan and Japan reached $12 billion, customs data show.\n"


@contextlib.contextmanager
def screenshot_on_failure(url: str, tmp: Path):
    """An assertion about the page that fails leaves a screenshot, named in the failure message."""
    try:
        yield
    except AssertionError as e:
        shot = tmp / "failure.png"
        _chromium("--window-size=1200,1600", f"--screenshot={shot}", url, tmp=tmp)
        raise AssertionError(f"{e}\nscreenshot of the page: {shot}") from None


def _page_after(tmp: Path, sources: dict[str, str], *steps: list[str]) -> str:
    corpus = write_corpus(tmp / "corpus", sources)
    args = ["--corpus", corpus]
    for step in steps:
        run_cli([step[0], *step[1:], *args])
    run_cli(["check", *args])
    return (tmp / "reports" / "index.html").as_uri()


def test_each_card_shows_the_command_that_records_a_decision(tmp_path):
    url = _page_after(tmp_path, {"one.md": ONE, "two.md": TWO})
    dom = _chromium("--dump-dom", url, tmp=tmp_path).stdout
    with screenshot_on_failure(url, tmp_path):
        ident = re.search(r'<section class="disc" id="(FC\d{3}-[0-9a-f]+)"', dom).group(1)
        assert f'factcheck review {ident} --status explained --reason "..."' in html.unescape(dom)
        assert '<button class="copy" type="button">copy</button>' in dom
        assert "<title>factcheck: 1 discrepancy</title>" in dom and "1 of 1 discrepancy shown" in dom
        assert "$12 billion (11.5–12.5 billion)" in dom and "e+" not in dom   # figures in words


def test_a_stale_review_says_which_figure_or_source_changed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"one.md": ONE, "two.md": TWO})
    run_cli(["check", corpus])
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    ident = report["discrepancies"][0]["id"]
    assert run_cli(["review", ident, "--corpus", corpus, "--status", "accepted", "--reason", "known"])[0] == 0
    (corpus / "three.md").write_text(THREE, encoding="utf-8")
    assert run_cli(["check", corpus])[0] == 1
    url = (tmp_path / "reports" / "index.html").as_uri()
    dom = html.unescape(_chromium("--dump-dom", url, tmp=tmp_path).stdout)
    with screenshot_on_failure(url, tmp_path):
        assert "changed since the decision:" in dom
        assert "<li>new: three: $20 billion (19.5–20.5 billion)</li>" in dom
        assert "Decide again" in dom


def test_the_empty_state_says_what_was_compared_and_corroborations_name_their_sources(tmp_path):
    url = _page_after(tmp_path, {"one.md": ONE, "same.md": SAME})
    dom = html.unescape(_chromium("--dump-dom", url, tmp=tmp_path).stdout)
    with screenshot_on_failure(url, tmp_path):
        assert "<title>factcheck: 0 discrepancies</title>" in dom
        assert re.search(r"No discrepancies found: 2 sources and \d+ claims were compared\. Of \d+ comparable "
                         r"claims?, \d+ lined up with nothing in another source", dom)
        assert "<th>sources</th>" in dom and "<td>one, same</td>" in dom

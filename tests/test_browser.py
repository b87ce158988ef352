"""reports/index.html in a real headless Chromium (Debian's package; `.ci/run` installs it)."""
from __future__ import annotations

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

China remains Kazakhstan's largest trading partner.
"""
OTHER = """---
id: other
---
The European Union remains Kazakhstan's largest trading partner.
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
    dom = _chromium("--dump-dom", page.as_uri() + "#kind=ranking", tmp=tmp_path).stdout
    assert "1 of 2 discrepancies shown" in dom
    sections = [line for line in dom.replace("><", ">\n<").splitlines() if line.startswith('<section class="disc"')]
    assert sum('hidden=""' in s for s in sections) == 1
    assert all(('data-kind="ranking"' in s) != ('hidden=""' in s) for s in sections)


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

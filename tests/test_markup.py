"""The scan view: what is not prose is blanked, and no character ever moves."""
from __future__ import annotations

import pytest

from factcheck.sources.markup import reference_section_start, scan_view


def blanked(text: str, part: str) -> str:
    """`text` with the first occurrence of `part` replaced by spaces (newlines kept)."""
    i = text.index(part)
    return text[:i] + "".join("\n" if ch == "\n" else " " for ch in part) + text[i + len(part):]


@pytest.mark.parametrize("text, hidden", [
    ("See https://example.com/a/2024/17 for the data.", "https://example.com/a/2024/17"),
    ("See http://example.org/report?id=42&y=2019 now.", "http://example.org/report?id=42&y=2019"),
    ("Mirror at www.example.kz/2025/30-deals today.", "www.example.kz/2025/30-deals"),
    ("Cited as 10.1234/abc.2024.55 in the paper.", "10.1234/abc.2024.55"),
    ("Cited as doi:10.99/x1 in the paper.", "doi:10.99/x1"),
    ("Write to press2024@example.kz for 12 copies.", "press2024@example.kz"),
    ("Trade grew 5%<sup>12</sup> last year.", "<sup>12</sup>"),
    ("Trade grew 5%<SUP>3</SUP> last year.", "<SUP>3</SUP>"),
    ("As shown (Sakenova, 2023), trade grew.", "(Sakenova, 2023)"),
    ("Two studies (Sullivan, 2019; Abbasova, 2022) agree.", "(Sullivan, 2019; Abbasova, 2022)"),
    ("The argument of Lemon (2018) holds.", "(2018)"),
    ("A note[^7] follows.", "[^7]"),
])
def test_non_prose_is_blanked(text, hidden):
    assert scan_view(text) == blanked(text, hidden)


def test_markdown_link_keeps_its_words_and_blanks_its_target():
    text = "Read [the 2024 report](https://x.org/r?id=42) now."
    view = scan_view(text)
    assert view == "Read  the 2024 report                         now."
    assert len(view) == len(text)


def test_escaped_dollar_loses_only_the_backslash():
    text = "It costs \\$40 billion."
    assert scan_view(text) == "It costs  $40 billion."


def test_headings_and_emphasis_marks_are_blanked():
    text = "## Trade\n\nTrade was **$5 billion** in *2024*.\n"
    assert scan_view(text) == "   Trade\n\nTrade was   $5 billion   in  2024 .\n"


def test_trailing_references_section_is_blanked():
    text = "Body has 30 deals.\n\n## References\n\n1. Smith, J. 2020. A book, 45 pages.\n"
    start = text.index("## References")
    view = scan_view(text)
    assert view[:start] == text[:start]
    assert view[start:].replace("\n", "") .strip() == ""
    assert view.count("\n") == text.count("\n")
    assert reference_section_start(text) == start


@pytest.mark.parametrize("heading", ["References", "**Bibliography**", "Notes:", "# Works cited", "SOURCES"])
def test_reference_headings(heading):
    text = f"Body.\n\n{heading}\n\nSmith, J. (2020). Item.\n"
    assert reference_section_start(text) == 7           # the start of the heading line
    assert scan_view(text) == "Body.\n\n" + " " * len(heading) + "\n\n" + " " * 23 + "\n"


@pytest.mark.parametrize("heading", ["Notes", "Sources"])
def test_a_section_merely_called_notes_keeps_its_figures(heading):
    text = f"Intro.\n\n{heading}\n\nThe plant (Q3 2025) will make 500 turbines.\n"
    assert reference_section_start(text) is None
    assert "500 turbines" in scan_view(text) and "(Q3 2025)" in scan_view(text)


def test_the_word_references_inside_a_sentence_does_not_start_a_reference_list():
    text = "The references to 30 deals are many.\n"
    assert reference_section_start(text) is None
    assert scan_view(text) == text


def test_only_the_last_reference_heading_counts():
    text = "Notes\n\nBody with 30 deals.\n\nReferences\n\nSmith 2020.\n"
    assert reference_section_start(text) == text.index("References")
    assert "30 deals" in scan_view(text)


def test_front_matter_part_is_blanked_when_body_start_is_given():
    text = "---\nid: x\n---\nBody 12.\n"
    view = scan_view(text, body_start=text.index("Body"))
    assert view == "   \n     \n   \nBody 12.\n"


@pytest.mark.parametrize("text", [
    "", "\n", "plain", "a <b>bold</b> (Smith, 2020) https://x.y [l](u) \\$ ## h\n",
    "é‚Ä¢ ünïcødé — 2024–2025 “quotes” ₸5", "References\n", "x\r\ny\rz",
])
def test_scan_view_has_the_same_length(text):
    assert len(scan_view(text)) == len(text)


# --- offsets survive the blanking ------------------------------------------------------------------

def test_figure_after_escaped_dollar_slices_the_original_text(extract):
    text = "It costs \\$40 billion, and trade was \\$17.2 billion in 2024.\n"
    doc, claims = extract(text)
    money = [c for c in claims if c.kind == "money"]
    assert [c.quote for c in money] == ["$40 billion", "$17.2 billion"]
    assert [c.value for c in money] == [40e9, 17.2e9]
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote
    assert money[0].start == text.index("$40")


def test_numbers_in_urls_emails_markers_and_citations_are_not_claims(extract):
    text = ("Trade grew 5%<sup>12</sup> last year (Sakenova, 2023), see https://example.org/2024/30-deals "
            "or write to stats2019@example.kz.\n")
    doc, claims = extract(text)
    assert [(c.kind, c.quote) for c in claims] == [("percent", "5%")]


def test_numbers_in_a_reference_list_are_not_claims(extract):
    text = "Kazakhstan signed 29 agreements.\n\nReferences\n\n1. Smith, J. (2020). 45 pages, $30 billion.\n"
    _, claims = extract(text)
    assert [c.quote for c in claims] == ["29 agreements"]


def test_markdown_link_text_is_extracted_with_original_offsets(extract):
    text = "Exports reached [$3.5 billion](https://example.org/x) in 2023.\n"
    doc, claims = extract(text)
    assert [(c.kind, c.quote) for c in claims] == [("money", "$3.5 billion"), ("date", "2023")]
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote


@pytest.mark.parametrize("text, marker, kept", [
    ("The pier is 1,200[3] metres long.", "[3]", "1,200"),
    ("It opened in 1901.[a] Trade grew.", "[a]", "1901."),
    ("Crews worked 40 hours,[12] then rested.", "[12]", "40 hours,"),
])
def test_a_footnote_marker_glued_to_a_word_is_blanked(text, marker, kept):
    view = scan_view(text)
    at = text.index(marker)
    assert view[at:at + len(marker)].strip() == "" and kept in view and len(view) == len(text)


@pytest.mark.parametrize("text, kept", [
    ("See [3](https://example.org) for more.", "3"),      # a Markdown link's text
    ("Options [a] and [b] were tabled.", "a"),             # a bracket after a blank is prose
])
def test_brackets_that_are_not_footnote_markers_keep_their_text(text, kept):
    assert kept in scan_view(text).split()

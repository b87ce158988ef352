"""Stage 1: reading sources, front matter, error codes FC901-FC906."""
from __future__ import annotations

import hashlib

import pytest

from factcheck.extract.reader import extract_document
from factcheck.run.pipeline import extract_corpus
from factcheck.sources.loader import SourceError, find_sources, load_document, load_documents

from helpers import write_source


def load_error(tmp_path, raw: bytes, name: str = "s.md") -> SourceError:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(SourceError) as info:
        load_document(path)
    return info.value


# --- front matter -------------------------------------------------------------------------------

def test_front_matter_fields_are_read(tmp_path):
    text = ("---\nid: my-source\ntitle: A Title\noutlet: The Daily\nauthor: A. Writer\n"
            "published: 2025-03-04\nurl: https://example.org/a\n---\nBody text here.\n")
    path = write_source(tmp_path / "file-name.md", text)
    doc = load_document(path)
    assert doc.meta.id == "my-source"
    assert doc.meta.title == "A Title"
    assert doc.meta.outlet == "The Daily"
    assert doc.meta.author == "A. Writer"
    assert doc.meta.published == "2025-03-04"
    assert doc.meta.url == "https://example.org/a"
    assert doc.meta.path == str(path)
    assert doc.meta.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert doc.text == text
    assert doc.body_start == text.index("Body")
    assert doc.text[doc.body_start:] == "Body text here.\n"


def test_id_comes_from_file_name_when_front_matter_has_none(tmp_path):
    doc = load_document(write_source(tmp_path / "kz-notes.md", "---\ntitle: Only a title\n---\nBody.\n"))
    assert doc.meta.id == "kz-notes"
    assert doc.meta.title == "Only a title"
    assert doc.meta.published is None


def test_file_without_front_matter(tmp_path):
    doc = load_document(write_source(tmp_path / "plain.txt", "Just a body.\n"))
    assert doc.meta.id == "plain"
    assert doc.meta.title is None
    assert doc.body_start == 0
    assert doc.scan == doc.text


def test_published_datetime_becomes_iso_date(tmp_path):
    doc = load_document(write_source(tmp_path / "s.md", "---\npublished: 2025-03-04T10:30:00\n---\nBody.\n"))
    assert doc.meta.published == "2025-03-04"


def test_published_quoted_string_is_read_as_a_date(tmp_path):
    doc = load_document(write_source(tmp_path / "s.md", "---\npublished: \" 2024-12-31 \"\n---\nBody.\n"))
    assert doc.meta.published == "2024-12-31"


def test_published_that_is_not_a_date_is_fc904(tmp_path):
    e = load_error(tmp_path, b"---\npublished: last Tuesday\n---\nBody.\n")
    assert e.code == "FC904"
    assert "published" in e.message


def test_front_matter_is_blanked_in_scan_view(make_doc):
    doc = make_doc("---\ntitle: 30 agreements\npublished: 2025-01-02\n---\nBody.\n")
    assert doc.scan[:doc.body_start].strip() == ""
    assert doc.scan[doc.body_start:] == "Body.\n"
    assert len(doc.scan) == len(doc.text)


def test_numbers_in_front_matter_never_become_claims(extract):
    _, claims = extract("---\ntitle: 30 agreements worth $5 billion in 2019\n---\nNothing to see.\n")
    assert claims == []


def test_line_col_is_one_based(make_doc):
    doc = make_doc("ab\ncd\n\nef")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(1) == (1, 2)
    assert doc.line_col(3) == (2, 1)
    assert doc.line_col(7) == (4, 1)
    assert doc.line_col(8) == (4, 2)


# --- malformed front matter: FC904 with a line number ---------------------------------------------

def test_malformed_yaml_is_fc904_with_the_line_of_the_error(tmp_path):
    raw = b"---\ntitle: fine\nauthor: x\n  foo: : bar\n---\nBody.\n"
    e = load_error(tmp_path, raw)
    assert e.code == "FC904"
    assert e.message.startswith("malformed front matter")
    assert e.line == 4          # the broken line, counted in the file (line 1 is the opening ---)


def test_unclosed_bracket_in_front_matter_is_fc904_with_a_line(tmp_path):
    e = load_error(tmp_path, b"---\ntitle: ok\ntags: [one, two\nmore: x\n---\nBody\n")
    assert e.code == "FC904"
    assert e.line == 4


def test_front_matter_never_closed_is_fc904_line_1(tmp_path):
    e = load_error(tmp_path, b"---\ntitle: never closed\nBody text.\n")
    assert (e.code, e.line) == ("FC904", 1)
    assert "never closed" in e.message


def test_front_matter_that_is_not_a_mapping_is_fc904(tmp_path):
    e = load_error(tmp_path, b"---\n- a\n- b\n---\nBody\n")
    assert (e.code, e.line) == ("FC904", 2)


def test_malformed_front_matter_through_load_documents_is_a_fatal_diagnostic(tmp_path):
    write_source(tmp_path / "bad.md", "---\ntitle: fine\nauthor: x\n  foo: : bar\n---\nBody.\n")
    docs, problems = load_documents([tmp_path])
    assert docs == []
    assert len(problems) == 1
    p = problems[0]
    assert (p.code, p.line, p.fatal, p.path) == ("FC904", 4, True, str(tmp_path / "bad.md"))


# --- unreadable files ------------------------------------------------------------------------------

def test_not_utf8_is_fc902_with_line_and_byte(tmp_path):
    e = load_error(tmp_path, b"line one\nline two caf\xe9\n")
    assert e.code == "FC902"
    assert e.line == 2
    assert "0xe9" in e.message
    assert "byte 21" in e.message


def test_latin1_file_is_fc902(tmp_path):
    e = load_error(tmp_path, "Trade reached €5 billion.".encode("cp1252"))
    assert e.code == "FC902"
    assert e.line == 1


def test_nul_bytes_are_fc905(tmp_path):
    e = load_error(tmp_path, b"PK\x03\x04\x00\x00binary stuff")
    assert e.code == "FC905"


def test_utf16_file_is_reported_as_binary(tmp_path):
    e = load_error(tmp_path, "Trade reached $5 billion.".encode("utf-16"))
    assert e.code == "FC905"


@pytest.mark.parametrize("raw", [b"", b"   \n\n\t\n"])
def test_empty_or_blank_file_is_fc903(tmp_path, raw):
    assert load_error(tmp_path, raw).code == "FC903"


def test_missing_file_is_fc901(tmp_path):
    with pytest.raises(SourceError) as info:
        load_document(tmp_path / "nope.md")
    assert info.value.code == "FC901"


def test_folder_given_as_a_file_is_fc901(tmp_path):
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(SourceError) as info:
        load_document(tmp_path / "dir.md")
    assert info.value.code == "FC901"


def test_load_documents_keeps_going_after_bad_files(tmp_path):
    write_source(tmp_path / "a.md", "First source.\n")
    (tmp_path / "b.md").write_bytes(b"caf\xe9\n")
    (tmp_path / "c.md").write_bytes(b"")
    (tmp_path / "d.md").write_bytes(b"\x00\x01\x02")
    write_source(tmp_path / "e.md", "Last source.\n")
    docs, problems = load_documents([tmp_path])
    assert [d.meta.id for d in docs] == ["a", "e"]
    assert [(p.path, p.code, p.fatal) for p in problems] == [
        (str(tmp_path / "b.md"), "FC902", True),
        (str(tmp_path / "c.md"), "FC903", True),
        (str(tmp_path / "d.md"), "FC905", True),
    ]


def test_find_sources_is_sorted_and_skips_hidden_and_other_files(tmp_path):
    for name in ("b.md", "a.txt", "c.markdown", ".hidden.md", "notes.yaml", "factcheck.yaml", "sub/z.md",
                 ".git/x.md"):
        write_source(tmp_path / name, "x\n")
    found = [p.relative_to(tmp_path).as_posix() for p in find_sources([tmp_path])]
    assert found == ["a.txt", "b.md", "c.markdown", "sub/z.md"]


def test_find_sources_keeps_an_explicit_file_and_drops_duplicates(tmp_path):
    f = write_source(tmp_path / "a.md", "x\n")
    assert find_sources([f, tmp_path]) == [f]


# --- newlines --------------------------------------------------------------------------------------

def test_crlf_and_cr_are_normalised_like_python_text_mode(tmp_path):
    raw = b"---\r\nid: crlf\r\n---\r\nLine one.\r\nLine two.\rLine three.\r\n"
    path = tmp_path / "s.md"
    path.write_bytes(raw)
    doc = load_document(path)
    with open(path, encoding="utf-8") as f:          # text mode: universal newlines
        assert doc.text == f.read()
    assert doc.meta.id == "crlf"
    assert "\r" not in doc.text
    assert doc.text[doc.body_start:] == "Line one.\nLine two.\nLine three.\n"
    assert doc.meta.sha256 == hashlib.sha256(raw).hexdigest()     # the hash is of the bytes on disk


def test_claim_offsets_in_a_crlf_file_slice_the_text_mode_text(tmp_path, kn):
    raw = "Intro line.\r\n\r\nIn 2024, Kazakhstan signed 29 agreements worth $5.5 billion.\r\n".encode()
    path = tmp_path / "s.md"
    path.write_bytes(raw)
    doc = load_document(path)
    claims, _ = extract_document(doc, kn)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert [c.quote for c in claims] == ["2024", "29 agreements", "$5.5 billion"]
    for c in claims:
        assert text[c.start:c.end] == c.quote
    money = claims[2]
    assert (money.line, money.column) == (3, text.split("\n")[2].index("$") + 1)


# --- duplicate ids (FC906) -------------------------------------------------------------------------

def test_duplicate_ids_are_fc906_naming_both_files(tmp_path, kn):
    first = write_source(tmp_path / "a.md", "---\nid: same\n---\nKazakhstan signed 12 agreements.\n")
    second = write_source(tmp_path / "b.md", "---\nid: same\n---\nKazakhstan signed 14 agreements.\n")
    result = extract_corpus([tmp_path], kn)
    assert [d.meta.path for d in result.documents] == [str(first)]
    assert [c.quote for c in result.claims["same"]] == ["12 agreements"]
    dup = [p for p in result.problems if p.code == "FC906"]
    assert len(dup) == 1
    assert dup[0].fatal is True
    assert dup[0].path == str(second)
    assert str(first) in dup[0].message
    assert "'same'" in dup[0].message


def test_id_from_front_matter_can_clash_with_a_file_name(tmp_path, kn):
    write_source(tmp_path / "alpha.md", "Kazakhstan signed 12 agreements.\n")
    write_source(tmp_path / "beta.md", "---\nid: alpha\n---\nKazakhstan signed 14 agreements.\n")
    result = extract_corpus([tmp_path], kn)
    assert [p.code for p in result.problems] == ["FC906"]
    assert result.problems[0].path == str(tmp_path / "beta.md")
    assert str(tmp_path / "alpha.md") in result.problems[0].message

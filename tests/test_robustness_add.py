"""`add` keeps the article of real-world page layouts, and a PDF the parser gives up on names the file
(issue 11, items 6 and 8)."""
from __future__ import annotations


import pytest

from factcheck.sources.convert import ConvertError, html_to_text, pdf_to_text

ARTICLE = " ".join(f"In 2024 Kazakhstan signed {n} agreements with its partners." for n in range(1, 12))


@pytest.mark.parametrize("page", [
    f"<html><body><form action='/subscribe'><h1>Deals</h1><article><p>{ARTICLE}</p></article></form></body></html>",
    f"<html><body><nav><a href='/'>Home</a><h1>Deals</h1><p>{ARTICLE}</p></body></html>",
    f"<html><body><header>Site</header><main><p>{ARTICLE}</p></main><footer>(c)</footer></body></html>",
])
def test_the_article_body_is_kept(page):
    text = html_to_text(page).text
    assert "signed 11 agreements" in text and "signed 1 agreements" in text


def test_boilerplate_is_still_dropped_around_a_normal_article():
    page = f"<body><nav>Home About Contact</nav><article><p>{ARTICLE}</p></article><footer>All rights</footer></body>"
    text = html_to_text(page).text
    assert "signed 11 agreements" in text and "Contact" not in text and "rights" not in text


def test_a_pdf_the_parser_gives_up_on_names_the_file(tmp_path, monkeypatch):
    import pypdf

    class Refuses:
        def __init__(self, path):
            raise pypdf.errors.LimitReachedError("too many objects")

    monkeypatch.setattr(pypdf, "PdfReader", Refuses)
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(ConvertError) as caught:
        pdf_to_text(path)
    assert str(path) in str(caught.value) and "LimitReachedError" in str(caught.value)

"""Turning a file someone wants to add into plain text plus what its metadata says.

HTML: the standard library's parser, keeping headings, paragraphs and list items,
dropping scripts, styles, navigation, headers, footers, asides and forms (boilerplate).
PDF: pypdf's text layer; a PDF without one (a scan) is rejected, never added empty.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from factcheck.sources.plain_meta import head_meta


class ConvertError(Exception):
    pass


@dataclass
class Converted:
    text: str
    meta: dict[str, str] = field(default_factory=dict)


_NEVER_TEXT = frozenset({"script", "style", "noscript", "svg", "button", "iframe", "template"})
_SKIP = _NEVER_TEXT | {"nav", "header", "footer", "aside", "form", "menu"}
_BLOCK = frozenset({"p", "div", "section", "article", "main", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr",
                    "blockquote", "pre", "figcaption", "dd", "dt", "td", "th", "ul", "ol", "table"})
_META = {"author": "author", "article:author": "author", "og:site_name": "outlet", "article:published_time":
         "published", "date": "published", "og:title": "title", "og:url": "url"}


class _Text(HTMLParser):
    def __init__(self, skip: frozenset[str] = _SKIP) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_tags = skip
        self.parts: list[str] = []
        self.skip = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.skip_tags:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            self._meta_tag(a)
        elif tag == "link":
            self._link_tag(a)
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag in ("h1", "h2", "h3") and not self.skip:
            self.parts.append("#" * int(tag[1]) + " ")

    def _meta_tag(self, a: dict[str, str]) -> None:
        """`<meta property="og:title" content="...">`: the first of each field the page gives is kept."""
        key = _META.get((a.get("property") or a.get("name") or "").lower())
        if key and a.get("content") and key not in self.meta:
            self.meta[key] = a["content"].strip()

    def _link_tag(self, a: dict[str, str]) -> None:
        """`<link rel="canonical" href="...">`: where the page says it lives, unless a meta tag said it first."""
        if a.get("rel") == "canonical" and a.get("href"):
            self.meta.setdefault("url", a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip_tags and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def _parse(html: str, skip: frozenset[str]) -> _Text:
    parser = _Text(skip)
    parser.feed(html)
    parser.close()
    return parser


def html_to_text(html: str) -> Converted:
    """The page's text without boilerplate. When dropping navigation, headers, footers, asides and forms
    would drop most of the page (a `<form>` wrapping the article, a `<nav>` never closed), the page is
    read again keeping them: boilerplate kept is visible, an article lost is not."""
    parser = _parse(html, _SKIP)
    everything = _parse(html, _NEVER_TEXT)
    kept, total = len("".join(parser.parts).split()), len("".join(everything.parts).split())
    if total >= 40 and kept < total / 4:
        parser = everything
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    meta = dict(parser.meta)
    if parser.title.strip():
        meta.setdefault("title", " ".join(parser.title.split()))
    if "published" in meta:
        meta["published"] = meta["published"][:10]
    return Converted(body, meta)


def pdf_to_text(path: Path) -> Converted:
    try:
        from pypdf import PdfReader
    except ImportError as e:  # pragma: no cover - pypdf is a declared dependency
        raise ConvertError(f"{path}: reading PDF needs pypdf ({e})") from None
    try:
        reader = PdfReader(str(path))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except Exception as e:  # noqa: BLE001 - any failure of the PDF parser (its limits included) names the file
        raise ConvertError(f"{path}: not a readable PDF: {type(e).__name__}: {e}") from None
    text = "\n\n".join(p for p in pages if p)
    if len(re.sub(r"\s", "", text)) < 20:
        raise ConvertError(f"{path}: the PDF has no text layer (a scan?); run OCR first, then add the text")
    info: Mapping[str, object] = reader.metadata or {}
    meta = {k: str(info[v]).strip() for k, v in (("title", "/Title"), ("author", "/Author")) if info.get(v)}
    return Converted(text + "\n", meta)


def convert(path: Path) -> Converted:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_to_text(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConvertError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise ConvertError(f"{path}: cannot read: {e.strerror or e}") from None
    if suffix in (".html", ".htm"):
        return html_to_text(raw)
    if suffix in (".txt", ".md", ".markdown"):
        text = raw.replace("\r\n", "\n")
        return Converted(text, {} if text.lstrip("\ufeff").startswith("---\n") else head_meta(text))
    raise ConvertError(f"{path}: cannot add {suffix or 'a file without extension'}; use .txt, .md, .html or .pdf")

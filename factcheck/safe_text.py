"""Source text made inert for every output: one place decides what is unsafe and how it is shown.

Sources are untrusted. A vertical tab or form feed (common in PDF conversions) makes XML
ill-formed; terminal escapes (ESC, CSI) repaint a terminal; bidi overrides (U+202E) make a
quote read differently from what it is ("Trojan Source"); raw HTML in a file name is
markup in a Markdown report. Reports for people show such a character as a visible
marker ("[U+202E]"); JSON keeps the value exactly but writes it as a \\u escape.
"""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates and marks,
# line/paragraph separators, and the non-characters and surrogates XML 1.0 forbids.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ufeff\ufffe\uffff\ud800-\udfff]")
# What JSON does not escape on its own (it does escape C0 controls): write these as \u escapes too.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def marker(ch: str) -> str:
    return f"[U+{ord(ch):04X}]"


def visible(text: str) -> str:
    """`text` with every unsafe character replaced by a visible marker; tab and newline kept."""
    return _UNSAFE.sub(lambda m: marker(m.group()), text)


def one_line(text: str) -> str:
    """`visible` for a single line of a terminal or table: whitespace runs, newlines included, become one space."""
    return " ".join(visible(text).split())


def escape_json_text(dumped: str) -> str:
    """A JSON document with bidi and C1 characters inside strings written as \\u escapes (same value)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def markdown_text(text: str) -> str:
    """One table cell or line of Markdown: visible, one line, no raw HTML (`<` and `>` escaped), no table break."""
    return re.sub(r"([<>|])", r"\\\1", one_line(text))

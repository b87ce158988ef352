"""Titles any name can hold: "Kalvane Container Terminal, the largest container terminal on
the Gulf of Riga", "Arlow Foods, Estonia's largest dairy buyer", "the bridge is now the
longest suspension bridge in the region".

A title is a superlative, the words of the role it ranks ("commercial SAR satellite
operator") and its scope ("in Asia", "Japan's"). Two sources that give one title, in one
scope, to different holders cannot both be right; the same title in two scopes can.
No list of roles or holders is needed: the holder is the name the title is said of, by
apposition ("X, the largest ...") or by a copula ("X is the largest ...").
"""
from __future__ import annotations

import functools
import re

from factcheck.extract.claims import claim_id
from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.models import Claim
from factcheck.sources.document import Document
from factcheck.extract.text import Sentence
from factcheck.config.vocab import vocab_for

_NAME = r"[A-Z][\w’'&.-]*(?:[ \t]+(?:of[ \t]+|and[ \t]+|&[ \t]+)?[A-Z][\w’'&.-]*){0,5}"
_SCOPE = r"[A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'-]*){0,2}"


@functools.lru_cache(maxsize=4)
def _pattern(kn: Knowledge) -> tuple[re.Pattern[str], dict[str, int]]:
    ranks = {str(k).lower(): int(v) for k, v in kn.data["frames"]["superlatives"].items()}
    sup = alternatives(ranks)
    w = kn.grammar
    link, adverbs = alternatives(w("superlative_links")), alternatives(w("superlative_adverbs"))
    near, nouns, enders = alternatives(w("scope_prepositions")), alternatives(w("scope_nouns")), alternatives(w("role_enders"))
    pattern = re.compile(
        rf"(?<![\w’'&.-])(?P<holder>{_NAME})(?:,\s+|\s+(?:{link})\s+)(?:(?:{adverbs})\s+)?"
        rf"(?:(?P<scope1>{_SCOPE})[’']s?\s+|the\s+|its\s+)(?P<sup>{sup})\s+"
        rf"(?P<role>[a-z][\w-]*(?:\s+(?:\([A-Z]+\)|[a-zA-Z][\w-]*)){{0,7}}?)"
        rf"(?:\s+(?:{near})\s+(?:the\s+)?(?P<scope2>{_SCOPE}(?:\s+of\s+{_SCOPE})?|{nouns}))?(?=\s*[,;.)]|\s+(?:{enders})\b)")
    return pattern, ranks


def find_superlatives(doc: Document, sent: Sentence, text: str, kn: Knowledge, nth: dict) -> list[Claim]:
    """Every "X, the largest ..." and "X is Y's largest ..." of a sentence, as ranking claims."""
    pattern, ranks = _pattern(kn)
    out: list[Claim] = []
    for m in pattern.finditer(doc.scan, sent.start, sent.end):
        holder = _holder(m.group("holder"), kn)
        role = re.sub(r"(?<!\s)\s*\([A-Z]+\)", "", m.group("role"))
        scope = (m.group("scope1") or m.group("scope2") or "").strip()
        if not holder or len(role) < 3:
            continue
        start = m.start("holder") + m.group("holder").find(holder.split()[0])
        quote = doc.text[start:m.end()]
        key = ("ranking", quote, text)
        n = nth.get(key, 0)
        nth[key] = n + 1
        line, col = doc.line_col(start)
        out.append(Claim(id=claim_id(doc.meta.id, "ranking", quote, text, n), source=doc.meta.id, kind="ranking",
                         quote=quote, start=start, end=m.end(), line=line, column=col, sentence=text, bound="=",
                         dimension="ranking", text_value=holder,
                         about=f"title:{role.lower()}#{ranks[m.group('sup').lower()]}@{scope.lower()}",
                         confidence=0.8))
    return out


def _holder(name: str, kn: Knowledge) -> str:
    """The holder's name without sentence-opening words ("The", "In 2025") or a company suffix ("Inc.")."""
    voc = vocab_for(kn)  # compiled once per knowledge base
    skip, suffixes = voc.not_names, voc.suffixes
    words = name.split()
    while words and words[0].strip(",") in skip:
        words = words[1:]
    return " ".join(w for w in words if w.strip(",") not in suffixes)

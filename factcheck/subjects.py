"""Stage 4, resolve subjects: what each claim measures, who is involved, when.

Attachment works on clauses, not sentence bags: a figure takes the entities of its
own clause plus those of the sentence's clauses that hold no figure ("In Washington,
Kazakhstan signed 30 agreements"); a figure in "of which Sweden accounts for €30
billion" belongs to Sweden, not to the whole. A sentence with no entity borrows them
from the sentences before it in the same paragraph.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter

from .claims import singular
from .entities import find_entities, label
from .knowledge import Knowledge
from .models import Claim, Subject
from .sources import Document
from .text import Sentence, clauses, sentences

NUMERIC = frozenset({"money", "count", "percent", "quantity", "multiplier"})
MIN_CONFIDENCE = 0.6
_PROPER = re.compile(r"(?<![\w’'-])[A-Z][\w&’'-]*(?:\.(?=\w))?(?:\s+(?:[A-Z][\w&’'-]*\.?|of|and|&)(?=\s|$|[,;:)]))*"
                     r"(?<!\sof)(?<!\sand)")
_PART_OF = re.compile(r"\s*(?:of which|of whom|including|among them|with)\b", re.I)
_PART_FOR = re.compile(r"\b(?:for|on|to)\s+(?:the\s+)?(?P<w>[A-Za-z][\w-]+)")
_QUALIFIER = re.compile(r"(?:\s+(?:in\s+total|total|overall|annually|already))?\s+(?:on|for|in|into)\s+(?:the\s+)?"
                        r"(?P<w>[A-Za-z][\w-]+)")


def corpus_topic(resolvers: list["SubjectResolver"]) -> str | None:
    """The entity the corpus names most often: implied where a ranking names no owner, or a figure no party."""
    counts: Counter[str] = Counter()
    for r in resolvers:
        counts.update(e.party for e in r.entities)
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


@functools.lru_cache(maxsize=4)
def _cue_patterns(kn: Knowledge) -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for name, spec in kn.data["metrics"]["metrics"].items():
        for cue in spec["cues"]:
            flags = 0 if cue.isupper() else re.I
            out.append((name, cue, re.compile(rf"(?<!\w){re.escape(cue)}(?!\w)", flags)))
    return out


def _metric(scan: str, claim: Claim, spans: list[tuple[int, int]], kn: Knowledge) -> tuple[str | None, str]:
    """The metric a figure measures: the first cue of its clause before it ("the volume of Chinese
    investment in the economy reached $27 billion"), else the nearest after it ("a $4.2 billion deal");
    first in its clause, then in its sentence."""
    for a, b in spans:
        before: tuple[int, int, str, str] | None = None
        after: tuple[int, int, str, str] | None = None
        for name, cue, pattern in _cue_patterns(kn):
            if claim.kind not in kn.data["metrics"]["metrics"][name]["kinds"]:
                continue
            for m in pattern.finditer(scan, a, b):
                if m.end() <= claim.start:
                    cand = (m.start(), -len(cue), name, cue)
                    before = cand if before is None or cand < before else before
                elif m.start() >= claim.end:
                    cand = (m.start() - claim.end, -len(cue), name, cue)
                    after = cand if after is None or cand < after else after
        best = before or after
        if best is not None:
            return best[2], best[3]
    return None, ""


def _qualifier(scan: str, cue: str, spans: list[tuple[int, int]], kn: Knowledge, entities: set[str]) -> str:
    """What the metric is spent on or invested in: 'spending on transport' vs 'spent on defense'."""
    for a, b in spans:
        k = scan[a:b].lower().find(cue.lower())
        k = a + k if k >= 0 else -1
        if k < 0:
            continue
        m = _QUALIFIER.match(scan, k + len(cue), b)
        if m and m.group("w").lower() not in kn.stop_words and m.group("w") not in entities:
            return singular(m.group("w").lower())
        return ""
    return ""


def _noun_metric(noun: str | None, kn: Knowledge) -> str | None:
    """What a count counts: a count metric whose cue names the noun ('inhabitants' -> population),
    a synonym group ('deals' -> agreements), else the noun itself."""
    if not noun:
        return None
    noun = singular(noun)
    for name, spec in kn.data["metrics"]["metrics"].items():
        if "count" in spec["kinds"] and noun in {singular(c.lower()) for c in spec["cues"]}:
            return spec.get("label", name)
    for canonical, words in kn.data["metrics"]["noun_synonyms"].items():
        if noun in words:
            return f"number of {canonical}s"
    return f"number of {noun}s" if noun.isalpha() else None


class SubjectResolver:
    """Resolves every claim of one document; built once per document."""

    def __init__(self, doc: Document, kn: Knowledge, topic: str | None = None):
        self.doc, self.kn, self.topic = doc, kn, topic
        self.sents = sentences(doc.scan, doc.body_start)
        self.starts = [s.start for s in self.sents]
        self.entities = find_entities(doc.scan, doc.body_start, len(doc.scan), kn)
        self.entity_starts = [e.start for e in self.entities]
        self.entity_names = {doc.scan[e.start:e.end] for e in self.entities}
        self.amount_spans: list[tuple[int, int]] = []
        self.cue_words = {w.lower() for _, cue, _ in _cue_patterns(kn) for w in cue.split()}
        self.lower_words = set(re.findall(r"(?<![\w-])[a-z][\w-]*", doc.scan))  # words the text writes in lower case

    def _entities_in(self, a: int, b: int):
        """Entity mentions starting in [a, b), found by bisection: no scan over the whole document."""
        lo = bisect.bisect_left(self.entity_starts, a)
        hi = bisect.bisect_left(self.entity_starts, b)
        return self.entities[lo:hi]

    def _sentence_of(self, claim: Claim) -> Sentence | None:
        k = bisect.bisect_right(self.starts, claim.start) - 1
        return self.sents[k] if k >= 0 and self.sents[k].start <= claim.start < max(self.sents[k].end, claim.end) else None

    def _outside_entities(self, a: int, b: int) -> list[tuple[int, int]]:
        """The parts of scan[a:b] that no known entity covers ('Arden and Japan' -> 'Arden and ')."""
        cuts = sorted((max(a, e.start), min(b, e.end)) for e in self._entities_in(a - 80, b) if e.start < b
                      and a < e.end)
        out, pos = [], a
        for s, e in cuts:
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < b:
            out.append((pos, b))
        return out

    def _initial_name(self, word: str) -> bool:
        """A capitalised word opening a sentence is a name only if the text never writes it in lower case
        and it is no cue or function word ('Trade grew' vs 'Arden had')."""
        low = word.lower().strip("’'")
        return low not in self.kn.stop_words and low not in self.cue_words and low not in self.lower_words

    def _parties(self, a: int, b: int) -> set[str]:
        return {e.party for e in self._entities_in(a, b) if e.end <= b and not self._in_amount(e.start)}

    def _in_amount(self, pos: int) -> bool:
        """'44 billion US dollars': a currency name is no party to the figure."""
        return any(s <= pos < e for s, e in self.amount_spans)

    def _names(self, a: int, b: int, sentence_start: int, speaker: str | None = None) -> set[str]:
        """Proper names our entity list does not know ('John Deere', 'Wabtec'): they tell deals apart.
        The speaker's name is not a party of what they say."""
        stop = self.kn.not_names
        out: set[str] = set()
        for m in _PROPER.finditer(self.doc.scan, a, b):
            for start, end in self._outside_entities(m.start(), m.end()):
                words = [w for w in self.doc.scan[start:end].split()]
                while words and (words[0].strip("’'") in stop or words[0] in ("and", "of", "&")):
                    words = words[1:]
                while words and words[-1] in ("and", "of", "&"):
                    words = words[:-1]
                if not words:
                    continue
                words[-1] = re.sub(r"['’]s?$", "", words[-1])
                if start == sentence_start and len(words) == 1 and not self._initial_name(words[0]):
                    continue
                name = " ".join(words)
                if len(name.replace(" ", "")) > 2 and not (speaker and name.endswith(speaker.split()[-1])):
                    out.add("name:" + name.lower())
        return out

    def _context_parties(self, sent: Sentence) -> set[str]:
        k = sent.index - 1
        while k >= 0 and sent.index - k <= 3 and self.sents[k].paragraph == sent.paragraph:
            found = self._parties(self.sents[k].start, self.sents[k].end)
            if found:
                return found
            k -= 1
        return set()

    def parties_for(self, claim: Claim, others: list[Claim]) -> tuple[set[str], float, list[tuple[int, int]]]:
        """Entities of the figure's clause (with unknown proper names), of the sentence's clauses that hold no
        figure, and, when its own clause names none, the known entities of the clause before it
        ("Tokayev and Trump presided over ..., with a combined value of $17 billion")."""
        sent = self._sentence_of(claim)
        if sent is None:
            return set(), 0.3, []
        parts = clauses(self.doc.scan, sent.start, sent.end)
        figure_starts = [c.start for c in others if c.kind in NUMERIC]
        k = next((n for n, (a, b) in enumerate(parts) if a <= claim.start < b), None)
        own = parts[k] if k is not None else (sent.start, sent.end)
        shared = [(a, b) for a, b in parts if not any(a <= s < b for s in figure_starts)]
        parties = self._parties(*own) | self._names(own[0], own[1], sent.start, claim.speaker)
        if not parties and k:
            parties = self._parties(*parts[k - 1])
        for a, b in shared:
            parties |= self._parties(a, b)
        confidence = 1.0
        if not parties:
            parties, confidence = self._parties(sent.start, sent.end), 0.7
        if not parties:
            parties, confidence = self._context_parties(sent), 0.5
        alone = sum(1 for c in others if c.kind == claim.kind) <= 1
        spans = [own] + ([(sent.start, sent.end)] if alone else [])
        if k and _PART_OF.match(self.doc.scan, own[0]):
            spans.append(parts[k - 1])  # "…, of which Sweden accounts for €30 billion": a part of the same metric
        return parties, confidence, spans

    def resolve(self, claim: Claim, sentence_claims: list[Claim]) -> Subject | None:
        if claim.confidence < MIN_CONFIDENCE:
            return None  # a weak parse ("the two leaders", "one") is kept as a claim but never accuses
        self.amount_spans = [(c.start, c.end) for c in sentence_claims if c.kind == "money"]
        if claim.kind in NUMERIC:
            return self._numeric(claim, sentence_claims)
        if claim.kind == "ranking":
            return self._ranking(claim)
        if claim.kind == "acronym":
            return Subject(entities=(), metric=f"expansion of {claim.about}", key=f"acronym|{claim.about}",
                           words=(claim.quote,), confidence=claim.confidence)
        if claim.kind == "date":
            return self._event(claim, sentence_claims)
        return None

    def _numeric(self, claim: Claim, sentence_claims: list[Claim]) -> Subject | None:
        parties, confidence, spans = self.parties_for(claim, sentence_claims)
        counted = claim.kind == "count" and claim.noun
        if counted:
            metric, cue = _noun_metric(claim.noun, self.kn), claim.noun or ""
        else:
            metric, cue = _metric(self.doc.scan, claim, spans, self.kn)
        if metric is None:
            return None
        if not parties:
            parties, confidence = {self.topic or "corpus topic"}, 0.5  # the corpus is about one topic
        if not counted:
            metric = self.kn.data["metrics"]["metrics"][metric].get("label", metric)
            qualifier = _qualifier(self.doc.scan, cue, spans, self.kn, self.entity_names)
            metric = f"{metric} on {qualifier}" if qualifier else metric
            if len(spans) > 1 and _PART_OF.match(self.doc.scan, spans[0][0]) and not self._parties(*spans[0]) \
                    and cue.lower() not in self.doc.scan[spans[0][0]:spans[0][1]].lower():
                # "..., with €300 million earmarked for transport": a part of the whole, never the whole
                part = _PART_FOR.search(self.doc.scan, claim.end, spans[0][1])
                metric += f", the part for {part.group('w').lower()}" if part else ", a part"
        if claim.kind == "quantity":
            unit = claim.dimension if claim.to_base is not None else claim.unit
        elif claim.kind == "money" and claim.to_base is not None:
            unit = self.kn.default_dollar  # a rate from the corpus config makes the currencies comparable
        else:
            unit = claim.unit
        change = f"|{claim.change}" if claim.change else ""
        entities = tuple(sorted(parties))
        key = f"{claim.kind}:{unit}|{metric}|{'+'.join(entities)}{change}"
        return Subject(entities=entities, metric=metric, key=key, words=tuple(w for w in (cue,) if w),
                       confidence=confidence * (1.0 if claim.period and claim.period.origin != "document" else 0.8))

    def _ranking(self, claim: Claim) -> Subject:
        role, owner = claim.about.split("@", 1)
        owner = owner or (self.topic or "")
        role_name, rank = role.split("#")
        return Subject(entities=(owner,), metric=f"{role_name} rank {rank}", key=f"ranking|{role}@{owner}",
                       words=(claim.quote,), confidence=claim.confidence * (1.0 if "@" in claim.about
                                                                           and claim.about.split("@")[1] else 0.7))

    def _event(self, claim: Claim, sentence_claims: list[Claim]) -> Subject | None:
        sent = self._sentence_of(claim)
        if sent is None or claim.date is None or claim.date.origin != "stated":
            return None  # a date read relative to another can corroborate but is too weak to accuse
        text = self.doc.scan[sent.start:sent.end]
        nouns = "|".join(re.escape(str(n)) for n in self.kn.data["metrics"]["event_nouns"])
        named = re.search(rf"(?:(?P<ord>first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s)?"
                          rf"(?P<name>(?:[A-Z][\w+’'-]*\s){{1,6}}(?:{nouns}))\b(?!\s[A-Z])", text)
        if named:
            name = " ".join(named.group("name").split())
            key = f"event|{(named.group('ord') or '').lower()} {name.lower()}".replace("| ", "|")
            return Subject(entities=(), metric=f"date of the {named.group(0)}", key=key,
                           words=(named.group(0),), confidence=0.9)
        return self._visit(claim, sent, text)

    def _visit(self, claim: Claim, sent: Sentence, text: str) -> Subject | None:
        words = "|".join(re.escape(str(w)) for w in self.kn.data["metrics"]["visit_words"])
        m = re.search(rf"\b(?:{words})\b(?:\s+\w+){{0,3}}?\s+(?:to|in)\s+(?:the\s+)?", text) or \
            re.search(r"\bvisited\s+", text)
        if not m:
            return None
        dest = next((e for e in self._entities_in(sent.start + m.end(), sent.start + m.end() + 3)
                     if e.type != "person"), None)
        visitor = next((e for e in self._entities_in(sent.start, sent.end) if e.type == "person"
                        and e.party != (dest.party if dest else None)), None)
        if dest is None or visitor is None:
            return None
        return Subject(entities=(visitor.id, dest.party), metric=f"date of {label(self.kn, visitor.id)}'s visit to "
                       f"{label(self.kn, dest.party)}", key=f"visit|{visitor.id}>{dest.party}",
                       words=(self.doc.scan[sent.start + m.start(): sent.start + m.end() + 20].strip(),),
                       confidence=0.7)


def describe(subject: Subject, kn: Knowledge) -> str:
    who = ", ".join(label(kn, e) for e in subject.entities if e)
    return f"{subject.metric} ({who})" if who else subject.metric

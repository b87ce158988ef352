"""The English word lists of frames.yaml, compiled once per knowledge base.

Words are compared in a canonical form: a synonym's head word ("worth" -> value), else a
light stem ("operates", "operated" -> operat), so that two sources that say the same
thing in different inflections share words. Names are compared by a key: lower case,
possessive and company suffixes dropped ("Hoshimi Orbital Inc.'s" -> hoshimi orbital).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge, builtin



@dataclass(frozen=True)
class FrameVocab:
    synonyms: dict[str, str]
    stop: frozenset[str]
    ignored: frozenset[str]
    not_names: frozenset[str]
    titles: frozenset[str]
    subject_pronoun: re.Pattern[str]     # "It", "The company": the paragraph's last subject
    clause_word: re.Pattern[str]         # a pronoun or auxiliary: the words before a comma are a clause
    light_verbs: frozenset[str]           # lemmas that say nothing of what a count of people counts
    word_endings: tuple[str, ...]         # endings of ordinary words that open a sentence capitalised
    generic_nouns: frozenset[str]
    gatherings: frozenset[str]            # nouns that end the name of a gathering: "Summit", "Forum"
    heads: frozenset[str]                 # synonym heads: words that name a measured thing by themselves
    after_quantity: dict[str, str]        # "326 miles up": the word after a quantity that names what it measures
    reference: re.Pattern[str]
    suffixes: frozenset[str]
    qualifier_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    near_qualifiers: frozenset[str]
    one_sided: frozenset[str]
    excludes: tuple[tuple[str, str], ...]
    event_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    recurring: frozenset[str]
    personal: frozenset[str]
    per_words: tuple[str, ...]
    each_words: tuple[str, ...]
    rate_units: dict[str, str]
    scope_prepositions: frozenset[str]
    name_links: frozenset[str]           # words a name keeps in lower case ("Bank of Norland")
    entities: dict[str, str]
    labels: dict[str, str]

    def content(self, word: str, kn: Knowledge) -> bool:
        low = word.lower().strip("’'")
        if low in self.synonyms and low not in self.ignored:
            return True
        return len(low) > 2 and low not in self.stop and low not in kn.month_words and low not in kn.currency_words \
            and low not in kn.scales and low not in kn.numbers

    def name_key(self, name: str) -> str:
        return name_key(name, self.suffixes)

    def entity_label(self, key: str) -> str | None:
        return self.entities.get(key)

    def segment(self, key: str) -> list[str] | None:
        """'velmora norland' -> ['velmora', 'norland'] when the entity list knows every part: two names
        written side by side ("In Velmora Norland signed ...") are two names."""
        words = key.split()
        out, i = [], 0
        while i < len(words):
            j = next((j for j in range(len(words), i, -1) if " ".join(words[i:j]) in self.entities), None)
            if j is None:
                return None
            out.append(" ".join(words[i:j]))
            i = j
        return out if len(out) > 1 else None

    def label(self, key: str) -> str:
        """A name key as a person reads it: the entity list's label, else the key in title case."""
        return self.labels.get(key) or " ".join(
            w if w in self.name_links else
            (w.upper() if len(w) <= 4 else w.capitalize()) if any(ch.isdigit() for ch in w) else w.capitalize()
            for w in key.split())

    def qualifiers_in(self, near: str, clause: str, sentence: str) -> set[str]:
        """Qualifier classes named in the clause (or, for `near` classes, next to the figure); a correction or
        dispute anywhere in the sentence counts."""
        found = {name for name, pattern in self.qualifier_patterns
                 if pattern.search(near if name in self.near_qualifiers else clause)}
        found |= {name for name, pattern in self.qualifier_patterns
                  if name in ("withdrawn", "disputed") and pattern.search(sentence)}
        return found


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(str(p).lower()) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    w = word.lower().strip("’'.-")
    for suffix, repl in builtin("lexicon")["morphology"]["stem_endings"]:
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + repl
    return w


def canon(word: str, voc: FrameVocab) -> str:
    low = word.lower().strip("’'.-")
    if low.endswith("’s") or low.endswith("'s"):
        low = low[:-2]
    return voc.synonyms.get(low) or stem(low)


def name_key(name: str, suffixes: frozenset[str]) -> str:
    """A name as two sources both write it: no possessive, company suffix or leading article; "" when too short
    to name anything (two capitals, as in "EU", still do)."""
    words = [w.strip(".,;:()[]’'\"") for w in name.replace("’s", "").replace("'s", "").split()]
    words = [w for w in words if w and w not in suffixes and w.rstrip(".") not in suffixes]
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    key = " ".join(w.lower() for w in words)
    letters = key.replace(" ", "")
    return key if len(letters) > 2 or (len(letters) == 2 and "".join(words).isupper()) else ""


def _synonyms(kn: Knowledge) -> dict[str, str]:
    """Word -> head word; frames.yaml first, then a metric's one-word cues, so a corpus's own metric list
    adds words without displacing the shipped ones."""
    synonyms: dict[str, str] = {}
    for head, words in kn.data["frames"]["synonyms"].items():
        for w in [head, *words]:
            synonyms.setdefault(str(w).lower(), str(head))
    for name, spec in kn.data["metrics"].get("metrics", {}).items():
        for cue in spec.get("cues", []):
            if " " not in str(cue):
                synonyms.setdefault(str(cue).lower(), str(name))
    for head, words in kn.data["metrics"].get("noun_synonyms", {}).items():
        for w in words:
            synonyms.setdefault(str(w).lower(), str(head))
    return synonyms


def _stop(kn: Knowledge) -> frozenset[str]:
    data = kn.data["frames"]
    # abbreviated company suffixes ("Inc.", "AG") are never what a figure measures; "Group" may be
    suffixes = [str(s).lower().rstrip(".") for s in data["name_suffixes"] if len(str(s).rstrip(".")) <= 4]
    return frozenset(str(w).lower() for w in [*kn.stop_words, *data["ignore"], *suffixes]) | frozenset(kn.hedges_before)


def _entities(kn: Knowledge, suffixes: frozenset[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Name key -> lower-case label, and lower-case label -> label: a person stands for the body they speak for."""
    entities, labels = {}, {}
    aliases = kn.data["entities"].get("aliases", {})
    for ident, spec in aliases.items():
        party = aliases.get(spec.get("part_of", ident), spec)
        label = str(party.get("label", spec.get("part_of", ident)))
        for name in spec.get("names", []):
            key = name_key(str(name), suffixes)
            if key:
                entities[key] = label.lower()
        labels[label.lower()] = label
    return entities, labels


def _alternation(words: list) -> str:
    return "|".join(re.escape(str(w)) for w in words)


def _reference(data: dict) -> re.Pattern[str]:
    """"a premium to the market price": the words that compare a figure with another, and what it is compared to."""
    return re.compile(r"\b(?:" + _alternation(data["reference"]["words"]) + r")\b[^,;]{0,30}?\b(?:"
                      + _alternation(data["reference"]["prepositions"]) + r")\s+(?P<ref>[^,;.]{3,80})", re.I)


def _subject_pronoun(data: dict) -> re.Pattern[str]:
    return re.compile(r"(?:" + _alternation(sorted(data["subject_pronouns"], key=len, reverse=True)) + r")\b", re.I)


def _words_pattern(words: list) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + _alternation([str(w) for w in words]) + r")\b", re.I)


def _generic_nouns(data: dict, synonyms: dict[str, str]) -> frozenset[str]:
    return frozenset(stem(str(w)) if str(w).lower() not in synonyms else synonyms[str(w).lower()]
                     for w in data["generic_nouns"])


def _named(table: dict, flag: str) -> frozenset[str]:
    return frozenset(str(n) for n, spec in table.items() if spec.get(flag))


@functools.lru_cache(maxsize=8)
def vocab_for(kn: Knowledge) -> FrameVocab:
    data = kn.data["frames"]
    synonyms = _synonyms(kn)
    suffixes = frozenset(str(s) for s in data["name_suffixes"])
    entities, labels = _entities(kn, suffixes)
    return FrameVocab(
        synonyms=synonyms, stop=_stop(kn), ignored=frozenset(str(w).lower() for w in data["ignore"]),
        not_names=frozenset(str(w) for w in data["not_names"]), titles=frozenset(str(w) for w in data["titles"]),
        subject_pronoun=_subject_pronoun(data), clause_word=_words_pattern(data["clause_words"]),
        light_verbs=frozenset(str(w) for w in data["light_verbs"]),
        word_endings=tuple(str(w) for w in data["word_endings"]),
        reference=_reference(data), heads=frozenset(str(h) for h in data["synonyms"]),
        after_quantity={str(k): str(v) for k, v in data["after_quantity"].items()},
        gatherings=frozenset(str(w).lower() for w in data["gathering_nouns"]),
        generic_nouns=_generic_nouns(data, synonyms), suffixes=suffixes,
        qualifier_patterns=tuple((str(n), _phrase_pattern(spec["phrases"])) for n, spec in data["qualifiers"].items()),
        near_qualifiers=_named(data["qualifiers"], "near"), one_sided=frozenset(data["one_sided"]),
        event_patterns=tuple((str(n), _phrase_pattern(spec["words"])) for n, spec in data["events"].items()),
        excludes=tuple((str(a), str(b)) for a, b in data.get("excludes", [])),
        recurring=_named(data["events"], "recurs"), personal=_named(data["events"], "personal"),
        per_words=tuple(data["denominators"]["per"]), each_words=tuple(data["denominators"]["each"]),
        rate_units={str(k): str(v) for k, v in data["denominators"]["rate"].items()},
        scope_prepositions=frozenset(data["scope_prepositions"]), name_links=kn.name_links, entities=entities, labels=labels)

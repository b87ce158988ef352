"""The data files the pipeline reads its vocabulary from, merged with a corpus config.

Knowledge lives in `factcheck/config/data/*.yaml`; a corpus may extend any of it with a
`factcheck.yaml` file in the corpus folder (same keys; lists are appended, mappings
are merged). Nothing in the Python code names an entity, a metric or a hedge word.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from factcheck.config.schema import DATA_MODELS, CorpusConfig

CONFIG_NAME = "factcheck.yaml"
DATA_FILES = ("hedges", "currencies", "lexicon", "units", "dates", "entities", "metrics", "frames", "derivations")
SETTING_KEYS = ("corpus", "claims", "reports", "select", "ignore", "fail-on")  # read by project.py


class ConfigError(Exception):
    """A data or config file that cannot be used; names the file and line."""


@dataclass(frozen=True)
class Hedge:
    name: str
    bound: str
    low: float | None
    high: float | None


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [x for x in extra if x not in base]
    return extra


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when built in: the data files in 0.05 s, not 0.8
_SHARED: dict[str, Knowledge] = {}


def canonical_knowledge(kn: Knowledge) -> Knowledge:
    """The one Knowledge of this content in this process. A worker unpickles a new copy with every task,
    and the compiled vocabularies and patterns are cached per object: without this, each batch of sources
    and each story compiled them all again (seconds per task)."""
    return _SHARED.setdefault(kn.digest, kn)


def read_yaml(path: Path | str, text: str | None = None) -> Any:
    try:
        return yaml.load(text if text is not None else Path(path).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{where}: malformed YAML: {getattr(e, 'problem', e)}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from None


def data_file(name: str) -> str:
    return f"factcheck/config/data/{name}.yaml"


@functools.lru_cache(maxsize=None)
def builtin(name: str) -> Any:
    """A shipped data file, checked against its model the first time a process reads it."""
    text = resources.files("factcheck.config.data").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data = read_yaml(data_file(name), text)
    checked(name, data, data_file(name))
    return data


def alternatives(phrases) -> str:
    """Phrases as one regex alternation, longest first, any run of blanks where a phrase has a space: how the
    word lists of the data files become the slots of the readers' patterns."""
    return "|".join(re.escape(str(p)).replace(r"\ ", r"\s+") for p in sorted(phrases, key=lambda p: -len(str(p))))


def month_numbers(dates: dict[str, Any]) -> dict[str, int]:
    """Month names and abbreviations of a dates.yaml, lower case, to their numbers: 'march' 3, 'sept' 9."""
    numbers = {m.lower(): k + 1 for k, m in enumerate(dates["months"])}
    return numbers | {a.lower(): int(n) for a, n in dates["month_abbreviations"].items()}


@functools.lru_cache(maxsize=None)
def grammar_words(slot: str) -> tuple[str, ...]:
    """The shipped words of one slot of lexicon.yaml `grammar`, for readers that have no corpus knowledge (the
    source reader, the comparison rules)."""
    return tuple(builtin("lexicon")["grammar"][slot])


GENERATED_BASE = {"currencies": "currencies_iso"}
"""Data files under a shipped one, generated from a maintained table (scripts/currencies_from_cldr.py): the
hand-written file overrides and extends them."""


def _shipped(name: str) -> Any:
    base = GENERATED_BASE.get(name)
    return _merge(builtin(base), builtin(name)) if base else builtin(name)


def merged_data(config: dict[str, Any], config_path: str) -> dict[str, Any]:
    """The shipped data with a corpus's additions, merged in this one place (lists appended, mappings merged)
    and checked as merged: an addition is valid when the file it extends still has its shape."""
    data = {}
    for name in DATA_FILES:
        extra = config.get(name) or {}
        data[name] = _merge(_shipped(name), extra)
        if extra:
            checked(name, data[name], config_path or CONFIG_NAME)
    return data


def checked(name: str, value: Any, where: str) -> Any:
    """`value` as the model of data file `name` (or of the whole corpus config, "") reads it, or a ConfigError
    naming the file and the key path of the first problem."""
    try:
        return (DATA_MODELS[name] if name else CorpusConfig).model_validate(value)
    except ValidationError as e:
        raise ConfigError(explain(e, where, name)) from None


_KNOWN = list(DATA_FILES + SETTING_KEYS) + ["default_dollar", "rates"]


def explain(error: ValidationError, where: str, prefix: str = "") -> str:
    """One line a person can act on: pydantic's report names the key path, this names the file too."""
    problems = error.errors()
    first = problems[0]
    path = ".".join(str(p) for p in (prefix, *first["loc"]) if p != "")
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    if not path:
        return f"{where}: the config must be a mapping of data-file names to values"
    if first["type"] == "extra_forbidden" and not prefix:
        unknown = sorted(str(p["loc"][0]) for p in problems if p["type"] == "extra_forbidden")
        return f"{where}: unknown keys {unknown}; known: {_KNOWN}"
    what = "is not a known key" if first["type"] == "extra_forbidden" else first["msg"].removeprefix("Value error, ")
    hint = f"; compare it with the same key in {data_file(prefix)}" if prefix in DATA_FILES else ""
    return f"{where}: `{path}`: {what}{hint}{more}"


class Knowledge:
    """All vocabularies, with the corpus config merged in; built once per run."""

    def grammar(self, slot: str) -> list[str]:
        """The words one slot of the readers' patterns may hold (lexicon.yaml `grammar`), with the corpus's."""
        words: list[str] = self.data["lexicon"]["grammar"][slot]
        return words

    def __init__(self, config: dict[str, Any] | None = None, config_path: str = ""):
        settings = checked("", config or {}, config_path)
        self.data = merged_data(config or {}, config_path)
        self.default_dollar: str = settings.default_dollar
        self.rates: dict[str, float] = {k: float(v) for k, v in (settings.rates or {}).items()}
        self.digest = hashlib.sha256(json.dumps([self.data, self.default_dollar, self.rates], sort_keys=True,
                                                default=str).encode()).hexdigest()
        self.hedges_before = self._hedges("before")
        self.hedges_after = self._hedges("after")
        self._lexicon(self.data["lexicon"])
        self.currency_signs, self.currency_words = self._currencies()
        self.month_words = frozenset(month_numbers(self.data["dates"]))
        words = set(self.numbers) | set(self.multipliers) | set(self.fractions) | set(self.vague) | {
            w for w in self.scales if len(w) > 2}
        self.figure_cue = re.compile(r"\d|(?i:\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b)")
        self.not_names = frozenset(self.data["entities"].get("not_names", []))
        self.sorted_signs = tuple(sorted(self.currency_signs, key=len, reverse=True))

    def _lexicon(self, lex: dict[str, Any]) -> None:
        self.scales: dict[str, float] = {k.lower(): float(v) for k, v in lex["scales"].items()}
        self.glued_scales = frozenset(lex["glued_scales"])
        self.numbers: dict[str, float] = {k: float(v) for k, v in lex["numbers"].items()}
        self.multipliers: dict[str, float] = {k: float(v) for k, v in lex["multipliers"].items()}
        self.unit_prefixes = tuple(str(p) for p in lex.get("unit_prefixes", ()))
        self.percent_words = tuple(sorted(lex["percent_words"], key=len, reverse=True))
        self.fractions: dict[str, int] = dict(lex["fractions"])
        self.vague: dict[str, tuple[float, float]] = {k: (float(a), float(b)) for k, (a, b) in lex["vague"].items()}
        self.identifier_words = frozenset(lex["identifier_words"])
        self.change_up = frozenset(lex["change_up"])
        self.change_down = frozenset(lex["change_down"])
        self.change_not = frozenset(lex.get("change_not", ()))
        self.change_not_money = frozenset(lex.get("change_not_money", ()))
        self.determiners = frozenset(lex.get("determiners", ()))
        self.stop_words = frozenset(lex["stop_words"])
        self._token_words(lex)

    def _token_words(self, lex: dict[str, Any]) -> None:
        """The lexicon's word sets that a token, or the word before or after one, is looked up in."""
        self.time_words = frozenset(lex.get("time_words", ()))
        self.not_name_before = frozenset(lex.get("not_name_before", ()))
        self.score_words = frozenset(lex.get("score_words", ()))
        self.group_age_words = frozenset(lex.get("group_age_words", ()))
        self.negative_words = frozenset(lex.get("negative_words", ()))
        self.ordinal_suffixes = frozenset(lex.get("ordinal_suffixes", ()))
        self.name_links = frozenset(lex.get("name_links", ()))
        self.speaker_leads = frozenset(lex.get("speaker_leads", ()))
        self.acronym_function_words = frozenset(lex.get("acronym_function_words", ()))
        self.abbreviations = frozenset(lex.get("abbreviations", ()))
        self.name_abbreviations = frozenset(lex.get("name_abbreviations", ()))
        self.dangling_words = frozenset(lex.get("dangling_words", ()))
        self.not_noun_endings = tuple(lex["morphology"]["not_noun_endings"])
        self.not_plural_endings = tuple(lex["morphology"]["not_plural_endings"])
        self._number_words(lex)

    def _number_words(self, lex: dict[str, Any]) -> None:
        """The lexicon's word sets that decide whether a number word, a fraction or a spelled-out number is a
        figure ("several hundred", "no one", "a third of", "a million", "the two leaders")."""
        self.loose_before_hundred = frozenset(lex.get("loose_before_hundred", ()))
        self.one_idiom_before = frozenset(lex.get("one_idiom_before", ()))
        self.one_idiom_after = frozenset(lex.get("one_idiom_after", ()))
        self.rank_edges = frozenset(lex.get("rank_edges", ()))
        self.one_words = frozenset(lex.get("one_words", ()))
        self.not_before_half = frozenset(lex.get("not_before_half", ()))
        self.share_followers = frozenset(lex.get("share_followers", ()))
        self.scaled_after_a = frozenset(lex.get("scaled_after_a", ()))
        self.counted_after_a = frozenset(lex.get("counted_after_a", ()))
        self.referring_words = frozenset(lex.get("referring_words", ()))

    def _hedges(self, side: str) -> dict[str, Hedge]:
        table: dict[str, Hedge] = {}
        for name, spec in self.data["hedges"][side].items():
            for phrase in spec["phrases"]:
                table[phrase.lower()] = Hedge(name, spec["bound"], spec.get("low"), spec.get("high"))
        return table

    def _currencies(self) -> tuple[dict[str, str], dict[str, str]]:
        signs, words = {}, {}
        for code, spec in self.data["currencies"].items():
            for s in spec.get("signs", []):
                signs[s] = code
            for w in spec.get("words", []):
                words[w.lower()] = code
        signs["$"] = self.default_dollar
        return signs, words

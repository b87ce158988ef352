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

CONFIG_NAME = "factcheck.yaml"
DATA_FILES = ("hedges", "currencies", "lexicon", "units", "dates", "entities", "metrics", "frames")
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


@functools.lru_cache(maxsize=None)
def builtin(name: str) -> Any:
    text = resources.files("factcheck.config.data").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return read_yaml(f"factcheck/config/data/{name}.yaml", text)


class Knowledge:
    """All vocabularies, with the corpus config merged in; built once per run."""

    def __init__(self, config: dict[str, Any] | None = None, config_path: str = ""):
        try:
            self._build(config or {}, config_path)
        except ConfigError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, re.error) as e:
            where = config_path or "factcheck/config/data"
            raise ConfigError(f"{where}: a vocabulary entry has the wrong shape ({type(e).__name__}: {e}); "
                              "compare it with the same key in factcheck/config/data/*.yaml") from None

    def _build(self, config: dict[str, Any], config_path: str) -> None:
        if not isinstance(config, dict):
            raise ConfigError(f"{config_path}: the config must be a mapping of data-file names to values")
        unknown = sorted(set(config) - set(DATA_FILES) - set(SETTING_KEYS) - {"default_dollar", "rates"})
        if unknown:
            raise ConfigError(f"{config_path}: unknown keys {unknown}; known: "
                              f"{list(DATA_FILES + SETTING_KEYS) + ['default_dollar', 'rates']}")
        self.data = {name: _merge(builtin(name), config.get(name) or {}) for name in DATA_FILES}
        bad = [k for k in self.data["entities"].get("aliases", {}) if not isinstance(k, str)]
        if bad:
            raise ConfigError(f"{config_path or 'factcheck/config/data/entities.yaml'}: entity ids must be strings; "
                              f"quote {bad} (YAML reads NO, YES, ON and OFF as booleans)")
        _check_shapes(self.data)
        self.default_dollar: str = str(config.get("default_dollar", "USD"))
        self.rates: dict[str, float] = {str(k): float(v) for k, v in (config.get("rates") or {}).items()}
        self.digest = hashlib.sha256(json.dumps([self.data, self.default_dollar, self.rates], sort_keys=True,
                                                default=str).encode()).hexdigest()
        self.hedges_before = self._hedges("before")
        self.hedges_after = self._hedges("after")
        lex = self.data["lexicon"]
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
        self.currency_signs, self.currency_words = self._currencies()
        words = set(self.numbers) | set(self.multipliers) | set(self.fractions) | set(self.vague) | {
            w for w in self.scales if len(w) > 2}
        self.figure_cue = re.compile(r"\d|(?i:\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b)")
        self.not_names = frozenset(self.data["entities"].get("not_names", []))
        self.sorted_signs = tuple(sorted(self.currency_signs, key=len, reverse=True))

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


def _need(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise ValueError(f"{where}: {what}")


def _number(value: Any) -> bool:
    """YAML 1.1 reads '1.0e6' as a string; float() does not mind."""
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value)


def _check_shapes(data: dict[str, Any]) -> None:
    """The entries other modules build lookups from, checked once, so a bad config fails here, named."""
    for ident, spec in data["entities"].get("aliases", {}).items():
        _need(isinstance(spec, dict) and _strings(spec.get("names", [])), f"entities.aliases.{ident}",
              "needs a mapping with a list of `names`")
    for name, spec in data["metrics"].get("metrics", {}).items():
        _need(isinstance(spec, dict) and _strings(spec.get("kinds")) and _strings(spec.get("cues")),
              f"metrics.metrics.{name}", "needs lists `kinds` and `cues`")
    for name, spec in data["units"].items():
        _need(isinstance(spec, dict) and _strings(spec.get("surfaces")) and _number(spec.get("factor"))
              and isinstance(spec.get("dimension"), str), f"units.{name}", "needs `dimension`, `factor`, `surfaces`")
    for side in ("before", "after"):
        for name, spec in data["hedges"][side].items():
            _need(isinstance(spec, dict) and _strings(spec.get("phrases")) and spec.get("bound") in
                  ("=", "~", ">", ">=", "<", "<=", "range"), f"hedges.{side}.{name}", "needs `bound` and `phrases`")
    for code, spec in data["currencies"].items():
        _need(isinstance(spec, dict) and _strings(spec.get("signs", [])) and _strings(spec.get("words", [])),
              f"currencies.{code}", "needs lists `signs` and `words`")
    for key in ("roles",):
        _need(_strings(data["metrics"].get(key, [])), f"metrics.{key}", "must be a list of words")
    for key in ("speech_verbs", "change_not", "change_not_money", "determiners"):
        _need(_strings(data["lexicon"].get(key, [])), f"lexicon.{key}", "must be a list of words")

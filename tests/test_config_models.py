"""The data files and settings as models: a bad entry is refused at load, naming the file and the key path,
and the checker still works when the entity and metric lists are empty."""
from __future__ import annotations

import pytest

from factcheck.config import knowledge
from factcheck.config.knowledge import ConfigError, Knowledge, builtin
from factcheck.config.project import read_settings
from factcheck.config.vocab import vocab_for
from factcheck.extract.entities import find_entities
from factcheck.run.compare_corpus import compare
from factcheck.run.pipeline import extract_corpus

from helpers import run_cli, write_corpus, write_source

# Made-up sources that disagree on one figure and name two parties the entity list knows.
NORTH = "Veldoria and Kazakhstan signed trade deals worth $4.2 billion on Monday.\n"
SOUTH = "Kazakhstan and Veldoria signed trade deals worth $5.9 billion on Monday.\n"


@pytest.mark.parametrize("config, where", [
    ({"hedges": {"before": {"approx": {"bound": "about"}}}}, "`hedges.before.approx.bound`"),
    ({"hedges": {"before": {"approx": {"phrase": ["give or take"]}}}},
     "`hedges.before.approx.phrase`: is not a known key"),
    ({"units": {"furlong": {"dimension": "length", "factor": "far", "surfaces": ["fur"]}}}, "`units.furlong.factor`"),
    ({"currencies": {"XQD": {"signs": "Q$"}}}, "`currencies.XQD.signs`"),
    ({"metrics": {"metrics": {"tolls": {"kinds": ["money"]}}}}, "`metrics.metrics.tolls.cues`"),
    ({"frames": {"window_days": 90}}, "`frames.window_days`: is not a known key"),
    ({"entities": {"aliases": {False: {"names": ["Norway"]}}}}, "quote [False]"),
    ({"rates": {"EUR": "dear"}}, "`rates.EUR`"),
    ({"colours": ["red"]}, "unknown keys ['colours']"),
    (["hedges"], "must be a mapping"),
])
def test_a_malformed_corpus_config_names_file_and_key(config, where):
    with pytest.raises(ConfigError) as e:
        Knowledge(config, "/projects/x/corpus/factcheck.yaml")
    assert str(e.value).startswith("/projects/x/corpus/factcheck.yaml: ")
    assert where in str(e.value)


def test_additions_merge_into_the_shipped_data():
    kn = Knowledge({"hedges": {"before": {"approx": {"phrases": ["give or take"]}}}, "rates": {"EUR": "1.1"}})
    assert kn.hedges_before["give or take"].bound == "~" and "roughly" in kn.hedges_before
    assert kn.rates == {"EUR": 1.1}
    assert kn.digest != Knowledge().digest and Knowledge().digest == Knowledge().digest


def test_the_shipped_data_files_have_no_dead_keys():
    assert "window_days" not in builtin("frames") and "tolerance" not in builtin("hedges")


def test_settings_errors_name_file_and_key(tmp_path):
    """The words of the README, not pydantic's type names."""
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.factcheck]\ncorpus = "texts"\nselect = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml: `select` must be a list of rule codes"):
        read_settings(config)
    config.write_text('[tool.factcheck]\ncorpus = "texts"\nfailon = "minor"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown keys \['failon'\]"):
        read_settings(config)
    config.write_text('[tool.factcheck]\nfail-on = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"`fail-on` must be one of \['minor', 'material'\], not 'sometimes'"):
        read_settings(config)
    yaml_config = tmp_path / "factcheck.yaml"
    yaml_config.write_text("corpus: [texts]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"factcheck.yaml: `corpus` must be a folder path"):
        read_settings(yaml_config)


def test_settings_keep_their_shorthands(tmp_path):
    config = tmp_path / "factcheck.yaml"
    config.write_text("corpus: texts\nselect: FC2\nfail-on: material\nhedges: {}\n", encoding="utf-8")
    settings = read_settings(config)
    assert (settings.corpus, settings.claims) == ("texts", None)
    assert (settings.select, settings.fail_on) == (("FC2",), "material")


def _without_topic_lists(name: str):
    """The shipped data with the entity and metric lists emptied, as a corpus on an unknown topic has them."""
    if name == "entities":
        return {"aliases": {}, "not_names": []}
    if name == "metrics":
        return {"metrics": {}, "noun_synonyms": {}, "superlatives": {}, "roles": []}
    return builtin(name)


def test_extraction_and_check_work_with_empty_entity_and_metric_lists(tmp_path, monkeypatch):
    monkeypatch.setattr(knowledge, "builtin", _without_topic_lists)
    kn = Knowledge()
    assert kn.data["entities"]["aliases"] == {} and kn.data["metrics"]["metrics"] == {}
    assert find_entities("Trade rose , by 5 % in Kazakhstan .", 0, 36, kn) == []
    assert vocab_for(kn).entities == {}
    for name, text in {"north.md": NORTH, "south.md": SOUTH}.items():
        write_source(tmp_path / name, text)
    result = extract_corpus([tmp_path], kn)
    found = compare(result.documents, result.claims, kn)
    quotes = sorted(sorted(c.quote for p in d.positions for c in p.claims) for d in found.discrepancies)
    assert ["$4.2 billion", "$5.9 billion"] in quotes


def test_entity_data_without_aliases_is_no_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(knowledge, "builtin", lambda name: {"not_names": []} if name == "entities" else builtin(name))
    kn = Knowledge()
    assert find_entities(NORTH, 0, len(NORTH), kn) == []


def test_check_reports_a_malformed_data_addition_as_exit_2(tmp_path):
    bad = "hedges:\n  before:\n    approx:\n      bound: about\n"
    corpus = write_corpus(tmp_path / "corpus", {"a.md": NORTH, "b.md": SOUTH, "factcheck.yaml": bad})
    rc, _, err = run_cli(["check", "--corpus", corpus, "--reports", tmp_path / "r", "--claims", tmp_path / "c"])
    assert rc == 2
    assert "factcheck.yaml" in err and "hedges.before.approx.bound" in err


def test_a_corpus_extends_the_token_word_lists():
    """The word sets the token scan reads (lexicon.yaml: `time_words`, `dangling_words`, ...) are data: a corpus
    adds to them, and a bare YAML boolean in one (`on` unquoted) is refused rather than kept as True."""
    kn = Knowledge(knowledge.read_yaml("factcheck.yaml", "lexicon:\n  time_words: [hrs]\n"))
    assert {"hrs", "pm", "gmt"} <= kn.time_words and "hrs" not in Knowledge().time_words
    with pytest.raises(ConfigError, match=r"`lexicon.dangling_words.\d+`: Input should be a valid string"):
        Knowledge(knowledge.read_yaml("factcheck.yaml", "lexicon:\n  dangling_words: [on]\n"), "factcheck.yaml")


def test_a_corpus_extends_the_number_word_lists():
    """The word sets that decide whether a number word is a figure (lexicon.yaml: `one_idiom_before`,
    `referring_words`, ...) are data too: a corpus adds to them, and `no` unquoted is refused."""
    kn = Knowledge(knowledge.read_yaml("factcheck.yaml", "lexicon:\n  rank_edges: [last]\n"))
    assert {"top", "bottom", "last"} <= kn.rank_edges and "last" not in Knowledge().rank_edges
    assert {"no", "on"} <= Knowledge().one_idiom_before
    with pytest.raises(ConfigError, match=r"`lexicon.one_idiom_before.\d+`: Input should be a valid string"):
        Knowledge(knowledge.read_yaml("factcheck.yaml", "lexicon:\n  one_idiom_before: [no]\n"), "factcheck.yaml")


def test_the_shipped_lexicon_names_the_words_read_without_a_knowledge():
    """The source reader, the acronym rule and the story terms have no corpus configuration: they read their
    word lists from the shipped lexicon.yaml."""
    from factcheck.align import stories
    from factcheck.compare.rules import acronym
    from factcheck.sources import markup
    assert markup._weak_headings() == {"sources", "notes", "endnotes", "footnotes", "literature"}
    assert acronym._skipped() == {"the", "of", "and", "for"}
    assert stories._skipped_name_words() == {"and", "the", "for"}


def test_a_corpus_adds_a_word_to_a_slot_of_the_readers_patterns_and_the_reader_finds_it(tmp_path):
    """The readers' patterns take the words of their slots from lexicon.yaml `grammar` and dates.yaml: a month
    abbreviation and a ranking verb added by a corpus are read; without them they are not."""
    from factcheck.extract.dates import find_dates
    text = "The ferry ran from Sptm. 3, 2024."
    added = Knowledge(knowledge.read_yaml("factcheck.yaml", "dates:\n  month_abbreviations: {Sptm: 9}\n"))
    def days(kn):
        return [d.period.start for d in find_dates(text, 0, len(text), kn) if d.period and d.period.granularity == "day"]
    assert days(Knowledge()) == [] and days(added) == ["2024-09-03"]
    corpus = write_corpus(tmp_path / "corpus", {"a.md": "Velmora Harbour figures as the busiest port in the region.\n"})
    verb = Knowledge(knowledge.read_yaml("factcheck.yaml", "lexicon:\n  grammar:\n    superlative_links: [figures as]\n"))
    def rankings(kn):
        return [c.value for cs in extract_corpus([corpus], kn).claims.values() for c in cs if c.kind == "ranking"]
    assert rankings(Knowledge()) == [] and rankings(verb)


# Alternations in the package's string literals that are not English knowledge: decision statuses, record
# field names, HTML tags and URL schemes. Anything else of two or more words is a word list and belongs in data.
_NOT_ENGLISH = {"explained", "accepted", "error", "metric", "entities", "event", "sup", "sub", "script", "style",
                "ftp", "mailto"}


def test_no_pattern_in_the_package_spells_out_a_list_of_english_words():
    import ast
    import re
    from pathlib import Path
    alternation = re.compile(r"(?<![\\?P<])\b[a-z]{2,}\b(?:\\s\+?[a-z]+)*(?:\|[a-z]{2,}\b(?:\\s\+?[a-z]+)*)+")
    found = []
    for path in sorted((Path(__file__).resolve().parent.parent / "factcheck").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for m in alternation.finditer(node.value):
                    words = set(re.findall(r"[a-z]+", m.group().replace(r"\s", " ")))
                    if words - _NOT_ENGLISH:
                        found.append(f"{path.name}:{node.lineno}: {m.group()}")
    assert not found, "word lists inside patterns; move them to a data file:\n" + "\n".join(found)

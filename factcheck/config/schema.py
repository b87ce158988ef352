"""The shape of each data file in `data/` and of the project settings, so that a bad entry fails once, at
load, named by file and key.

The pipeline reads the merged YAML as plain mappings (`Knowledge.data`); these models only say what
those mappings may hold. A key no model names is refused rather than ignored, because a misspelt key
in a corpus's `factcheck.yaml` ("phrase:" for "phrases:") would otherwise change nothing, silently.
Optional keys carry the default the readers assume when the key is absent.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, StrictBool, StrictInt, StrictStr, \
    field_validator

# YAML 1.1 reads a bare `no` or `on` in a word list as a boolean and `1.0e6` as a string; the readers
# stringify words and float() numbers, so both spellings are accepted as they always were.
# Checked by a validator rather than spelt as a Union, so that an error names the key, not the Union's members.
def _is_word(value: Any) -> Any:
    if not isinstance(value, (str, int, float)):
        raise ValueError(f"must be a word, not {value!r}")
    return value


def _is_number(value: Any) -> Any:
    try:
        float(value)
    except (TypeError, ValueError):
        raise ValueError(f"must be a number, not {value!r}") from None
    return value


def _is_number_or_null(value: Any) -> Any:
    return value if value is None else _is_number(value)


Word = Annotated[Any, AfterValidator(_is_word)]
Words = list[Word]
Phrases = list[StrictStr]   # lower-cased, measured or escaped as text by their readers: strings only
Number = Annotated[Any, AfterValidator(_is_number)]


class _Entry(BaseModel):
    # defer_build: a class costs nothing until a file is checked, so `factcheck --help` never pays for it
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


# --- hedges.yaml ---------------------------------------------------------------------------------

class HedgeSpec(_Entry):
    bound: Literal["=", "~", ">", ">=", "<", "<=", "range"]
    low: Annotated[Any, AfterValidator(_is_number_or_null)] = None
    high: Annotated[Any, AfterValidator(_is_number_or_null)] = None
    phrases: Phrases


class Hedges(_Entry):
    before: dict[StrictStr, HedgeSpec]
    after: dict[StrictStr, HedgeSpec]


# --- currencies.yaml -----------------------------------------------------------------------------

class CurrencySpec(_Entry):
    signs: Phrases = []
    words: Phrases = []


class Currencies(RootModel[dict[StrictStr, CurrencySpec]]):
    model_config = ConfigDict(frozen=True, defer_build=True)


# --- units.yaml ----------------------------------------------------------------------------------

class UnitSpec(_Entry):
    symbol: StrictStr | None = None
    dimension: StrictStr
    factor: Number
    surfaces: Words


class Units(RootModel[dict[StrictStr, UnitSpec]]):
    model_config = ConfigDict(frozen=True, defer_build=True)


# --- lexicon.yaml --------------------------------------------------------------------------------

class Grammar(_Entry):
    """lexicon.yaml `grammar`: the words each slot of the readers' patterns may hold (one field a slot)."""
    copulas: Phrases
    perfect_auxiliaries: Phrases
    perfect_participles: Phrases
    rank_verbs: Phrases
    naming_participles: Phrases
    superlative_links: Phrases
    superlative_adverbs: Phrases
    scope_prepositions: Phrases
    scope_nouns: Phrases
    role_enders: Phrases
    relative_pronouns: Phrases
    contrast_conjunctions: Phrases
    gap_openers: Phrases
    gap_prepositions: Phrases
    restating_phrases: Phrases
    restating_or_hedges: Phrases
    bracket_hedges: Phrases
    distributive_words: Phrases
    distributive_verbs: Phrases
    date_prepositions: Phrases
    rate_units_after_a: Phrases
    period_prepositions: Phrases
    rate_joiners: Phrases
    rate_leads: Phrases
    attribution_leads: Phrases
    speech_fillers: Phrases
    name_particles: Phrases
    vague_multipliers: Phrases
    fraction_words: Phrases
    partitives: Phrases
    partitive_among: Phrases
    partitive_determiners: Phrases
    reference_line_phrases: Phrases
    reference_headings: Phrases
    byline_leads: Phrases
    strict_rate_words: Phrases
    expansion_spellings: dict[StrictStr, StrictStr]


Ending = tuple[StrictStr, StrictStr]


class Morphology(_Entry):
    """lexicon.yaml `morphology`: endings, as [ending, replacement], the first that fits is used."""
    stem_endings: list[Ending]
    singular_endings: list[Ending]
    plural_endings: list[Ending]
    not_noun_endings: Phrases
    not_plural_endings: Phrases


class Lexicon(_Entry):
    scales: dict[StrictStr, Number]
    glued_scales: Words
    identifier_words: Words
    numbers: dict[StrictStr, Number]
    fractions: dict[StrictStr, StrictInt]
    vague: dict[StrictStr, tuple[Number, Number]]
    multipliers: dict[StrictStr, Number]
    unit_prefixes: Words = []
    percent_words: Phrases
    change_up: Words
    change_down: Words
    change_not: Words = []
    change_not_money: Words = []
    determiners: Words = []
    stop_words: Words
    speech_verbs: Words = []
    irregular_plurals: dict[StrictStr, StrictStr] = {}
    # Compared with a text's words as they are: strings only, so that a bare `on` (a YAML boolean) is refused
    # at load, not kept as True and never matched.
    time_words: Phrases = []
    not_name_before: Phrases = []
    score_words: Phrases = []
    group_age_words: Phrases = []
    negative_words: Phrases = []
    ordinal_suffixes: Phrases = []
    name_links: Phrases = []
    speaker_leads: Phrases = []
    acronym_function_words: Phrases = []
    abbreviations: Phrases = []
    name_abbreviations: Phrases = []
    dangling_words: Phrases = []
    loose_before_hundred: Phrases = []
    one_idiom_before: Phrases = []
    one_idiom_after: Phrases = []
    rank_edges: Phrases = []
    one_words: Phrases = []
    not_before_half: Phrases = []
    share_followers: Phrases = []
    scaled_after_a: Phrases = []
    counted_after_a: Phrases = []
    referring_words: Phrases = []
    # read from the shipped lexicon only, by code that has no Knowledge (sources, compare rules, stories)
    weak_reference_headings: Phrases = []
    expansion_skip_words: Phrases = []
    name_term_skip_words: Phrases = []
    grammar: Grammar
    morphology: Morphology


# --- dates.yaml ----------------------------------------------------------------------------------

class DatePart(_Entry):
    mod: StrictStr
    start: Number = Field(alias="from")
    end: Number = Field(alias="to")


class RelativeDate(_Entry):
    unit: StrictStr
    offset: StrictInt
    document: StrictBool = False
    after_anchor: StrictBool = False
    before_anchor: StrictBool = False


class Dates(_Entry):
    parts: dict[StrictStr, DatePart]
    halves: dict[StrictStr, StrictInt]
    quarters: dict[StrictStr, StrictInt]
    seasons: dict[StrictStr, tuple[StrictInt, StrictInt]]
    year_cues: Words
    old_year_cues: Words
    after_old_year: Words
    relative: dict[StrictStr, RelativeDate]
    # the words of the date patterns (extract/date_patterns.py)
    months: tuple[StrictStr, StrictStr, StrictStr, StrictStr, StrictStr, StrictStr,
                  StrictStr, StrictStr, StrictStr, StrictStr, StrictStr, StrictStr]
    month_abbreviations: dict[StrictStr, Annotated[StrictInt, Field(ge=1, le=12)]]
    range_words: Phrases
    month_cues: Phrases
    offset_hedges: Phrases
    offset_numbers: Phrases
    offset_units: Phrases
    offset_directions: dict[StrictStr, Literal["after", "before", "ago"]]
    calendar_words: Phrases
    span_joiners: dict[StrictStr, Phrases]
    not_after_year: Phrases


# --- entities.yaml -------------------------------------------------------------------------------

class Alias(_Entry):
    type: StrictStr = "name"
    label: StrictStr | None = None
    names: Phrases = []
    part_of: StrictStr | None = None


class Entities(_Entry):
    aliases: dict[StrictStr, Alias] = {}
    not_names: Words = []

    @field_validator("aliases", mode="before")
    @classmethod
    def _string_ids(cls, aliases: Any) -> Any:
        bad = [k for k in aliases if not isinstance(k, str)] if isinstance(aliases, dict) else []
        if bad:
            raise ValueError(f"entity ids must be strings; quote {bad} (YAML reads NO, YES, ON and OFF as booleans)")
        return aliases


# --- metrics.yaml --------------------------------------------------------------------------------

class Metric(_Entry):
    label: StrictStr | None = None
    kinds: Words
    cues: Words


class Metrics(_Entry):
    metrics: dict[StrictStr, Metric] = {}
    noun_synonyms: dict[StrictStr, Words] = {}
    superlatives: dict[StrictStr, StrictInt] = {}
    ranking_adverbs: Words = []
    role_adjectives: Words = []
    roles: Words = []


# --- frames.yaml ---------------------------------------------------------------------------------

class Denominators(_Entry):
    per: Words
    each: Words
    rate: dict[StrictStr, StrictStr]


class Qualifier(_Entry):
    label: StrictStr | None = None
    near: StrictBool = False
    phrases: Words


class Event(_Entry):
    words: Words
    recurs: StrictBool = False
    personal: StrictBool = False


class Reference(_Entry):
    words: Words
    prepositions: Words


class Frames(_Entry):
    synonyms: dict[StrictStr, Words]
    after_quantity: dict[StrictStr, StrictStr]
    ignore: Words
    denominators: Denominators
    qualifiers: dict[StrictStr, Qualifier]
    one_sided: Words
    excludes: list[tuple[StrictStr, StrictStr]] = []
    events: dict[StrictStr, Event]
    gathering_nouns: Words
    name_suffixes: Words
    not_names: Words
    superlatives: dict[StrictStr, StrictInt]
    generic_nouns: Words
    reference: Reference
    subject_pronouns: Words
    clause_words: Words
    light_verbs: Words
    word_endings: Words
    titles: Words
    scope_prepositions: Words


# --- derivations.yaml ----------------------------------------------------------------------------

class Enumerations(_Entry):
    announcers: Phrases
    exhaustive: Phrases
    partial: Phrases
    joiners: Phrases
    clause_words: Phrases
    not_members: Phrases
    articles: Phrases
    linking_verbs: Phrases


class Ages(_Entry):
    before: Phrases
    after: Phrases
    copulas: Phrases
    softeners: Phrases
    when_words: Phrases
    person_pronouns: Phrases = []
    birth_event: StrictStr
    birth_lead: Phrases


class Derivations(_Entry):
    enumerations: Enumerations
    ages: Ages


DATA_MODELS: dict[str, type[BaseModel]] = {
    "hedges": Hedges, "currencies": Currencies, "currencies_iso": Currencies, "lexicon": Lexicon, "units": Units, "dates": Dates,
    "entities": Entities, "metrics": Metrics, "frames": Frames, "derivations": Derivations}


class CorpusConfig(_Entry):
    """A corpus's `factcheck.yaml`: additions to any data file (checked once merged, by the models above),
    the project settings (checked by project.py) and the two money settings."""

    hedges: dict[Any, Any] | None = None
    currencies: dict[Any, Any] | None = None
    lexicon: dict[Any, Any] | None = None
    units: dict[Any, Any] | None = None
    dates: dict[Any, Any] | None = None
    entities: dict[Any, Any] | None = None
    metrics: dict[Any, Any] | None = None
    frames: dict[Any, Any] | None = None
    derivations: dict[Any, Any] | None = None
    corpus: Any = None
    claims: Any = None
    reports: Any = None
    select: Any = None
    ignore: Any = None
    fail_on: Any = Field(None, alias="fail-on")
    default_dollar: StrictStr = "USD"
    rates: dict[StrictStr, Number] | None = None


# --- [tool.factcheck] in pyproject.toml, or the settings part of a factcheck.yaml -------------------------

class Settings(BaseModel):
    """`[tool.factcheck]`, or the settings part of a factcheck.yaml; None: the layout's default folder."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)
    corpus: StrictStr | None = None
    claims: StrictStr | None = None
    reports: StrictStr | None = None
    select: tuple[StrictStr, ...] = ()
    ignore: tuple[StrictStr, ...] = ()
    fail_on: Literal["minor", "material"] = Field("minor", alias="fail-on")

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _one_code(cls, value: Any) -> Any:
        """`select: FC2` is the list of one code a person means."""
        return [value] if isinstance(value, str) else value

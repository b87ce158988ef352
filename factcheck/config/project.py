"""Where a run's settings come from and where a corpus keeps its state.

Settings are discovered as the Python linters do: from the current folder upwards, the
first `factcheck.yaml` or `pyproject.toml` with a `[tool.factcheck]` table is the
project config (`--config FILE` names one instead). Its folder is the project root,
and the paths it gives are relative to it:

    corpus: corpus        # the sources (default: corpus/ when it exists, else the root itself)
    claims: claims        # claim records, cache index and reviews.yaml (default: claims/)
    reports: reports      # discrepancies.md, discrepancies.json, index.html (default: reports/)
    select: [FC2, FC101]  # rule codes or prefixes to report (default: all)
    ignore: [FC401]       # rule codes or prefixes never to report
    fail-on: material     # lowest severity that fails the run (default: minor)

State belongs to one corpus and is never shared: a corpus named by a project config uses
that project's folders; a folder called `corpus` without a config uses `claims/` and
`reports/` beside it (the layout `factcheck check` has always used); any other folder
keeps its state inside itself, in `.factcheck/` (hidden, so never read as a source).
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from factcheck.config.knowledge import CONFIG_NAME, SETTING_KEYS, ConfigError, Knowledge, read_yaml
from factcheck.config.schema import Settings

SETTINGS = SETTING_KEYS
STATE_DIR = ".factcheck"
SEVERITIES = ("minor", "material")


@dataclass(frozen=True)
class Project:
    """One corpus and the folders that belong to it."""

    root: Path
    corpus: Path
    claims: Path
    reports: Path
    config: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "minor"


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "factcheck" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def find_config(start: Path) -> Path | None:
    """The nearest project config at or above `start`: factcheck.yaml wins over pyproject.toml in one folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
        if (folder / "pyproject.toml").is_file() and _has_tool_table(folder / "pyproject.toml"):
            return folder / "pyproject.toml"
    return None


def read_settings(config: Path) -> Settings:
    """The settings part of a config file; vocabulary keys of a factcheck.yaml are left to knowledge.py."""
    if config.suffix == ".toml":
        data = _toml_settings(config)
    else:
        data = read_yaml(config) or {}
        if not isinstance(data, dict):
            raise ConfigError(f"{config}: the config must be a mapping of keys to values")
        data = {k: v for k, v in data.items() if k in SETTINGS}
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        raise ConfigError(_explain(e, data, config)) from None


def _toml_settings(config: Path) -> Any:
    """A TOML config's settings: its [tool.factcheck] table (pyproject.toml, or any TOML file that has one), else
    the top-level keys of a TOML file of its own (`--config factcheck.toml`)."""
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{config}: malformed TOML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{config}: cannot read: {e}") from None
    tool = data.get("tool", {})
    if config.name == "pyproject.toml" or (isinstance(tool, dict) and "factcheck" in tool):
        return tool.get("factcheck", {}) if isinstance(tool, dict) else {}
    return {k: v for k, v in data.items() if k != "tool"}


def _explain(error: ValidationError, data: Any, config: Path) -> str:
    """What the key must be, in the words the README uses, rather than pydantic's type names."""
    problems = error.errors()
    if problems[0]["type"] == "extra_forbidden":
        unknown = sorted(str(p["loc"][0]) for p in problems if p["type"] == "extra_forbidden")
        return (f"{config}: [tool.factcheck] has unknown keys {unknown}; known: {list(SETTINGS)} "
                f"(vocabulary goes in {CONFIG_NAME})")
    if not problems[0]["loc"]:
        return f"{config}: [tool.factcheck] must be a table of keys to values"
    key = str(problems[0]["loc"][0])
    if key in ("corpus", "claims", "reports"):
        return f"{config}: `{key}` must be a folder path, relative to {config.parent}"
    if key in ("select", "ignore"):
        return f"{config}: `{key}` must be a list of rule codes such as [FC201, FC4]"
    return f"{config}: `fail-on` must be one of {list(SEVERITIES)}, not {data[key]!r}"


def load_project(config: Path) -> Project:
    """The project a config file describes."""
    config = config.resolve()
    if not config.is_file():
        raise ConfigError(f"{config}: config file not found")
    root = config.parent
    s = read_settings(config)
    corpus = (root / (s.corpus if s.corpus is not None else "corpus" if (root / "corpus").is_dir() else ".")).resolve()
    default = own_state(corpus) if corpus == root else Project(root, corpus, root / "claims", root / "reports")
    return Project(root=root, corpus=corpus, config=config,
                   claims=root / s.claims if s.claims is not None else default.claims,
                   reports=root / s.reports if s.reports is not None else default.reports,
                   select=s.select, ignore=s.ignore, fail_on=s.fail_on)


def own_state(corpus: Path) -> Project:
    """A corpus no config names: `claims/` and `reports/` beside a folder called corpus, else `.factcheck/` in it."""
    if corpus.name == "corpus":
        return Project(root=corpus.parent, corpus=corpus, claims=corpus.parent / "claims",
                       reports=corpus.parent / "reports")
    return Project(root=corpus, corpus=corpus, claims=corpus / STATE_DIR, reports=corpus / STATE_DIR / "reports")


def discover(cwd: Path, config: Path | None = None) -> Project | None:
    """The project of the current folder: --config, else the nearest config, else the nearest folder with corpus/."""
    if config is not None:
        return load_project(config)
    found = find_config(cwd)
    if found is not None:
        return load_project(found)
    cwd = cwd.resolve()
    return next((own_state(f / "corpus") for f in (cwd, *cwd.parents) if (f / "corpus").is_dir()), None)


def project_of(corpus: Path) -> Project:
    """The project whose state a corpus folder uses: never the state of another corpus."""
    corpus = corpus.resolve()
    found = find_config(corpus)
    if found is not None:
        try:
            project = load_project(found)
        except ConfigError:
            project = None
        if project is not None and project.corpus == corpus:
            return project
    return own_state(corpus)


def config_path(corpus: Path | None) -> str:
    """The corpus config file: factcheck.yaml in the corpus folder, else the project's factcheck.yaml
    when it names this corpus (see project.py); "" when there is none."""
    if corpus is None:
        return ""
    folder = corpus if corpus.is_dir() else corpus.parent
    path = folder / CONFIG_NAME
    if path.is_file():
        return str(path)
    project = project_of(folder)
    return str(project.config) if project.config and project.config.name == CONFIG_NAME else ""


@functools.lru_cache(maxsize=8)
def _cached(config_file: str, mtime: float) -> Knowledge:
    config = (read_yaml(config_file) or {}) if config_file else {}
    return Knowledge(config, config_file)


def knowledge_for(corpus: Path | None) -> Knowledge:
    path = config_path(corpus)
    return _cached(path, Path(path).stat().st_mtime if path else 0.0)

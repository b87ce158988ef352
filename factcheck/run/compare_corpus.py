"""Comparing a corpus: story by story, family by family, from the cache where nothing changed, else on the workers.

Sources are grouped into stories (align/stories.py) and the claims of each story split into families (what can
be compared with what, align/scoring.py); each family is compared on its own (compare/family.py). Stories,
families and parts whose claims are unchanged are read back from the story cache (state/story_cache.py); the
rest goes to a runner's workers (run/runner.py) when there is enough of it. This module decides where the work
happens; what is found is decided in compare/.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import NamedTuple, cast

from factcheck.align.scoring import TITLE_FAMILY, is_comparable, story_families, weighed_words
from factcheck.align.family_parts import Known
from factcheck.compare.family import LinedUp, aligned_titles, family_findings
from factcheck.compare.derived import derived_findings
from factcheck.compare.findings import Comparison, alignment_findings, findings, keyed_groups
from factcheck.config.knowledge import Knowledge, canonical_knowledge
from factcheck.align.matching import Alignment
from factcheck.models import Claim
from factcheck.run.runner import Lost, Runner, worth_spreading
from factcheck.sources.document import Document
from factcheck.compare.rates import convert
from factcheck.align.stories import source_terms, stories_of
from factcheck.state.story_cache import FamilyCache, StoryCache
from factcheck.config.vocab import FrameVocab, vocab_for

STORY_CHUNK = 64                            # stories sent to the workers at once (their claims are in memory)
SPREAD_FAMILIES_FROM = 2000                  # claims to line up before a story's families go to the workers


class FamilyJob(NamedTuple):
    """A family of a story that the cache did not have whole: what lining it up needs, and where its findings go."""

    slot: int                  # its place among the story's families (the findings keep the families' order)
    family: tuple              # align.family's key
    members: list[Claim]
    words: set[str]            # every word its claims weigh: the rarities its worker needs
    key: str | None            # its cache entry (None without a cache)
    known: Known | None        # what the last run found for its parts (story_cache.FamilyCache.known)


def compare(docs: list[Document], claims: Mapping[str, list[Claim]], kn: Knowledge,
            cache: StoryCache | None = None, runner: Runner | None = None,
            terms: dict[str, dict[str, float]] | None = None, skip: frozenset[str] = frozenset()) -> Comparison:
    """All discrepancies and corroborations in the corpus, and how much of it could be compared.

    Stories are compared one by one, each from its own claims only; a story whose sources are unchanged
    since the last run is taken from `cache` (state/story_cache.py), the others go to `runner` (a process pool
    or a Dask cluster, runner.py) when one is given. A story whose cache key is in `skip` is left out: the
    caller knows its findings from another comparison with the very same sources (`add`, before and after).
    """
    paths = {d.meta.id: d.meta.path for d in docs}
    if terms is None:
        terms = {s: source_terms(claims[s]) for s in paths}
    members, keys = _story_members(paths, terms, cache, skip)
    parts = {n: cache.get(keys[n]) if cache else None for n in members}
    todo = sorted(n for n in members if parts[n] is None)
    done = _compare_stories([sorted(members[n]) for n in todo], claims, paths, kn, runner, cache)
    for n, part in zip(todo, done):
        parts[n] = part
        if cache:
            cache.put(keys[n], part)
            cache.used.update(part.family_lines)
    found = cast(dict[int, Comparison], parts)   # every story's: read back, or compared just now
    total = Comparison([], [], 0, 0, 0)
    for n in sorted(members):
        total.add(found[n])
    return total


def _story_members(paths: dict[str, str], terms: dict[str, dict[str, float]], cache: StoryCache | None,
                   skip: frozenset[str]) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Story number -> its sources, and -> its cache key (with a cache); without the stories whose key is in
    `skip`."""
    members: dict[int, list[str]] = defaultdict(list)
    for source, number in _stories(sorted(paths), terms, cache).items():
        members[number].append(source)
    keys = {n: cache.key(sorted(ids)) for n, ids in members.items()} if cache else {}
    for n in [n for n, key in keys.items() if key in skip]:
        del members[n]
    return members, keys


def _stories(ids: list[str], terms: dict[str, dict[str, float]], cache: StoryCache | None) -> dict[str, int]:
    """Source id -> story number, read back when the sources and their terms are those the last run grouped."""
    mine = {s: terms[s] for s in ids}
    known = cache.stories(mine) if cache else None
    if known is None:
        known = stories_of(mine)
        if cache:
            cache.remember_stories(mine, known)
    return known


def _compare_stories(stories: list[list[str]], claims: Mapping[str, list[Claim]], paths: dict[str, str],
                     kn: Knowledge, runner: Runner | None, cache: StoryCache | None) -> list[Comparison]:
    """Each story's findings. On a runner, a story too large to share a worker with the others (a folder on one
    topic is mostly one story) is compared here with its families spread over the workers; the other stories go
    to the workers in chunks, so that the claims of the whole corpus are never all in memory at once. Families
    are read back from the cache in this process (a worker would need the whole cache); a worker's new family
    entries come back with its findings."""
    voc = vocab_for(canonical_knowledge(kn))

    def job(ids: list[str], here: bool) -> tuple[dict[str, list[Claim]], dict[str, str], Knowledge, FamilyCache | None]:
        """A story's comparable claims, paths, vocabularies and family cache (read only in this process: a
        worker would need the whole cache)."""
        return ({s: comparable(claims, s, voc) for s in ids}, {s: paths[s] for s in ids}, kn,
                cache.families(ids, lookup=here) if cache else None)

    if not worth_spreading(runner, len(stories), least=1):
        return [compare_story(*job(ids, True)) for ids in stories]
    out: list[Comparison | None] = [None] * len(stories)
    large = _large(stories, claims, runner.jobs)
    small = [n for n in range(len(stories)) if n not in large]
    if not worth_spreading(runner, len(small), least=2):
        large, small = sorted(large + small), []
    for i in range(0, len(small), STORY_CHUNK):
        chunk = small[i:i + STORY_CHUNK]
        for n, part in zip(chunk, runner.map(compare_story, [job(stories[n], False) for n in chunk])):
            out[n] = compare_story(*job(stories[n], True)) if isinstance(part, Lost) else part  # died: redo it here
    for n in large:
        out[n] = compare_story(*job(stories[n], True), runner=runner)
    return cast(list[Comparison], out)   # every story's: the small ones and the large ones


def comparable(claims: Mapping[str, list[Claim]], ident: str, voc: FrameVocab) -> list[Claim]:
    """The claims of a source that a story's comparison reads (align.is_comparable): from a claim store, only those
    records are read at all (a large story's claims are the peak of a run's memory, and reading them its
    largest fixed cost); from a plain mapping, its claims filtered."""
    pick = getattr(claims, "comparable", None)
    return pick(ident) if pick is not None else [c for c in claims[ident] if is_comparable(c, voc)]


def _large(stories: list[list[str]], claims: Mapping[str, list[Claim]], workers: int) -> list[int]:
    """The stories that would keep one worker busy while the others wait: more than a worker's share of the claims."""
    counts = getattr(claims, "counts", None) or {s: len(claims[s]) for ids in stories for s in ids}
    sizes = [sum(counts.get(s, 0) for s in ids) for ids in stories]
    return [n for n, size in enumerate(sizes) if size * workers > sum(sizes)]


def compare_story(claims: dict[str, list[Claim]], paths: dict[str, str], kn: Knowledge,
                  families: FamilyCache | None = None, runner: Runner | None = None) -> Comparison:
    """The discrepancies and corroborations among the claims of one story (its sources' claims only).

    Families (what can be compared with what) are lined up independently; a family whose claims, sources
    and word rarities are what they were is read back from `families`, and what is found anew is handed
    to it (one changed source in a large story costs the families it is in, not the story). With a runner,
    the families to line up go to its workers.
    """
    kn = canonical_knowledge(kn)
    voc = vocab_for(kn)
    story = convert([c for source in sorted(claims) for c in claims[source]], kn)
    fams, idf = story_families(story, voc)
    titles = Alignment()  # rankings lined up as titles: their links also explain the groups of one rank
    parts, todo = _families_at_hand(fams, idf, voc, paths, families, titles)
    sources = families.sources if families is not None else {s: (p, "") for s, p in paths.items()}
    fingerprint = families.fingerprint if families is not None else ""
    tasks = [_task(job, idf, sources, kn, fingerprint) for job in todo]
    for job, task, lined in zip(todo, tasks, _line_up(tasks, runner)):
        parts[job.slot] = _family_total(lined, families, job, task)
    own = Comparison([], [], 0, 0, 0)   # titles and keyed groups: what no family entry of the cache holds
    total = Comparison([], [], 0, 0, 0)
    for (fam, _), part in zip(fams.items(), cast(list[Comparison], parts)):   # every family's, at hand or lined up
        (own if fam[0] == TITLE_FAMILY else total).add(part)
    own.add(findings([(g, True) for g in keyed_groups(story)], titles, paths, voc))
    own.add(derived_findings(story, paths, kn))
    total.add(own)
    total.own = own
    if families is not None:
        total.family_lines, total.family_keys = families.new_lines, families.keys
    return total


def _families_at_hand(fams: dict[tuple, list[Claim]], idf: dict[str, float], voc: FrameVocab, paths: dict[str, str],
                      families: FamilyCache | None, titles: Alignment) -> tuple[list[Comparison | None], list[FamilyJob]]:
    """Per family, in order, its findings when they need no work: titles lined up here (their links go to
    `titles`), families read back from the cache; None and a job for each of the others."""
    parts: list[Comparison | None] = []
    todo: list[FamilyJob] = []
    for fam, members in fams.items():
        if fam[0] == TITLE_FAMILY:  # small, and their links are needed here: always lined up in this process
            parts.append(_title_findings(members, idf, voc, paths, titles))
            continue
        words = {w for c in members for w in weighed_words(c)}   # what the family's cache key and its job need
        key = families.key(members, words, idf) if families is not None else None
        parts.append(families.get(key) if families is not None and key else None)
        if parts[-1] is None:
            known = families.known(fam, members) if families is not None else None
            todo.append(FamilyJob(len(parts) - 1, fam, members, words, key, known))
    return parts, todo


def _title_findings(members: list[Claim], idf: dict[str, float], voc: FrameVocab, paths: dict[str, str],
                    titles: Alignment) -> Comparison:
    aligned = aligned_titles(members, idf, voc)
    for link in aligned.links.values():
        titles.add(link)
    return alignment_findings(aligned, paths, voc)


FamilyTask = tuple[list[Claim], dict[str, float], dict[str, tuple[str, str]], Knowledge, str, Known | None]
"""The arguments of family_findings: what a worker needs to line up one family, and nothing more."""


def _task(job: FamilyJob, idf: dict[str, float], sources: dict[str, tuple[str, str]], kn: Knowledge,
          fingerprint: str) -> FamilyTask:
    return (job.members, {w: idf[w] for w in job.words}, {c.source: sources[c.source] for c in job.members}, kn,
            fingerprint, job.known)


def _family_total(lined: LinedUp, families: FamilyCache | None, job: FamilyJob, task: FamilyTask) -> Comparison:
    """A family's findings: its parts lined up anew and those read back; kept in the cache by part. A part to
    read back that the cache no longer holds makes the whole family lined up again, here."""
    found, parts = lined
    reused = [families.get(k) for k in parts.reused] if families is not None else []
    if any(r is None for r in reused):
        found, parts = family_findings(*task[:-1], None)
        reused = []
    total = Comparison([], [], parts.alone, parts.alone, parts.scored)
    for part in [c for _, c in found] + cast(list[Comparison], reused):   # none missing: checked above
        total.add(part)
    if families is not None and job.key:
        families.put_family(job.key, job.family, job.members, found, parts)
    return total


def _line_up(tasks: list[FamilyTask], runner: Runner | None) -> list[LinedUp]:
    """The findings of each family to line up, on the runner's workers when there are enough claims to share;
    the largest families are sent first, so that no worker is left with one at the end."""
    if not worth_spreading(runner, len(tasks), least=2) or sum(len(t[0]) for t in tasks) < SPREAD_FAMILIES_FROM:
        return [family_findings(*t) for t in tasks]
    order = sorted(range(len(tasks)), key=lambda k: (-len(tasks[k][0]), k))
    out: list[LinedUp | None] = [None] * len(tasks)
    for k, lined in zip(order, runner.map(family_findings, [tasks[k] for k in order])):
        out[k] = family_findings(*tasks[k]) if isinstance(lined, Lost) else lined  # died: redo it here
    return cast(list[LinedUp], out)   # every family's: `order` holds them all

"""Review decisions: a plain YAML file under version control that says who decided what, when.

A decision is keyed by the discrepancy's stable id (a fingerprint of what is compared: rule, kind
and unit, measured thing, period; not of line numbers, members or labels) and remembers the *state*
it was made on: the positions' values and sources, and the subject in words. When that state changes
(a new source adds a position, a figure is corrected) the decision is reported as stale instead of
silently hiding the new state, like an unused `noqa` (RUF100) or a pruned baseline entry. When the
thing compared changes (another period, another measured word), the id does too: a decision whose
id is gone follows the discrepancy that holds the figures it saw, stale, saying what it was about
and what it is about now; only a decision none of whose figures is left is reported as vanished.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from factcheck.config import safe_yaml
from factcheck.models import Discrepancy
from factcheck.review.seen import seen_of
from factcheck.state.storage import write_text, writer_lock

FILE_NAME = "reviews.yaml"
_HEADER = """\
# factcheck review decisions. Add one with `factcheck review ID --status ... --reason ...`,
# or edit by hand: status is explained (the sources do not really disagree: different
# scope, period, ...), accepted (a known disagreement), or error (a real error in `source`).
"""


class ReviewError(Exception):
    """A review file that cannot be used; the message names the file and line."""


class Review(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    status: Literal["explained", "accepted", "error"]
    reason: str
    by: str = ""
    at: str = ""
    source: str | None = None
    state: str = ""
    seen: tuple[str, ...] = ()  # the claims the decision saw, as 'source: figure' (seen.py)
    subject: str = ""           # what the discrepancy was about, in words, when the decision was made


def state_of(d: Discrepancy) -> str:
    """What a decision was made on: the values and sources of each position, and what they are about (the
    subject's key: its owner and the names every claim shares); not their wording or lines."""
    parts = sorted("|".join(sorted(f"{c.source}:{c.kind}:{c.value}:{c.low}:{c.high}:{c.bound}:{c.text_value}:"
                                   f"{c.date.start if c.date else ''}" for c in p.claims)) for p in d.positions)
    return hashlib.sha1("\n".join([d.subject_key, *parts]).encode()).hexdigest()[:12]


def _line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _parse(path: Path, text: str) -> tuple[yaml.Node | None, object]:
    """The composed tree (for line numbers) and the data; any YAML problem names its line."""
    try:
        return yaml.compose(text), safe_yaml.load(text)
    except RecursionError:
        raise ReviewError(f"{path}:1: malformed YAML: nested too deeply") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise ReviewError(f"{path}:{mark.line + 1 if mark else 1}: malformed YAML: {getattr(e, 'problem', e)}") \
            from None


def load(path: Path) -> list[Review]:
    """The decisions in `path` (none when it does not exist); a typo, an unknown or repeated key, a bad
    status or date, a `!!python` tag: each names its line."""
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ReviewError(f"{path}: cannot read: {e}") from None
    root, data = _parse(path, text)
    if root is None:
        return []
    entries = data.get("reviews") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ReviewError(f"{path}:{_line_of(root)}: expected a mapping with a list under 'reviews'")
    nodes = next((v for k, v in root.value if k.value == "reviews"), None)
    out: list[Review] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(entries):
        line = _line_of(nodes.value[n] if nodes is not None and n < len(nodes.value) else None)
        review = _review(path, line, n, entry)
        if review.id in seen:
            raise ReviewError(f"{path}:{line}: {review.id} is reviewed twice (also on line {seen[review.id]})")
        seen[review.id] = line
        out.append(review)
    return out


def _review(path: Path, line: int, n: int, entry: object) -> Review:
    """Entry n of the file as a decision; YAML reads an unquoted date as a date, the decision keeps its text."""
    try:
        return Review.model_validate({k: (str(v) if k == "at" and v is not None else v)
                                      for k, v in (entry or {}).items()} if isinstance(entry, dict) else entry)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise ReviewError(f"{path}:{line}: review {n + 1}: {where}: {err['msg']}") from None


def save(path: Path, reviews: list[Review]) -> None:
    body = {"reviews": [r.model_dump(exclude_defaults=True) | {"id": r.id, "status": r.status, "reason": r.reason}
                        for r in sorted(reviews, key=lambda r: r.id)]}
    write_text(path, _HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100))


def decide(path: Path, current: Discrepancy, status: str, reason: str, by: str, source: str | None,
           at: str | None = None, replaces: str | None = None) -> Review:
    """Record (or replace) the decision on `current`, bound to its present state; `replaces`: the id of the
    decision that followed it from an earlier id (moved_from), which this one takes the place of.

    Load, edit and save happen under the claims folder's lock: two reviewers at once both keep
    their decision, neither overwrites the other's.
    """
    review = Review(id=current.id, status=status, reason=reason, by=by, source=source,
                    at=at or dt.date.today().isoformat(), state=state_of(current), seen=seen_of(current),
                    subject=current.subject)
    with writer_lock(path.parent):
        save(path, [r for r in load(path) if r.id not in (current.id, replaces)] + [review])
    return review


def moved_from(current: Discrepancy, discrepancies: list[Discrepancy], reviews: list[Review]) -> str | None:
    """The id of the decision that follows `current` from an earlier id, if one does."""
    review = classify(discrepancies, reviews)[0].get(current.id, ("new", None))[1]
    return review.id if review is not None and review.id != current.id else None


def classify(discrepancies: list[Discrepancy], reviews: list[Review]
             ) -> tuple[dict[str, tuple[str, Review | None]], list[Review]]:
    """Each discrepancy's review status (new, reviewed, stale) and the decisions whose discrepancy is gone. A
    decision whose id no discrepancy has follows the unreviewed discrepancy holding the most of the figures it
    saw (stale: what it was made on is not what is there)."""
    by_id = {r.id: r for r in reviews}
    status: dict[str, tuple[str, Review | None]] = {}
    for d in discrepancies:
        r = by_id.get(d.id)
        if r is None:
            status[d.id] = ("new", None)
        else:
            status[d.id] = ("reviewed" if r.state in ("", state_of(d)) else "stale", r)
    current = {d.id for d in discrepancies}
    orphans = [r for r in reviews if r.id not in current]
    moved = _followed(orphans, [d for d in discrepancies if d.id not in by_id])
    for ident, r in moved.items():
        status[ident] = ("stale", r)
    followed = {r.id for r in moved.values()}
    return status, [r for r in orphans if r.id not in followed]


def _followed(orphans: list[Review], free: list[Discrepancy]) -> dict[str, Review]:
    """Discrepancy id -> the decision of an id that is gone which it takes over: the one that shares the most
    'source: figure' lines with it (of the same rule first), each decision and discrepancy taken once."""
    seen = {d.id: set(seen_of(d)) for d in free}
    out: dict[str, Review] = {}
    for r in sorted(orphans, key=lambda r: r.id):
        rule = r.id.split("-", 1)[0]
        fits = sorted((d.code != rule, -len(seen[d.id] & set(r.seen)), d.id) for d in free if d.id not in out)
        best = next((f for f in fits if f[1] < 0), None)
        if best is not None:
            out[best[2]] = r
    return out

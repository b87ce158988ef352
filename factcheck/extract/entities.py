"""Entity mentions: the words of entities.yaml, matched case-sensitively on word boundaries.

A person stands for the country or body they speak for (a president for their country), and a
capital for its country, so that "In Velmora, Norland signed ..." and "the Norland president's
visit to Velmora" resolve to the same parties when the list names them.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck.config.knowledge import Knowledge


@dataclass(frozen=True)
class EntityMention:
    start: int
    end: int
    id: str       # canonical id as written in entities.yaml
    party: str    # what it stands for in a subject: a person's country, else the id itself
    type: str


_NOTHING = re.compile(r"(?!)")  # an empty alternation would match the empty string at every word gap


@functools.lru_cache(maxsize=4)
def _matcher(kn: Knowledge) -> tuple[re.Pattern[str], dict[str, tuple[str, str, str]]]:
    table: dict[str, tuple[str, str, str]] = {}
    for ident, spec in kn.data["entities"].get("aliases", {}).items():
        party = spec.get("part_of", ident)
        for name in spec.get("names", []):
            table[name] = (str(ident), str(party), spec.get("type", "name"))
    if not table:  # a corpus about topics no entity list knows: no mentions, and no crash
        return _NOTHING, table
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w]|\.\w)")
    return pattern, table


def label(kn: Knowledge, ident: str) -> str:
    spec = kn.data["entities"].get("aliases", {}).get(ident)
    return str(spec.get("label", ident)) if spec else ident


def find_entities(scan: str, start: int, end: int, kn: Knowledge) -> list[EntityMention]:
    pattern, table = _matcher(kn)
    out = []
    for m in pattern.finditer(scan, start, end):
        ident, party, kind = table[m.group()]
        out.append(EntityMention(m.start(), m.end(), ident, party, kind))
    return out

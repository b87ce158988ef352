"""Records are frozen, and a large story holds a hundred thousand of them: the field-name sets pydantic keeps
per instance are shared between records of one type, without changing what a record is or how it copies."""
from __future__ import annotations

import json
import pickle
import tempfile
from pathlib import Path

from factcheck.models import Claim

from factcheck.config.knowledge import Knowledge
from factcheck.state.storage import dumps

from helpers import extract_text

SOURCE = sorted((Path(__file__).parent.parent / "corpus").glob("*.md"))[0]


def _lines() -> list[str]:
    """Claim records as the claim store writes them (claims/ is machine state, not in the repository)."""
    with tempfile.TemporaryDirectory() as tmp:
        _, claims = extract_text(Path(tmp) / SOURCE.name, SOURCE.read_text(encoding="utf-8"), Knowledge())
    return [dumps(c) for c in claims]


def _two_claims() -> tuple[Claim, Claim]:
    a, b = (Claim.model_validate_json(line) for line in _lines()[:2])
    return a, b


def test_validated_records_share_one_set_of_field_names():
    a, b = _two_claims()
    assert a.model_fields_set == set(json.loads(_lines()[0]))  # still the fields the record was given
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert a.frame is not None and b.frame is not None
    assert a.frame.__pydantic_fields_set__ is b.frame.__pydantic_fields_set__


def test_a_copy_with_changes_leaves_the_shared_set_and_the_original_alone():
    a, b = _two_claims()
    before = set(a.model_fields_set)
    old = a.to_base
    changed = a.model_copy(update={"to_base": 12345.5})
    assert changed.to_base == 12345.5 and a.to_base == old
    assert changed.__pydantic_fields_set__ is not a.__pydantic_fields_set__
    assert a.model_fields_set == before and b.model_fields_set == before
    assert a.model_dump_json() == Claim.model_validate_json(a.model_dump_json()).model_dump_json()


def test_records_from_a_worker_share_the_set_too():
    a, _ = _two_claims()
    back = pickle.loads(pickle.dumps(a))
    assert back == a
    assert back.__pydantic_fields_set__ is a.__pydantic_fields_set__

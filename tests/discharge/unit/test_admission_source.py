"""Where an admission came from, by its command's id: the feed's and the FHIR routes' ids
have a space, which no caller's own command_id may hold."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from events import bounds as b
from services.discharge.domain.source import source_of


@pytest.mark.parametrize(
    ("command_id", "source"),
    [
        ("hl7 UCLH 0000000042 3f2a9c", "hl7"),
        ("hl7 UCLH 0000000042 3f2a9c admit", "hl7"),
        ("fhir 1a2b3c4d5e6f7a8b admit", "fhir"),
        ("", "typed"),
        ("hl7-lookalike#abc", "typed"),
        ("broker:5f1c", "typed"),
    ],
)
def test_the_source_of_an_admission_is_read_from_its_command_id(
    command_id: str, source: str
) -> None:
    assert source_of(command_id) == source


def test_a_callers_own_command_id_cannot_look_like_the_feeds() -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(b.CommandId).validate_python("hl7 UCLH 1 x")

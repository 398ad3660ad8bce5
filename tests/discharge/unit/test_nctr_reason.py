"""The NCTR reason of a delay: the SitRep reason recorded, else the England reason read
through reference/dtoc_to_sitrep.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from services.discharge.domain.nctr_reason import nctr_reason, parse_dtoc_to_sitrep
from services.discharge.domain.primary_reason import OpenBlocker, PrimaryRule
from services.discharge.domain.vocabulary import REASONS, Vocabulary

SHIPPED = "services/discharge/reference/dtoc_to_sitrep.json"
T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)


def blocker(vocabulary: str, code: str, hours: int) -> OpenBlocker:
    return OpenBlocker(
        f"{code}-{hours}", vocabulary, code, None, "", "", T0 + timedelta(hours=hours), hours
    )


def shipped() -> dict[str, str]:
    with open(SHIPPED) as f:
        return parse_dtoc_to_sitrep(json.load(f))


def test_a_package_being_sourced_reads_as_pathway_1_and_a_care_home_placement_as_pathway_3() -> (
    None
):
    mapping = shipped()
    assert mapping["E"] == "P1"
    assert mapping["Di"] == mapping["Dii"] == "P3"
    assert nctr_reason([blocker("dtoc", "E", 1)], PrimaryRule(), mapping) == "P1"


def test_a_recorded_sitrep_reason_wins_whatever_the_england_reason() -> None:
    open_now = [blocker("dtoc", "E", 5), blocker("sitrep", "TTO", 1)]
    assert nctr_reason(open_now, PrimaryRule(), shipped()) == "TTO"


def test_the_rule_chooses_among_several_recorded_sitrep_reasons() -> None:
    open_now = [blocker("sitrep", "TTO", 1), blocker("sitrep", "TRANSPORT", 2)]
    assert nctr_reason(open_now, PrimaryRule(), shipped()) == "TRANSPORT"
    assert nctr_reason(open_now, PrimaryRule("earliest"), shipped()) == "TTO"


def test_an_england_reason_without_a_sitrep_counterpart_or_no_reason_gives_none() -> None:
    assert nctr_reason([blocker("dtoc", "B", 1)], PrimaryRule(), shipped()) is None
    assert nctr_reason([blocker("pocd", "HOMECARE", 1)], PrimaryRule(), shipped()) is None
    assert nctr_reason([], PrimaryRule(), shipped()) is None


def test_every_mapped_code_is_known_to_both_vocabularies() -> None:
    for dtoc, sitrep in shipped().items():
        assert dtoc in REASONS[Vocabulary.DTOC] and sitrep in REASONS[Vocabulary.SITREP]


@pytest.mark.parametrize(
    ("mapping", "words"),
    [({"Q": "P1"}, "not an England DTOC"), ({"E": "P9"}, "not an acute SitRep")],
)
def test_a_mapping_with_an_unknown_code_is_refused(mapping: dict[str, str], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_dtoc_to_sitrep(mapping)

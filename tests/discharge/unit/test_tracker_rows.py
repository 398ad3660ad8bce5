"""A tracker row's cells are bounded by events.bounds, each refusal names its column, and the
row's key (the command id stores already hold) is what earlier releases computed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from events.platform.errors import InvalidInput
from services.discharge.domain.nhs_number import check_nhs_number
from services.discharge.importer import TrackerRow
from services.discharge.importer_rows import cell_problems

# Rows and the keys the release before this one gave them: codes in lower case, a spaced NHS
# number, a vocabulary column present but empty, summer and winter times, offsets, UK dates.
EARLIER_KEYS = [
    (
        {"episode_id": "RTG-0001", "at": "2019-11-28 08:00", "event": "admitted",
         "provider_code": "RTG", "provider_name": "University Hospitals of Derby and Burton",
         "la_code": "E06000015", "la_name": "Derby", "care_type": "acute", "reason_code": "",
         "agency": "", "pathway": "", "destination": ""},
        "import:b398e156be2f785e5387c460216b849b",
    ),
    (
        {"episode_id": " s1 ", "at": "02/12/2019 10:00", "event": "Ready", "provider_code": "",
         "provider_name": "", "la_code": "", "la_name": "", "care_type": "",
         "reason_code": "D(ii)", "agency": "social_care", "pathway": "P3", "destination": ""},
        "import:554c9b25881954864f0c139213bb0d5b",
    ),
    (
        {"episode_id": "s1", "at": "2019-12-05T10:00:00Z", "event": "DISCHARGED",
         "destination": "care home"},
        "import:952a07f356cce386714619487ad7b09b",
    ),
    (
        {"episode_id": "s1", "at": "2019-12-01", "event": "admitted", "provider_code": "rx1",
         "provider_name": "Trust", "la_code": "", "la_name": "Resident in Scotland",
         "care_type": "NonAcute"},
        "import:b72095e8ee2ef9fa88b83a89175fbcc0",
    ),
    (
        {"episode_id": "n1", "at": "2019-06-01 14:30", "event": "admitted",
         "provider_code": "RX1", "provider_name": "Trust", "la_code": "e06000015",
         "la_name": "Derby", "care_type": "acute", "nhs_number": "943 476 5919",
         "site": "Main", "ward": "W1"},
        "import:07c86f007c593ac8c8501fc1b49d5cd6",
    ),
    (
        {"episode_id": "n1", "at": "2019-06-02T09:00:00+01:00", "event": "reason",
         "reason_code": "A", "agency": "NHS", "vocabulary": ""},
        "import:653f8e83f7acbda8d163992cc22cd997",
    ),
    (
        {"episode_id": "n1", "at": "2019-06-03 09:00", "event": "ready", "pathway": "P2",
         "setting": "care_home", "vocabulary": "dtoc"},
        "import:ed649c22e762e9a4bf69a63f46721b32",
    ),
    (
        {"episode_id": "n1", "at": "2019-06-04 09:00", "event": "not-ready"},
        "import:5743659cf0a0d915fedbef793b90335f",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "key"), EARLIER_KEYS)
def test_a_row_keeps_the_key_an_earlier_release_gave_it(cells: dict[str, str], key: str) -> None:
    assert TrackerRow.model_validate(cells).key() == key


def test_codes_are_kept_as_published_though_the_key_keeps_the_cells_as_written() -> None:
    cells, key = EARLIER_KEYS[4]
    row = TrackerRow.model_validate(cells)
    assert (row.la_code, row.nhs_number, row.key()) == ("E06000015", "9434765919", key)


def problems(cells: dict[str, str]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as refused:
        TrackerRow.model_validate(
            {"episode_id": "e1", "at": "2019-12-01", "event": "ready"} | cells
        )
    return cell_problems(refused.value)


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"nhs_number": "943476591²"}, "nhs_number", "ten digits"),
        ({"nhs_number": "9434765918"}, "nhs_number", "check digit"),
        ({"provider_code": "R"}, "provider_code", "should match"),
        ({"la_code": "Derby"}, "la_code", "should match"),
        ({"provider_name": "Trust\x00"}, "provider_name", "control characters"),
        ({"ward": "W" * 201}, "ward", "at most 200"),
        ({"episode_id": ""}, "episode_id", "at least 1"),
        ({"at": "0001-01-01"}, "at", "must not be before 1990-01-01"),
        ({"at": "2199-01-01"}, "at", "must not be in the future"),
        ({"at": "2019-03-31 01:30"}, "at", "does not exist in UK time"),
        ({"at": "2019-10-27 01:30"}, "at", "happens twice in UK time"),
        ({"event": "moved"}, "event", "should be"),
    ],
)
def test_a_cell_out_of_bounds_is_refused_by_its_column(
    cells: dict[str, str], column: str, reason: str
) -> None:
    [(got_column, got_reason)] = problems(cells)
    assert got_column == column and reason in got_reason


def test_every_bad_cell_of_a_row_is_named() -> None:
    assert [c for c, _ in problems({"at": "yesterday", "la_code": "x1", "event": "?"})] == [
        "at", "event", "la_code",
    ]  # fmt: skip


def test_an_la_name_without_a_code_still_stands_for_the_council() -> None:
    row = TrackerRow.model_validate(
        {"episode_id": "s1", "at": "2019-12-01", "event": "admitted", "provider_code": "RX1",
         "la_name": "Resident in Scotland", "care_type": "acute"}
    )  # fmt: skip
    admission = row.admission()
    assert (admission["la_code"], admission["la_name"]) == ("Resident in Scotland",) * 2


@pytest.mark.parametrize("number", ["943476591²", "٩٤٣٤٧٦٥٩١٩", "9434765918", "94347659"])
def test_the_domain_refuses_a_bad_nhs_number_rather_than_crash(number: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_nhs_number(number)
    assert refused.value.field == "nhs_number"


def test_the_domain_takes_an_nhs_number_spaced_3_3_4() -> None:
    assert check_nhs_number("943 476 5919") == check_nhs_number("9434765919") == "9434765919"

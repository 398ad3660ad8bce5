"""Which homes could take the person now, and in what order: choice, place, distance,
freshness, then quality, each match saying why in words."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from services.broker.domain.matching import Candidate, Match, Needs, rank

NOW = datetime(2024, 3, 4, 12, 0)
FRESH = 48.0
SOUTHPORT = (53.645, -3.010)
BOOTLE = (53.446, -2.994)

NEEDS = Needs(
    bed_type="nursing-dementia",
    specialisms=(),
    preferred_localities=(),
    preferred_home_ids=(),
)


def home(name: str, **overrides: object) -> Candidate:
    """A good home in Southport with one free bed, reported two hours ago."""
    c = Candidate(
        home_id=uuid.uuid5(uuid.NAMESPACE_DNS, name),
        name=name,
        la_code="E08000014",
        locality="Southport",
        latitude=SOUTHPORT[0],
        longitude=SOUTHPORT[1],
        specialisms=(),
        rating="good",
        available=1,
        reported_at=NOW - timedelta(hours=2),
    )
    return replace(c, **overrides)  # type: ignore[arg-type]


def reported(hours_ago: float) -> datetime:
    return NOW - timedelta(hours=hours_ago)


def ranked(needs: Needs, *homes: Candidate) -> list[str]:
    return [m.candidate.name for m in rank(needs, list(homes), NOW, FRESH)]


# -- who is a candidate at all ---------------------------------------------------------------


@pytest.mark.parametrize("available", [0, -1])
def test_a_home_without_a_free_bed_is_not_a_candidate(available: int) -> None:
    full = home("Full House", available=available)
    assert ranked(NEEDS, full, home("Rose Lodge")) == ["Rose Lodge"]


def test_a_home_lacking_a_needed_specialism_is_not_a_candidate() -> None:
    needs = replace(NEEDS, specialisms=("bariatric", "dementia_nursing"))
    partly = home("Partly", specialisms=("dementia_nursing",))
    fully = home("Fully", specialisms=("complex_needs", "dementia_nursing", "bariatric"))
    none = home("None")
    assert ranked(needs, partly, fully, none) == ["Fully"]
    assert ranked(NEEDS, partly, fully, none) == ["Partly", "Fully", "None"]


def test_a_stale_or_unreported_vacancy_is_not_a_candidate() -> None:
    stale = home("Stale", reported_at=reported(FRESH + 0.5))
    never = home("Never Reported", reported_at=None)
    just = home("Just In Time", reported_at=reported(FRESH))
    assert ranked(NEEDS, stale, never, just) == ["Just In Time"]


def test_nobody_fits_is_an_empty_list() -> None:
    assert rank(NEEDS, [], NOW, FRESH) == []
    assert ranked(NEEDS, home("Full", available=0), home("Old", reported_at=reported(99))) == []


# -- the order ----------------------------------------------------------------------------------


def test_the_persons_own_choice_of_home_comes_first() -> None:
    chosen = home(
        "Chosen", locality="Formby", rating="requires_improvement", reported_at=reported(40)
    )
    local = home("Local", locality="Bootle", rating="outstanding", reported_at=reported(1))
    needs = replace(NEEDS, preferred_home_ids=(chosen.home_id,), preferred_localities=("Bootle",))
    assert ranked(needs, local, chosen) == ["Chosen", "Local"]
    near = replace(needs, near=BOOTLE)
    assert ranked(near, local, chosen) == ["Chosen", "Local"]  # even though Local is nearer


def test_preferred_localities_come_next() -> None:
    local = home(
        "In Bootle",
        locality="Bootle",
        latitude=BOOTLE[0] + 0.1,
        longitude=BOOTLE[1],
        rating="requires_improvement",
        reported_at=reported(40),
    )
    elsewhere = home(
        "In Crosby",
        locality="Crosby",
        latitude=BOOTLE[0],
        longitude=BOOTLE[1],
        rating="outstanding",
        reported_at=reported(1),
    )
    needs = replace(NEEDS, preferred_localities=("Bootle", "Litherland"), near=BOOTLE)
    assert ranked(needs, elsewhere, local) == ["In Bootle", "In Crosby"]


def test_nearer_homes_come_before_fresher_reports_when_a_point_is_given() -> None:
    near = home("Near", latitude=53.64, longitude=-3.00, reported_at=reported(30))
    far = home("Far", latitude=53.40, longitude=-2.95, reported_at=reported(1))
    needs = replace(NEEDS, near=SOUTHPORT)
    assert ranked(needs, far, near) == ["Near", "Far"]
    [first, second] = rank(needs, [far, near], NOW, FRESH)
    assert first.distance_km is not None and second.distance_km is not None
    assert first.distance_km < 2 < 25 < second.distance_km < 30


def test_without_a_point_the_freshest_report_comes_first() -> None:
    older = home("Older", reported_at=reported(30), rating="outstanding")
    newer = home("Newer", reported_at=reported(1), rating="requires_improvement")
    assert ranked(NEEDS, older, newer) == ["Newer", "Older"]
    assert all(m.distance_km is None for m in rank(NEEDS, [older, newer], NOW, FRESH))


def test_the_better_rating_breaks_a_tie_and_unrated_homes_come_last() -> None:
    homes = [
        home("Unrated", rating=None),
        home("Inadequate", rating="inadequate"),
        home("Good", rating="good"),
        home("Outstanding", rating="outstanding"),
        home("Requires Improvement", rating="requires_improvement"),
    ]
    assert ranked(NEEDS, *homes) == [
        "Outstanding",
        "Good",
        "Requires Improvement",
        "Inadequate",
        "Unrated",
    ]


def test_more_free_beds_do_not_change_the_order() -> None:
    many = home("Many Beds", available=9, reported_at=reported(10))
    one = home("One Bed", available=1, reported_at=reported(5))
    assert ranked(NEEDS, many, one) == ["One Bed", "Many Beds"]


# -- the reasons ------------------------------------------------------------------------------


def reasons(matches: list[Match], name: str) -> list[str]:
    [m] = [m for m in matches if m.candidate.name == name]
    return m.reasons


def test_every_match_says_why_in_words() -> None:
    chosen = home(
        "Rose Lodge",
        locality="Bootle",
        latitude=BOOTLE[0],
        longitude=BOOTLE[1],
        specialisms=("dementia_nursing", "bariatric"),
        rating="requires_improvement",
        available=2,
        reported_at=reported(5),
    )
    plain = home("Oak House", specialisms=("dementia_nursing",), rating=None)
    needs = Needs(
        bed_type="nursing-dementia",
        specialisms=("dementia_nursing",),
        preferred_localities=("Bootle",),
        preferred_home_ids=(chosen.home_id,),
        near=BOOTLE,
    )
    matches = rank(needs, [plain, chosen], NOW, FRESH)
    assert reasons(matches, "Rose Lodge") == [
        "the person's own choice of home",
        "in a preferred locality (Bootle)",
        "2 nursing-dementia bed(s) free",
        "meets specialist needs: dementia_nursing",
        "0.0 km away",
        "vacancies confirmed 5 h ago",
        "CQC: requires improvement",
    ]
    oak = reasons(matches, "Oak House")
    assert oak[0] == "1 nursing-dementia bed(s) free"
    assert oak[-2:] == ["vacancies confirmed 2 h ago", "CQC: not yet rated"]
    assert any(r.endswith(" km away") for r in oak)
    assert all(isinstance(r, str) and r for m in matches for r in m.reasons)


def test_without_a_point_or_specialisms_the_reasons_leave_them_out() -> None:
    [m] = rank(NEEDS, [home("Oak House")], NOW, FRESH)
    assert m.reasons == [
        "1 nursing-dementia bed(s) free",
        "vacancies confirmed 2 h ago",
        "CQC: good",
    ]
    assert m.report_age_hours == 2.0

"""The vacancies application on SQLite: commands, the index, search, board and rebuild."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from events.platform.errors import Conflict, NotFound
from services.vacancies.bootstrap import Vacancies
from services.vacancies.domain.errors import NoBedAvailable
from services.vacancies.projections.search import SearchCriteria
from tests.vacancies.application.test_agencies import agency_details
from tests.vacancies.conftest import NOW, home_details

HOLD = timedelta(hours=72)


def criteria(**kw: object) -> SearchCriteria:
    return replace(SearchCriteria(now=NOW + timedelta(hours=1), max_report_age_hours=48), **kw)


def register(v: Vacancies, **overrides: object) -> uuid.UUID:
    return v.app.register_home(occurred_at=NOW, **home_details(**overrides)).id


def test_a_home_reports_beds_and_a_broker_finds_them(vacancies: Vacancies) -> None:
    home = register(vacancies)
    vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    found = vacancies.search(criteria(registration="nursing", care_category="dementia"))
    assert [(m.name, m.free_beds) for m in found] == [("Rose Lodge", {"nursing-dementia": 2})]
    assert vacancies.search(criteria(registration="residential")) == []


def test_registering_the_same_cqc_location_twice_is_a_conflict(vacancies: Vacancies) -> None:
    register(vacancies)
    with pytest.raises(Conflict, match="already registered"):
        register(vacancies, name="Someone Else's Home")


def test_unknown_home_is_not_found(vacancies: Vacancies) -> None:
    with pytest.raises(NotFound):
        vacancies.app.home(uuid.uuid4())


def test_search_ranks_by_distance_then_freshness(vacancies: Vacancies) -> None:
    near = register(vacancies, cqc_location_id="1-1", name="Near", latitude=53.64, longitude=-3.00)
    far = register(
        vacancies,
        cqc_location_id="1-2",
        name="Far",
        latitude=53.40,
        longitude=-2.95,
        postcode="L1 8JQ",
    )
    stale = register(
        vacancies,
        cqc_location_id="1-3",
        name="Stale",
        latitude=53.641,
        longitude=-3.0,
        postcode="PR9 0AA",
    )
    for home in (near, far):
        vacancies.app.report_vacancies(
            home, free_beds={"residential-older_people": 1}, reported_at=NOW
        )
    vacancies.app.report_vacancies(
        stale, free_beds={"residential-older_people": 1}, reported_at=NOW - timedelta(days=5)
    )
    names = [m.name for m in vacancies.search(criteria(postcode="PR8 1AA"))]
    assert names == ["Near", "Far"]
    within = vacancies.search(criteria(latitude=53.64, longitude=-3.0, within_km=10))
    assert [m.name for m in within] == ["Near"]
    with_stale = vacancies.search(criteria(postcode="PR8 1AA", max_report_age_hours=24 * 7))
    assert [m.name for m in with_stale] == ["Near", "Stale", "Far"]


def test_suspended_and_low_rated_homes_drop_out_of_search(vacancies: Vacancies) -> None:
    good = register(vacancies, cqc_location_id="1-1", name="Good")
    bad = register(vacancies, cqc_location_id="1-2", name="Bad")
    for home in (good, bad):
        vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 1}, reported_at=NOW)
    vacancies.app.change_rating(good, rating="good", rated_on="2026-01-01", occurred_at=NOW)
    vacancies.app.change_rating(bad, rating="inadequate", rated_on="2026-10-01", occurred_at=NOW)
    assert [m.name for m in vacancies.search(criteria())] == ["Good"]
    assert {m.name for m in vacancies.search(criteria(include_suspended=True))} == {"Good", "Bad"}
    assert [
        m.name for m in vacancies.search(criteria(include_suspended=True, min_rating="good"))
    ] == ["Good"]


def test_held_beds_are_not_offered_until_the_hold_lapses(vacancies: Vacancies) -> None:
    home = register(vacancies)
    vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 1}, reported_at=NOW)
    vacancies.app.reserve_bed(
        home,
        reservation_id=uuid.uuid4(),
        bed_type="nursing-dementia",
        reference="req-1",
        reserved_by="E08000014",
        now=NOW,
        hold=HOLD,
    )
    assert vacancies.search(criteria()) == []
    with pytest.raises(NoBedAvailable):
        vacancies.app.reserve_bed(
            home,
            reservation_id=uuid.uuid4(),
            bed_type="nursing-dementia",
            reference="req-2",
            reserved_by="E08000014",
            now=NOW,
            hold=HOLD,
        )
    later = NOW + HOLD + timedelta(minutes=1)
    assert vacancies.expire_overdue(later) == 1
    found = vacancies.search(criteria(now=later, max_report_age_hours=24 * 7))
    assert [m.free_beds for m in found] == [{"nursing-dementia": 1}]


def test_admission_takes_the_bed_off_the_board(vacancies: Vacancies) -> None:
    home = register(vacancies)
    vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    reservation = uuid.uuid4()
    vacancies.app.reserve_bed(
        home,
        reservation_id=reservation,
        bed_type="nursing-dementia",
        reference="req-1",
        reserved_by="E08000014",
        now=NOW,
        hold=HOLD,
    )
    vacancies.app.occupy_bed(home, reservation_id=reservation, now=NOW)
    rows = {r.bed_type: r for r in vacancies.board(NOW)}
    assert rows["nursing-dementia"].free_beds == 1
    assert rows["residential-older_people"].free_beds == 0


def test_board_counts_only_fresh_reports_of_homes_taking_placements(vacancies: Vacancies) -> None:
    fresh = register(vacancies, cqc_location_id="1-1", name="Fresh")
    stale = register(vacancies, cqc_location_id="1-2", name="Stale")
    closing = register(vacancies, cqc_location_id="1-3", name="Closing")
    vacancies.app.report_vacancies(fresh, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    vacancies.app.report_vacancies(
        stale, free_beds={"nursing-dementia": 3}, reported_at=NOW - timedelta(days=3)
    )
    vacancies.app.report_vacancies(closing, free_beds={"nursing-dementia": 4}, reported_at=NOW)
    vacancies.app.announce_closure(closing, closing_on="2027-01-31", occurred_at=NOW)
    row = next(r for r in vacancies.board(NOW) if r.bed_type == "nursing-dementia")
    assert (row.homes, row.homes_taking_placements, row.free_beds) == (3, 2, 2)
    assert row.fresh_share == pytest.approx(2 / 3, abs=1e-4)


def test_rebuilt_board_equals_the_live_one(vacancies: Vacancies) -> None:
    for i in range(6):
        home = register(
            vacancies,
            cqc_location_id=f"1-{i}",
            name=f"Home {i}",
            locality=["Southport", "Bootle"][i % 2],
        )
        vacancies.app.report_vacancies(
            home,
            free_beds={"nursing-dementia": i % 3, "residential-older_people": 1},
            reported_at=NOW - timedelta(hours=20 * i),
        )
        if i % 2:
            vacancies.app.reserve_bed(
                home,
                reservation_id=uuid.uuid4(),
                bed_type="residential-older_people",
                reference=f"r{i}",
                reserved_by="E08000014",
                now=NOW,
                hold=HOLD,
            )
    live = vacancies.board(NOW)
    live_search = vacancies.search(criteria(max_report_age_hours=500))
    assert vacancies.rebuild() > 0
    assert vacancies.board(NOW) == live
    assert vacancies.search(criteria(max_report_age_hours=500)) == live_search


def test_stale_expected_version_is_a_conflict(vacancies: Vacancies) -> None:
    home = register(vacancies)
    vacancies.app.change_details(home, occurred_at=NOW, expected_version=1, name="Rose Lodge II")
    with pytest.raises(Conflict, match="version 2"):
        vacancies.app.change_details(home, occurred_at=NOW, expected_version=1, name="Too late")


def test_a_home_suspended_by_one_council_is_still_found_by_the_others(
    vacancies: Vacancies,
) -> None:
    home = register(vacancies)
    vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    vacancies.app.suspend_placements(
        home, reason="safeguarding", note="", occurred_at=NOW, council_code="E08000012"
    )
    assert vacancies.search(criteria(council_code="E08000012")) == []
    [for_sefton] = vacancies.search(criteria(council_code="E08000014"))
    assert not for_sefton.suspended
    [seen_by_liverpool] = vacancies.search(
        criteria(council_code="E08000012", include_suspended=True)
    )
    assert seen_by_liverpool.suspended
    [anyone] = vacancies.search(criteria())  # a discharge team or analyst: not for every council
    assert not anyone.suspended

    def taking(council: str | None) -> int:
        board = vacancies.board(NOW + timedelta(hours=1), council_code=council)
        return sum(r.homes_taking_placements for r in board if r.bed_type == "nursing-dementia")

    assert (taking("E08000012"), taking("E08000014"), taking(None)) == (0, 1, 1)
    vacancies.app.resume_placements(home, note="", occurred_at=NOW, council_code="E08000012")
    assert [m.home_id for m in vacancies.search(criteria(council_code="E08000012"))] == [str(home)]


def test_the_index_rebuilt_keeps_each_councils_suspension(vacancies: Vacancies) -> None:
    home = register(vacancies)
    vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    for council in ("E08000012", "E08000013"):
        vacancies.app.suspend_placements(
            home, reason="other", note="", occurred_at=NOW, council_code=council
        )
    vacancies.app.resume_placements(home, note="", occurred_at=NOW, council_code="E08000013")
    before = [vacancies.search(criteria(council_code=c)) for c in ("E08000012", "E08000013")]
    vacancies.rebuild()
    after = [vacancies.search(criteria(council_code=c)) for c in ("E08000012", "E08000013")]
    assert before == after and after[0] == [] and len(after[1]) == 1


def test_a_home_with_its_history_is_the_home_and_the_history_read_apart(
    vacancies: Vacancies,
) -> None:
    """One read of the log for a home's page: the same home (its state, its holds) and the
    same events as `home` and `history`; an unknown id or a home care agency's is no home."""
    home = register(vacancies)
    app = vacancies.app
    app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    app.reserve_bed(
        home, reservation_id=uuid.uuid4(), bed_type="nursing-dementia", reference="R1",
        reserved_by="E08000014", now=NOW, hold=HOLD,
    )  # fmt: skip
    app.report_vacancies(home, free_beds={"nursing-dementia": 1}, reported_at=NOW + HOLD / 3)
    together, history = app.home_with_history(home)
    alone = app.home(home)
    assert together.version == alone.version == 4
    assert vars(together) == vars(alone)
    assert [(e.originator_version, type(e)) for e in history] == [
        (e.originator_version, type(e)) for e in app.history(home)
    ]
    with pytest.raises(NotFound, match="no care home"):
        app.home_with_history(uuid.uuid4())
    agency = app.register_agency(occurred_at=NOW, **agency_details()).id
    with pytest.raises(NotFound, match="no care home"):
        app.home_with_history(agency)

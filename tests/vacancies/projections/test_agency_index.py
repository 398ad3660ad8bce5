"""The agency index: what the live path writes, command by command, equals what a rebuild
from the log writes; the care homes' events in the same log leave it alone; and a broker's
search reads the freshest reports of agencies that take its council's packages."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.vacancies.bootstrap import Vacancies
from services.vacancies.projections.agency_index import AgencyIndex
from services.vacancies.projections.agency_search import AgencyCriteria
from services.vacancies.projections.agency_tables import agencies, agency_capacity, agency_held
from services.vacancies.translation import AgencyTranslator
from tests.readmodel_rows import every_row
from tests.vacancies.application.test_agencies import agency_details
from tests.vacancies.conftest import home_details
from tests.vacancies.rebuild_parity import record_history

START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=20)
ZONES = ["SEF-NORTH", "SEF-SOUTH", "SEF-FORMBY-MAGHULL"]
SEFTON, LIVERPOOL = "E08000014", "E08000012"


def record_agencies(vacancies: Vacancies, count: int = 6, days: int = 20, seed: int = 3) -> None:
    """Agencies registered for one to three zones, then day by day: reports (some bands
    empty), confirmations, suspensions by councils and their lifting; the index caught up
    after every command, so each is applied on top of the rows read back."""
    app, rng = vacancies.app, random.Random(seed)
    ids = []
    for n in range(count):
        zones = ZONES[: n % 3 + 1]
        made = app.register_agency(
            occurred_at=START,
            **agency_details(cqc_location_id=f"1-{300000000 + n}", name=f"Agency {n}", zones=zones),
        )
        ids.append((made.id, zones))
    for day in range(1, days):
        at = START + timedelta(days=day)
        for agency_id, zones in ids:
            roll = rng.random()
            if roll < 0.5:
                app.report_capacity(
                    agency_id,
                    zone=rng.choice(zones),
                    hours={b: rng.choice([0, 3.5, 10, 21]) for b in ("morning", "tea", "bed")},
                    available_from=at.date() + timedelta(days=rng.randint(0, 14)),
                    double_handed=rng.random() < 0.4,
                    reported_at=at,
                )
            elif roll < 0.7 and app.agency(agency_id).capacity:
                app.confirm_capacity(agency_id, confirmed_at=at)
            elif roll < 0.8:
                council = rng.choice([SEFTON, LIVERPOOL, None])
                agency = app.agency(agency_id)
                if agency.suspensions.by_council or agency.suspensions.everyone:
                    by = next(iter(agency.suspensions.by_council), None)
                    app.resume_agency(agency_id, note="", occurred_at=at, council_code=by)
                else:
                    app.suspend_agency(
                        agency_id, reason="other", note="", occurred_at=at, council_code=council
                    )
            vacancies.agencies.catch_up()


def test_a_rebuild_writes_the_rows_the_live_path_wrote(vacancies: Vacancies) -> None:
    record_history(vacancies, homes=6, days=5)  # care homes in the same log
    record_agencies(vacancies)
    vacancies.drain()
    live = every_row(vacancies.engine, [agencies, agency_capacity])
    assert len(live["agencies"]) == 6 and len(live["agency_capacity"]) > 20
    assert vacancies.rebuild() > 0
    assert every_row(vacancies.engine, [agencies, agency_capacity]) == live


def test_a_broker_finds_fresh_capacity_in_a_zone_and_band(vacancies: Vacancies) -> None:
    app, now = vacancies.app, datetime.now(UTC)
    app.register_home(occurred_at=now - timedelta(days=3), **home_details())
    ids = [
        app.register_agency(
            occurred_at=now - timedelta(days=3),
            **agency_details(cqc_location_id=f"1-3{n}", name=f"Agency {n}", provider_id=f"P{n}"),
        ).id
        for n in range(4)
    ]
    week = date.today() + timedelta(days=2)
    for n, (agency_id, hours, age) in enumerate(
        zip(
            ids,
            [{"bed": 7}, {"bed": 14, "tea": 3}, {"bed": 30}, {"tea": 5}],
            [1, 2, 60, 1],
            strict=True,
        )
    ):
        app.report_capacity(
            agency_id,
            zone="SEF-NORTH",
            hours=hours,
            available_from=week,
            double_handed=n == 0,
            reported_at=now - timedelta(hours=age),
        )
    app.suspend_agency(ids[1], reason="other", note="", occurred_at=now, council_code=LIVERPOOL)

    def found(**asked: object) -> list[tuple[str, float]]:
        criteria = AgencyCriteria(now=now, max_report_age_hours=48, **asked)  # type: ignore[arg-type]
        return [(m.name, m.total_hours) for m in vacancies.search_agencies(criteria)]

    # most hours in the band first; the 60-hour-old report is stale; no bed hours: not listed
    assert found(zone="SEF-NORTH", band="bed") == [("Agency 1", 17), ("Agency 0", 7)]
    assert found(zone="SEF-NORTH", band="bed", placing_for=LIVERPOOL) == [("Agency 0", 7)]
    assert found(zone="SEF-NORTH", band="bed", double_handed=True) == [("Agency 0", 7)]
    assert found(zone="SEF-SOUTH") == []
    assert [n for n, _ in found(council_code=SEFTON)] == ["Agency 1", "Agency 0", "Agency 3"]
    [match] = vacancies.search_agencies(
        AgencyCriteria(now=now, max_report_age_hours=48, band="tea", zone="SEF-NORTH")
    )[:1]
    assert match.hours == {"morning": 0, "lunch": 0, "tea": 5, "bed": 0}  # Agency 3: most tea
    assert match.available_from == week and 0.9 < match.report_age_hours < 1.1


def test_the_care_homes_events_pass_the_agency_index_by_undecoded(vacancies: Vacancies) -> None:
    """Most of the log is the care homes': the agency index knows them by their stored
    topic, on the live path and on a rebuild, and never decodes them."""
    app = vacancies.app
    app.register_home(occurred_at=START, **home_details())
    app.register_agency(occurred_at=START, **agency_details())
    notes = app.outbox.select_notifications(1, 10)
    assert AgencyTranslator(None)(notes[0]) == []  # no mapper: decoding would fail
    decoded: list[str] = []

    def decode(stored: Any) -> Any:
        decoded.append(stored.topic)
        return None

    replay = AgencyIndex().replay(None)  # type: ignore[arg-type]
    replay.add_stored(notes, app.mapper, decode)
    assert [t.rsplit(":", 1)[1] for t in decoded] == ["HomeCareAgency.Registered"]


def test_a_search_shows_the_hours_reported_less_those_held_and_a_rebuild_agrees(
    vacancies: Vacancies,
) -> None:
    app, now = vacancies.app, datetime.now(UTC)
    made = app.register_agency(occurred_at=now - timedelta(days=1), **agency_details())
    app.report_capacity(
        made.id, zone="SEF-NORTH", hours={"morning": 14, "bed": 7},
        available_from=date.today(), double_handed=False, reported_at=now,
    )  # fmt: skip
    holds = [uuid.uuid4() for _ in range(3)]
    for hold_id in holds:  # three packages of 3.5 morning hours and 2 bed hours
        agency = app.agency(made.id)
        agency.hold_hours(
            hold_id=hold_id, reference=f"request-{hold_id}", council_code=SEFTON,
            zone="SEF-NORTH", hours={"morning": 3.5, "bed": 2.0}, start_on=date.today(),
            double_handed=False, service="reablement", now=now,
        )  # fmt: skip
        app.save(agency)
    agency = app.agency(made.id)
    agency.release_hours(hold_id=holds[0], reason="fell through: staffing", now=now)
    agency.take_up_hours(hold_id=holds[1], now=now)  # started: off the report for good
    app.save(agency)
    criteria = AgencyCriteria(now=now, max_report_age_hours=48, zone="SEF-NORTH")
    [match] = vacancies.search_agencies(criteria)
    assert match.held == {"morning": 3.5, "lunch": 0, "tea": 0, "bed": 2.0}  # the third only
    assert match.hours == {"morning": 7.0, "lunch": 0, "tea": 0, "bed": 3.0}  # 14-3.5-3.5, 7-2-2
    live = every_row(vacancies.engine, [agencies, agency_capacity, agency_held])
    vacancies.rebuild()
    assert every_row(vacancies.engine, [agencies, agency_capacity, agency_held]) == live

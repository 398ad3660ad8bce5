"""Each council suspends placements at a home for its own placements only; the CQC's
Inadequate (or an administrator) suspends them for every council. A suspension stored before
councils were named (version 1) still replays, as a suspension for every council."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

from events.platform.errors import Conflict
from events.serialisation import decode
from services.vacancies.domain.care_home import CareHome
from services.vacancies.domain.errors import NotTakingPlacements
from services.vacancies.translation import payload_of
from tests.vacancies.conftest import home_details

T = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SEFTON, LIVERPOOL = "E08000014", "E08000012"
EXAMPLES = Path(__file__).parents[3] / "events" / "examples"


def home() -> CareHome:
    made = CareHome.register(occurred_at=T - timedelta(days=1), **home_details())
    made.report_vacancies(free_beds={"nursing-dementia": 2}, reported_at=T - timedelta(hours=1))
    return made


def reserve(h: CareHome, council: str) -> None:
    h.reserve_bed(
        reservation_id=uuid.uuid4(),
        bed_type="nursing-dementia",
        reference="req",
        reserved_by=council,
        now=T,
        expires_at=T + timedelta(days=1),
    )


def test_a_councils_suspension_stops_its_own_placements_only() -> None:
    h = home()
    h.suspend_placements(reason="safeguarding", note="", occurred_at=T, council_code=LIVERPOOL)
    assert h.suspended_for(LIVERPOOL) and not h.suspended_for(SEFTON)
    assert not h.is_suspended and h.suspended_by == {LIVERPOOL: "safeguarding"}
    with pytest.raises(NotTakingPlacements, match=LIVERPOOL):
        reserve(h, LIVERPOOL)
    reserve(h, SEFTON)  # another council still places here


def test_only_the_council_that_suspended_lifts_its_suspension() -> None:
    h = home()
    h.suspend_placements(reason="other", note="", occurred_at=T, council_code=LIVERPOOL)
    with pytest.raises(Conflict, match=f"{SEFTON} has not suspended"):
        h.resume_placements(note="", occurred_at=T, council_code=SEFTON)
    with pytest.raises(Conflict, match="not suspended for every council"):
        h.resume_placements(note="", occurred_at=T)
    with pytest.raises(Conflict, match="already suspended"):
        h.suspend_placements(reason="other", note="", occurred_at=T, council_code=LIVERPOOL)
    h.resume_placements(note="resolved", occurred_at=T, council_code=LIVERPOOL)
    assert h.suspended_by == {} and not h.suspended_for(LIVERPOOL)


def test_an_inadequate_rating_suspends_for_every_council_beside_a_councils_own() -> None:
    h = home()
    h.suspend_placements(reason="safeguarding", note="", occurred_at=T, council_code=LIVERPOOL)
    h.change_rating(rating="inadequate", rated_on="2026-10-30", occurred_at=T)
    assert h.is_suspended and h.suspended_for(SEFTON)
    with pytest.raises(NotTakingPlacements):
        reserve(h, SEFTON)
    h.resume_placements(note="", occurred_at=T, council_code=LIVERPOOL)  # its own, not the CQC's
    assert h.is_suspended
    with pytest.raises(Conflict, match="Inadequate"):
        h.resume_placements(note="", occurred_at=T)


def test_the_published_suspension_names_the_council() -> None:
    h = home()
    h.suspend_placements(reason="other", note="n", occurred_at=T, council_code=LIVERPOOL)
    h.suspend_placements(reason="escalating_concerns", note="", occurred_at=T)
    *_, by_council, for_all = h.collect_events()
    assert payload_of(by_council).council_code == LIVERPOOL  # type: ignore[union-attr]
    assert payload_of(for_all).council_code is None  # type: ignore[union-attr]


def test_a_suspension_stored_before_councils_were_named_replays_for_every_council() -> None:
    """Version 1 of the domain events (no council) as the event store holds them."""
    mapper = Application(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    h = home()
    h.suspend_placements(reason="safeguarding", note="s42", occurred_at=T)
    h.resume_placements(note="done", occurred_at=T + timedelta(days=1))
    h.suspend_placements(reason="other", note="", occurred_at=T + timedelta(days=2))
    stored = []
    for domain_event in h.collect_events():
        s = mapper.to_stored_event(domain_event)
        state = json.loads(s.state)
        if state.pop("class_version", None) == 2:  # as version 1 wrote it: no council, no version
            state.pop("council_code")
        stored.append(
            StoredEvent(s.originator_id, s.originator_version, s.topic, json.dumps(state).encode())
        )
    replayed: CareHome | None = None
    for s in stored:
        replayed = mapper.to_domain_event(s).mutate(replayed)  # type: ignore[assignment]
    assert replayed is not None
    assert replayed.suspension_reason == "other" and replayed.suspended_by == {}
    assert replayed.suspended_for(SEFTON) and replayed.suspended_for(LIVERPOOL)


@pytest.mark.parametrize("name", ["PlacementsSuspended", "PlacementsResumed"])
def test_a_published_version_1_reads_as_for_every_council(name: str) -> None:
    saved = EXAMPLES / f"vacancies.{name}.v1.json"
    message = decode(saved.read_bytes())
    assert message.envelope.schema_version == 2  # upcast on reading
    assert message.payload.council_code is None  # type: ignore[attr-defined]
    assert (
        decode((EXAMPLES / f"vacancies.{name}.v2.json").read_bytes()).payload.council_code
        == LIVERPOOL
    )  # type: ignore[attr-defined]

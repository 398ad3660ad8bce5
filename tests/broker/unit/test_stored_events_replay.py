"""Placement requests stored before the aggregate was split into parts still replay.

`placement_events_before_split.json` is the stored log of one long journey (every kind of
event), written by the code as it stood before the referral round, the hold and the answer
codes moved into modules of their own. Stored events name their class by topic
(`module:PlacementRequest.Event`) and keep their attributes by name: both must stay.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from eventsourcing.persistence import StoredEvent

from services.broker.application import PlacementRequests
from services.broker.domain.placement_request import PlacementRequest
from tests.broker.unit.test_placement_request import EPISODE, FIRST, ROSE, SECOND, a_long_journey

LOG = Path(__file__).with_name("placement_events_before_split.json")


def stored_before() -> list[StoredEvent]:
    return [
        StoredEvent(
            originator_id=uuid.UUID(row["originator_id"]),
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=row["state"].encode(),
        )
        for row in json.loads(LOG.read_text())
    ]


def app() -> PlacementRequests:
    return PlacementRequests(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_a_request_stored_before_the_split_replays_to_the_same_state() -> None:
    mapper = app().mapper
    request: Any = None
    for stored in stored_before():
        request = mapper.to_domain_event(stored).mutate(request)
    assert isinstance(request, PlacementRequest)
    assert (request.version, request.stage, request.episode_id) == (21, "cancelled", EPISODE)
    assert request.cancel_reason == "died" and request.placed_home == ROSE.home_id
    referrals = {rid: (r.status, r.decline_reason) for rid, r in request.referrals.items()}
    assert referrals == {
        "ref-elm": ("declined", "staffing"),
        "ref-oak": ("escalated", None),
        "ref-Rose Lodge": ("accepted", None),
    }
    assessed = request.referrals["ref-Rose Lodge"]
    assert (assessed.assessment, assessed.assessment_on) == ("met", date(2024, 3, 5))
    offers = [(o.status, o.booked_on, o.interim) for o in request.offers.values()]
    assert offers == [
        ("failed", None, None),
        ("declined", None, None),
        ("admitted", date(2024, 3, 8), True),
    ]
    assert list(request.offers)[:2] == [FIRST, SECOND]


def test_events_recorded_now_are_stored_under_the_same_topics_and_attributes() -> None:
    def shape(stored: list[StoredEvent]) -> list[tuple[str, list[str]]]:
        return [(s.topic, list(json.loads(s.state))) for s in stored]

    now = app()
    request = a_long_journey()
    now.save(request)
    assert shape(list(now.recorder.select_events(request.id))) == shape(stored_before())

"""Random streams of every vacancies and discharge contract the availability index reads,
for its parity tests: a few homes, episodes and holds, so that the tolerant reader's cases
(holds announced twice or moved between homes, endings of unknown holds, updates of homes and
episodes not yet registered or admitted) are common."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from events.contracts import discharge as d
from events.contracts import vacancies as v
from events.registry import Payload
from events.serialisation import Message, build, decode, encode

HOMES = [uuid.UUID(int=i) for i in range(1, 4)]
EPISODES = [uuid.UUID(int=i) for i in range(11, 14)]
HOLDS = [uuid.UUID(int=i) for i in range(21, 24)]  # shared by the homes: a hold may move
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
BED_TYPES = ["residential-older", "nursing-dementia", "nursing-older"]
COUNCILS = st.sampled_from([None, "E08000012", "E08000014"])  # None: every council

at = st.integers(0, 10_000).map(lambda m: T0 + timedelta(minutes=m))
texts = st.sampled_from(["a", "b", "c"])

home_events: st.SearchStrategy[Payload] = st.one_of(
    st.builds(
        v.CareHomeRegistered,
        cqc_location_id=texts,
        name=texts,
        provider_id=texts,
        local_authority_code=texts,
        local_authority_name=texts,
        locality=texts,
        postcode=st.just("LS1 1AA"),
        latitude=st.floats(50, 55),
        longitude=st.floats(-3, 0),
        registered_beds=st.just(30),
        registrations=st.lists(texts, max_size=2),
        care_categories=st.lists(texts, max_size=2),
        specialisms=st.lists(texts, max_size=2),
    ),  # fmt: skip
    st.builds(
        v.CareHomeDetailsChanged,
        name=st.none() | texts,
        locality=st.none() | texts,
        latitude=st.none() | st.floats(50, 55),
        registered_beds=st.none() | st.just(9),
        registrations=st.none() | st.lists(texts),
        specialisms=st.none() | st.lists(texts),
    ),  # fmt: skip
    st.builds(
        v.CqcRatingChanged,
        rating=st.sampled_from(["good", "inadequate", "requires_improvement"]),
        rated_on=st.just(date(2026, 1, 5)),
    ),
    st.builds(v.PlacementsSuspended, reason=st.just("other"), council_code=COUNCILS),
    st.builds(v.PlacementsResumed, council_code=COUNCILS),
    st.builds(v.ClosureAnnounced, closing_on=st.dates(date(2026, 4, 1), date(2026, 9, 1))),
    st.builds(
        v.VacanciesReported,
        reported_at=at,
        free_beds=st.dictionaries(st.sampled_from(BED_TYPES), st.integers(0, 3)),
    ),
    st.builds(  # not read by the index at all
        v.ReservationRefused,
        reservation_id=st.sampled_from(HOLDS),
        bed_type=st.sampled_from(BED_TYPES),
        reference=texts,
        reason=st.just("none_free"),
    ),  # fmt: skip
)
# Holds, their own branch so that one hold's several announcements and endings are common.
hold_events: st.SearchStrategy[Payload] = st.one_of(
    st.builds(
        v.BedReserved,
        reservation_id=st.sampled_from(HOLDS),
        bed_type=st.sampled_from(BED_TYPES),
        reference=texts,
        reserved_by=st.just("broker"),
        expires_at=at,
    ),  # fmt: skip
    st.builds(v.ReservationReleased, reservation_id=st.sampled_from(HOLDS)),
    st.builds(v.ReservationExpired, reservation_id=st.sampled_from(HOLDS)),
    st.builds(v.BedOccupied, reservation_id=st.sampled_from(HOLDS)),
)
episode_events: st.SearchStrategy[Payload] = st.one_of(
    st.builds(
        d.EpisodeAdmitted,
        provider_code=texts,
        provider_name=texts,
        site=texts,
        ward=texts,
        care_type=st.just("acute"),
        la_code=texts,
        la_name=texts,
    ),  # fmt: skip
    st.builds(d.BecameReady, pathway=st.none() | st.sampled_from(["P1", "P3", ""])),
    st.builds(d.ReadinessWithdrawn),
    st.builds(d.EpisodeEnded, kind=st.sampled_from(["discharged", "died"])),
)
events = st.one_of(
    st.tuples(st.sampled_from(HOMES), home_events),
    st.tuples(st.sampled_from(HOMES), hold_events),
    st.tuples(st.sampled_from(EPISODES), episode_events),
)


def stream(drawn: list[tuple[uuid.UUID, Payload]]) -> list[Message[Payload]]:
    """Envelopes as the topics carry them. A home is registered, an episode admitted, at
    most once (the index never accepted more: see the last test); anything may come first."""
    born: set[uuid.UUID] = set()
    versions: dict[uuid.UUID, int] = {}
    out = []
    for i, (aggregate, payload) in enumerate(drawn):
        when = T0 + timedelta(minutes=i)  # each its own time: a lost or kept one shows
        if isinstance(payload, (v.CareHomeRegistered, d.EpisodeAdmitted)):
            if aggregate in born:
                continue
            born.add(aggregate)
        versions[aggregate] = versions.get(aggregate, 0) + 1
        source = "discharge" if aggregate in EPISODES else "vacancies"
        envelope = build(
            payload, source=source, aggregate_id=aggregate,
            aggregate_version=versions[aggregate], occurred_at=when, recorded_at=when,
        )  # fmt: skip
        out.append(decode(encode(envelope)))
    return out

"""Realistic discharge commands: patient journeys behind two published England months, spread
over 152 local authorities and 135 trusts, parsed into commands before any clock starts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import StoredEvent

from services.discharge.application import Episodes, Step
from services.discharge.domain.identity import episode_id_for
from services.discharge.importer import TrackerRow
from tests.discharge.published_months import ALLOWED, journeys, published_rows

AUTHORITIES = 152
TRUSTS = 135
INSERT_BATCH = 5000  # events per transaction when filling a store directly


@dataclass(frozen=True)
class Command:
    """One tracker row as one application call: an admission or a batch of steps."""

    episode_id: uuid.UUID
    admit: dict[str, Any] | None = None
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class Workload:
    episodes: int
    months: list[str]
    commands: list[Command]
    pool: int  # the episodes of the published England months: all of them when `episodes`


def _episode_pool() -> list[list[dict[str, str]]]:
    """Every England-level journey of the published sample, as rows grouped by episode."""
    # The allowed agencies come from frozensets, so the journeys' split over reasons would
    # follow the string hash seed; in order, every run replays the same commands.
    for agencies in ALLOWED.values():
        agencies.sort()
    pool: dict[str, list[dict[str, str]]] = {}
    for published in published_rows():
        if published.la_code == "-":
            for record in journeys(published):
                pool.setdefault(record["episode_id"], []).append(record)
    return list(pool.values())


def _relabel(records: list[dict[str, str]], n: int) -> list[dict[str, str]]:
    la, trust = n % AUTHORITIES, (n * 7) % TRUSTS
    cells = {
        "la_code": f"E09{la:06d}",
        "la_name": f"Authority {la}",
        "provider_code": f"R{trust:03d}",
        "provider_name": f"Trust {trust}",
    }
    return [r | {k: v for k, v in cells.items() if r.get(k)} for r in records]


def _command(row: TrackerRow, trust: str) -> Command:
    """`trust`: the provider of the episode's admission (its other rows name none)."""
    episode_id = episode_id_for(trust, row.episode_id)
    if row.event != "admitted":
        return Command(episode_id, steps=row.steps())
    admit = dict(
        reference=row.episode_id,
        provider_code=row.provider_code,
        provider_name=row.provider_name,
        site=row.site,
        ward=row.ward,
        care_type=row.care_type,
        la_code=row.la_code,
        la_name=row.la_name,
        nhs_number=row.nhs_number or None,
        occurred_at=row.at,
        command_id=row.key(),
    )
    return Command(episode_id, admit=admit)


def build(episodes: int) -> Workload:
    """`episodes` journeys spread evenly over the whole pool (capped at its size)."""
    pool = _episode_pool()
    episodes = min(episodes, len(pool))
    picked = [pool[i * len(pool) // episodes] for i in range(episodes)]
    commands, months = [], set()
    for n, records in enumerate(picked):
        months.add(records[0]["episode_id"][:7])
        relabelled = _relabel(records, n)
        trust = next(r["provider_code"] for r in relabelled if r["event"] == "admitted")
        for record in relabelled:
            commands.append(_command(TrackerRow.model_validate(record), trust))
    return Workload(episodes, sorted(months), commands, len(pool))


def run(app: Episodes, commands: list[Command]) -> list[int]:
    """Apply the commands in order; return how many events each one recorded."""
    versions: dict[uuid.UUID, int] = {}
    recorded = []
    for c in commands:
        if c.admit is not None:
            episode, _ = app.admit(**c.admit)
        else:
            episode, _ = app.record(c.episode_id, c.steps)
        recorded.append(episode.version - versions.get(c.episode_id, 0))
        versions[c.episode_id] = episode.version
    return recorded


def replicate(recorder: Any, mapper: Any, template: list[StoredEvent], events: int) -> int:
    """Append `events` more events to the store: the template log (what the application
    recorded for the workload) again and again, each copy's episodes under new references and
    so new ids, as the application records them for those references. Only admissions carry
    the reference, so only they are re-encoded; the other events keep their stored state."""
    written, copy, batch = 0, 0, []
    while written < events:
        copy += 1
        ids: dict[Any, uuid.UUID] = {}
        for stored in template[: events - written]:
            if stored.originator_version == 1:
                admitted = mapper.to_domain_event(stored)
                reference = f"{admitted.reference}~{copy}"
                ids[stored.originator_id] = episode_id_for(admitted.provider_code, reference)
                object.__setattr__(admitted, "reference", reference)
                object.__setattr__(admitted, "originator_id", ids[stored.originator_id])
                batch.append(mapper.to_stored_event(admitted))
            else:
                batch.append(
                    StoredEvent(
                        ids[stored.originator_id],
                        stored.originator_version,
                        stored.topic,
                        stored.state,
                    )
                )
            if len(batch) == INSERT_BATCH:
                recorder.insert_events(batch)
                batch = []
        written += min(len(template), events - written)
    if batch:
        recorder.insert_events(batch)
    return written

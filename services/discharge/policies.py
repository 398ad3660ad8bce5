"""What the discharge service does when other services' events arrive."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from events.contracts import broker, packages
from events.delivery.messages import Delivery
from events.delivery.policy_batch import act_on_one
from events.delivery.tracking import save_tracked
from events.envelope import Envelope
from events.platform.application import retry_on_conflict
from events.platform.errors import DomainError, InvalidInput, NotFound
from events.platform.timeutil import utcnow
from events.registry import Payload, UnknownEventType, latest_version
from services.discharge.application import Episodes
from services.discharge.domain.episode import Episode
from services.discharge.domain.vocabulary import check_reason

log = logging.getLogger(__name__)

REGISTRATIONS = ("residential", "nursing")
ADMITTED = broker.PlacementAdmitted.event_type
STARTED = packages.PackageStarted.event_type  # home with a package of care: pathway 1
ENDS_EPISODE = (ADMITTED, STARTED)
OWNER_TEAM = "brokerage"
ATTEMPTS = 3


@dataclass(frozen=True)
class ReasonRule:
    """The DTOC reason (by registration) and agency one broker event type sets."""

    codes: Mapping[str, str]  # registration -> canonical DTOC code
    agency: str


def parse_rules(mapping: Mapping[str, Any]) -> dict[str, ReasonRule]:
    """Read `reference/broker_to_dtoc.json` (without its `_` keys), refusing a mapping the
    DTOC table does not allow, an unknown broker event type or a missing registration."""
    rules: dict[str, ReasonRule] = {}
    for event_type, entry in mapping.items():
        if not event_type.startswith(f"{broker.SOURCE}."):
            raise ValueError(f"{event_type!r} is not a broker event type")
        try:
            latest_version(event_type)
        except UnknownEventType:
            raise ValueError(f"{event_type!r} is not a published broker event type") from None
        if event_type in ENDS_EPISODE:
            raise ValueError(f"{event_type} ends the episode; it cannot also set a reason")
        if not isinstance(entry, Mapping) or set(entry) != {"reason", "agency"}:
            raise ValueError(f"{event_type}: expected {{'reason': ..., 'agency': ...}}")
        reason = entry["reason"]
        if isinstance(reason, str):
            by_registration = dict.fromkeys(REGISTRATIONS, reason)
        elif isinstance(reason, Mapping) and set(reason) == set(REGISTRATIONS):
            by_registration = dict(reason)
        else:
            raise ValueError(
                f"{event_type}: 'reason' is one code or one per registration "
                f"({', '.join(REGISTRATIONS)})"
            )
        codes: dict[str, str] = {}
        agency = ""
        for registration, code in by_registration.items():
            try:
                _, codes[registration], who = check_reason("dtoc", code, entry["agency"])
            except DomainError as exc:
                raise ValueError(f"{event_type} ({registration}): {exc}") from None
            agency = who or ""
        rules[event_type] = ReasonRule(codes, agency)
    return rules


class PlacementProgress:
    """The broker's progress with a care home placement drives the person's hospital episode.

    When the broker publishes an event listed in `reference/broker_to_dtoc.json` about a
    request made for a hospital episode, the episode's England DTOC reason of record becomes
    the listed reason and agency for the request's registration (residential or nursing), at
    the time the event happened, owned by the brokerage team of the requesting council.
    A broker event that restates the reason already in force changes nothing, so the wait
    keeps the time it began. When the person is admitted to the care home
    (`PlacementAdmitted`), the episode ends: discharged to that home; when a home care
    package starts (`PackageStarted`), it ends too: discharged home with the package (pathway
    1). A package's events carry no registration: their reason is the one code listed. Events
    of unlisted types
    and requests without a hospital episode change nothing. An event for an episode this
    service does not know, for an episode that has already ended, or one that the episode
    refuses (for example a time before the admission) changes nothing and is logged as a
    warning. Every delivery is recorded as processed together with any change it made, so
    a redelivered event changes nothing.
    """

    def __init__(self, app: Episodes, mapping: Mapping[str, Any]) -> None:
        self.app = app
        self.rules = parse_rules(mapping)

    def handle(self, delivery: Delivery) -> None:
        act_on_one(self.app, delivery, self.act)

    def act(self, delivery: Delivery) -> bool:
        """Apply one new delivery: True once its position is saved (with the episode's new
        events, or alone), False for an event this policy passes by on its type alone (its
        position is left for the batch to record: events/delivery/policy_batch.py)."""
        envelope, payload = delivery.message.envelope, delivery.message.payload
        episode_id = getattr(payload, "episode_id", None)
        if episode_id is None or not (
            envelope.event_type in ENDS_EPISODE or envelope.event_type in self.rules
        ):
            return False
        self._apply(delivery, episode_id)
        return True

    # the episode changed meanwhile (a ward round saved first): reload and apply again; after
    # the last attempt the consumer retries the delivery later
    @retry_on_conflict(ATTEMPTS)
    def _apply(self, delivery: Delivery, episode_id: uuid.UUID) -> None:
        envelope, payload = delivery.message.envelope, delivery.message.payload
        try:
            episode = self.app.episode(episode_id)
        except NotFound:
            self._ignore(delivery, f"no episode {episode_id}")
            return
        if episode.ended is not None:
            kind, at = episode.ended
            self._ignore(delivery, f"episode {episode_id} already {kind} at {at.isoformat()}")
            return
        try:
            if envelope.event_type in ENDS_EPISODE:
                self._discharge(episode, envelope, payload)
            else:
                self._set_reason(episode, envelope, payload)
        except DomainError as exc:
            self._ignore(delivery, f"episode {episode_id} refused it: {exc}")
            return
        changed = bool(episode.pending_events)
        if save_tracked(self.app, delivery, episode) and changed:
            log.info("%s applied to episode %s", envelope.event_type, episode_id)

    def _set_reason(self, episode: Episode, envelope: Envelope, payload: Payload) -> None:
        rule = self.rules[envelope.event_type]
        registration = str(getattr(payload, "registration", "")).strip().lower()
        one_code = set(rule.codes.values())
        if not registration and len(one_code) == 1:
            code: str | None = one_code.pop()  # the same whatever the registration: a package's
        elif not registration:
            return  # opened from the ward before its needs are known: the details will say
        else:
            code = rule.codes.get(registration)
        if code is None:
            raise InvalidInput(
                "registration", f"{registration!r} is not one of residential, nursing"
            )
        in_force = [
            b for b in episode.blockers.values() if b.vocabulary == "dtoc" and b.closed_at is None
        ]
        if (
            len(in_force) == 1
            and (in_force[0].code, in_force[0].agency) == (code, rule.agency)
            and in_force[0].opened_at <= envelope.occurred_at
        ):
            return  # the same reason is already of record
        episode.set_delay_reason(
            vocabulary="dtoc",
            code=code,
            agency=rule.agency,
            owner_org=getattr(payload, "council_code", None) or "",
            owner_team=OWNER_TEAM,
            blocker_id=f"broker-{envelope.event_id}",
            occurred_at=envelope.occurred_at,
            now=utcnow(),
            command_id=f"broker:{envelope.event_id}",
        )

    def _discharge(self, episode: Episode, envelope: Envelope, payload: Payload) -> None:
        if envelope.event_type == STARTED:
            where = f"home with a package of care: {getattr(payload, 'agency_name', '')}"
        else:
            where = f"care home: {getattr(payload, 'home_name', '')}"
        episode.end(
            kind="discharged",
            destination=where,
            occurred_at=envelope.occurred_at,
            now=utcnow(),
            command_id=f"broker:{envelope.event_id}",
        )

    def _ignore(self, delivery: Delivery, why: str) -> None:
        envelope = delivery.message.envelope
        log.warning(
            "%s %s (%s@%s) changes nothing: %s",
            envelope.event_type,
            envelope.event_id,
            delivery.stream,
            delivery.offset,
            why,
        )
        save_tracked(self.app, delivery)

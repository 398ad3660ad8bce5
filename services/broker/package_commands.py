"""The broker service's commands over home care package requests, mixed into its application
(application.py): the same event store, outbox and retry-on-conflict as its bed requests. A
council's zones are looked up here, in the shipped reference data, and handed to the
aggregate, which reads no file; facts about agencies come from the broker's own agency book,
passed in as `AgencyStatus`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import IntegrityError

from events.platform.application import retry_on_conflict
from events.platform.errors import Conflict, NotFound
from events.reference.zones import zones_of
from services.broker.domain.package_request import AgencyStatus, PackageRequest

if TYPE_CHECKING:
    from events.platform.application import ServiceApplication as _Base
else:
    _Base = object


def council_zones(council_code: str) -> frozenset[str]:
    return frozenset(z.code for z in zones_of(council_code))


class PackageCommands(_Base):
    def open_package(
        self, *, request_id: uuid.UUID, council_code: str, **details: Any
    ) -> PackageRequest:
        request = PackageRequest.open(
            request_id=request_id,
            council_code=council_code,
            council_zones=council_zones(council_code),
            **details,
        )
        try:
            self.save(request)
        except IntegrityError:
            raise Conflict(f"request {request_id} already exists") from None
        return request

    def find_package(self, request_id: uuid.UUID) -> PackageRequest | None:
        try:
            found: object = self.repository.get(request_id)
        except Exception as exc:
            if type(exc).__name__ == "AggregateNotFoundError":
                return None
            raise
        return found if isinstance(found, PackageRequest) else None  # a bed request's id

    def package(self, request_id: uuid.UUID) -> PackageRequest:
        found = self.find_package(request_id)
        if found is None:
            raise NotFound(f"no package request {request_id}")
        return found

    @retry_on_conflict()
    def package_command(self, request_id: uuid.UUID, method: str, **kwargs: Any) -> PackageRequest:
        """Run one of the package request's commands and save what it decided; the needs
        are checked against the council's zones."""
        request = self.package(request_id)
        if method == "record_needs":
            kwargs["council_zones"] = council_zones(request.council_code)
        getattr(request, method)(**kwargs)
        self.save(request)
        return request

    @retry_on_conflict()
    def offer_package(
        self,
        request_id: uuid.UUID,
        agencies: list[tuple[str, AgencyStatus]],
        answer_by: datetime,
        occurred_at: datetime,
    ) -> PackageRequest:
        """Offer the package to several agencies (offer id, agency) at once: all are sent or,
        if one agency cannot be offered it, none."""
        request = self.package(request_id)
        for offer_id, agency in agencies:
            request.offer(
                offer_id=offer_id, agency=agency, answer_by=answer_by, occurred_at=occurred_at
            )
        self.save(request)
        return request

    @retry_on_conflict()
    def lapse_overdue_hold(
        self, request_id: uuid.UUID, today: date, grace_days: int, now: datetime
    ) -> bool:
        """Let the hours held for a package not started in time go (the sweeper's part)."""
        request = self.package(request_id)
        lapsed = request.lapse_if_not_started(today=today, grace_days=grace_days, occurred_at=now)
        if lapsed is not None:
            self.save(request)
        return lapsed is not None

    @retry_on_conflict()
    def escalate_overdue_offers(self, request_id: uuid.UUID, now: datetime) -> list[str]:
        request = self.package(request_id)
        escalated = request.escalate_overdue(now=now)
        if escalated:
            self.save(request)
        return escalated

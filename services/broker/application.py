"""The broker service's commands over its event-sourced placement requests (care home beds
here, home care packages in package_commands.py).

A command loads the request, lets the aggregate decide and saves; a concurrent writer makes
it run again on fresh state. Facts about homes come from the broker's own availability index
(built from the vacancies service's events), passed in as `HomeStatus`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError

from events.platform.application import ServiceApplication, retry_on_conflict
from events.platform.errors import Conflict, NotFound
from services.broker.domain.placement_request import HomeStatus, PlacementRequest
from services.broker.package_commands import PackageCommands


class PlacementRequests(PackageCommands, ServiceApplication):
    name = "broker"

    def open_request(self, **details: Any) -> PlacementRequest:
        request = PlacementRequest.open(**details)
        try:
            self.save(request)
        except IntegrityError:
            raise Conflict(f"placement request {details['request_id']} already exists") from None
        return request

    def find(self, request_id: uuid.UUID) -> PlacementRequest | None:
        try:
            request: object = self.repository.get(request_id)
        except Exception as exc:
            if type(exc).__name__ == "AggregateNotFoundError":
                return None
            raise
        return request if isinstance(request, PlacementRequest) else None  # a package's id

    def request(self, request_id: uuid.UUID) -> PlacementRequest:
        found = self.find(request_id)
        if found is None:
            raise NotFound(f"no placement request {request_id}")
        return found

    def history(self, request_id: uuid.UUID) -> list[DomainEventProtocol[uuid.UUID]]:
        """A bed or a package request's events."""
        if self.find_package(request_id) is None:
            self.request(request_id)
        return list(self.events.get(request_id))

    @retry_on_conflict()
    def command(self, request_id: uuid.UUID, method: str, **kwargs: Any) -> PlacementRequest:
        """Run one of the aggregate's commands and save what it decided."""
        request = self.request(request_id)
        getattr(request, method)(**kwargs)
        self.save(request)
        return request

    def refer(
        self,
        request_id: uuid.UUID,
        homes: list[tuple[str, HomeStatus]],
        answer_by: datetime,
        occurred_at: datetime,
    ) -> PlacementRequest:
        """Refer the person to several homes (referral id, home) at once: all are sent or, if
        one home cannot be referred to, none."""
        request = self.request(request_id)
        for referral_id, home in homes:
            request.refer(
                referral_id=referral_id, home=home, answer_by=answer_by, occurred_at=occurred_at
            )
        self.save(request)
        return request

    @retry_on_conflict()
    def escalate_overdue(self, request_id: uuid.UUID, now: datetime) -> list[str]:
        request = self.request(request_id)
        escalated = request.escalate_overdue(now=now)
        if escalated:
            self.save(request)
        return escalated

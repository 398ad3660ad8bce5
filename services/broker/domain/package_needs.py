"""A package request's care needed, its cancelling and its opening again: the decisions.

A mixin of `PackageRequest`: each command checks the request's state and records one of the
aggregate's events (declared there). The care is checked by `care_needed.check_care` against
the council's zones, which the application passes in.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from services.broker.domain.care_needed import check_care
from services.broker.domain.errors import Conflict
from services.broker.domain.package_state import PackagePublished, PackageRequestState
from services.broker.domain.package_words import (
    PATHWAY_CANCELS,
    PackageCancel,
    PackageReopen,
    PackageStage,
)
from services.broker.domain.vocabulary import Urgency, parse


class PackageNeeds(PackageRequestState):
    PackageNeedsRecorded: ClassVar[type[PackagePublished]]
    PackageCancelled: ClassVar[type[PackagePublished]]
    PackageReopened: ClassVar[type[PackagePublished]]

    urgency: str

    if TYPE_CHECKING:  # package_hours.PackageHours records it

        def _release(self, hold_id: uuid.UUID, reason: str, at: datetime) -> None: ...

    def record_needs(
        self,
        *,
        care: dict[str, Any],
        council_zones: frozenset[str],
        urgency: str,
        occurred_at: datetime,
    ) -> None:
        """What care is needed (all of it, each time). It may change while sourcing; once
        hours are held for it, fall through or decline them first."""
        self._must_be_open()
        checked = check_care(**care, council_zones=council_zones, asked_at=occurred_at)
        urgency = parse(Urgency, urgency, "urgency").value
        if checked == self.care and urgency == self.urgency:
            return  # the same needs again: a retried command changes nothing
        live = self.holds.live()
        if live is not None:
            raise Conflict(
                f"hours are {live[1].status} for the package as it was: release them first"
            )
        self._record(
            self.PackageNeedsRecorded,
            **checked.as_fields(),
            urgency=urgency,
            occurred_at=occurred_at,
        )

    def cancel(self, *, reason: str, occurred_at: datetime) -> None:
        """No package is needed any more; hours still held for it are released."""
        if self.stage == PackageStage.CANCELLED.value and self.cancel_reason == reason:
            return  # cancelled already for this reason: a retried command
        self._must_be_open()
        code = parse(PackageCancel, reason, "reason").value
        live = self.holds.live()
        self._record(
            self.PackageCancelled,
            reason=code,
            hold_id=live[0] if live else None,
            agency_id=live[1].agency_id if live else None,
            occurred_at=occurred_at,
        )
        if live is not None:  # every live hold holds hours, or may once its answer comes
            self._release(live[0], f"request cancelled: {code}", occurred_at)

    def reopen(self, *, reason: str, occurred_at: datetime) -> bool:
        """The person needs the package again after another pathway cancelled it (ready to
        go home with support once more): it is open again, sourcing afresh if its care is
        known, else waiting for it. Nothing held before is held again. False, and nothing
        recorded, when it is open (a retried command) or was closed for another reason (a
        death, a start, a council's own cancelling stand)."""
        if self.stage != PackageStage.CANCELLED.value or self.cancel_reason not in PATHWAY_CANCELS:
            return False
        self._record(
            self.PackageReopened,
            reason=parse(PackageReopen, reason, "reason").value,
            stage=self.SEEKING if self.care is not None else self.NEEDS_DETAILS,
            occurred_at=occurred_at,
        )
        return True

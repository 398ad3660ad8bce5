"""What the broker's routes depend on: the service the app was mounted with, and the home a
referral was sent to when it is the caller's."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select

from events.platform.access import Access
from events.platform.errors import NotFound
from services.broker.bootstrap import Broker
from services.broker.projections.tables import homes


def _service(request: Request) -> Broker:
    return request.app.state.broker  # type: ignore[no-any-return]


Service = Annotated[Broker, Depends(_service)]


def referred_home(svc: Broker, who: Access, request_id: uuid.UUID, referral_id: str) -> uuid.UUID:
    """The home the referral was sent to, when it is one of the caller's (another's, or an
    unknown request or referral, answers 404 alike: ids cannot be probed)."""
    request = svc.app.find(request_id)
    referral = request.referrals.get(referral_id) if request is not None else None
    if referral is None:
        raise NotFound(f"no referral {referral_id} on placement request {request_id}")
    with svc.engine.connect() as conn:
        owner = conn.execute(
            select(homes.c.provider_id).where(homes.c.home_id == str(referral.home_id))
        ).scalar()
    who.owns(owner or "", f"referral {referral_id}")
    return referral.home_id

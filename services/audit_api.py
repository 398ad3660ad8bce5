"""`GET /audit`: who read which patient's data, when and from where (admin only: its rule
`AUDIT` grants no other role).

Reading the audit is itself a read of patient-level data, so it is audited like any other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from pydantic import BaseModel

from events.bounds import Ident, QueryTime, ShortText
from events.platform.access import Access, Rule, allowed
from events.platform.audit import MAX_LIMIT, AuditEntry, AuditLog
from events.platform.audit_http import audit_read

AUDIT = Rule("audit of reads", "read who read which patient's data")  # admin only
router = APIRouter(tags=["audit"])


class AuditedRead(BaseModel):
    """One read of patient-level data."""

    seq: int
    at: datetime
    role: str
    organisation: str
    subject: str
    token_id: str | None
    method: str
    route: str
    kind: str
    ids: list[str]
    query: str
    rows: int | None
    client: str
    user_agent: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditedRead:
        return cls.model_validate({**vars(entry), "ids": list(entry.ids)})


@router.get("/audit", response_model=list[AuditedRead])
def audit(
    request: Request,
    access: Annotated[Access, allowed(AUDIT)],
    subject: Annotated[ShortText | None, Query(description="only this user's reads")] = None,
    organisation: Annotated[
        Ident | None, Query(description="only reads by this organisation's users")
    ] = None,
    patient: Annotated[
        Ident | None, Query(description="only reads that included this id (an episode...)")
    ] = None,
    since: Annotated[QueryTime | None, Query(description="only reads at or after")] = None,
    until: Annotated[QueryTime | None, Query(description="only reads at or before")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many")] = 100,
) -> list[AuditedRead]:
    """The reads of patient-level data, newest first, matching every filter given."""
    store: AuditLog = request.app.state.audit
    found = store.query(
        subject=subject,
        organisation=organisation,
        patient=patient,
        since=since,
        until=until,
        limit=limit,
    )
    audit_read(request, access.who, "audit", rows=len(found))
    return [AuditedRead.of(each) for each in found]


def mount_audit(app: FastAPI, store: AuditLog) -> None:
    """Put the audit store where routes reach it (`app.state.audit`) and add `GET /audit`."""
    app.state.audit = store
    app.include_router(router)

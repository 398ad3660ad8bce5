"""`GET /audit`: who read which patient's data, when and from where (admin only: its rule
`AUDIT` grants no other role).

Reading the audit is itself a read of patient-level data, so it is audited like any other.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request

from events.bounds import Ident, QueryTime, ShortText
from events.platform.access import Access, Rule, allowed
from events.platform.audit import MAX_LIMIT, AuditEntry, AuditLog
from events.platform.audit_http import audit_read

AUDIT = Rule("audit of reads", "read who read which patient's data")  # admin only
router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=list[AuditEntry])
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
) -> list[AuditEntry]:
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
    return found


def mount_audit(app: FastAPI, store: AuditLog) -> None:
    """Put the audit store where routes reach it (`app.state.audit`) and add `GET /audit`."""
    app.state.audit = store
    app.include_router(router)

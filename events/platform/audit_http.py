"""`audit_read`: what a route calls before it answers with patient-level data.

No patient read goes unaudited: when the audit cannot be written (no store on
`app.state.audit`, the store unreachable or refusing), the read fails with 503 and nothing of
the data is sent. Call it after the rows are found (to name them) and before returning them;
a streamed export calls it before its first byte.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from fastapi import HTTPException, Request

from events.platform.audit import AuditEntry, AuditLog
from events.platform.audit_scrub import scrubbed
from events.platform.auth import Principal

log = logging.getLogger(__name__)

UNAVAILABLE = "the audit trail is unavailable, so this read of patient data is refused; retry later"


class AuditUnavailable(HTTPException):
    """The read could not be audited, so it is refused (503)."""

    def __init__(self) -> None:
        super().__init__(status_code=503, detail=UNAVAILABLE)


def route_of(request: Request) -> str:
    """The route's path template (`/discharge/episodes/{episode_id}`), never the ids in it."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else scrubbed(request.url.path)


def audit_read(
    request: Request,
    who: Principal,
    kind: str,
    ids: Iterable[object] = (),
    rows: int | None = None,
) -> AuditEntry:
    """Record that `who` read `ids` of `kind` (an episode, a request...) or, for a list or
    search, the query string and the number of `rows`; AuditUnavailable (503) if it cannot."""
    client = request.client
    entry = AuditEntry(
        role=str(who.role),
        organisation=who.organisation,
        subject=who.subject,
        token_id=getattr(who, "token_id", None),
        method=request.method,
        route=route_of(request),
        kind=kind,
        ids=tuple(str(i) for i in ids),
        query=request.url.query,
        rows=rows,
        client=client.host if client is not None else "",
        user_agent=request.headers.get("user-agent", ""),
    )
    try:
        store: AuditLog = request.app.state.audit
        return store.record(entry)
    except Exception as exc:  # any failure: the read must not go on unaudited
        # the type only: a driver's message may quote the row (subject, ids)
        log.error("audit of a %s read failed (%s): refused with 503", kind, type(exc).__name__)
        raise AuditUnavailable() from exc

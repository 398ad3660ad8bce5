"""One audit row as it is kept: who read, what, when and from where, bounded and scrubbed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from events.platform.audit_scrub import MAX_QUERY, safe_ids, safe_query, scrubbed


@dataclass(frozen=True)
class AuditEntry:
    """One read: `ids` read, or the `query` and the number of `rows` it returned."""

    role: str
    organisation: str
    subject: str
    token_id: str | None
    method: str
    route: str
    kind: str
    ids: tuple[str, ...] = ()
    query: str = ""
    rows: int | None = None
    client: str = ""
    user_agent: str = ""
    at: datetime | None = None  # when it was recorded (UTC), set by the audit
    seq: int = 0  # its place in the audit, given when recorded


def utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _token_id(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None  # not a token id (and never a token): not kept


def bounded(entry: AuditEntry, at: datetime) -> AuditEntry:
    """The entry as the audit keeps it, recorded `at`: bounded, scrubbed, in UTC."""
    ids = safe_ids(entry.ids)
    return replace(
        entry,
        role=scrubbed(entry.role, 20),
        organisation=scrubbed(entry.organisation, 64),
        subject=scrubbed(entry.subject),
        token_id=_token_id(entry.token_id),
        method=scrubbed(entry.method, 10).upper(),
        route=scrubbed(entry.route),
        kind=scrubbed(entry.kind, 40),
        ids=ids,
        query=safe_query(entry.query)[:MAX_QUERY],
        rows=max(0, entry.rows) if entry.rows is not None else len(entry.ids) or None,
        client=scrubbed(entry.client, 64),
        user_agent=scrubbed(entry.user_agent),
        at=utc(at),
    )

"""`carebridge audit`: the reads of patient-level data, newest first, from the audit store of
this deployment's settings (docs/audit.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from events.bounds import QueryTime, parse_uk_time
from events.bounds.check import OutOfBounds, bounded
from events.platform.audit import MAX_LIMIT, AuditEntry, AuditLog
from events.platform.report import Format, emit
from events.platform.settings import Settings

audit_app = typer.Typer(
    help="Who read which patient's data, when and from where (the audit of reads).",
    invoke_without_command=True,
)

TimeOption = Annotated[
    str | None, typer.Option(help="ISO or dd/mm/yyyy HH:MM; UK time if no offset")
]


def _time(value: str | None, hint: str) -> datetime | None:
    if value is None:
        return None
    try:
        return bounded(QueryTime, parse_uk_time(value))  # type: ignore[no-any-return]
    except (ValueError, OutOfBounds) as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from None


def _row(entry: AuditEntry) -> dict[str, Any]:
    at = entry.at.isoformat(timespec="seconds") if entry.at else ""
    what = " ".join(entry.ids) if entry.ids else entry.query
    return {
        "at": at,
        "role": entry.role,
        "organisation": entry.organisation,
        "subject": entry.subject,
        "token id": entry.token_id or "",
        "route": f"{entry.method} {entry.route}",
        "kind": entry.kind,
        "ids or query": what,
        "rows": "" if entry.rows is None else entry.rows,
        "client": entry.client,
        "user agent": entry.user_agent,
    }


@audit_app.callback()
def listing(
    subject: Annotated[str | None, typer.Option(help="only this user's reads")] = None,
    organisation: Annotated[
        str | None, typer.Option(help="only reads by this organisation's users")
    ] = None,
    patient: Annotated[
        str | None, typer.Option(help="only reads that included this id (an episode...)")
    ] = None,
    since: TimeOption = None,
    until: TimeOption = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="at most this many")] = 100,
    fmt: Annotated[
        Format, typer.Option("--format", help="csv, json or a table on screen")
    ] = Format.table,
) -> None:
    """List the reads of patient-level data, newest first, matching every filter given."""
    start, end = _time(since, "--since"), _time(until, "--until")
    store = AuditLog.of(Settings())
    try:
        found = store.query(
            subject=subject,
            organisation=organisation,
            patient=patient,
            since=start,
            until=end,
            limit=limit,
        )
    finally:
        store.close()
    emit([_row(each) for each in found], fmt, "Reads of patient data")

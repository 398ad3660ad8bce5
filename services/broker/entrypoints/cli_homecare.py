"""`carebridge homecare ...`: what commissioners ask of the home care market, from the
shell: the capacity board, unmet hours, agencies' responsiveness, packages sourced within
24/48 hours of readiness and people waiting by days. The same reads as the API's
(services/broker/projections/homecare_*.py), for one council or every council."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from sqlalchemy import Connection

from events import bounds as b
from events.platform.options import within
from events.platform.report import Format, emit
from events.platform.timeutil import utcnow
from services.broker.entrypoints.cli import Fmt, broker

homecare_app = typer.Typer(
    help="Home care market: capacity, unmet hours, responsiveness, timeliness, waiting.",
    no_args_is_help=True,
)
Council = Annotated[
    str | None,
    typer.Option(
        help="one council (ONS code); every council if left out", callback=within(b.OnsCode)
    ),
]


def _report(read: Callable[[Connection], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    with broker() as svc:
        return svc.packages.report(read)  # type: ignore[no-any-return]


def _for_screen(
    rows: list[dict[str, Any]], fmt: Format, council: str | None = None
) -> list[dict[str, Any]]:
    """On screen (CSV and JSON keep every column as it is): counts by reason as
    `reason: n; ...`; one council's rows without its code; a zone by its name alone."""
    if fmt is not Format.table:
        return rows
    said = lambda v: "; ".join(f"{k}: {n}" for k, n in v.items()) or "-"  # noqa: E731
    dropped = {"council_code"} if council else set()
    out = []
    for r in rows:
        row = {k: said(v) if isinstance(v, dict) else v for k, v in r.items() if k not in dropped}
        if "zone_name" in row and "zone" in row:  # the name says it; the code is for files
            row = {("zone" if k == "zone_name" else k): v for k, v in row.items() if k != "zone"}
        out.append(row)
    return out


@homecare_app.command("capacity")
def capacity(council: Council = None, fmt: Fmt = Format.table) -> None:
    """Each zone and time band: hours a week reported free, held, offered (reported less
    held; `stale` of them from old reports), requested by packages not yet sourced, the gap."""
    from services.broker.projections.homecare_capacity import capacity_board

    with broker() as svc:
        fresh = svc.settings.vacancy_fresh_hours
        rows = svc.packages.report(lambda conn: capacity_board(conn, council, utcnow(), fresh))
    emit(_for_screen(rows, fmt, council), fmt, "Home care capacity board (hours a week)")


@homecare_app.command("unmet")
def unmet(council: Council = None, fmt: Fmt = Format.table) -> None:
    """Hours a week still to source, by zone and the week the request was made."""
    from services.broker.projections.homecare_capacity import unmet_hours

    rows = _report(lambda conn: unmet_hours(conn, council))
    emit(_for_screen(rows, fmt, council), fmt, "Unmet home care hours")


@homecare_app.command("responsiveness")
def responsiveness(
    council: Council = None,
    provider: Annotated[str | None, typer.Option(help="one provider's agencies")] = None,
    fmt: Fmt = Format.table,
) -> None:
    """Per agency: offers, answers, median hours to answer, accept rate, declines by reason."""
    from services.broker.projections.homecare_timeliness import agency_responsiveness

    rows = _report(lambda conn: agency_responsiveness(conn, council, provider))
    emit(_for_screen(rows, fmt, council), fmt, "Home care agencies' responsiveness")


@homecare_app.command("sourced-within")
def sourced_within(council: Council = None, fmt: Fmt = Format.table) -> None:
    """By week of readiness: packages whose hours were held within 24 and 48 hours."""
    from services.broker.projections.homecare_timeliness import sourced_within as read

    rows = _report(lambda conn: read(conn, council, utcnow()))
    emit(
        _for_screen(rows, fmt, council), fmt, "Packages sourced within 24 and 48 hours of readiness"
    )


@homecare_app.command("waiting")
def waiting(council: Council = None, fmt: Fmt = Format.table) -> None:
    """People with an open package request, by whole days since readiness."""
    from services.broker.projections.homecare_timeliness import waiting_by_days

    rows = _report(lambda conn: waiting_by_days(conn, council, utcnow()))
    emit(_for_screen(rows, fmt, council), fmt, "People waiting for home care, by days")

"""`carebridge broker ...`: the broker's queries and its referral sweeper from the shell."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from events.platform.report import Format, emit
from events.platform.settings import Settings

broker_app = typer.Typer(
    help="Placement brokerage: waiting list, demand, providers.", no_args_is_help=True
)
Fmt = Annotated[Format, typer.Option("--format", help="csv, json or a table on screen")]


@contextmanager
def broker() -> Iterator[Any]:
    from events.delivery.inprocess import InProcessBus
    from services.broker.bootstrap import bootstrap

    settings = Settings()
    service = bootstrap(settings, None if settings.kafka_bootstrap else InProcessBus())
    try:
        yield service
    finally:
        service.close()


@broker_app.command("waiting-list")
def waiting_list(
    council: Annotated[str | None, typer.Option(help="one council's requests")] = None,
    stage: Annotated[str | None, typer.Option(help="e.g. seeking, offered")] = None,
    fmt: Fmt = Format.table,
) -> None:
    """Everyone with an open placement request, oldest first."""
    from services.broker.projections.queries import WaitingFilter

    with broker() as svc:
        rows = svc.waiting_list(WaitingFilter(council_code=council, stage=stage))
    emit(rows, fmt, "Waiting list")


@broker_app.command("unmet-demand")
def unmet_demand(
    after_days: Annotated[
        int, typer.Option(help="waiting longer than this with no home accepting")
    ] = 7,
    fmt: Fmt = Format.table,
) -> None:
    """Needs and localities no home has accepted to assess: for market position statements."""
    with broker() as svc:
        rows = svc.unmet_demand(after_days)
    emit(rows, fmt, f"Unmet demand after {after_days} days")


@broker_app.command("responsiveness")
def responsiveness(fmt: Fmt = Format.table) -> None:
    """Per home: referrals, time to answer, acceptance rate, escalations."""
    with broker() as svc:
        rows = svc.responsiveness()
    emit(rows, fmt, "Provider responsiveness")


@broker_app.command("escalate")
def escalate() -> None:
    """Escalate every referral not answered by its deadline (what the service does hourly)."""
    with broker() as svc:
        count = svc.escalate_overdue()
    typer.echo(f"{count} referrals escalated")

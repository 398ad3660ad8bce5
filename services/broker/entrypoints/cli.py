"""`carebridge broker ...`: the broker's queries and its referral sweeper from the shell."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Annotated, Any

import typer
from rich.console import Console

from events import bounds as b
from events.platform.errors import DomainError
from events.platform.options import within
from events.platform.report import Format, emit
from events.platform.settings import Settings
from events.platform.standalone import standalone
from events.platform.timeutil import utcnow

broker_app = typer.Typer(
    help="Placement brokerage: waiting list, demand, providers.", no_args_is_help=True
)
err = Console(stderr=True)
Fmt = Annotated[Format, typer.Option("--format", help="csv, json or a table on screen")]


def broker() -> AbstractContextManager[Any]:
    from services.broker.bootstrap import bootstrap

    return standalone(bootstrap)


@broker_app.command("waiting-list")
def waiting_list(
    council: Annotated[
        str | None, typer.Option(help="one council's requests", callback=within(b.OnsCode))
    ] = None,
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
        int,
        typer.Option(
            help="waiting longer than this with no home accepting", callback=within(b.WaitDays)
        ),
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
    """Escalate every referral and package offer not answered by its deadline, and let go
    the hours held for packages not started in time (what the service's sweeper does)."""
    with broker() as svc:
        count = svc.escalate_overdue()
        lapsed = svc.lapse_overdue_holds()
    typer.echo(f"{count} referrals and offers escalated, {lapsed} held packages lapsed")


# -- commands: the same as the API, for a broker at a terminal -----------------------------

RequestId = Annotated[uuid.UUID, typer.Argument(help="the placement request")]
OfferId = Annotated[uuid.UUID, typer.Argument(help="the offer (= bed reservation) id")]


def _run(request_id: uuid.UUID, method: str, **kwargs: Any) -> None:
    with broker() as svc:
        try:
            if "home_id" in kwargs and method in ("refer", "offer_bed"):
                kwargs["home"] = svc.home(kwargs.pop("home_id"))
            request = svc.app.command(request_id, method, occurred_at=utcnow(), **kwargs)
        except DomainError as exc:
            err.print(f"[red]{exc}")
            raise typer.Exit(1) from None
        svc.drain()
    typer.echo(f"{request.id} v{request.version}: {request.stage}")


@broker_app.command("open")
def open_request(
    council: Annotated[
        str, typer.Option(help="the council placing the person", callback=within(b.OnsCode))
    ],
    registration: Annotated[str, typer.Option(help="residential or nursing")],
    care_category: Annotated[str, typer.Option(help="e.g. dementia, older_people")],
    funding: Annotated[str, typer.Option(help="council, nhs_chc, joint, fnc, self_funder, ...")],
    urgency: Annotated[str, typer.Option()] = "routine",
    locality: Annotated[
        list[str] | None,
        typer.Option(help="preferred locality (repeat)", callback=within(b.Name)),
    ] = None,
    specialism: Annotated[list[str] | None, typer.Option(help="specialist need (repeat)")] = None,
) -> None:
    """Open a placement request for a person in the community."""
    with broker() as svc:
        try:
            request = svc.app.open_request(
                request_id=uuid.uuid4(), council_code=council, episode_id=None,
                location="community", registration=registration, care_category=care_category,
                specialisms=specialism or [], preferred_localities=locality or [],
                preferred_home_ids=[], funding=funding, urgency=urgency, occurred_at=utcnow(),
            )  # fmt: skip
        except DomainError as exc:
            err.print(f"[red]{exc}")
            raise typer.Exit(1) from None
        svc.drain()
    typer.echo(f"{request.id} v{request.version}: {request.stage}")


@broker_app.command("refer")
def refer(
    request_id: RequestId,
    home_id: Annotated[uuid.UUID, typer.Argument()],
    answer_within_hours: Annotated[float, typer.Option(callback=within(b.HoldHours))] = 24,
) -> None:
    """Refer the person to a home, which must answer in time."""
    _run(
        request_id, "refer", referral_id=uuid.uuid4().hex[:12], home_id=home_id,
        answer_by=utcnow() + timedelta(hours=answer_within_hours),
    )  # fmt: skip


@broker_app.command("answer")
def answer(
    request_id: RequestId,
    referral_id: Annotated[str, typer.Argument(callback=within(b.Ident))],
    accept: Annotated[bool, typer.Option("--accept/--decline")],
    reason: Annotated[
        str | None, typer.Option(help="why declined: no_suitable_bed, fee, ...")
    ] = None,
) -> None:
    """Record a home's answer to a referral."""
    _run(request_id, "answer_referral", referral_id=referral_id, accept=accept, reason=reason)


@broker_app.command("assessed")
def assessed(
    request_id: RequestId,
    home_id: uuid.UUID,
    can_meet_needs: Annotated[bool, typer.Option("--can-meet-needs/--cannot-meet-needs")],
) -> None:
    """Record the outcome of a home's assessment."""
    _run(request_id, "complete_assessment", home_id=home_id, can_meet_needs=can_meet_needs)


@broker_app.command("offer")
def offer(
    request_id: RequestId,
    home_id: uuid.UUID,
    weekly_fee: Annotated[float, typer.Argument(callback=within(b.Money))],
    top_up: Annotated[float, typer.Option(callback=within(b.Money))] = 0.0,
) -> None:
    """Offer a bed at a home (the home is asked to hold it)."""
    _run(
        request_id, "offer_bed", offer_id=uuid.uuid4(), home_id=home_id, weekly_fee=weekly_fee,
        top_up=top_up, hold_hours=Settings().reservation_hold_hours,
    )  # fmt: skip


@broker_app.command("accept")
def accept(request_id: RequestId, offer_id: OfferId) -> None:
    """The person or family accepts the offer."""
    _run(request_id, "accept_offer", offer_id=offer_id)


@broker_app.command("decline")
def decline(request_id: RequestId, offer_id: OfferId, reason: str) -> None:
    """The person or family declines the offer (family_choice, location, fee_top_up, ...)."""
    _run(request_id, "decline_offer", offer_id=offer_id, reason=reason)


@broker_app.command("admitted")
def admitted(
    request_id: RequestId, offer_id: OfferId, interim: Annotated[bool, typer.Option()] = False
) -> None:
    """The person moved into the home."""
    with broker() as svc:
        request = svc.app.request(request_id)
        home = request.offers[offer_id].home_id if offer_id in request.offers else None
        name = svc.home(home).name if home else ""
    _run(request_id, "admit", offer_id=offer_id, home_name=name, interim=interim)


@broker_app.command("cancel")
def cancel(request_id: RequestId, reason: str) -> None:
    """No placement needed any more (died, went_home, needs_changed, moved_away)."""
    _run(request_id, "cancel", reason=reason)

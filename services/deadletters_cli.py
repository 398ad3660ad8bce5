"""`carebridge deadletters`: the messages projections and consumers have set aside, and
`carebridge deadletters retry` to apply them again once the cause is fixed
(docs/dead-letters.md)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from events.delivery.deadletters import DeadLetter
from events.platform.settings import Settings
from services.runtime import SERVICE_NAMES, Runtime

deadletters_app = typer.Typer(
    help="Messages set aside because they could not be applied (dead letters).",
    invoke_without_command=True,
)
console = Console()

ServiceOption = Annotated[str | None, typer.Option(help="only this service's dead letters")]
ProjectionOption = Annotated[
    str | None, typer.Option(help="only this projection's or consumer's dead letters")
]


def _runtime(service: str | None) -> Runtime:
    if service is not None and service not in SERVICE_NAMES:
        raise typer.BadParameter(f"choose from {', '.join(SERVICE_NAMES)}", param_hint="--service")
    return Runtime(Settings(), SERVICE_NAMES if service is None else (service,))


def _letters(runtime: Runtime, projection: str | None) -> list[tuple[str, DeadLetter]]:
    found = []
    for name, svc in runtime.services.items():
        with svc.dead_letters.engine.connect() as conn:
            found += [(name, each) for each in svc.dead_letters.of(conn, projection)]
    return found


@deadletters_app.callback()
def listing(
    ctx: typer.Context, service: ServiceOption = None, projection: ProjectionOption = None
) -> None:
    """List every dead letter: where it was read, what it was and why it failed."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = (service, projection)  # `deadletters --service X retry` retries X's only
        return
    runtime = _runtime(service)
    try:
        found = _letters(runtime, projection)
    finally:
        runtime.close()
    if not found:
        console.print("no dead letters")
        return
    table = Table(title="Dead letters")
    for column in ("service", "projection", "event id", "position", "type", "error", "time"):
        table.add_column(column, overflow="fold")
    for name, each in found:
        table.add_row(
            name,
            each.consumer,
            each.event_id,
            f"{each.stream} #{each.position}",
            each.event_type,
            each.error,
            each.failed_at.isoformat(timespec="seconds"),
        )
    console.print(table)


@deadletters_app.command()
def retry(
    ctx: typer.Context, service: ServiceOption = None, projection: ProjectionOption = None
) -> None:
    """Apply the dead letters again (after a fix): each that applies is removed; each that
    fails again keeps its place with the new error. Exits 1 if any are left."""
    given_before = ctx.obj if isinstance(ctx.obj, tuple) else (None, None)
    service = service or given_before[0]
    projection = projection or given_before[1]
    runtime = _runtime(service)
    left = 0
    try:
        for name, each in _letters(runtime, projection):
            consumers = {c.name: c for c in runtime.services[name].consumers()}
            where = f"{name} {each.consumer} {each.stream} #{each.position} ({each.event_type})"
            consumer = consumers.get(each.consumer)
            if consumer is None:
                console.print(f"{where}: no such projection or consumer here; kept")
                left += 1
                continue
            error = consumer.retry(each)
            if error is None:
                console.print(f"{where}: applied")
            else:
                console.print(f"{where}: failed again: {error}")
                left += 1
    finally:
        runtime.close()
    if left:
        console.print(f"{left} dead letter(s) left")
        raise typer.Exit(1)

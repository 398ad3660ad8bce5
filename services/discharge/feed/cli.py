"""`carebridge feed hl7` (the listener as its own process) and `carebridge feed rejected`."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from events import bounds as b
from events.platform.options import within
from events.platform.report import Format, emit
from events.platform.standalone import standalone

feed_app = typer.Typer(help="The hospital feed: HL7 v2 ADT over MLLP.", no_args_is_help=True)
console = Console()

Trust = Annotated[
    str, typer.Option(help="the sending trust's ODS code", callback=within(b.OdsCode))
]
Config = Annotated[
    Path | None,
    typer.Option(help="the trust's mapping, a TOML file (docs/feeds.md)", exists=True),
]


@feed_app.command("hl7")
def hl7(
    trust: Trust,
    port: Annotated[int, typer.Option(help="the MLLP port", min=1, max=65535)] = 2575,
    host: Annotated[str, typer.Option(help="the address to listen on")] = "0.0.0.0",
    config: Config = None,
) -> None:
    """Listen for one trust's ADT messages until stopped, against the service's stores."""
    from services.discharge.bootstrap import bootstrap
    from services.discharge.feed.wiring import start_listener

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with standalone(bootstrap) as discharge:
        try:
            listener = start_listener(discharge, trust, port, host, _checked(config))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--config") from None
        console.print(f"HL7 v2 over MLLP for {trust} on {host}:{listener.port}")
        try:
            while not stop.wait(1):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            listener.close()


@feed_app.command("rejected")
def rejected(
    trust: Annotated[
        str | None, typer.Option(help="one trust's only", callback=within(b.OdsCode))
    ] = None,
    limit: Annotated[int, typer.Option(help="the latest N", min=1, max=10_000)] = 100,
    fmt: Annotated[Format, typer.Option("--format", help="csv, json or a table")] = Format.table,
    full: Annotated[bool, typer.Option(help="with each message's text")] = False,
) -> None:
    """The messages the feed refused (AE, AR), latest first, with the field and the reason."""
    from services.discharge.bootstrap import bootstrap
    from services.discharge.feed.store import FeedStore

    with standalone(bootstrap) as discharge:
        kept = FeedStore(discharge.engine, discharge.settings.store_key).rejected(trust, limit)
    rows = [
        {
            "received_at": r.received_at.isoformat(),
            "trust": r.trust,
            "facility": r.facility,
            "control_id": r.control_id,
            "event": r.event,
            "ack": r.code,
            "field": r.field,
            "reason": r.reason,
            **({"message": r.message.replace("\r", "\n")} if full else {}),
        }
        for r in kept
    ]
    emit(rows, fmt, "Messages refused by the hospital feed")


def _checked(config: Path | None) -> Path | None:
    from services.discharge.feed.mapping import load

    try:
        load(config)
    except (ValueError, OSError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--config") from None
    return config

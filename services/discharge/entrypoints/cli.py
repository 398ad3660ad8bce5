"""`carebridge returns ...` and `carebridge import episodes`: the discharge service's commands."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from events import bounds as b
from events.bounds import parse_uk_time
from events.platform.options import within
from events.platform.report import Format, emit
from events.platform.standalone import standalone
from services.discharge.domain import returns as r
from services.discharge.domain.calendar import WHOLE_MONTH, Period
from services.discharge.entrypoints import published as p

returns_app = typer.Typer(
    help="The official returns, counted from the event log.", no_args_is_help=True
)
import_app = typer.Typer(help="Bulk import of history.", no_args_is_help=True)
err = Console(stderr=True)


class Group(StrEnum):
    la = "la"
    provider = "provider"


Month = Annotated[
    str,
    typer.Option(help="calendar month, 1990-01 to 2100-12, e.g. 2019-12", callback=within(b.Month)),
]
By = Annotated[Group, typer.Option("--by", help="local authority of residence or provider")]
Fmt = Annotated[Format, typer.Option("--format", help="csv, json or a table on screen")]
NonAcute = Annotated[bool, typer.Option(help="count non-acute beds too")]
AsAt = Annotated[
    str | None,
    typer.Option(
        "--as-at", help="count only what was recorded by this time (ISO; UK time if no offset)"
    ),
]


def _as_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_uk_time(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--as-at") from None


def discharge() -> AbstractContextManager[Any]:
    from services.discharge.bootstrap import bootstrap

    return standalone(bootstrap)


def _emit(rows: list[dict[str, Any]], fmt: Format, title: str, period: Period) -> None:
    """A month not yet over says which days it counts: in a title row above the published
    layout in CSV (a month that has ended prints exactly as published), in the table's title,
    on stderr beside JSON (stdout stays the rows)."""
    if fmt is Format.csv:
        sys.stdout.write(p.published_csv(rows, period))
        return
    if period.status != WHOLE_MONTH:
        if fmt is Format.json:
            err.print(f"{period.note} ({period.label})", markup=False, soft_wrap=True)
        title = f"{title}, {period.label}"
    emit(rows, fmt, title)


@returns_app.command("dtoc")
def dtoc(
    month: Month,
    by: By = Group.la,
    fmt: Fmt = Format.csv,
    table: Annotated[
        p.DtocTable, typer.Option(help="CSV layout: by reason or by agency")
    ] = p.DtocTable.reason,
    as_at: AsAt = None,
) -> None:
    """England delayed transfers of care: delayed days by reason and agency, per LA or provider.
    Of the month in progress, only the days whose midnight has passed."""
    at = _as_at(as_at)
    with discharge() as svc:
        if fmt is Format.json:
            ret = svc.dtoc(month, by.value, at)
            rows, period, gaps = r.dtoc_detail(ret), ret.period, ret.england.unrecorded
        else:
            rows, period, gaps = p.dtoc_rows(svc, month, by.value, table, at, svc.now())
    if gaps:
        err.print(f"[yellow]{gaps} delayed days had no DTOC reason recorded and are not counted")
    _emit(rows, fmt, f"Delayed days {month} by {by.value}", period)


@returns_app.command("drd")
def drd(
    month: Month,
    by: By = Group.provider,
    fmt: Fmt = Format.csv,
    as_at: AsAt = None,
    include_non_acute: NonAcute = False,
) -> None:
    """Discharge ready date timeliness: the month's discharges by delay (of the month in
    progress, those of the days whose midnight has passed)."""
    care = p.care_types(include_non_acute)
    with discharge() as svc:
        rows, period = p.drd_rows(svc, month, by.value, _as_at(as_at), care, svc.now())
    _emit(rows, fmt, f"Discharge timeliness {month} by {by.value}", period)


@returns_app.command("nctr")
def nctr(
    month: Month, fmt: Fmt = Format.csv, as_at: AsAt = None, include_non_acute: NonAcute = False
) -> None:
    """Daily 'no criteria to reside' counts per provider, for every day of the month (of the
    month in progress, every day whose midnight has passed)."""
    care = p.care_types(include_non_acute)
    with discharge() as svc:
        rows, period = p.nctr_rows(svc, month, _as_at(as_at), care, svc.now())
    _emit(rows, fmt, f"No criteria to reside {month}", period)


@returns_app.command("pocd")
def pocd(month: Month, fmt: Fmt = Format.csv, as_at: AsAt = None) -> None:
    """Wales Pathway of Care Delays census (third Wednesday; delays over 48 hours), once the
    census has passed."""
    with discharge() as svc:
        rows, period = p.pocd_rows(svc, month, _as_at(as_at), svc.now())
    _emit(rows, fmt, f"Pathway of Care Delays {month}", period)


@import_app.command("episodes")
def import_episodes(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="tracker CSV")],
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="write the good rows and list the refused ones")
    ] = False,
    trust: Annotated[
        str | None,
        typer.Option(
            "--trust", help="the ODS code of the trust the file is from (rows naming none are its)"
        ),
    ] = None,
) -> None:
    """Import a tracker's history, one row per event (format in the README). Every row is
    checked first: if any is refused nothing is written, unless --skip-bad. Each row is its
    trust's: the provider_code it names, else the trust its file admits it for or --trust."""
    from events.platform.errors import InvalidInput
    from services.discharge.importer import import_rows, rows
    from services.discharge.importer_view import print_report

    with discharge() as svc:
        try:
            report = import_rows(svc.app, rows(file), skip_bad=skip_bad, trust=trust)
        except (InvalidInput, UnicodeDecodeError) as exc:
            err.print(
                f"{file}: cannot be read as a tracker: {exc}; nothing was written",
                markup=False,
                style="red",
            )
            raise typer.Exit(2) from None
        # the outbox is published by the running service (`carebridge serve`), not here
        svc.facts.catch_up()
    print_report(err, report)
    if report.failed:
        raise typer.Exit(1)

"""`carebridge token`: issue a bearer token (only the token on stdout, its id on stderr, so
`T=$(carebridge token ...)` captures it), and `carebridge token revoke JTI` to refuse one
from then on, in every process of the deployment."""

from __future__ import annotations

from typing import Annotated

import typer

from events.platform.auth import BadLifetime, BadOrganisation, Role, token_id
from events.platform.settings import Settings
from events.platform.tokens import Tokens

token_app = typer.Typer(
    help="Issue a signed bearer token (--role, --org), or revoke one (revoke JTI).",
    invoke_without_command=True,
)


@token_app.callback()
def issue(
    ctx: typer.Context,
    role: Annotated[Role | None, typer.Option(help="who the bearer acts as")] = None,
    org: Annotated[
        str | None,
        typer.Option(
            help="the organisation: a trust's ODS code (discharge), a council's ONS code "
            "(broker), a provider id (provider), an ICB's ODS code (escalation, e.g. QYG), "
            "an identifier (analyst, admin)"
        ),
    ] = None,
    subject: Annotated[str, typer.Option(help="user name for the audit trail")] = "",
    hours: Annotated[
        float | None,
        typer.Option(help="lifetime [CAREBRIDGE_TOKEN_HOURS; at most CAREBRIDGE_TOKEN_MAX_HOURS]"),
    ] = None,
) -> None:
    """Issue a signed bearer token for local use: the token on stdout, its id on stderr."""
    if ctx.invoked_subcommand is not None:
        return
    if role is None:
        raise typer.BadParameter("a token needs a role", param_hint="--role")
    if org is None:
        raise typer.BadParameter("a token needs an organisation", param_hint="--org")
    tokens = Tokens(Settings())
    try:
        token = tokens.issue(role, org, subject=subject, hours=hours)
    except BadOrganisation as exc:
        raise typer.BadParameter(str(exc), param_hint="--org") from None
    except BadLifetime as exc:
        raise typer.BadParameter(str(exc), param_hint="--hours") from None
    typer.echo(token)
    typer.echo(f"token id (to revoke it): {token_id(token)}", err=True)


@token_app.command()
def revoke(
    jti: Annotated[str, typer.Argument(help="the token's id (its jti claim)")],
) -> None:
    """Refuse the token with this id from now on, in every process of the deployment
    (each sees it within CAREBRIDGE_TOKEN_REVOCATION_CACHE_SECONDS)."""
    tokens = Tokens(Settings())
    try:
        added = tokens.revoke(jti)
    except ValueError:
        raise typer.BadParameter("a token id is a UUID", param_hint="JTI") from None
    finally:
        tokens.close()
    typer.echo(f"revoked {jti}" if added else f"{jti} was already revoked", err=True)

"""Bearer tokens: a signed JWT naming a role and an organisation.

Roles: provider (a care home provider: acts on its own homes), broker (a council's
brokerage team), discharge (a hospital discharge team), escalation (an integrated care board's
escalation call, across the ICB's trusts and councils), analyst, admin.

Every token names an organisation of its role's kind (an ODS code for a trust, an ONS code
for a council, a provider id, an ICB's ODS code, an identifier for analysts and admins), and
lives no longer than the deployment's maximum and carries an id (`jti`) by which it can be
revoked. Each rule is checked when a token is issued and again when it is verified; an
escalation token is issued only for an ICB of the reference table (events/reference/icbs.csv).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jwt
from pydantic.fields import FieldInfo

from events.bounds import IcbCode, Ident, OdsCode, OnsCode, ProviderId
from events.bounds.check import OutOfBounds, bounded
from events.reference import icbs

ALGORITHM = "HS256"
MAX_HOURS = 12.0  # the default maximum lifetime (Settings.token_max_hours)
REQUIRED_CLAIMS = ["sub", "role", "org", "iat", "exp", "jti"]


class Role(StrEnum):
    PROVIDER = "provider"
    BROKER = "broker"
    DISCHARGE = "discharge"
    ESCALATION = "escalation"
    ANALYST = "analyst"
    ADMIN = "admin"


# what each role's `org` claim must be
ORGANISATION_KINDS: dict[Role, Any] = {
    Role.DISCHARGE: OdsCode,
    Role.BROKER: OnsCode,
    Role.PROVIDER: ProviderId,
    Role.ESCALATION: IcbCode,
    Role.ANALYST: Ident,
    Role.ADMIN: Ident,
}


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user of some organisation acting in one role, with one token."""

    subject: str
    role: Role
    organisation: str
    token_id: str


class InvalidToken(Exception):
    """Missing, expired, forged, revoked or malformed token."""


class BadOrganisation(ValueError):
    """The organisation is not of the kind the role needs."""


class BadLifetime(ValueError):
    """The lifetime asked for is not positive or longer than the maximum."""


def organisation_for(role: Role, organisation: str) -> str:
    """The organisation as the role's code pattern takes it (e.g. an ODS code upper case),
    or BadOrganisation saying what the role needs."""
    kind = ORGANISATION_KINDS[role]
    try:
        return str(bounded(kind, organisation))
    except OutOfBounds as exc:
        raise BadOrganisation(
            f"a {role.value} token's organisation must be {_described(kind)}; "
            f"{organisation!r} is not ({exc})"
        ) from None


def _described(kind: Any) -> str:
    for meta in getattr(kind, "__metadata__", ()):
        if isinstance(meta, FieldInfo) and meta.description:
            return meta.description
    return "a code of its kind"


def issue_token(
    secret: str,
    *,
    role: Role,
    organisation: str,
    subject: str = "",
    hours: float = MAX_HOURS,
    max_hours: float = MAX_HOURS,
) -> str:
    """A signed token; BadOrganisation or BadLifetime when the rules refuse it."""
    org = organisation_for(role, organisation)
    if role is Role.ESCALATION and not icbs.known(org):
        raise BadOrganisation(
            f"no ICB {org} in the reference table (events/reference/icbs.csv): "
            "add it there first (docs/reference-data.md)"
        )
    if not 0 < hours <= max_hours:
        limit = f"more than 0 and at most {max_hours:g} hours"
        raise BadLifetime(f"a token lives {limit}, not {hours:g}")
    issued = int(time.time())
    claims = {
        "sub": subject or f"{role.value}@{org}",
        "role": role.value,
        "org": org,
        "iat": issued,
        "exp": issued + round(hours * 3600),
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def token_id(token: str) -> str:
    """The id of a token, read without verifying it: to show the one just issued."""
    return str(jwt.decode(token, options={"verify_signature": False})["jti"])


def verify_token(
    secret: str,
    token: str,
    *,
    max_hours: float = MAX_HOURS,
    revoked: Callable[[str], bool] | None = None,
) -> Principal:
    """The token's Principal, or InvalidToken: signature, expiry, every claim, the
    organisation's pattern, the lifetime and (after the signature) the revocations."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS}
        )
        role = Role(claims["role"])
        organisation = organisation_for(role, _text(claims["org"], "org"))
        jti = str(uuid.UUID(_text(claims["jti"], "jti")))
        lifetime = float(claims["exp"]) - float(claims["iat"])
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc
    if lifetime > max_hours * 3600:
        raise InvalidToken(f"the token lives longer than the maximum of {max_hours:g} hours")
    if revoked is not None and revoked(jti):
        raise InvalidToken("the token has been revoked")
    return Principal(subject=str(claims["sub"]), role=role, organisation=organisation, token_id=jti)


def _text(value: object, claim: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"the {claim} claim must be a string")
    return value

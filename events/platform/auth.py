"""Bearer tokens: a signed JWT naming a role and an organisation.

Roles: provider (a care home provider: acts on its own homes), broker (a council's
brokerage team), discharge (a hospital discharge team), analyst, admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import jwt

ALGORITHM = "HS256"


class Role(StrEnum):
    PROVIDER = "provider"
    BROKER = "broker"
    DISCHARGE = "discharge"
    ANALYST = "analyst"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user of some organisation acting in one role."""

    subject: str
    role: Role
    organisation: str

    def acts_for(self, organisation: str) -> bool:
        return self.role is Role.ADMIN or self.organisation == organisation


class InvalidToken(Exception):
    """Missing, expired, forged or malformed token."""


def issue_token(
    secret: str, *, role: Role, organisation: str, subject: str = "", hours: float = 12.0
) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": subject or f"{role.value}@{organisation}",
        "role": role.value,
        "org": organisation,
        "iat": now,
        "exp": now + timedelta(hours=hours),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(secret: str, token: str) -> Principal:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "role", "org"]}
        )
        return Principal(
            subject=str(claims["sub"]), role=Role(claims["role"]), organisation=str(claims["org"])
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise InvalidToken(str(exc)) from exc

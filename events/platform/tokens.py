"""One deployment's tokens: issued, verified and revoked with its settings (secret, maximum
lifetime, revocation store). The rules themselves are in `events.platform.auth`."""

from __future__ import annotations

import time
from collections.abc import Callable

from events.platform.auth import Principal, Role, issue_token, verify_token
from events.platform.revocations import Revocations
from events.platform.settings import Settings


class Tokens:
    def __init__(self, settings: Settings, revocations: Revocations | None = None) -> None:
        self.settings = settings
        self.revocations = revocations or Revocations.of(settings)

    def issue(
        self, role: Role, organisation: str, subject: str = "", hours: float | None = None
    ) -> str:
        """BadOrganisation or BadLifetime when the rules refuse it."""
        return issue_token(
            self.settings.signing_secret,
            role=role,
            organisation=organisation,
            subject=subject,
            hours=self.settings.default_token_hours if hours is None else hours,
            max_hours=self.settings.token_max_hours,
        )

    def verify(self, token: str) -> Principal:
        """The Principal, or InvalidToken (forged, expired, malformed, too long, revoked)."""
        return verify_token(
            self.settings.signing_secret,
            token,
            max_hours=self.settings.token_max_hours,
            revoked=self.revocations.is_revoked,
        )

    def revoke(self, token_id: str) -> bool:
        return self.revocations.revoke(token_id)

    def close(self) -> None:
        self.revocations.close()


class RenewingToken:
    """A process's own token for calling the services over a long run (the remote
    simulation): issued for the deployment's default lifetime and issued again once half of
    it has passed, so no token ever outlives the maximum and a run may last for days."""

    def __init__(
        self,
        settings: Settings,
        role: Role,
        organisation: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._tokens, self._role, self._organisation = Tokens(settings), role, organisation
        self._hours, self._clock = settings.default_token_hours, clock
        self._token, self._renew_at = "", 0.0

    def __call__(self) -> str:
        now = self._clock()
        if now >= self._renew_at:
            self._token = self._tokens.issue(self._role, self._organisation, hours=self._hours)
            self._renew_at = now + self._hours * 3600 / 2
        return self._token

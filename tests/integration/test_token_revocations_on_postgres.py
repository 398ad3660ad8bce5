"""Production mode: a token revoked by one process is refused by another, both reading the
revocation table in PostgreSQL, and nothing is written to the data folder."""

from __future__ import annotations

import pytest

from events.platform.auth import InvalidToken, Role, token_id
from events.platform.settings import Settings
from events.platform.tokens import Tokens


def test_a_revocation_in_postgres_reaches_every_process(production_settings: Settings) -> None:
    settings = production_settings.model_copy(update={"token_revocation_cache_seconds": 0})
    server, cli = Tokens(settings), Tokens(settings)
    try:
        token = server.issue(Role.DISCHARGE, "RVY")
        assert server.verify(token).organisation == "RVY"
        assert cli.revoke(token_id(token)) is True
        assert cli.revoke(token_id(token)) is False
        with pytest.raises(InvalidToken, match="revoked"):
            server.verify(token)
        assert server.verify(server.issue(Role.DISCHARGE, "RVY")).role is Role.DISCHARGE
        assert not (settings.data_dir / "revocations.sqlite").exists()
    finally:
        server.close()
        cli.close()

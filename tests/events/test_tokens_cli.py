"""`carebridge token` and `carebridge token revoke` from a terminal, on the embedded default."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner, Result

from events.platform.auth import InvalidToken, Role, token_id
from events.platform.settings import Settings
from events.platform.tokens import Tokens
from services.cli import app


@pytest.fixture
def settings(embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    return embedded_settings.model_copy(update={"token_revocation_cache_seconds": 0})


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["token", *args])


def test_the_token_alone_is_printed_and_its_id_beside_it(settings: Settings) -> None:
    issued = run("--role", "discharge", "--org", "rtg", "--subject", "nurse.a")
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip()
    assert "\n" not in token
    principal = Tokens(settings).verify(token)
    assert (principal.role, principal.organisation, principal.subject) == (
        Role.DISCHARGE,
        "RTG",
        "nurse.a",
    )
    assert issued.stderr.strip() == f"token id (to revoke it): {principal.token_id}"


@pytest.mark.parametrize(
    ("role", "org"),
    [("discharge", ""), ("discharge", "E08000014"), ("broker", "RTG"), ("provider", "P 1"),
     ("admin", "")],
)  # fmt: skip
def test_an_empty_or_malformed_organisation_is_refused_naming_org(
    settings: Settings, role: str, org: str
) -> None:
    refused = run("--role", role, "--org", org)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "--org" in refused.output and f"a {role} token's organisation must be" in refused.output


def test_a_role_and_an_organisation_are_required(settings: Settings) -> None:
    assert "--role" in run("--org", "RTG").output
    no_org = run("--role", "broker")
    assert no_org.exit_code == 2 and "--org" in no_org.output


def test_a_lifetime_over_the_maximum_is_refused_naming_hours(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = run("--role", "broker", "--org", "E08000014", "--hours", "13")
    assert refused.exit_code == 2 and "--hours" in refused.output and "at most 12" in refused.output
    monkeypatch.setenv("CAREBRIDGE_TOKEN_MAX_HOURS", "24")
    assert run("--role", "broker", "--org", "E08000014", "--hours", "13").exit_code == 0


def test_a_revoked_token_is_refused(settings: Settings) -> None:
    token = run("--role", "broker", "--org", "E08000014").stdout.strip()
    revoked = run("revoke", token_id(token))
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    with pytest.raises(InvalidToken, match="revoked"):
        Tokens(settings).verify(token)
    assert "already revoked" in run("revoke", token_id(token)).output
    bad = run("revoke", "not-a-token-id")
    assert bad.exit_code == 2 and "UUID" in bad.output

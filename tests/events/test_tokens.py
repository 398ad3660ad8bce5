"""Tokens: each rule (the organisation of the role's kind, the maximum lifetime, the token id)
refused when a token is issued and again when one is verified; revocation seen by every
instance of the store and answered 401 on a real route."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from functools import partial
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from events.platform.auth import (
    BadLifetime,
    BadOrganisation,
    InvalidToken,
    Role,
    issue_token,
    token_id,
    verify_token,
)
from events.platform.revocations import Revocations, revocations_engine
from events.platform.settings import Settings
from events.platform.tokens import RenewingToken, Tokens
from services.runtime import Runtime

SECRET = "a-test-secret-of-at-least-thirty-two-characters"
GOOD = {
    Role.DISCHARGE: "RTG",
    Role.BROKER: "E08000014",
    Role.PROVIDER: "P-1",
    Role.ESCALATION: "QYG",
    Role.ANALYST: "NHSE",
    Role.ADMIN: "ops:team_1.a",
}
BAD = [
    (Role.DISCHARGE, ""),
    (Role.DISCHARGE, "E08000014"),  # a council's code is no trust's
    (Role.DISCHARGE, "R-TG"),
    (Role.BROKER, ""),
    (Role.BROKER, "RTG"),
    (Role.BROKER, "E0800001"),
    (Role.ESCALATION, ""),
    (Role.ESCALATION, "RTG"),  # a trust's code is no ICB's
    (Role.ESCALATION, "QYGX"),
    (Role.PROVIDER, "   "),
    (Role.PROVIDER, "-P1"),
    (Role.PROVIDER, "P 1"),
    (Role.ANALYST, ""),
    (Role.ANALYST, "NHS E"),
    (Role.ADMIN, ""),
    (Role.ADMIN, "x" * 65),
    (Role.ADMIN, "ops/*"),
]


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "someone",
        "role": "broker",
        "org": "E08000014",
        "iat": now,
        "exp": now + 3600,
        "jti": str(uuid.uuid4()),
    }
    return {k: v for k, v in (base | changes).items() if v is not None}


def crafted(secret: str = SECRET, **changes: Any) -> str:
    return jwt.encode(claims(**changes), secret, algorithm="HS256")


@pytest.mark.parametrize(("role", "org"), GOOD.items())
def test_each_role_is_issued_a_token_of_its_kind_of_organisation(role: Role, org: str) -> None:
    principal = verify_token(SECRET, issue_token(SECRET, role=role, organisation=org))
    assert (principal.role, principal.organisation) == (role, org)


def test_a_code_is_kept_as_published_upper_case() -> None:
    token = issue_token(SECRET, role=Role.DISCHARGE, organisation=" rtg01 ")
    assert verify_token(SECRET, token).organisation == "RTG01"


@pytest.mark.parametrize(("role", "org"), BAD)
def test_an_empty_or_malformed_organisation_is_refused_at_issue(role: Role, org: str) -> None:
    with pytest.raises(BadOrganisation, match=f"a {role.value} token's organisation must be"):
        issue_token(SECRET, role=role, organisation=org)


@pytest.mark.parametrize(("role", "org"), BAD)
def test_an_empty_or_malformed_organisation_is_refused_at_verify(role: Role, org: str) -> None:
    with pytest.raises(InvalidToken, match="organisation must be"):
        verify_token(SECRET, crafted(role=role.value, org=org))


@pytest.mark.parametrize("org", [None, 42, ["E08000014"]])
def test_a_missing_or_not_text_organisation_is_refused_at_verify(org: object) -> None:
    with pytest.raises(InvalidToken):
        verify_token(SECRET, crafted(org=org))


def test_a_lifetime_up_to_the_maximum_is_issued_and_a_longer_one_refused() -> None:
    token = issue_token(SECRET, role=Role.ADMIN, organisation="ops", hours=12)
    decoded = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert decoded["exp"] - decoded["iat"] == 12 * 3600
    for hours in (12.01, 24 * 7, 0, -1):
        with pytest.raises(BadLifetime, match="at most 12 hours"):
            issue_token(SECRET, role=Role.ADMIN, organisation="ops", hours=hours)
    longer = issue_token(SECRET, role=Role.ADMIN, organisation="ops", hours=30, max_hours=48)
    assert verify_token(SECRET, longer, max_hours=48).role is Role.ADMIN


def test_a_token_living_longer_than_the_maximum_is_refused_at_verify() -> None:
    now = int(time.time())
    assert verify_token(SECRET, crafted(iat=now, exp=now + 12 * 3600)).role is Role.BROKER
    too_long = crafted(iat=now, exp=now + 12 * 3600 + 1)
    with pytest.raises(InvalidToken, match="longer than the maximum of 12 hours"):
        verify_token(SECRET, too_long)
    assert verify_token(SECRET, too_long, max_hours=13).role is Role.BROKER
    backdated = crafted(iat=now - 20 * 3600, exp=now + 3600)
    with pytest.raises(InvalidToken, match="longer than the maximum"):
        verify_token(SECRET, backdated)


@pytest.mark.parametrize("claim", ["iat", "exp", "jti", "role", "org", "sub"])
def test_a_token_without_a_required_claim_is_refused(claim: str) -> None:
    token = jwt.encode({k: v for k, v in claims().items() if k != claim}, SECRET, "HS256")
    with pytest.raises(InvalidToken):
        verify_token(SECRET, token)


def test_every_token_has_its_own_id_which_the_principal_carries() -> None:
    tokens = [issue_token(SECRET, role=Role.PROVIDER, organisation="P-1") for _ in range(3)]
    ids = [verify_token(SECRET, t).token_id for t in tokens]
    assert len(set(ids)) == 3 and all(uuid.UUID(i).version == 4 for i in ids)
    assert ids == [token_id(t) for t in tokens]


@pytest.mark.parametrize("jti", ["", "not-a-uuid", 7])
def test_a_token_id_that_is_no_uuid_is_refused(jti: object) -> None:
    with pytest.raises(InvalidToken):
        verify_token(SECRET, crafted(jti=jti))


def test_a_token_signed_with_another_secret_or_expired_is_refused() -> None:
    with pytest.raises(InvalidToken, match="Signature"):
        verify_token(SECRET, crafted(secret="another-secret-of-thirty-two-characters-x"))
    now = int(time.time())
    with pytest.raises(InvalidToken, match="expired"):
        verify_token(SECRET, crafted(iat=now - 7200, exp=now - 3600))


def test_a_revoked_token_is_refused_only_after_its_signature_is_checked() -> None:
    asked: list[str] = []

    def revoked(jti: str) -> bool:
        asked.append(jti)
        return True

    with pytest.raises(InvalidToken):
        verify_token(SECRET, crafted(secret="another-secret-of-thirty-two-characters-x"))
    assert asked == []
    token = crafted()
    with pytest.raises(InvalidToken, match="revoked"):
        verify_token(SECRET, token, revoked=revoked)
    assert asked == [token_id(token)]


def test_the_lifetime_setting_may_not_exceed_the_maximum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREBRIDGE_TOKEN_MAX_HOURS", "4")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.token_max_hours, settings.default_token_hours) == (4, 4)
    monkeypatch.setenv("CAREBRIDGE_TOKEN_HOURS", "5")
    with pytest.raises(ValueError, match="must not exceed CAREBRIDGE_TOKEN_MAX_HOURS"):
        Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def settings(embedded_settings: Settings) -> Settings:
    return embedded_settings.model_copy(update={"token_revocation_cache_seconds": 0})


def test_a_revocation_is_seen_by_every_instance_of_the_store(settings: Settings) -> None:
    here, elsewhere = Tokens(settings), Tokens(settings)
    token = here.issue(Role.BROKER, "E08000014")
    assert elsewhere.verify(token).organisation == "E08000014"
    assert elsewhere.revoke(token_id(token)) is True
    assert elsewhere.revoke(token_id(token)) is False
    with pytest.raises(InvalidToken, match="revoked"):
        here.verify(token)
    assert here.verify(here.issue(Role.BROKER, "E08000014")).role is Role.BROKER
    assert oct((settings.data_dir / "revocations.sqlite").stat().st_mode & 0o777) == "0o600"
    here.close()
    elsewhere.close()


def test_the_revoked_set_is_read_again_only_when_the_cache_is_old(settings: Settings) -> None:
    now = [0.0]
    store = partial(revocations_engine, settings)
    cached = Revocations(store, max_hours=12, cache_seconds=60, clock=lambda: now[0])
    other = Revocations(store, max_hours=12, cache_seconds=0)
    jti = str(uuid.uuid4())
    assert not cached.is_revoked(jti)
    other.revoke(jti)
    assert not cached.is_revoked(jti)  # still the set read at 0
    now[0] = 60
    assert cached.is_revoked(jti)
    cached.close()
    other.close()


def test_a_process_token_is_issued_again_before_it_expires(settings: Settings) -> None:
    now = [time.time()]
    token = RenewingToken(settings, Role.ADMIN, "simulation", clock=lambda: now[0])
    first = token()
    assert token() == first
    now[0] += settings.token_max_hours * 3600 / 2
    assert token() != first
    assert Tokens(settings).verify(token()).organisation == "simulation"


@pytest.fixture
def served(settings: Settings) -> Iterator[tuple[Runtime, TestClient]]:
    runtime = Runtime(settings)
    with TestClient(runtime.http_app()) as client:
        yield runtime, client
    runtime.close()


def test_a_revoked_token_answers_401_on_a_real_route(served: tuple[Runtime, TestClient]) -> None:
    runtime, client = served
    token = runtime.tokens.issue(Role.ANALYST, "NHSE")
    other = runtime.tokens.issue(Role.ANALYST, "NHSE")
    assert client.get("/vacancies/board", headers={"Authorization": f"Bearer {token}"}).is_success
    Tokens(runtime.settings).revoke(token_id(token))  # as `carebridge token revoke` does
    refused = client.get("/vacancies/board", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert client.get("/vacancies/board", headers={"Authorization": f"Bearer {other}"}).is_success


@pytest.mark.parametrize(
    "changes",
    [
        {"org": ""},
        {"role": "discharge", "org": "E08000014"},
        {"exp": int(time.time()) + 13 * 3600},
        {"iat": None},
        {"jti": None},
    ],
    ids=["empty-org", "wrong-kind-of-org", "too-long", "no-iat", "no-jti"],
)
def test_a_token_breaking_a_rule_answers_401(
    served: tuple[Runtime, TestClient], changes: dict[str, Any]
) -> None:
    runtime, client = served
    token = crafted(runtime.settings.signing_secret, **changes)
    r = client.get("/vacancies/board", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401


def test_a_token_from_another_secret_answers_401(served: tuple[Runtime, TestClient]) -> None:
    _, client = served
    token = issue_token(
        "another-secret-of-thirty-two-characters-x", role=Role.ADMIN, organisation="ops"
    )
    r = client.get("/vacancies/board", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"

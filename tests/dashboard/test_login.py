"""Signing in to the dashboard: a form takes the token, an HttpOnly SameSite=Strict cookie
keeps it, the API takes the cookie as it takes a bearer header, a write on the cookie needs
the session's CSRF token, and no token in an address signs anyone in or reaches a log."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from events.platform.auth import token_id
from events.platform.sessions import REDACTED, RedactSecrets, redacted
from events.platform.settings import Settings
from services.runtime import Runtime
from tests.dashboard.signin import page_config, sign_in, token_for
from tests.served import free_port

PROVIDER = ("provider", "P-1")
HOME = {
    "cqc_location_id": "1-901",
    "name": "Home 1",
    "provider_id": "P-1",
    "local_authority_code": "E08000014",
    "local_authority_name": "Sefton",
    "locality": "Southport",
    "postcode": "PR8 1AA",
    "latitude": 53.64,
    "longitude": -3.0,
    "registered_beds": 30,
    "registrations": ["nursing", "residential"],
    "care_categories": ["dementia", "older_people"],
}


def session_cookie(response: httpx.Response) -> Any:
    """The carebridge_session morsel the response set (its value and flags)."""
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    assert "carebridge_session" in jar, response.headers
    return jar["carebridge_session"]


def test_the_form_has_a_labelled_password_field_named_token(client: TestClient) -> None:
    r = client.get("/login")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    html = r.text
    assert '<html lang="en">' in html and "<title>Sign in · Carebridge</title>" in html
    assert '<form method="post" action="/login"' in html
    assert '<label for="token">' in html
    field = html.split('<input id="token"')[1].split(">")[0]
    assert 'name="token"' in field and 'type="password"' in field and "required" in field
    assert '<button type="submit">Sign in</button>' in html
    assert re.search(r'href="/dashboard/static/dashboard\.[0-9a-f]{12}\.css"', html)
    script = re.search(r'src="(/dashboard/static/login\.[0-9a-f]{12}\.js)"', html)
    assert script and client.get(script.group(1)).status_code == 200


@pytest.mark.parametrize(
    ("role", "org", "landing"),
    [
        ("provider", "P-1", "/dashboard/my-homes"),
        ("escalation", "QYG", "/"),
        ("broker", "E08000014", "/dashboard/waiting-list"),
        ("discharge", "RVY", "/dashboard/patients"),
        ("analyst", "NHSE", "/dashboard/returns"),
        ("admin", "ops", "/"),
    ],
)
def test_a_good_token_sets_the_session_cookie_and_goes_to_the_roles_page(
    client: TestClient, embedded_settings: Settings, role: str, org: str, landing: str
) -> None:
    token = token_for(embedded_settings, role, org, hours=2)
    r = client.post("/login", data={"token": f"  {token}\n"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == landing
    cookie = session_cookie(r)
    assert cookie.value == token
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "strict"
    assert cookie["path"] == "/"
    assert not cookie["secure"]  # plain http here; see the https test
    assert 2 * 3600 - 60 <= int(cookie["max-age"]) <= 2 * 3600
    page = client.get(landing)
    assert page.status_code == 200
    assert page_config(page.text)["who"] == {"role": role, "org": org, "sub": f"{role}@{org}"}
    assert token not in page.text  # the page never holds the token, only who and the CSRF token


def test_the_cookie_is_secure_over_https(runtime: Runtime, embedded_settings: Settings) -> None:
    with TestClient(runtime.http_app(), base_url="https://testserver") as client:
        token = token_for(embedded_settings, *PROVIDER)
        r = client.post("/login", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and session_cookie(r)["secure"] is True


def test_signing_in_returns_to_the_page_asked_for_on_this_site_only(
    client: TestClient, embedded_settings: Settings
) -> None:
    token = token_for(embedded_settings, "admin", "ops")
    asked = client.get("/dashboard/returns?month=2025-01", follow_redirects=False)
    assert asked.status_code == 303
    form = client.get(asked.headers["location"])
    assert 'name="next" value="/dashboard/returns?month=2025-01"' in form.text
    back = {"token": token, "next": "/dashboard/returns?month=2025-01"}
    r = client.post("/login", data=back, follow_redirects=False)
    assert r.headers["location"] == "/dashboard/returns?month=2025-01"
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example", "evil"):
        r = client.post("/login", data={"token": token, "next": elsewhere}, follow_redirects=False)
        assert r.headers["location"] == "/", elsewhere


@pytest.mark.parametrize("given", ["", "not-a-token", "expired", "forged"])
def test_a_bad_token_shows_the_form_again_with_a_401(
    client: TestClient, embedded_settings: Settings, given: str
) -> None:
    token = {
        "expired": token_for(embedded_settings, *PROVIDER, hours=1 / 3600),
        "forged": token_for(embedded_settings, *PROVIDER)[:-4] + "AAAA",
    }.get(given, given)
    if given == "expired":
        time.sleep(1.5)
    r = client.post("/login", data={"token": token}, follow_redirects=False)
    assert r.status_code == 401
    assert "set-cookie" not in r.headers
    assert 'role="alert"' in r.text and 'name="token"' in r.text
    assert "token" in r.text.split('role="alert">')[1].split("</p>")[0].lower()
    if token:
        assert token not in r.text  # the refused token is not echoed back
    assert client.get("/discharge/live-delays").status_code == 401


def test_a_sign_in_posted_from_another_site_is_refused(
    client: TestClient, embedded_settings: Settings
) -> None:
    token = token_for(embedded_settings, *PROVIDER)
    r = client.post(
        "/login",
        data={"token": token},
        headers={"Sec-Fetch-Site": "cross-site"},
        follow_redirects=False,
    )
    assert r.status_code == 403 and "set-cookie" not in r.headers


def test_the_api_reads_with_the_cookie(client: TestClient, embedded_settings: Settings) -> None:
    sign_in(client, token_for(embedded_settings, "admin", "ops"))
    r = client.get("/discharge/live-delays")
    assert r.status_code == 200, r.text
    assert client.get("/dashboard/events?seconds=0.5").status_code == 200


def test_a_write_on_the_cookie_needs_the_sessions_csrf_token(
    client: TestClient, embedded_settings: Settings
) -> None:
    csrf = sign_in(client, token_for(embedded_settings, *PROVIDER))
    refused = client.post("/vacancies/homes", json=HOME)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    wrong = client.post("/vacancies/homes", json=HOME, headers={"X-CSRF-Token": csrf[:-2] + "xx"})
    assert wrong.status_code == 403
    other = sign_in(TestClient(client.app), token_for(embedded_settings, *PROVIDER))
    assert other != csrf  # each session has its own
    stolen = client.post("/vacancies/homes", json=HOME, headers={"X-CSRF-Token": other})
    assert stolen.status_code == 403
    ok = client.post("/vacancies/homes", json=HOME, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201, ok.text


def test_a_bearer_header_needs_no_csrf_token_and_wins_over_a_cookie(
    client: TestClient, embedded_settings: Settings
) -> None:
    bearer = {"Authorization": f"Bearer {token_for(embedded_settings, *PROVIDER)}"}
    assert client.post("/vacancies/homes", json=HOME, headers=bearer).status_code == 201
    sign_in(client, token_for(embedded_settings, "analyst", "NHSE"))
    body = {**HOME, "cqc_location_id": "1-902", "name": "Home 2"}
    r = client.post("/vacancies/homes", json=body, headers=bearer)
    assert r.status_code == 201, r.text
    broken = {"Authorization": "Bearer not-a-token"}
    assert client.get("/discharge/live-delays", headers=broken).status_code == 401


def test_a_token_in_the_address_signs_nobody_in(
    client: TestClient, embedded_settings: Settings
) -> None:
    token = token_for(embedded_settings, "admin", "ops")
    r = client.get(f"/?token={token}", follow_redirects=False)
    assert r.status_code == 303
    assert "set-cookie" not in r.headers
    assert token not in r.headers["location"]
    assert r.headers["location"] == "/login?next=%2F&notice=address"
    form = client.get(r.headers["location"])
    assert "no longer accepted" in form.text and token not in form.text
    assert client.get("/discharge/live-delays").status_code == 401
    assert client.get(f"/discharge/live-delays?token={token}").status_code == 401


def test_signing_out_clears_the_cookie(client: TestClient, embedded_settings: Settings) -> None:
    csrf = sign_in(client, token_for(embedded_settings, *PROVIDER))
    assert client.post("/logout", follow_redirects=False).status_code == 403  # no CSRF token
    assert client.get("/broker/referrals").status_code == 200
    r = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?notice=signed-out"
    gone = session_cookie(r)
    assert gone.value == "" and int(gone["max-age"]) == 0 and gone["path"] == "/"
    assert client.get("/broker/referrals").status_code == 401
    assert client.get("/", follow_redirects=False).status_code == 303
    assert "You are signed out." in client.get("/login?notice=signed-out").text


def test_a_revoked_token_ends_its_session(
    client: TestClient, runtime: Runtime, embedded_settings: Settings
) -> None:
    token = token_for(embedded_settings, *PROVIDER)
    sign_in(client, token)
    runtime.tokens.revoke(token_id(token))
    assert client.get("/broker/referrals").status_code == 401
    assert client.get("/dashboard/waiting-list", follow_redirects=False).status_code == 303


# ------------------------------------------------------------------ logs


def test_the_log_filter_redacts_credentials_and_nhs_numbers() -> None:
    jwt_like = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/?token={jwt_like}&month=2025-01&nhs=9434765919", "1.1", 303),
        None,
    )
    assert RedactSecrets().filter(record)
    line = record.getMessage()
    assert jwt_like not in line and "9434765919" not in line
    assert f"/?token={REDACTED}&month=2025-01&nhs={REDACTED}" in line and line.endswith(" 303")
    assert redacted("Authorization: Bearer abc.def") == f"Authorization: Bearer {REDACTED}"
    assert redacted("carebridge_session=abc; other=1") == f"carebridge_session={REDACTED}; other=1"
    assert redacted(f"/dashboard/episodes/{'0' * 8}-0000-0000-0000-123456789012") == (
        f"/dashboard/episodes/{'0' * 8}-0000-0000-0000-123456789012"
    )


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(("httpx", "httpcore")):  # the test's own client
            self.lines.append(self.format(record))


@pytest.fixture
def served_with_access_log(runtime: Runtime) -> Iterator[tuple[str, Lines]]:
    """The app served by uvicorn with its access log on, every server log line kept."""
    app = runtime.http_app()
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="info")
    server = uvicorn.Server(config)
    lines = Lines()
    names = ("uvicorn.access", "uvicorn.error", "uvicorn", "")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    for name in names:  # after uvicorn configured its logging
        logging.getLogger(name).addHandler(lines)
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        yield f"http://127.0.0.1:{config.port}", lines
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        for name in names:
            logging.getLogger(name).removeHandler(lines)


def test_no_token_or_cookie_reaches_the_servers_log(
    served_with_access_log: tuple[str, Lines], embedded_settings: Settings
) -> None:
    url, lines = served_with_access_log
    token = token_for(embedded_settings, "admin", "ops")
    with httpx.Client(base_url=url, timeout=30, follow_redirects=True) as http:
        assert http.get(f"/?token={token}").status_code == 200  # the sign-in form
        assert http.get(f"/discharge/live-delays?access_token={token}").status_code == 401
        signed = http.post("/login", data={"token": token})
        assert signed.status_code == 200 and http.cookies.get("carebridge_session") == token
        csrf = str(page_config(signed.text)["csrf"])
        assert http.get("/discharge/live-delays").status_code == 200
        assert http.post("/logout", data={"csrf": csrf}).status_code == 200
    time.sleep(0.2)
    assert any('"POST /login HTTP/1.1" 303' in line for line in lines.lines), lines.lines
    assert any(f"token={REDACTED}" in line for line in lines.lines), lines.lines
    for line in lines.lines:
        assert token not in line and csrf not in line and token.split(".")[2] not in line


def test_a_malformed_form_is_refused_like_a_bad_token(client: TestClient) -> None:
    many = "&".join(f"f{i}=x" for i in range(50))
    for body in (b"token=\xff\xfe", many.encode()):
        r = client.post(
            "/login",
            content=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        assert r.status_code == 401 and "set-cookie" not in r.headers

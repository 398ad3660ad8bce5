"""The dashboard's pages, scripts, plotly.js and live-update stream, through the HTTP app."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from events.platform.settings import Settings
from tests.dashboard.signin import page_config, sign_in, token_for
from tests.e2e.journey import admit_and_make_ready

Headers = Callable[[str, str], dict[str, str]]

# every role with an organisation of its kind
PEOPLE = [
    ("provider", "P-1"),
    ("broker", "E08000014"),
    ("discharge", "RVY"),
    ("escalation", "QYG"),
    ("analyst", "NHSE"),
    ("admin", "ops"),
]
PAGES = [
    "/",
    "/dashboard/waiting-list",
    "/dashboard/referrals",
    "/dashboard/my-homes",
    "/dashboard/vacancies",
    "/dashboard/returns",
    f"/dashboard/patients/{uuid.uuid4()}",
    f"/dashboard/requests/{uuid.uuid4()}",
    "/dashboard/market",
    f"/dashboard/care-homes/{uuid.uuid4()}",
]
LINK = re.compile(r"<nav>(.*?)</nav>", re.S)


def nav_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', LINK.search(html).group(1))  # type: ignore[union-attr]


def events_of(body: str) -> list[dict[str, int]]:
    """The data of each `positions` event in a server-sent event stream."""
    out = []
    for block in body.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if lines.get("event") == "positions":
            out.append(json.loads(lines["data"]))
    return out


@pytest.mark.parametrize(("role", "org"), PEOPLE)
def test_every_page_in_a_roles_navigation_opens_with_its_script_and_the_positions(
    client: TestClient, embedded_settings: Settings, role: str, org: str
) -> None:
    sign_in(client, token_for(embedded_settings, role, org))
    links = nav_links(client.get("/dashboard/vacancies").text)
    assert links, f"{role} has no page"
    for path in links:
        r = client.get(path)
        assert r.status_code == 200, f"{role}: {path} answered {r.status_code}"
        assert r.headers["content-type"].startswith("text/html")
        assert nav_links(r.text) == links  # one navigation on every page of the role
        page = r.text.split('<body data-page="')[1].split('"')[0]
        for name in ("dashboard", page):
            script = re.search(rf'src="(/dashboard/static/{name}\.[0-9a-f]{{12}}\.js)"', r.text)
            assert script and client.get(script.group(1)).status_code == 200
        config = page_config(r.text)
        assert config["positions"] == {"broker": 0, "discharge": 0, "vacancies": 0}
        assert config["who"] == {"role": role, "org": org, "sub": f"{role}@{org}"}


@pytest.mark.parametrize(
    ("role", "org", "pages"),
    [
        (
            "provider",
            "P-1",
            ["My homes", "Referrals", "My agencies", "Package offers", "Home care answers"],
        ),
        ("broker", "E08000014", ["Delays now", "Waiting list", "Vacancies", "Market", "Home care"]),
        (
            "discharge",
            "RVY",
            ["My patients", "Import tracker", "Delays now", "Waiting list", "Vacancies", "Returns"],
        ),
        ("escalation", "QYG", ["Delays now", "Vacancies", "Returns"]),
        (
            "analyst",
            "NHSE",
            ["Delays now", "Waiting list", "Vacancies", "Returns", "Market", "Home care"],
        ),
    ],
)
def test_each_role_sees_the_pages_of_its_work_and_no_other(
    client: TestClient, embedded_settings: Settings, role: str, org: str, pages: list[str]
) -> None:
    sign_in(client, token_for(embedded_settings, role, org))
    html = client.get("/dashboard/vacancies").text
    labels = re.findall(r">([^<]+)</a>", LINK.search(html).group(1))  # type: ignore[union-attr]
    assert labels[: len(pages)] == pages and len(labels) == len(pages)


def test_a_page_outside_the_roles_work_says_so_and_links_to_its_own(
    client: TestClient, embedded_settings: Settings
) -> None:
    sign_in(client, token_for(embedded_settings, "provider", "P-1"))
    r = client.get("/dashboard/returns")
    assert r.status_code == 403
    assert "not part of the work of a provider" in r.text
    assert 'href="/dashboard/my-homes"' in r.text and 'href="/dashboard/referrals"' in r.text
    assert "/dashboard/static/returns.js" not in r.text


def test_every_page_opens_for_an_admin(client: TestClient, embedded_settings: Settings) -> None:
    sign_in(client, token_for(embedded_settings, "admin", "ops"))
    for path in PAGES:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", PAGES)
def test_a_page_without_a_session_sends_the_person_to_sign_in(
    client: TestClient, path: str
) -> None:
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=")


def test_a_timeline_page_needs_a_well_formed_id(
    client: TestClient, embedded_settings: Settings
) -> None:
    sign_in(client, token_for(embedded_settings, "admin", "ops"))
    assert client.get("/dashboard/patients/not-an-id").status_code == 422
    assert client.get("/dashboard/episodes/not-an-id").status_code == 422


def test_an_episodes_old_address_leads_to_the_patients_page(
    client: TestClient, embedded_settings: Settings
) -> None:
    sign_in(client, token_for(embedded_settings, "admin", "ops"))
    episode = uuid.uuid4()
    r = client.get(f"/dashboard/episodes/{episode}", follow_redirects=False)
    assert r.status_code == 301
    assert r.headers["location"] == f"/dashboard/patients/{episode}"


def test_the_charting_library_is_served_locally_to_the_pages_with_charts(
    client: TestClient, embedded_settings: Settings
) -> None:
    sign_in(client, token_for(embedded_settings, "admin", "ops"))
    returns = client.get("/dashboard/returns").text
    script = re.search(r'src="(/dashboard/static/plotly\.min\.[0-9a-f]{12}\.js)"', returns)
    assert script
    r = client.get(script.group(1))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert "plotly.js" in r.text[:500] and len(r.content) > 500_000
    assert "cdn" not in client.get("/").text.lower()
    assert "plotly" not in client.get("/dashboard/waiting-list").text  # no charts there


def static_files(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/dashboard/static/[^"]+)"', html)


def test_static_files_are_gzipped_and_cached_under_their_contents_hash(
    client: TestClient, embedded_settings: Settings
) -> None:
    sign_in(client, token_for(embedded_settings, "admin", "ops"))
    files = static_files(client.get("/dashboard/returns").text)
    assert len(files) == 4  # style, plotly, the shared script, the page's
    for path in files:
        r = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        digest = path.rsplit(".", 2)[1]
        assert hashlib.sha256(r.content).hexdigest()[:12] == digest  # decoded: the file itself
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == r.content
    plain_name = client.get("/dashboard/static/dashboard.js")
    assert plain_name.status_code == 200 and plain_name.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(("role", "org"), PEOPLE)
def test_each_roles_landing_page_is_under_a_megabyte_transferred(
    client: TestClient, embedded_settings: Settings, role: str, org: str
) -> None:
    r = client.post("/login", data={"token": token_for(embedded_settings, role, org)})
    total = len(r.content)
    for path in static_files(r.text):
        sent = client.get(path, headers={"Accept-Encoding": "gzip"})
        total += int(sent.headers["content-length"])  # the gzipped body, as sent
    assert total < 1_000_000, f"{role}'s landing page sends {total} bytes"


def test_unknown_static_files_are_not_found(client: TestClient) -> None:
    assert client.get("/dashboard/static/secrets.py").status_code == 404


def test_the_stream_sends_each_services_log_position_every_second(
    client: TestClient, auth: Headers
) -> None:
    admit_and_make_ready(client, auth, days_ago=2)
    r = client.get("/dashboard/events?seconds=2.5", headers=auth("analyst", "NHSE"))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.text.startswith("retry: ")
    events = events_of(r.text)
    assert 2 <= len(events) <= 3  # one a second, then the stream ends
    assert events[0]["discharge"] >= 2 and set(events[0]) == {"vacancies", "discharge", "broker"}


def test_the_stream_takes_the_token_from_the_session_cookie(
    client: TestClient, embedded_settings: Settings
) -> None:
    sign_in(client, token_for(embedded_settings, "provider", "P-1"))
    r = client.get("/dashboard/events?seconds=0.5")
    assert r.status_code == 200 and len(events_of(r.text)) == 1


def test_the_stream_needs_a_valid_token(client: TestClient, auth: Headers) -> None:
    assert client.get("/dashboard/events?seconds=1").status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.get("/dashboard/events?seconds=1", headers=bad).status_code == 401
    client.cookies.set("carebridge_session", "not-a-token")
    assert client.get("/dashboard/events?seconds=1").status_code == 401
    good = auth("analyst", "NHSE")
    assert client.get("/dashboard/events?seconds=9999", headers=good).status_code == 422

"""The broker's pages through the HTTP app: who opens which, the names and words their scripts
are given in place of codes, and their scripts and styles served."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from events.platform.settings import Settings
from events.reference.icbs import names_by_kind
from tests.dashboard.signin import page_config, sign_in, token_for

REQUEST = f"/dashboard/requests/{uuid.uuid4()}"
HOME = f"/dashboard/care-homes/{uuid.uuid4()}"


def test_councils_and_trusts_are_named_from_the_reference_table() -> None:
    names = names_by_kind()
    assert names["council"]["E08000014"] == "Sefton"
    assert names["council"]["E06000015"] == "Derby"
    assert names["trust"]["RBN"].startswith("Mersey and West Lancashire")


def test_a_brokers_pages_are_given_names_words_and_who_opens_a_request(
    client: TestClient, embedded_settings: Settings
) -> None:
    sign_in(client, token_for(embedded_settings, "broker", "E08000014"))
    for path in ("/dashboard/waiting-list", REQUEST, "/dashboard/market", HOME):
        r = client.get(path)
        assert r.status_code == 200, path
        config = page_config(r.text)
        assert config["names"]["council"]["E08000014"] == "Sefton"  # type: ignore[index]
        assert config["stages"]["offered"] == "Bed held, person to choose"  # type: ignore[index]
        assert config["request_roles"] == ["broker", "admin"]
    assert page_config(client.get(REQUEST).text)["request_id"] == REQUEST.rsplit("/", 1)[1]
    assert page_config(client.get(HOME).text)["home_id"] == HOME.rsplit("/", 1)[1]


@pytest.mark.parametrize(
    ("role", "org", "opens", "refused"),
    [
        (
            "broker",
            "E08000014",
            ["/dashboard/waiting-list", REQUEST, "/dashboard/market", HOME],
            [],
        ),
        ("discharge", "RVY", ["/dashboard/waiting-list"], [REQUEST, "/dashboard/market", HOME]),
        ("analyst", "NHSE", ["/dashboard/waiting-list", "/dashboard/market", HOME], [REQUEST]),
        ("provider", "P-1", [], ["/dashboard/waiting-list", REQUEST, "/dashboard/market", HOME]),
    ],
)
def test_each_role_opens_the_broker_pages_its_rules_grant(
    client: TestClient,
    embedded_settings: Settings,
    role: str,
    org: str,
    opens: list[str],
    refused: list[str],
) -> None:
    sign_in(client, token_for(embedded_settings, role, org))
    for path in opens:
        assert client.get(path).status_code == 200, path
    for path in refused:
        assert client.get(path).status_code == 403, path


def test_the_broker_pages_scripts_and_styles_are_served(client: TestClient) -> None:
    for page in ("waiting-list", "request", "market", "care-home"):
        script = client.get(f"/dashboard/static/{page}.js")
        assert script.status_code == 200 and "const Words" in script.text, page
    request = client.get("/dashboard/static/request.js").text
    assert "Dash.api(where, { method, body })" in request  # every write carries the CSRF token
    assert "Europe/London" in request
    css = client.get("/dashboard/static/dashboard.css").text
    assert ".field-error" in css and 'th[aria-sort="ascending"]' in css

"""Signing a test client in through the dashboard's form, as a person does."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings


def token_for(settings: Settings, role: str, org: str, hours: float = 12) -> str:
    return issue_token(settings.signing_secret, role=Role(role), organisation=org, hours=hours)


def page_config(html: str) -> dict[str, object]:
    """The JSON config a page gives its script."""
    return dict(json.loads(html.split('id="dash-config">')[1].split("</script>")[0]))


def sign_in(client: TestClient, token: str) -> str:
    """Post the token to the form and follow to the landing page; its CSRF token."""
    r = client.post("/login", data={"token": token})
    assert r.status_code == 200, r.text  # after the redirect, the landing page
    return str(page_config(r.text)["csrf"])

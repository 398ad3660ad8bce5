"""The access matrix's calls of the FHIR Encounter routes (entrypoints/api_fhir.py): an
Encounter of trust RVY, a fresh stay each time, or an episode the world admitted."""

from __future__ import annotations

from typing import Any

from events.platform.auth import Role
from tests.access.world import TRUST, World
from tests.discharge.fhir.encounters import encounter

PATH = "/discharge/fhir/Encounter"
Call = tuple[str, dict[str, Any] | None]


def _admitted(w: World) -> tuple[str, dict[str, Any]]:
    """An episode of the trust (admitted through the API) and the Encounter of it."""
    admission = w.admission()
    made = w.ok(Role.DISCHARGE, TRUST, "POST", "/discharge/episodes", admission)
    episode = str(made["episode_id"])
    w.trust_of[episode] = TRUST
    body = encounter(
        admission["reference"], TRUST, start=admission["admitted_at"], nhs=None, ward="Ward 10"
    )
    return episode, body


def _create(w: World) -> Call:
    admitted = w.admission()
    body = encounter(admitted["reference"], TRUST, start=admitted["admitted_at"], nhs=None)
    return PATH, body


def _update(w: World) -> Call:
    episode, body = _admitted(w)
    return f"{PATH}/{episode}", body


def _read(w: World) -> Call:
    episode, _ = _admitted(w)
    return f"{PATH}/{episode}", None


def _search(w: World) -> Call:
    _, body = _admitted(w)
    reference = body["identifier"][0]["value"]
    return f"{PATH}?identifier={reference}&service-provider={TRUST}", None


CASES = {
    ("POST", PATH): _create,
    ("PUT", PATH + "/{episode_id}"): _update,
    ("GET", PATH + "/{episode_id}"): _read,
    ("GET", PATH): _search,
}

"""Fresh home care package resources for the access matrix, made through the HTTP API: an
agency of provider P-1 on council E08000014's market that the broker knows, that council's
package requests, offers to the agency and hours held there. The cases for the package
routes are at the foot (cases.py takes them in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.platform.auth import Role
from tests.access.world import COUNCIL, PROVIDER, TRUST, World, soon

Call = tuple[str, dict[str, Any] | None]
Builder = Callable[[World], Call]
P = "/broker/packages/{request_id}"
HOLD = P + "/holds/{hold_id}"
CARE = {
    "calls_a_day": 2, "call_bands": ["morning", "bed"], "minutes_a_call": 30,
    "service": "reablement", "start_on": soon(3), "zone": "SEF-NORTH",
}  # fmt: skip


def known_agency(w: World, provider: str = PROVIDER) -> str:
    """An agency with free hours in SEF-NORTH, in the broker's agency book."""
    agency = w.agency(provider)
    w.runtime.drain()
    return agency


def package(w: World) -> str:
    """The council's package request for someone at home, with the care needed."""
    made = w.ok(Role.BROKER, COUNCIL, "POST", "/broker/packages", {"care": CARE})
    return str(made["request_id"])


def from_the_ward(w: World, trust: str = TRUST, council: str = COUNCIL) -> str:
    """A package request opened by itself for a patient of the trust made ready on P1."""
    episode = w.episode(trust, council, ready=False)
    body = {"pathway": "P1", "occurred_at": soon(-1)}
    w.ok(Role.DISCHARGE, trust, "POST", f"/discharge/episodes/{episode}/ready", body)
    w.runtime.drain()
    return episode


def offered(w: World, *, provider: str = PROVIDER, answered: bool = False) -> tuple[str, str]:
    """A package offered to the provider's agency (accepted, its hours held, if `answered`):
    (request, offer)."""
    request, agency, offer = package(w), known_agency(w, provider), f"o{w.serial()}"
    body = {"agency_ids": [agency], "offer_ids": [offer]}
    w.ok(Role.BROKER, COUNCIL, "POST", f"/broker/packages/{request}/offers", body)
    if answered:
        url = f"/broker/packages/{request}/offers/{offer}/answer"
        w.ok(Role.PROVIDER, provider, "POST", url, {"accept": True})
        w.runtime.drain()  # the vacancies service holds the hours
    return request, offer


def held(w: World, *, accepted: bool = False) -> tuple[str, str]:
    """A package whose agency's hours are held (accepted by the person if `accepted`):
    (request, hold)."""
    request, _ = offered(w, answered=True)
    [hold] = w.ok(Role.BROKER, COUNCIL, "GET", f"/broker/packages/{request}")["holds"]
    if accepted:
        w.ok(Role.BROKER, COUNCIL, "POST", f"/broker/packages/{request}/holds/{hold}/accept", {})
    return request, hold


def _package(suffix: str, body: dict[str, Any] | None) -> Builder:
    return lambda w: (f"/broker/packages/{package(w)}{suffix}", body)


def _offer(w: World) -> Call:
    return f"/broker/packages/{package(w)}/offers", {"agency_ids": [known_agency(w)]}


def _answer(w: World) -> Call:
    request, offer = offered(w)
    return f"/broker/packages/{request}/offers/{offer}/answer", {"accept": True}


def _ask_hours(w: World) -> Call:
    """A package its agency accepted whose hours fell through: the broker asks them again."""
    request, offer = offered(w)
    agency = w.ok(Role.BROKER, COUNCIL, "GET", f"/broker/packages/{request}")["offers"][offer]
    url = f"/broker/packages/{request}/offers/{offer}/answer"
    w.ok(Role.PROVIDER, PROVIDER, "POST", url, {"accept": True})
    w.runtime.drain()
    [hold] = w.ok(Role.BROKER, COUNCIL, "GET", f"/broker/packages/{request}")["holds"]
    fell = {"reason": "staffing"}
    w.ok(
        Role.BROKER, COUNCIL, "POST", f"/broker/packages/{request}/holds/{hold}/fall-through", fell
    )
    w.runtime.drain()
    return f"/broker/packages/{request}/holds", {"agency_id": agency["agency_id"]}


def _hold(action: str, body: dict[str, Any], *, accepted: bool = False) -> Builder:
    def build(w: World) -> Call:
        request, hold = held(w, accepted=accepted)
        return f"/broker/packages/{request}/holds/{hold}/{action}", body

    return build


NEEDS = {"care": CARE | {"minutes_a_call": 45}, "urgency": "routine"}
CASES: dict[tuple[str, str], Builder] = {
    ("POST", "/broker/packages"): lambda w: (
        "/broker/packages", {"care": CARE, "council_code": COUNCIL}
    ),
    ("GET", "/broker/packages"): lambda w: ("/broker/packages", None),
    ("GET", P): _package("", None),
    ("POST", P + "/needs"): _package("/needs", NEEDS),
    ("GET", P + "/agencies"): _package("/agencies", None),
    ("POST", P + "/offers"): _offer,
    ("POST", P + "/offers/{offer_id}/answer"): _answer,
    ("GET", "/broker/package-offers"): lambda w: ("/broker/package-offers", None),
    ("POST", P + "/holds"): _ask_hours,
    ("POST", HOLD + "/accept"): _hold("accept", {}),
    ("POST", HOLD + "/decline"): _hold("decline", {"reason": "call_times"}),
    ("POST", HOLD + "/start-booking"): _hold("start-booking", {"on": soon(3)}, accepted=True),
    ("POST", HOLD + "/started"): _hold("started", {}, accepted=True),
    ("POST", HOLD + "/fall-through"): _hold("fall-through", {"reason": "agency_withdrew"}),
    ("POST", P + "/cancel"): _package("/cancel", {"reason": "no_longer_needed"}),
}  # fmt: skip

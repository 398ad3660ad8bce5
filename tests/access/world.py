"""Fresh resources for the access matrix, made through the HTTP API of one runtime by the
organisations that own them: a home of provider P-1 (in council E08000014), an episode of trust
RVY (a resident of council E08000014), that council's placement request, holds and offers.

Every resource has the first organisation of its owner's role in ORGS; a case's caller is that
organisation (its own) or the second (another's)."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from events.platform.auth import Role, issue_token
from services.runtime import Runtime
from services.simulation.clock import nhs_number

ORGS: dict[Role, tuple[str, str]] = {
    Role.PROVIDER: ("P-1", "P-2"),
    Role.BROKER: ("E08000014", "E08000012"),
    Role.DISCHARGE: ("RVY", "RTG"),
    Role.ANALYST: ("NHSE", "ONS"),
    Role.ESCALATION: ("QYG", "QJ2"),  # the ICB of RVY and E08000014, and another
    Role.ADMIN: ("ops", "ops2"),
}
PROVIDER, COUNCIL, TRUST = ORGS[Role.PROVIDER][0], ORGS[Role.BROKER][0], ORGS[Role.DISCHARGE][0]
NEEDS = {"registration": "nursing", "care_category": "dementia", "funding": "council"}
BED = "nursing-dementia"
Json = dict[str, Any]


def soon(days: int = 30) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


class World:
    def __init__(self, runtime: Runtime, client: TestClient) -> None:
        self.runtime, self.client = runtime, client
        self._serial = itertools.count(1)
        self.trust_of: dict[str, str] = {}  # episode id -> its trust
        self.nhs_numbers: set[str] = set()  # every patient's, to look for where none may be
        self.provider_of: dict[str, str] = {}  # home id -> its provider

    def headers(self, role: Role, org: str) -> dict[str, str]:
        secret = self.runtime.settings.signing_secret
        return {"Authorization": f"Bearer {issue_token(secret, role=role, organisation=org)}"}

    def send(self, role: Role, org: str, method: str, url: str, body: Json | None = None) -> Any:
        headers = self.headers(role, org)
        return self.client.request(method, url, json=body, headers=headers)

    def ok(self, role: Role, org: str, method: str, url: str, body: Json | None = None) -> Any:
        answer = self.send(role, org, method, url, body)
        assert answer.status_code in (200, 201, 202), f"{method} {url}: {answer.text}"
        return answer.json()

    def serial(self) -> int:
        return next(self._serial)

    # -- vacancies -------------------------------------------------------------------------

    def home_body(self, provider: str = PROVIDER) -> Json:
        n = self.serial()
        return {
            "cqc_location_id": f"1-{100000 + n}", "name": f"Home {n}", "provider_id": provider,
            "local_authority_code": COUNCIL, "local_authority_name": "Sefton",
            "locality": "Bootle", "postcode": "L20 1AA", "latitude": 53.45, "longitude": -3.0,
            "registered_beds": 30, "registrations": ["nursing", "residential"],
            "care_categories": ["dementia", "older_people"],
        }  # fmt: skip

    def home(self, provider: str = PROVIDER, *, drain: bool = False) -> str:
        """A home with free beds reported; drained, the broker knows it too."""
        p = Role.PROVIDER
        home = self.ok(p, provider, "POST", "/vacancies/homes", self.home_body(provider))
        free = {"free_beds": {BED: 5, "residential-older_people": 5}}
        self.ok(p, provider, "POST", f"/vacancies/homes/{home['home_id']}/vacancies", free)
        self.provider_of[str(home["home_id"])] = provider
        if drain:
            self.runtime.drain()
        return str(home["home_id"])

    def suspended_home(self) -> str:
        home = self.home()
        body = {"reason": "safeguarding"}
        self.ok(Role.BROKER, COUNCIL, "POST", f"/vacancies/homes/{home}/suspension", body)
        return home

    def hold(self) -> tuple[str, str]:
        """A bed held directly by the council at the provider's home: (home, reservation)."""
        home = self.home()
        body = {"bed_type": BED, "reference": f"R-{self.serial()}"}
        url = f"/vacancies/homes/{home}/reservations"
        return home, str(self.ok(Role.BROKER, COUNCIL, "POST", url, body)["reservation_id"])

    # -- home care agencies ----------------------------------------------------------------

    def agency_body(self, provider: str = PROVIDER) -> Json:
        n = self.serial()
        return {
            "cqc_location_id": f"1-{300000 + n}", "name": f"Agency {n}", "provider_id": provider,
            "council_code": COUNCIL, "zones": ["SEF-NORTH", "SEF-SOUTH"],
            "services": ["reablement", "long_term"],
        }  # fmt: skip

    def capacity_body(self) -> Json:
        return {"zone": "SEF-NORTH", "hours": {"morning": 14, "bed": 7}, "available_from": soon(2)}

    def agency(self, provider: str = PROVIDER) -> str:
        """An agency with free hours reported in one of its zones."""
        p = Role.PROVIDER
        agency = self.ok(p, provider, "POST", "/vacancies/agencies", self.agency_body(provider))
        url = f"/vacancies/agencies/{agency['agency_id']}/capacity"
        self.ok(p, provider, "POST", url, self.capacity_body())
        return str(agency["agency_id"])

    def suspended_agency(self) -> str:
        agency = self.agency()
        body = {"reason": "safeguarding"}
        self.ok(Role.BROKER, COUNCIL, "POST", f"/vacancies/agencies/{agency}/suspension", body)
        return agency

    # -- discharge -------------------------------------------------------------------------

    def admission(self, trust: str = TRUST, council: str = COUNCIL) -> Json:
        admitted = datetime.now(UTC) - timedelta(days=6)
        serial = self.serial()
        nhs = nhs_number(random.Random(serial))
        self.nhs_numbers.add(nhs.replace(" ", ""))
        return {
            "reference": f"{trust}-{serial}", "provider_code": trust, "nhs_number": nhs,
            "provider_name": "Aintree", "ward": "Ward 9", "care_type": "acute",
            "la_code": council, "la_name": "Sefton", "admitted_at": admitted.isoformat(),
        }  # fmt: skip

    def episode(self, trust: str = TRUST, council: str = COUNCIL, *, ready: bool = True) -> str:
        """An admitted episode, ready on P3 three days ago unless `ready` is False."""
        d = Role.DISCHARGE
        made = self.ok(d, trust, "POST", "/discharge/episodes", self.admission(trust, council))
        episode = str(made["episode_id"])
        self.trust_of[episode] = trust
        if ready:
            at = (datetime.now(UTC) - timedelta(days=3)).isoformat()
            body = {"pathway": "P3", "occurred_at": at}
            self.ok(d, trust, "POST", f"/discharge/episodes/{episode}/ready", body)
        return episode

    def blocker(self) -> tuple[str, str]:
        episode, blocker = self.episode(), f"b{self.serial()}"
        body = {"code": "A", "agency": "NHS", "blocker_id": blocker}
        self.ok(Role.DISCHARGE, TRUST, "POST", f"/discharge/episodes/{episode}/blockers", body)
        return episode, blocker

    # -- broker ----------------------------------------------------------------------------

    def request(
        self, *, details: bool = True, home: bool = False, provider: str = PROVIDER
    ) -> tuple[str, str]:
        """The council's placement request, opened by the broker for a fresh P3 episode (with
        the needs completed unless `details` is False): (request, a home of the provider the
        broker knows, or "" unless `home`)."""
        at_home = self.home(provider) if home else ""
        episode = self.episode()
        self.runtime.drain()
        query = "/broker/waiting-list?stage=needs_details"
        waiting = self.ok(Role.BROKER, COUNCIL, "GET", query)
        [request] = [w["request_id"] for w in waiting if w["episode_id"] == episode]
        if details:
            self.step(request, "details", NEEDS)
        return str(request), at_home

    def step(self, request: str, step: str, body: Json | None = None) -> Any:
        return self.ok(Role.BROKER, COUNCIL, "POST", f"/broker/requests/{request}/{step}", body)

    def referral(self, *, answered: bool = False, provider: str = PROVIDER) -> tuple[str, str, str]:
        """A request referred to the provider's home (accepted by the home if `answered`):
        (request, referral, home)."""
        request, home = self.request(home=True, provider=provider)
        referral = f"r{self.serial()}"
        self.step(request, "referrals", {"home_ids": [home], "referral_ids": [referral]})
        if answered:
            url = f"/broker/requests/{request}/referrals/{referral}/answer"
            self.ok(Role.PROVIDER, provider, "POST", url, {"accept": True})
        return request, referral, home

    def assessed(self, *, outcome: bool = True) -> tuple[str, str]:
        """A request whose home accepted, assessment booked (and met if `outcome`)."""
        request, _, home = self.referral(answered=True)
        self.step(request, "assessment", {"home_id": home, "on": soon(2)})
        if outcome:
            self.step(request, "assessment/outcome", {"home_id": home, "can_meet_needs": True})
        return request, home

    def offer(self, *, accepted: bool = False) -> tuple[str, str]:
        """A request with a bed offered and held by the saga (accepted by the family if
        `accepted`): (request, offer)."""
        request, home = self.assessed()
        offer = str(uuid.uuid4())
        self.step(request, "offers", {"home_id": home, "weekly_fee": 1100, "offer_id": offer})
        self.runtime.drain()  # the vacancies service holds the bed, the offer stands
        if accepted:
            self.step(request, f"offers/{offer}/accept", {})
        return request, offer

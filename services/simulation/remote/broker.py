"""The broker service as the simulation uses it (`Broker`, its `PlacementRequests`), over
HTTP. Each of the aggregate's commands maps to its endpoint, with the simulation's own time
and ids (offer ids, referral ids), so a retried command is the same command."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from events.platform.errors import NotFound
from events.platform.settings import Settings
from services.broker.projections.queries import WaitingFilter
from services.simulation.remote.discharge import jsonable
from services.simulation.remote.http import Api


@dataclass(frozen=True)
class RemoteHomeStatus:
    home_id: uuid.UUID
    name: str
    taking_placements: bool
    bed_types: frozenset[str]


@dataclass(frozen=True)
class RemoteOffer:
    status: str


@dataclass(frozen=True)
class RemoteReferral:
    home_id: uuid.UUID
    status: str


class RemoteRequest:
    """What the simulation reads of a placement request."""

    def __init__(self, view: dict[str, Any]) -> None:
        self.id = uuid.UUID(view["request_id"])
        self.stage: str = view["stage"]
        self.offers = {uuid.UUID(k): RemoteOffer(o["status"]) for k, o in view["offers"].items()}
        self.referrals = {
            k: RemoteReferral(uuid.UUID(r["home_id"]), r["status"])
            for k, r in view["referrals"].items()
        }

    @property
    def closed(self) -> bool:
        return self.stage in ("placed", "cancelled")

    def referral_to(self, home_id: uuid.UUID) -> RemoteReferral | None:
        for r in self.referrals.values():
            if r.home_id == home_id and r.status in ("sent", "escalated", "accepted"):
                return r
        return None


Route = Callable[[dict[str, Any]], tuple[str, dict[str, Any]]]


def _hours(kw: dict[str, Any]) -> float:
    return float((kw["answer_by"] - kw["occurred_at"]).total_seconds() / 3600)


# the aggregate's command -> (path under the request, body); `at` is added to every body
ROUTES: dict[str, Route] = {
    "complete_details": lambda kw: ("/details", kw),
    "refer": lambda kw: (
        "/referrals",
        {"home_ids": [kw["home"].home_id], "referral_ids": [kw["referral_id"]],
         "answer_within_hours": _hours(kw)},
    ),
    "answer_referral": lambda kw: (
        f"/referrals/{kw['referral_id']}/answer", {"accept": kw["accept"], "reason": kw["reason"]}
    ),
    "book_assessment": lambda kw: ("/assessment", kw),
    "complete_assessment": lambda kw: ("/assessment/outcome", kw),
    "offer_bed": lambda kw: (
        "/offers",
        {"offer_id": kw["offer_id"], "home_id": kw["home"].home_id,
         "weekly_fee": kw["weekly_fee"], "top_up": kw["top_up"]},
    ),
    "accept_offer": lambda kw: (f"/offers/{kw['offer_id']}/accept", {}),
    "decline_offer": lambda kw: (f"/offers/{kw['offer_id']}/decline", {"reason": kw["reason"]}),
    "book_admission": lambda kw: (f"/offers/{kw['offer_id']}/admission", {"on": kw["on"]}),
    "admit": lambda kw: (f"/offers/{kw['offer_id']}/admitted", {"interim": kw["interim"]}),
    "cancel": lambda kw: ("/cancel", {"reason": kw["reason"]}),
}  # fmt: skip


class RemotePlacementRequests:
    def __init__(self, api: Api, after_command: Callable[[], None]) -> None:
        self.api = api
        self.after_command = after_command

    def command(self, request_id: uuid.UUID, method: str, **kwargs: Any) -> None:
        path, body = ROUTES[method](kwargs)
        body = {k: jsonable(v) for k, v in body.items() if k != "occurred_at"}
        body["occurred_at"] = kwargs["occurred_at"].isoformat()
        self.api.call("POST", f"/broker/requests/{request_id}{path}", body)
        self.after_command()

    def find(self, request_id: uuid.UUID) -> RemoteRequest | None:
        try:
            return self.request(request_id)
        except NotFound:
            return None

    def request(self, request_id: uuid.UUID) -> RemoteRequest:
        return RemoteRequest(self.api.call("GET", f"/broker/requests/{request_id}"))


class RemoteBroker:
    name = "broker"

    def __init__(self, api: Api, settings: Settings, after_command: Callable[[], None]) -> None:
        self.api, self.settings = api, settings
        self.app = RemotePlacementRequests(api, after_command)

    def home(self, home_id: uuid.UUID) -> RemoteHomeStatus:
        v = self.api.call("GET", f"/broker/homes/{home_id}")
        return RemoteHomeStatus(
            uuid.UUID(v["home_id"]), v["name"], v["taking_placements"], frozenset(v["bed_types"])
        )

    def escalate_overdue(self, now: datetime | None = None) -> int:
        body = {"occurred_at": now.isoformat()} if now else {}
        return int(self.api.call("POST", "/broker/escalations", body)["escalated"])

    def waiting_list(self, f: WaitingFilter) -> list[dict[str, Any]]:
        params = {k: v for k, v in asdict(f).items() if v is not None}
        return list(self.api.call("GET", "/broker/waiting-list", params=params))

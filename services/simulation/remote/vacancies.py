"""The vacancies service as the simulation uses it (`Vacancies`, its `CareHomes`), over HTTP."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from services.simulation.remote.http import Api


class RemoteHome:
    """What the summary reads of a home: its last report and its beds free as at a time."""

    def __init__(self, api: Api, view: dict[str, Any]) -> None:
        self.api, self.id = api, uuid.UUID(view["home_id"])
        reported = view["last_reported_at"]
        self.last_reported_at = datetime.fromisoformat(reported) if reported else None

    def available_beds(self, at: datetime) -> dict[str, int]:
        view = self.api.call("GET", f"/vacancies/homes/{self.id}", params={"at": at.isoformat()})
        return dict(view["available_beds"])


class RemoteCareHomes:
    def __init__(self, api: Api) -> None:
        self.api = api

    def register_home(self, *, occurred_at: datetime, **details: Any) -> None:
        # the same registration again is the same home: safe to retry
        body = {**details, "occurred_at": occurred_at.isoformat()}
        self.api.call("POST", "/vacancies/homes", body)

    def change_rating(
        self, home_id: uuid.UUID, *, rating: str, rated_on: str, occurred_at: datetime
    ) -> None:
        body = {"rating": rating, "rated_on": rated_on, "occurred_at": occurred_at.isoformat()}
        self.api.call("POST", f"/vacancies/homes/{home_id}/rating", body)

    def report_vacancies(
        self, home_id: uuid.UUID, *, free_beds: dict[str, int], reported_at: datetime
    ) -> None:
        body = {"free_beds": free_beds, "reported_at": reported_at.isoformat()}
        self.api.call("POST", f"/vacancies/homes/{home_id}/vacancies", body)

    def home(self, home_id: uuid.UUID) -> RemoteHome:
        return RemoteHome(self.api, self.api.call("GET", f"/vacancies/homes/{home_id}"))


class RemoteVacancies:
    name = "vacancies"

    def __init__(self, api: Api) -> None:
        self.app = RemoteCareHomes(api)

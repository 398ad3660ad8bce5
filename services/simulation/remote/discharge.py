"""The discharge service as the simulation uses it (`Discharge`, its `Episodes`), over HTTP.

Every command carries a `command_id` derived from what it says, so a command repeated after a
lost answer is recognised by the episode and records nothing; two identical commands are one.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from services.discharge.application import Step
from services.discharge.projections.queries import LiveFilter
from services.simulation.remote.http import Api


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def command_id(*parts: Any) -> str:
    """The same command always gets the same id (it is what the command says, hashed)."""
    text = json.dumps([jsonable(p) for p in parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class RemoteEpisodes:
    def __init__(self, api: Api) -> None:
        self.api = api

    def admit(self, *, occurred_at: datetime, **details: Any) -> None:
        body = {k: jsonable(v) for k, v in details.items()}
        body |= {"admitted_at": occurred_at.isoformat()}
        body["command_id"] = command_id("admit", body)
        self.api.call("POST", "/discharge/episodes", body)

    def record(self, episode_id: uuid.UUID, steps: list[Step]) -> None:
        """Several steps together, or none (one request, as the embedded `record`)."""
        out = []
        for step in steps:
            body = {k: jsonable(v) for k, v in step.kwargs.items()}
            body |= {"method": step.method, "command_id": command_id(step.method, body)}
            out.append(body)
        self.api.call("POST", f"/discharge/episodes/{episode_id}/steps", {"steps": out})


@dataclass(frozen=True)
class Totals:
    by_reason: dict[str, int]
    by_agency: dict[str, int]


@dataclass(frozen=True)
class DtocTotals:
    england: Totals


class RemoteDischarge:
    name = "discharge"

    def __init__(self, api: Api) -> None:
        self.api = api
        self.app = RemoteEpisodes(api)

    def dtoc(self, month: str, by: str) -> DtocTotals:
        rows = self.api.call("GET", "/discharge/returns/dtoc", params={"month": month, "by": by})
        england = rows[0]  # the England row comes first
        agencies = {a: n for a, n in england["by_agency"].items() if n}
        return DtocTotals(Totals(dict(england["by_reason"]), agencies))

    def live(self, f: LiveFilter, now: datetime | None = None) -> list[dict[str, Any]]:
        """Delayed now (the service's own now: the API reads the clock itself)."""
        params = {k: v for k, v in asdict(f).items() if v is not None}
        return list(self.api.call("GET", "/discharge/live-delays", params=params))

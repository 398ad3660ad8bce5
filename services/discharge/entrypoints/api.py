"""HTTP API of the discharge service: record each step, read live delays and the returns.
Discharge teams act on their own trust's episodes; analysts and admins read everything."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, status
from pydantic import BaseModel

from events import bounds as b
from events.platform.access import Access, allowed
from events.platform.audit_http import audit_read
from events.platform.pseudonyms import Pseudonyms
from events.platform.timeutil import utcnow
from services.discharge import access_rules as r
from services.discharge.access import live_filter_for, live_rows_for
from services.discharge.application import Step
from services.discharge.bootstrap import Discharge
from services.discharge.domain.commands import with_digest
from services.discharge.entrypoints import schemas as s
from services.discharge.entrypoints.views import episode_view
from services.discharge.projections.queries import LiveFilter

router = APIRouter(prefix="/discharge", tags=["discharge"])
Month = Annotated[b.Month, Query()]
AsAt = Annotated[b.QueryTime | None, Query(description="only what was recorded by then")]


def _service(request: Request) -> Discharge:
    return request.app.state.discharge  # type: ignore[no-any-return]


Service = Annotated[Discharge, Depends(_service)]


def _may_write(svc: Discharge, who: Access, episode_id: uuid.UUID | None, provider: str) -> None:
    """The episode's trust (or, admitting, the trust in the body) must be the caller's."""
    if episode_id is None:
        who.owns(provider, f"trust {provider}")
    else:
        who.owns(svc.app.episode(episode_id).provider_code, f"episode {episode_id}")


def _accepted(episode: Any) -> s.Accepted:
    return s.Accepted(episode_id=episode.id, version=episode.version)


@router.post("/episodes", status_code=status.HTTP_201_CREATED, response_model=s.Accepted)
def admit(
    body: s.Admit, svc: Service, who: Annotated[Access, allowed(r.EPISODE_ADMIT)]
) -> s.Accepted:
    _may_write(svc, who, None, body.provider_code)
    details = body.model_dump(exclude={"admitted_at", "command_id"})
    command_id = with_digest(body.command_id, _content(body))
    episode, _ = svc.app.admit(occurred_at=body.admitted_at, command_id=command_id, **details)
    return _accepted(episode)


@router.get("/episodes/{episode_id}")
def get_episode(
    episode_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_READ)],
    http: Request,
) -> dict[str, Any]:
    _may_write(svc, who, episode_id, "")  # patient-level: the trust's team and admins only
    view = episode_view(svc.app.episode(episode_id), svc.app.history(episode_id))
    audit_read(http, who.who, "episode", ids=[episode_id])
    return view


def _step(svc: Discharge, who: Access, episode_id: uuid.UUID, step: Step) -> s.Accepted:
    _may_write(svc, who, episode_id, "")
    episode, _ = svc.app.record(episode_id, [step])
    return _accepted(episode)


def _content(body: BaseModel) -> dict[str, Any]:
    """What the caller said (not the defaults filled in for them, such as a new blocker id),
    so a retry of the same body is recognised by its command_id."""
    return body.model_dump(mode="json", exclude_unset=True, exclude={"command_id"})


def _timed(body: s.Timed, *exclude: str) -> dict[str, Any]:
    fields = body.model_dump(exclude={"occurred_at", *exclude})
    fields["command_id"] = with_digest(body.command_id, _content(body))
    return {**fields, "occurred_at": body.occurred_at or utcnow()}


@router.post("/episodes/{episode_id}/ready", response_model=s.Accepted)
def mark_ready(
    episode_id: uuid.UUID,
    body: s.MarkReady,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    return _step(svc, who, episode_id, Step("mark_ready", **_timed(body)))


@router.post("/episodes/{episode_id}/not-ready", response_model=s.Accepted)
def withdraw_readiness(
    episode_id: uuid.UUID,
    body: s.WithdrawReadiness,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    return _step(svc, who, episode_id, Step("withdraw_readiness", **_timed(body)))


@router.post("/episodes/{episode_id}/reason", response_model=s.Accepted)
def set_delay_reason(
    episode_id: uuid.UUID,
    body: s.Reason,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    fields = _timed(body)
    fields["blocker_id"] = uuid.uuid4().hex
    return _step(svc, who, episode_id, Step("set_delay_reason", **fields))


@router.post("/episodes/{episode_id}/blockers", response_model=s.Accepted)
def open_blocker(
    episode_id: uuid.UUID,
    body: s.OpenBlocker,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    return _step(svc, who, episode_id, Step("open_blocker", **_timed(body)))


@router.post("/episodes/{episode_id}/blockers/{blocker_id}/close", response_model=s.Accepted)
def close_blocker(
    episode_id: uuid.UUID,
    blocker_id: Annotated[b.Ident, Path()],
    body: s.Timed,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    return _step(svc, who, episode_id, Step("close_blocker", blocker_id=blocker_id, **_timed(body)))


@router.post("/episodes/{episode_id}/assessments", response_model=s.Accepted)
def progress_assessment(
    episode_id: uuid.UUID,
    body: s.ProgressAssessment,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    return _step(svc, who, episode_id, Step("progress_assessment", **_timed(body)))


@router.post("/episodes/{episode_id}/end", response_model=s.Accepted)
def end(
    episode_id: uuid.UUID,
    body: s.End,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    return _step(svc, who, episode_id, Step("end", **_timed(body)))


@router.post("/episodes/{episode_id}/steps", response_model=s.Accepted)
def record_steps(
    episode_id: uuid.UUID,
    body: s.Steps,
    svc: Service,
    who: Annotated[Access, allowed(r.EPISODE_CHANGE)],
) -> s.Accepted:
    """Several steps of one episode (each as its own endpoint takes it, named by `method`)
    recorded together, or none of them: a ward round's readiness with its delay reason.
    A step's `command_id` makes a retry of the whole batch safe."""
    _may_write(svc, who, episode_id, "")
    steps = [Step(step.method, **_timed(step, "method")) for step in body.steps]
    episode, _ = svc.app.record(episode_id, steps)
    return _accepted(episode)


@router.get("/live-delays")
def live_delays(
    svc: Service,
    http: Request,
    who: Annotated[Access, allowed(r.LIVE_DELAYS)],
    provider_code: Annotated[b.OdsCode | None, Query()] = None,
    la_code: Annotated[b.LaOfResidence | None, Query()] = None,
    reason: Annotated[s.Code | None, Query()] = None,
    agency: Literal["NHS", "Social Care", "Both"] | None = None,
    pathway: Literal["P0", "P1", "P2", "P3", "P3b"] | None = None,
    min_days: Annotated[b.WaitDays | None, Query()] = None,
) -> list[dict[str, Any]]:
    """Everyone delayed now, longest first: for the escalation call. `nctr_reason`: the acute
    SitRep reason recorded, else the England reason's counterpart (P1 for a package awaited)."""
    f = live_filter_for(who, LiveFilter(provider_code, la_code, reason, agency, pathway, min_days))
    rows = [] if f is None else svc.live(f)
    audit_read(http, who.who, "live delays", ids=[d.episode_id for d in rows], rows=len(rows))
    return live_rows_for(who, rows, Pseudonyms(svc.settings.signing_secret))

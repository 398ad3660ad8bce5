"""Reads over the broker's read models: candidates for matching, the waiting list, unmet
demand and provider responsiveness."""

from __future__ import annotations

import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from events.platform.timeutil import naive_utc
from services.broker.domain.matching import Candidate
from services.broker.domain.placement_request import HomeStatus
from services.broker.projections.tables import (
    council_suspensions,
    free_beds,
    holds,
    homes,
    hospital_episodes,
    referrals,
    requests,
)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None else None


def _suspended_by(council_code: str) -> Any:
    """The homes whose placements `council_code` suspended (for its own placements)."""
    s = council_suspensions.c
    return select(s.home_id).where(s.council_code == council_code)


def home_status(
    conn: Connection, home_id: uuid.UUID, today: Any, council_code: str | None = None
) -> HomeStatus | None:
    """The home as it stands for placements of `council_code` (None: of any council, so
    only a suspension for every council counts)."""
    row = conn.execute(select(homes).where(homes.c.home_id == str(home_id))).first()
    if row is None:
        return None
    taking = not row.suspended and row.rating != "inadequate" and row.closing_on is None
    if taking and council_code is not None:
        home = council_suspensions.c.home_id == str(home_id)
        taking = conn.execute(_suspended_by(council_code).where(home)).first() is None
    types = frozenset(f"{r}-{c}" for r in row.registrations for c in row.care_categories)
    return HomeStatus(home_id, row.name, taking, types)


def candidates(
    conn: Connection,
    bed_type: str,
    la_code: str | None,
    now: datetime,
    council_code: str | None = None,
) -> list[Candidate]:
    """Homes offering the bed type with free beds less holds in force, taking placements (of
    `council_code`: not those it suspended, while homes other councils suspended stay in)."""
    held = (
        select(holds.c.home_id, func.count().label("n"))
        .where(
            holds.c.status == "held",
            holds.c.bed_type == bed_type,
            holds.c.expires_at > naive_utc(now),
        )
        .group_by(holds.c.home_id)
        .subquery()
    )
    query = (
        select(homes, free_beds.c.free, func.coalesce(held.c.n, 0).label("held"))
        .join(
            free_beds,
            and_(free_beds.c.home_id == homes.c.home_id, free_beds.c.bed_type == bed_type),
        )
        .outerjoin(held, held.c.home_id == homes.c.home_id)
        .where(homes.c.suspended.is_(False), homes.c.closing_on.is_(None))
    )
    if la_code:
        query = query.where(homes.c.la_code == la_code)
    if council_code:
        query = query.where(homes.c.home_id.not_in(_suspended_by(council_code)))
    return [
        Candidate(
            uuid.UUID(r.home_id),
            r.name,
            r.la_code,
            r.locality,
            r.latitude,
            r.longitude,
            tuple(r.specialisms),
            r.rating,
            r.free - r.held,
            _aware(r.last_reported_at),
        )
        for r in conn.execute(query)
        if r.rating != "inadequate"
    ]


@dataclass(frozen=True)
class WaitingFilter:
    council_code: str | None = None
    stage: str | None = None
    registration: str | None = None
    care_category: str | None = None
    location: str | None = None
    provider_code: str | None = None  # the trust where the person is now


def waiting_list(conn: Connection, f: WaitingFilter, now: datetime) -> list[dict[str, Any]]:
    """Every open request, oldest first, with where the person is now."""
    query = (
        select(requests, hospital_episodes.c.provider_name, hospital_episodes.c.ward)
        .outerjoin(hospital_episodes, hospital_episodes.c.episode_id == requests.c.episode_id)
        .where(requests.c.closed_at.is_(None))
        .order_by(requests.c.requested_at, requests.c.request_id)
    )
    for column, value in (
        (requests.c.council_code, f.council_code),
        (requests.c.stage, f.stage),
        (requests.c.registration, f.registration),
        (requests.c.care_category, f.care_category),
        (requests.c.location, f.location),
        (hospital_episodes.c.provider_code, f.provider_code),
    ):
        if value:
            query = query.where(column == value)
    out = []
    for r in conn.execute(query):
        where = f"{r.provider_name}, {r.ward}".strip(", ") if r.provider_name else r.location
        out.append(
            {
                "request_id": r.request_id,
                "council_code": r.council_code,
                "episode_id": r.episode_id,
                "stage": r.stage,
                "needs": f"{r.registration}-{r.care_category}"
                if r.care_category
                else r.registration,
                "specialisms": r.specialisms,
                "urgency": r.urgency,
                "where_now": where,
                "days_waiting": (naive_utc(now) - r.requested_at).days,
                "waiting_for": r.waiting_for,
                "last_change_at": _aware(r.last_change_at),
            }
        )
    return out


def unmet_demand(conn: Connection, after_days: int, now: datetime) -> list[dict[str, Any]]:
    """Open requests older than `after_days` with no home that accepted to assess, by needs
    and preferred locality: the gaps a market position statement must address."""
    cutoff = naive_utc(now) - timedelta(days=after_days)
    accepted = select(referrals.c.request_id).where(referrals.c.status == "accepted")
    rows = conn.execute(
        select(requests).where(
            requests.c.closed_at.is_(None),
            requests.c.requested_at <= cutoff,
            requests.c.request_id.not_in(accepted),
        )
    )
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for r in rows:
        needs = f"{r.registration}-{r.care_category}" if r.care_category else r.registration
        for locality in r.preferred_localities or ["(any)"]:
            groups[r.council_code, needs, locality].append((naive_utc(now) - r.requested_at).days)
    return [
        {
            "council_code": c,
            "needs": n,
            "locality": loc,
            "people": len(d),
            "longest_wait_days": max(d),
        }
        for (c, n, loc), d in sorted(groups.items())
    ]


def responsiveness(conn: Connection, provider_id: str | None = None) -> list[dict[str, Any]]:
    """Per home (of `provider_id` only, if given): referrals received, answered, median hours
    to answer, acceptance rate, declines by reason, escalations (no answer by the deadline)."""
    known = select(homes.c.home_id, homes.c.name, homes.c.provider_id)
    if provider_id is not None:
        known = known.where(homes.c.provider_id == provider_id)
    about = {r.home_id: r for r in conn.execute(known)}
    per_home: dict[str, list[Any]] = defaultdict(list)
    for r in conn.execute(select(referrals)):
        if provider_id is None or r.home_id in about:
            per_home[r.home_id].append(r)
    out = []
    for home_id, rs in sorted(per_home.items()):
        answered = [r for r in rs if r.answered_at is not None]
        hours = [(r.answered_at - r.sent_at).total_seconds() / 3600 for r in answered]
        accepted = sum(r.status == "accepted" for r in rs)
        declined = Counter(r.decline_reason for r in rs if r.status == "declined")
        home = about.get(home_id)
        out.append(
            {
                "home_id": home_id,
                "name": home.name if home else "",
                "provider_id": home.provider_id if home else None,
                "referrals": len(rs),
                "answered": len(answered),
                "median_hours_to_answer": round(statistics.median(hours), 1) if hours else None,
                "acceptance_rate": round(accepted / len(answered), 2) if answered else None,
                "declined_by_reason": dict(sorted(declined.items())),
                "escalated": sum(bool(r.escalated) for r in rs),
            }
        )
    return out


# What a home needs to decide and to assess (Caldicott: the minimum): the assessed needs, the
# deadline, the answer and the assessment. Never who the person is or where exactly (no NHS
# number, name, episode, hospital reference or ward), nor other homes (the person's choices).
REFERRAL_ROW = (
    referrals.c.request_id, referrals.c.referral_id, referrals.c.home_id,
    homes.c.name.label("home_name"),
    requests.c.council_code, requests.c.location, requests.c.registration,
    requests.c.care_category, requests.c.specialisms, requests.c.funding, requests.c.urgency,
    referrals.c.sent_at, referrals.c.answer_by, referrals.c.status, referrals.c.answered_at,
    referrals.c.decline_reason, referrals.c.escalated, referrals.c.assessment,
    referrals.c.assessor, referrals.c.assessment_on,
)  # fmt: skip


def provider_referrals(conn: Connection, provider_id: str | None) -> list[dict[str, Any]]:
    """The referrals sent to a provider's homes (None: every provider's), newest first, each
    with its home's name and what an assessment needs to know of the person."""
    query = (
        select(*REFERRAL_ROW)
        .join(homes, homes.c.home_id == referrals.c.home_id)
        .join(requests, requests.c.request_id == referrals.c.request_id)
    )
    if provider_id is not None:
        query = query.where(homes.c.provider_id == provider_id)
    order = (referrals.c.sent_at.desc(), referrals.c.request_id, referrals.c.referral_id)
    return [dict(r._mapping) for r in conn.execute(query.order_by(*order))]

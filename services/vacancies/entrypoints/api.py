"""HTTP API of the vacancies service. Thin: check who asks, call the application, shape the
answer. Routes are plain `def`: the stack is synchronous."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status

from events import bounds as b
from events.platform.access import Access, Scope, allowed
from events.platform.auth import Role
from events.platform.timeutil import utcnow
from services.vacancies import access_rules as r
from services.vacancies.access import check_home, hold_for, sees_hold
from services.vacancies.bootstrap import Vacancies
from services.vacancies.domain.vocabulary import CareCategory, CqcRating, Registration, Specialism
from services.vacancies.entrypoints import schemas as s
from services.vacancies.entrypoints.views import history_view, home_view
from services.vacancies.projections.search import SearchCriteria

router = APIRouter(prefix="/vacancies", tags=["vacancies"])


def _service(request: Request) -> Vacancies:
    return request.app.state.vacancies  # type: ignore[no-any-return]


Service = Annotated[Vacancies, Depends(_service)]


def _own_home(svc: Vacancies, who: Access, home_id: uuid.UUID) -> None:
    check_home(who, svc.app.home(home_id))


def _deciding_council(who: Access, named: str | None) -> str | None:
    """The council a suspension or its lifting is for: a broker's own (naming another council
    is refused); an administrator's as named, or None: for every council."""
    council = named or (who.organisation if who.grant.scope is Scope.OWN else None)
    if council is not None:
        who.owns(council, f"council {council}")
    return council


def _own_hold(svc: Vacancies, who: Access, home_id: uuid.UUID, reservation_id: uuid.UUID) -> None:
    hold_for(who, svc.app.home(home_id), reservation_id)


def _placing_council(who: Access) -> str | None:
    """A broker's council: the search and board show suspension as it applies to its own
    placements (a home suspended by other councils only still takes them)."""
    return who.organisation if who.role is Role.BROKER else None


def _accepted(home: Any) -> s.Accepted:
    return s.Accepted(home_id=home.id, version=home.version)


@router.post("/homes", status_code=status.HTTP_201_CREATED, response_model=s.Accepted)
def register_home(
    body: s.RegisterCareHome, svc: Service, who: Annotated[Access, allowed(r.HOME_REGISTER)]
) -> s.Accepted:
    who.owns(body.provider_id, f"provider {body.provider_id}")
    details = body.model_dump(exclude={"occurred_at"}, mode="json")
    return _accepted(svc.app.register_home(occurred_at=body.occurred_at or utcnow(), **details))


@router.get("/homes/{home_id}")
def get_home(
    home_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.HOME_READ)],
    at: Annotated[
        b.QueryTime | None, Query(description="available beds as at this time; now if left out")
    ] = None,
) -> dict[str, Any]:
    home, history = svc.app.home_with_history(home_id)
    check_home(who, home)
    view = home_view(home, at or utcnow(), lambda hold: sees_hold(who, home, hold))
    return {**view, "history": history_view(history)}


@router.patch("/homes/{home_id}", response_model=s.Accepted)
def change_details(
    home_id: uuid.UUID,
    body: s.ChangeDetails,
    svc: Service,
    who: Annotated[Access, allowed(r.HOME_CHANGE)],
) -> s.Accepted:
    _own_home(svc, who, home_id)
    changes = body.model_dump(
        exclude={"occurred_at", "expected_version"}, exclude_none=True, mode="json"
    )
    return _accepted(
        svc.app.change_details(
            home_id,
            occurred_at=body.occurred_at or utcnow(),
            expected_version=body.expected_version,
            **changes,
        )
    )


@router.post("/homes/{home_id}/rating", response_model=s.Accepted)
def change_rating(
    home_id: uuid.UUID,
    body: s.ChangeRating,
    svc: Service,
    who: Annotated[Access, allowed(r.HOME_RATE)],
) -> s.Accepted:
    return _accepted(
        svc.app.change_rating(
            home_id,
            rating=body.rating.value,
            rated_on=body.rated_on.isoformat(),
            occurred_at=body.occurred_at or utcnow(),
        )
    )


@router.post("/homes/{home_id}/suspension", response_model=s.Accepted)
def suspend_placements(
    home_id: uuid.UUID,
    body: s.SuspendPlacements,
    svc: Service,
    who: Annotated[Access, allowed(r.HOME_COMMISSION)],
) -> s.Accepted:
    return _accepted(
        svc.app.suspend_placements(
            home_id,
            reason=body.reason.value,
            note=body.note,
            occurred_at=body.occurred_at or utcnow(),
            council_code=_deciding_council(who, body.council_code),
        )
    )


@router.post("/homes/{home_id}/resumption", response_model=s.Accepted)
def resume_placements(
    home_id: uuid.UUID,
    body: s.ResumePlacements,
    svc: Service,
    who: Annotated[Access, allowed(r.HOME_COMMISSION)],
) -> s.Accepted:
    return _accepted(
        svc.app.resume_placements(
            home_id,
            note=body.note,
            occurred_at=body.occurred_at or utcnow(),
            council_code=_deciding_council(who, body.council_code),
        )
    )


@router.post("/homes/{home_id}/closure", response_model=s.Accepted)
def announce_closure(
    home_id: uuid.UUID,
    body: s.AnnounceClosure,
    svc: Service,
    who: Annotated[Access, allowed(r.HOME_CHANGE)],
) -> s.Accepted:
    _own_home(svc, who, home_id)
    return _accepted(
        svc.app.announce_closure(
            home_id,
            closing_on=body.closing_on.isoformat(),
            occurred_at=body.occurred_at or utcnow(),
        )
    )


@router.post(
    "/homes/{home_id}/vacancies", status_code=status.HTTP_201_CREATED, response_model=s.Accepted
)
def report_vacancies(
    home_id: uuid.UUID,
    body: s.ReportVacancies,
    svc: Service,
    who: Annotated[Access, allowed(r.VACANCY_REPORT)],
) -> s.Accepted:
    return _accepted(
        svc.app.report_vacancies(
            home_id,
            free_beds=body.free_beds,
            reported_at=body.reported_at or utcnow(),
            check=partial(check_home, who),  # in the command's own load: one read of the home
        )
    )


@router.post(
    "/homes/{home_id}/reservations",
    status_code=status.HTTP_201_CREATED,
    response_model=s.Reservation,
)
def reserve_bed(
    home_id: uuid.UUID,
    body: s.ReserveBed,
    svc: Service,
    who: Annotated[Access, allowed(r.HOLD_RESERVE)],
) -> s.Reservation:
    reservation_id = body.reservation_id or uuid.uuid4()
    hours = body.hold_hours or svc.settings.reservation_hold_hours
    home = svc.app.reserve_bed(
        home_id,
        reservation_id=reservation_id,
        bed_type=body.bed_type,
        reference=body.reference,
        reserved_by=who.organisation,
        now=utcnow(),
        hold=timedelta(hours=hours),
    )
    held = home.reservation(reservation_id)
    return s.Reservation(
        reservation_id=reservation_id,
        home_id=home_id,
        bed_type=held.bed_type,
        expires_at=held.expires_at,
    )


@router.post("/homes/{home_id}/reservations/{reservation_id}/release", response_model=s.Accepted)
def release_reservation(
    home_id: uuid.UUID,
    reservation_id: uuid.UUID,
    body: s.ReleaseReservation,
    svc: Service,
    who: Annotated[Access, allowed(r.HOLD_ACT)],
) -> s.Accepted:
    _own_hold(svc, who, home_id, reservation_id)
    return _accepted(
        svc.app.release_reservation(
            home_id, reservation_id=reservation_id, reason=body.reason, now=utcnow()
        )
    )


@router.post("/homes/{home_id}/reservations/{reservation_id}/occupy", response_model=s.Accepted)
def occupy_bed(
    home_id: uuid.UUID,
    reservation_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.HOLD_ACT)],
) -> s.Accepted:
    _own_hold(svc, who, home_id, reservation_id)
    return _accepted(svc.app.occupy_bed(home_id, reservation_id=reservation_id, now=utcnow()))


@router.get("/search")
def search_vacancies(
    svc: Service,
    who: Annotated[Access, allowed(r.VACANCIES_SEARCH)],
    registration: Registration | None = None,
    care_category: CareCategory | None = None,
    specialism: Annotated[list[Specialism], Query()] = [],  # noqa: B006
    la_code: Annotated[b.OnsCode | None, Query()] = None,
    locality: Annotated[b.ShortText | None, Query()] = None,
    postcode: Annotated[b.Postcode | None, Query()] = None,
    latitude: Annotated[b.Latitude | None, Query()] = None,
    longitude: Annotated[b.Longitude | None, Query()] = None,
    within_km: Annotated[b.DistanceKm | None, Query()] = None,
    min_rating: CqcRating | None = None,
    max_report_age_hours: Annotated[b.ReportAgeHours | None, Query()] = None,
    include_suspended: bool = False,
) -> list[dict[str, Any]]:
    """Homes with free beds now, nearest first, then the freshest report."""
    criteria = SearchCriteria(
        now=utcnow(),
        max_report_age_hours=max_report_age_hours or svc.settings.vacancy_fresh_hours,
        registration=registration.value if registration else None,
        care_category=care_category.value if care_category else None,
        specialisms=tuple(x.value for x in specialism),
        la_code=la_code,
        locality=locality,
        postcode=postcode,
        latitude=latitude,
        longitude=longitude,
        within_km=within_km,
        min_rating=min_rating.value if min_rating else None,
        include_suspended=include_suspended,
        council_code=_placing_council(who),
    )
    return [asdict(m) for m in svc.search(criteria)]


@router.get("/board")
def vacancy_board(
    svc: Service, who: Annotated[Access, allowed(r.VACANCIES_SEARCH)]
) -> list[dict[str, Any]]:
    """Local authority x locality x bed type: homes, free beds, share of fresh reports."""
    return [asdict(row) for row in svc.board(council_code=_placing_council(who))]

"""How to call each route so that it would really succeed: for every (METHOD, path template)
a builder that makes the fresh resources the call needs (world.py) and gives (url, body).

Resources are always those of the first organisation of each role in ORGS; whether the caller
is that organisation or another one is the matrix's business (test_access_matrix.py). A new
route needs a builder here; the matrix fails naming it until it has one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from tests.access import cases_fhir as fhir
from tests.access import homecare_reports, packages
from tests.access.world import BED, COUNCIL, NEEDS, World, soon

Call = tuple[str, dict[str, Any] | None]  # url, json body
Builder = Callable[[World], Call]
MONTH = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
H = "/vacancies/homes/{home_id}"
E = "/discharge/episodes/{episode_id}"
R = "/broker/requests/{request_id}"
OFFER = R + "/offers/{offer_id}"
A = "/vacancies/agencies/{agency_id}"


def _home(w: World) -> str:
    return f"/vacancies/homes/{w.home()}"


def _hold(action: str) -> Builder:
    def build(w: World) -> Call:
        home, hold = w.hold()
        return f"/vacancies/homes/{home}/reservations/{hold}/{action}", {}

    return build


def _episode(step: str, body: dict[str, Any], *, ready: bool = True) -> Builder:
    def build(w: World) -> Call:
        return f"/discharge/episodes/{w.episode(ready=ready)}/{step}", body

    return build


def _close_blocker(w: World) -> Call:
    episode, blocker = w.blocker()
    return f"/discharge/episodes/{episode}/blockers/{blocker}/close", {}


def _tracker(path: str) -> Builder:
    """A tracker file admitting a fresh patient of the trust and making them ready."""

    def build(w: World) -> Call:
        ref, day = f"RVY-T{w.serial()}", (date.today() - timedelta(days=5)).isoformat()
        head = "episode_id,at,event,provider_code,provider_name,la_code,la_name,care_type,pathway"
        rows = [f"{ref},{day} 08:00,admitted,RVY,Aintree,E08000014,Sefton,acute,"]
        rows.append(f"{ref},{day} 12:00,ready,,,,,,P1")
        return path, {"csv": "\n".join([head, *rows]) + "\n"}

    return build


def _return(name: str) -> Builder:
    return lambda w: (f"/discharge/returns/{name}?month={MONTH}", None)


def _request(suffix: str, body: dict[str, Any] | None, *, details: bool = True) -> Builder:
    def build(w: World) -> Call:
        request, _ = w.request(details=details)
        return f"/broker/requests/{request}{suffix}", body

    return build


def _refer(w: World) -> Call:
    request, home = w.request(home=True)
    return f"/broker/requests/{request}/referrals", {"home_ids": [home]}


def _answer(w: World) -> Call:
    request, referral, _ = w.referral()
    return f"/broker/requests/{request}/referrals/{referral}/answer", {"accept": True}


def _book_assessment(w: World) -> Call:
    request, _, home = w.referral(answered=True)
    return f"/broker/requests/{request}/assessment", {"home_id": home, "on": soon(2)}


def _assessment_outcome(w: World) -> Call:
    request, home = w.assessed(outcome=False)
    body = {"home_id": home, "can_meet_needs": True}
    return f"/broker/requests/{request}/assessment/outcome", body


def _home_assessment(step: str, body: dict[str, Any]) -> Builder:
    def build(w: World) -> Call:
        request, referral, _ = w.referral(answered=True)
        return f"/broker/requests/{request}/referrals/{referral}/{step}", body

    return build


def _offer_bed(w: World) -> Call:
    request, home = w.assessed()
    return f"/broker/requests/{request}/offers", {"home_id": home, "weekly_fee": 1100}


def _offer(action: str, body: dict[str, Any], *, accepted: bool = False) -> Builder:
    def build(w: World) -> Call:
        request, offer = w.offer(accepted=accepted)
        return f"/broker/requests/{request}/offers/{offer}/{action}", body

    return build


def _broker_home(w: World) -> Call:
    return f"/broker/homes/{w.home(drain=True)}", None


def _get(url: str) -> Builder:
    return lambda w: (url, None)


CASES: dict[tuple[str, str], Builder] = {
    ("GET", "/health"): _get("/health"),
    ("GET", "/ready"): _get("/ready"),
    ("GET", "/metrics"): _get("/metrics"),
    ("GET", "/audit"): _get("/audit?limit=5"),
    # vacancies
    ("POST", "/vacancies/homes"): lambda w: ("/vacancies/homes", w.home_body()),
    ("GET", H): lambda w: (_home(w), None),
    ("PATCH", H): lambda w: (_home(w), {"name": "Renamed"}),
    ("POST", H + "/closure"): lambda w: (_home(w) + "/closure", {"closing_on": soon(60)}),
    ("POST", H + "/rating"): lambda w: (
        _home(w) + "/rating",
        {"rating": "good", "rated_on": date.today().isoformat()},
    ),
    # for the council of the first broker: a broker of another council may not name it
    ("POST", H + "/suspension"): lambda w: (
        _home(w) + "/suspension",
        {"reason": "other", "council_code": COUNCIL},
    ),
    ("POST", H + "/resumption"): lambda w: (
        f"/vacancies/homes/{w.suspended_home()}/resumption",
        {"note": "concerns resolved", "council_code": COUNCIL},
    ),
    ("POST", H + "/vacancies"): lambda w: (_home(w) + "/vacancies", {"free_beds": {BED: 2}}),
    ("POST", H + "/reservations"): lambda w: (
        _home(w) + "/reservations",
        {"bed_type": BED, "reference": f"R-{w.serial()}"},
    ),
    ("POST", H + "/reservations/{reservation_id}/release"): _hold("release"),
    ("POST", H + "/reservations/{reservation_id}/occupy"): _hold("occupy"),
    ("GET", "/vacancies/search"): _get("/vacancies/search?registration=nursing"),
    ("GET", "/vacancies/board"): _get("/vacancies/board"),
    ("GET", "/vacancies/homes"): _get("/vacancies/homes"),
    ("GET", "/vacancies/own-agencies"): _get("/vacancies/own-agencies"),
    # home care agencies
    ("POST", "/vacancies/agencies"): lambda w: ("/vacancies/agencies", w.agency_body()),
    ("GET", A): lambda w: (f"/vacancies/agencies/{w.agency()}", None),
    ("POST", A + "/capacity"): lambda w: (
        f"/vacancies/agencies/{w.agency()}/capacity",
        w.capacity_body() | {"hours": {"tea": 10.5}, "double_handed": True},
    ),
    ("POST", A + "/confirm"): lambda w: (f"/vacancies/agencies/{w.agency()}/confirm", {}),
    ("POST", A + "/suspension"): lambda w: (
        f"/vacancies/agencies/{w.agency()}/suspension",
        {"reason": "escalating_concerns", "council_code": COUNCIL},
    ),
    ("POST", A + "/resumption"): lambda w: (
        f"/vacancies/agencies/{w.suspended_agency()}/resumption",
        {"note": "concerns resolved", "council_code": COUNCIL},
    ),
    ("GET", "/vacancies/agencies"): _get("/vacancies/agencies?zone=SEF-NORTH&band=morning"),
    # discharge
    ("POST", "/discharge/episodes"): lambda w: ("/discharge/episodes", w.admission()),
    ("GET", E): lambda w: (f"/discharge/episodes/{w.episode()}", None),
    ("POST", E + "/ready"): _episode("ready", {"pathway": "P1"}, ready=False),
    ("POST", E + "/not-ready"): _episode("not-ready", {"note": "unwell again"}),
    ("POST", E + "/reason"): _episode("reason", {"code": "Dii", "agency": "Social Care"}),
    ("POST", E + "/blockers"): _episode("blockers", {"code": "A", "agency": "NHS"}),
    ("POST", E + "/blockers/{blocker_id}/close"): _close_blocker,
    ("POST", E + "/assessments"): _episode(
        "assessments", {"assessment_id": "a1", "kind": "care_act", "stage": "requested"}
    ),
    ("POST", E + "/end"): _episode("end", {"kind": "discharged", "destination": "home"}),
    ("POST", E + "/residence"): _episode("residence", {"la_code": "E08000012"}),
    ("POST", E + "/steps"): _episode(
        "steps", {"steps": [{"method": "mark_ready", "pathway": "P1"}]}, ready=False
    ),
    ("GET", "/discharge/live-delays"): _get("/discharge/live-delays"),
    ("GET", "/discharge/live-delays/changes"): lambda w: (
        f"/discharge/live-delays/changes?since={date.today() - timedelta(days=4)}",
        None,
    ),
    ("GET", "/discharge/episodes"): _get("/discharge/episodes?status=ready"),
    ("POST", "/discharge/imports/check"): _tracker("/discharge/imports/check"),
    ("POST", "/discharge/imports"): _tracker("/discharge/imports"),
    ("GET", "/discharge/returns/period"): _return("period"),
    ("GET", "/discharge/returns/dtoc"): _return("dtoc"),
    ("GET", "/discharge/returns/drd"): _return("drd"),
    ("GET", "/discharge/returns/nctr"): _return("nctr"),
    ("GET", "/discharge/returns/pocd"): _return("pocd"),
    ("GET", "/discharge/returns/dtoc.csv"): _return("dtoc.csv"),
    ("GET", "/discharge/returns/drd.csv"): _return("drd.csv"),
    ("GET", "/discharge/returns/nctr.csv"): _return("nctr.csv"),
    ("GET", "/discharge/returns/pocd.csv"): _return("pocd.csv"),
    # broker
    ("POST", "/broker/requests"): lambda w: (
        "/broker/requests",
        {**NEEDS, "council_code": COUNCIL},
    ),
    ("GET", R): _request("", None),
    ("GET", R + "/matches"): _request("/matches", None),
    ("POST", R + "/details"): _request("/details", NEEDS, details=False),
    ("POST", R + "/referrals"): _refer,
    ("POST", R + "/referrals/{referral_id}/answer"): _answer,
    ("POST", R + "/referrals/{referral_id}/assessment"): _home_assessment(
        "assessment", {"on": soon(2), "assessor": "trusted_assessor"}
    ),
    ("POST", R + "/referrals/{referral_id}/assessment/outcome"): _home_assessment(
        "assessment/outcome", {"can_meet_needs": False}
    ),
    ("POST", R + "/assessment"): _book_assessment,
    ("POST", R + "/assessment/outcome"): _assessment_outcome,
    ("POST", R + "/offers"): _offer_bed,
    ("POST", OFFER + "/accept"): _offer("accept", {}),
    ("POST", OFFER + "/decline"): _offer("decline", {"reason": "family_choice"}),
    ("POST", OFFER + "/admission"): _offer("admission", {"on": soon(3)}, accepted=True),
    ("POST", OFFER + "/admitted"): _offer("admitted", {}, accepted=True),
    ("POST", R + "/cancel"): _request("/cancel", {"reason": "went_home"}),
    ("POST", "/broker/escalations"): lambda w: ("/broker/escalations", {}),
    ("GET", "/broker/homes/{home_id}"): _broker_home,
    ("GET", "/broker/waiting-list"): _get("/broker/waiting-list"),
    ("GET", "/broker/referrals"): _get("/broker/referrals"),
    ("GET", "/broker/unmet-demand"): _get("/broker/unmet-demand"),
    ("GET", "/broker/responsiveness"): _get("/broker/responsiveness"),
}
CASES |= fhir.CASES  # the FHIR Encounter routes
CASES |= packages.CASES  # home care packages
CASES |= homecare_reports.CASES  # what commissioners ask of home care

"""Each dashboard page: its address, its body (a Jinja2 template extending the frame), its
script, and the API rules its content reads (the access table, docs/access.md). A role sees a
page in its navigation, and may open it, only when every one of those rules grants it
something: a link never leads to a page that would answer 403."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import services.dashboard.pages.patient as patient
import services.dashboard.pages.patients as patients
import services.dashboard.pages.tracker_import as tracker_import
import services.dashboard.pages.workspace as workspace
from events.platform.access import Rule
from events.platform.auth import Role
from services.broker import access_rules as broker
from services.dashboard.pages import (
    agency_capacity,
    agency_offers,
    broker_home,
    broker_market,
    broker_request,
    broker_waiting,
    broker_words,
    escalation,
    homecare_market,
    homecare_my_agencies,
    homecare_words,
    my_homes,
    provider_kit,
    provider_referrals,
    returns,
    vacancies,
)
from services.discharge import access_rules as discharge
from services.discharge import access_worklist as worklist
from services.vacancies import access_rules as homes

if TYPE_CHECKING:
    from services.runtime import Runtime


@dataclass(frozen=True)
class Page:
    """One page of the dashboard. `nav` is its label in the navigation (None for a page
    reached by a link, such as one episode's); `config` gives the page's script what the
    server knows (e.g. the reasons' titles)."""

    path: str
    name: str
    title: str
    rules: tuple[Rule, ...]
    html: str
    js: str
    nav: str | None = None
    charts: bool = True  # the page draws charts (plotly.js is sent only to those that do)
    config: Callable[[Runtime], dict[str, Any]] = field(default=lambda _: {})

    def opens_for(self, role: Role) -> bool:
        return all(rule.grant_for(role) is not None for rule in self.rules)


PAGES: tuple[Page, ...] = (
    Page(
        "/dashboard/patients",
        "patients",
        "My patients",
        (worklist.EPISODE_LIST,),
        patients.HTML,
        patients.JS,
        nav="My patients",
        charts=False,
        config=workspace.config,
    ),
    Page(
        "/dashboard/patients/{episode_id}",
        "patient",
        "Patient",
        (discharge.EPISODE_READ, discharge.EPISODE_CHANGE),
        patient.HTML,
        patient.JS,
        charts=False,
        config=patient.config,
    ),
    Page(
        "/dashboard/import",
        "tracker-import",
        "Import a tracker file",
        (worklist.TRACKER_IMPORT,),
        tracker_import.HTML,
        tracker_import.JS,
        nav="Import tracker",
        charts=False,
    ),
    Page(
        "/",
        "escalation",
        "Delayed now",
        (discharge.LIVE_DELAYS,),
        escalation.HTML,
        escalation.JS,
        nav="Delays now",
        config=escalation.config,
    ),
    Page(
        "/dashboard/waiting-list",
        "waiting-list",
        "Waiting list",
        (broker.WAITING_LIST,),
        broker_waiting.HTML,
        broker_waiting.JS,
        nav="Waiting list",
        charts=False,
        config=broker_words.config,
    ),
    Page(
        "/dashboard/my-homes",
        "my-homes",
        "My homes",
        (homes.HOMES_OWN, homes.VACANCY_REPORT),
        my_homes.HTML,
        my_homes.JS,
        nav="My homes",
        charts=False,
        config=my_homes.config,
    ),
    Page(
        "/dashboard/referrals",
        "referrals",
        "Referrals to your homes",
        (broker.REFERRALS_RECEIVED, broker.REFERRAL_ANSWER, broker.RESPONSIVENESS),
        provider_referrals.HTML,
        provider_referrals.JS,
        nav="Referrals",
        charts=False,
        config=provider_referrals.config,
    ),
    Page(
        "/dashboard/vacancies",
        "vacancies",
        "Vacancies",
        (homes.VACANCIES_SEARCH,),
        vacancies.HTML,
        vacancies.JS,
        nav="Vacancies",
        config=vacancies.config,
    ),
    Page(
        "/dashboard/returns",
        "returns",
        "Monthly returns",
        (discharge.RETURNS,),
        returns.HTML,
        returns.JS,
        nav="Returns",
        config=returns.config,
    ),
    Page(
        "/dashboard/requests/{request_id}",
        "request",
        "Placement request",
        (broker.REQUEST_READ, broker.AVAILABILITY_READ, homes.HOME_READ, homes.VACANCIES_SEARCH),
        broker_request.HTML,
        broker_request.JS,
        charts=False,
        config=broker_words.config,
    ),
    Page(
        "/dashboard/market",
        "market",
        "The care home market",
        (broker.MARKET,),
        broker_market.HTML,
        broker_market.JS,
        nav="Market",
        charts=False,
        config=broker_words.config,
    ),
    Page(
        "/dashboard/home-care",
        "home-care",
        "The home care market",
        (broker.HOMECARE_MARKET,),
        homecare_market.HTML,
        homecare_market.JS,
        nav="Home care",
        config=homecare_market.config,
    ),
    Page(
        "/dashboard/agencies",
        "agencies",
        "My home care agencies",
        (homes.AGENCIES_OWN, homes.AGENCY_CAPACITY),
        agency_capacity.HTML,
        agency_capacity.JS,
        nav="My agencies",
        charts=False,
        config=agency_capacity.config,
    ),
    Page(
        "/dashboard/package-offers",
        "package-offers",
        "Packages offered to your agencies",
        (broker.PACKAGE_OFFERS_RECEIVED, broker.PACKAGE_OFFER_ANSWER),
        agency_offers.HTML,
        agency_offers.JS,
        nav="Package offers",
        charts=False,
        config=agency_offers.config,
    ),
    Page(
        "/dashboard/my-agencies",
        "my-agencies",
        "How your home care agencies answer",
        (broker.HOMECARE_MY_AGENCIES,),
        homecare_my_agencies.HTML,
        homecare_my_agencies.JS,
        nav="Home care answers",
        charts=False,
        config=broker_words.config,
    ),
    Page(
        "/dashboard/care-homes/{home_id}",
        "care-home",
        "Care home",
        (broker.AVAILABILITY_READ, homes.HOME_READ, broker.MARKET),
        broker_home.HTML,
        broker_home.JS,
        charts=False,
        config=broker_words.config,
    ),
)

# Where each role starts after signing in: the first of these pages it may open.
LANDING: dict[Role, tuple[str, ...]] = {
    Role.PROVIDER: ("/dashboard/my-homes",),
    Role.BROKER: ("/dashboard/waiting-list",),
    Role.DISCHARGE: ("/dashboard/patients",),
    Role.ESCALATION: ("/",),
    Role.ANALYST: ("/dashboard/returns",),
    Role.ADMIN: ("/",),
}

TEMPLATES = {f"{p.name}.html": p.html for p in PAGES}
SCRIPTS = {f"{p.name}.js": p.js for p in PAGES}
# the pages' own styles, sent with the frame's in one style sheet
STYLES = (broker_words.CSS, provider_kit.CSS, workspace.WORKSPACE_CSS, homecare_words.CSS)


def navigation(role: Role) -> list[tuple[str, str]]:
    """The (address, label) of every page in the navigation that `role` may open."""
    return [(p.path, p.nav) for p in PAGES if p.nav is not None and p.opens_for(role)]


def landing(role: Role) -> str:
    """The page `role` starts on: its preferred one, else the first it may open."""
    opens = {p.path for p in PAGES if p.opens_for(role)}
    for path in LANDING.get(role, ()):
        if path in opens:
            return path
    return next(iter(navigation(role)), ("/login", ""))[0]

"""A hospital's EPR telling the services what happened, through the HL7 feed (A01, A03,
A11, A13), and a home holding a bed: the cast of the broker's stories about the hospital
taking something back."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.broker.bootstrap import Broker
from services.broker.domain.placement_request import request_id_for_episode
from services.discharge.bootstrap import Discharge
from services.discharge.feed.wiring import feed_of
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.conftest import home_details

TRUST, COUNCIL = "RVY", "E08000014"  # Southport and Ormskirk; Sefton
NOW = datetime.now(ZoneInfo("Europe/London")).replace(second=0, microsecond=0)


def stamp(at: datetime) -> str:
    return at.astimezone(ZoneInfo("Europe/London")).strftime("%Y%m%d%H%M")


class Hospital:
    """The trust's EPR sending one patient's stay (`reference`) over the feed."""

    def __init__(self, runtime: Runtime, reference: str = "V1", council: str = COUNCIL) -> None:
        discharge = runtime.services["discharge"]
        assert isinstance(discharge, Discharge)
        self.runtime, self.discharge, self.reference = runtime, discharge, reference
        self.council = council  # PID-11.9; "": an address without its council's code
        self.feed = feed_of(discharge, TRUST)
        self.sent = 0
        self.last = ""
        self.admitted = NOW

    def send(self, event: str, at: datetime, disposition: str = "") -> None:
        pv1 = [""] * 46
        pv1[1], pv1[2], pv1[3] = "1", "I", "Ward 9^^^RVY01"
        pv1[19], pv1[44] = self.reference, stamp(self.admitted)
        if event == "A03":
            pv1[36], pv1[45] = disposition, stamp(at)
        self.sent += 1
        text = "\r".join(
            [
                f"MSH|^~\\&|EPR|RVY|||{stamp(at)}||ADT^{event}|{self.reference}-{self.sent}|P|2.4",
                f"EVN|{event}|{stamp(at)}||||{stamp(at)}",
                # a Southport address: PID-11.9 holds the council's ONS code, if sent
                "PID|1||M1^^^MRN~9434765919^^^NHS^NH||DOE^JANE||||||^^Southport^^PR8 1AA^^^^"
                + self.council,
                "PV1|" + "|".join(pv1[1:]),
            ]
        )
        self.last = text
        self.resend()

    def resend(self) -> None:
        """The last message again, as an engine resends one whose ACK it missed."""
        ack = self.feed.handle(self.last)
        assert "|AA|" in ack, ack
        self.runtime.drain()

    def admit(self, at: datetime) -> None:
        self.admitted = at
        self.send("A01", at)

    def ready_for_a_care_home(self, at: datetime) -> None:
        """The ward team marks the patient ready on pathway 3 (as on the patient's page)."""
        episode = self.episode_id()
        self.discharge.app.mark_ready(episode, pathway="P3", occurred_at=at)
        self.runtime.drain()

    def episode_id(self) -> uuid.UUID:
        episode_id, found = self.discharge.app.locate(TRUST, self.reference)
        assert found is not None
        return episode_id

    def request_id(self) -> uuid.UUID:
        return request_id_for_episode(self.episode_id())


def broker_of(runtime: Runtime) -> Broker:
    broker = runtime.services["broker"]
    assert isinstance(broker, Broker)
    return broker


def one_bed_home(runtime: Runtime) -> uuid.UUID:
    vacancies = runtime.services["vacancies"]
    assert isinstance(vacancies, Vacancies)
    home = vacancies.app.register_home(occurred_at=NOW - timedelta(days=30), **home_details())
    vacancies.app.report_vacancies(home.id, free_beds={"nursing-dementia": 1}, reported_at=NOW)
    runtime.drain()
    return home.id


def free_nursing_dementia_beds(runtime: Runtime, home_id: uuid.UUID) -> int:
    vacancies = runtime.services["vacancies"]
    assert isinstance(vacancies, Vacancies)
    home = vacancies.app.home(home_id)
    return home.available_beds(datetime.now(ZoneInfo("UTC")))["nursing-dementia"]


def record_needs(runtime: Runtime, request_id: uuid.UUID) -> None:
    broker_of(runtime).app.command(
        request_id, "complete_details", registration="nursing", care_category="dementia",
        specialisms=[], preferred_localities=[], preferred_home_ids=[], funding="council",
        urgency="urgent", occurred_at=NOW - timedelta(hours=20),
    )  # fmt: skip


def hold_a_bed(runtime: Runtime, request_id: uuid.UUID, home_id: uuid.UUID) -> None:
    """Referred, accepted, assessed, offered: the home holds its one bed for the person."""
    broker = broker_of(runtime)
    at = NOW - timedelta(hours=10)
    broker.app.command(
        request_id, "refer", referral_id="r1", home=broker.home(home_id),
        answer_by=at + timedelta(days=1), occurred_at=at,
    )  # fmt: skip
    broker.app.command(
        request_id, "answer_referral", referral_id="r1", accept=True, reason=None, occurred_at=at
    )
    broker.app.command(
        request_id, "book_assessment", home_id=home_id, assessor="home", on=date.today(),
        occurred_at=at,
    )  # fmt: skip
    broker.app.command(
        request_id, "complete_assessment", home_id=home_id, can_meet_needs=True, occurred_at=at
    )
    broker.app.command(
        request_id, "offer_bed", offer_id=uuid.uuid4(), home=broker.home(home_id),
        weekly_fee=1000.0, top_up=0.0, hold_hours=72, occurred_at=at,
    )  # fmt: skip
    runtime.drain()

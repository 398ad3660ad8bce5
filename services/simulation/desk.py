"""What the simulated brokerage team works with, shared by its three stages: the council's
assessment (`assessment.py`), referrals to homes (`referrals.py`) and offers (`offers.py`).

For patients ready on P3 the broker service opens a request by itself; the simulated people
then do what the README's journey describes, through the broker's commands, and the reason
of record on the episode follows the broker's stage by itself (`broker_to_dtoc.json`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from events.platform.errors import DomainError
from services.broker.bootstrap import Broker
from services.simulation.agenda import Agenda
from services.simulation.clock import Ids, uk_time
from services.simulation.market import CareMarket
from services.simulation.needs import Placement
from services.simulation.stats import Stats
from services.simulation.wards import Wards

log = logging.getLogger(__name__)
HOUR = timedelta(hours=1)
Next = Callable[[Placement, datetime], None]


class Desk:
    def __init__(
        self, broker: Broker, market: CareMarket, wards: Wards, agenda: Agenda, stats: Stats
    ) -> None:
        self.broker, self.market, self.wards = broker, market, wards
        self.agenda, self.stats = agenda, stats
        self.ids: Ids = market.ids
        self.sync: Callable[[], None] = lambda: None  # let the services exchange events now
        self.refer: Next = lambda pl, now: None  # the referral stage (set by `Referrals`)
        self.offer_next: Next = lambda pl, now: None  # the offer stage (set by `Offers`)

    def command(self, pl: Placement, method: str, **kwargs: Any) -> bool:
        """A command on the person's placement request; a refusal is counted, not raised."""
        try:
            self.broker.app.command(pl.request_id, method, **kwargs)
            return True
        except DomainError as exc:
            log.debug("%s refused for %s: %s", method, pl.patient.reference, exc)
            self.stats.refused[method] += 1
            return False

    def on_day(self, day: date) -> datetime:
        """Some time in the working day of `day`."""
        return uk_time(day, 10 + 5 * self.ids.rng("day", day).random())

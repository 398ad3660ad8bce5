"""Keeps the borough going while the demo serves it: the simulated clock runs `speed` times
faster than real time until it reaches now, then keeps pace with it (never beyond now, so no
event is ever in the future). The runtime's own background loops exchange the events."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from services.simulation.simulation import Simulation

log = logging.getLogger(__name__)


class LiveRun:
    def __init__(self, sim: Simulation, speed: float = 3600.0, tick: float = 0.5) -> None:
        self.sim, self.speed, self.tick = sim, speed, tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="simulation")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(self.tick):
            now = time.monotonic()
            ahead = self.sim.now + timedelta(seconds=(now - last) * self.speed)
            last = now
            try:
                self.sim.run_until(min(ahead, datetime.now(UTC)), drain=False)
            except Exception:  # one failed task must not stop the demo
                log.exception("simulation step failed; carrying on")

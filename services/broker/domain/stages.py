"""Where a request stands: the bookkeeping every kind of request shares.

A request waits for its details, then seeks a provider, moves on as holds are answered, and
ends in one of its closed stages. Each kind of request names its own stages (a bed request's
are `vocabulary.Stage`); the rules of moving between them are here.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from services.broker.domain.errors import WrongStage


class StagedRequest:
    """A mixin for a request aggregate with a `stage`; it records no events of its own."""

    CLOSED_STAGES: ClassVar[tuple[str, ...]]
    NEEDS_DETAILS: ClassVar[str]
    SEEKING: ClassVar[str]
    INTERIM: ClassVar[str]  # placed for now, still seeking the place of the person's choice

    stage: str
    placed_home: uuid.UUID | None
    admitted_at: datetime  # when the person was placed: absent until then

    @property
    def closed(self) -> bool:
        return self.stage in self.CLOSED_STAGES

    def _must_be_open(self) -> None:
        if self.closed:
            raise WrongStage(f"the request is {self.stage}")

    def _must_have_details(self) -> None:
        self._must_be_open()
        if self.stage == self.NEEDS_DETAILS:
            raise WrongStage("complete the assessed needs first")

    def _seeking_stage(self) -> str:
        """Where a request goes back to when a hold falls through: seeking again, or still
        interim where the person is placed for now."""
        return self.INTERIM if self.placed_home is not None else self.SEEKING

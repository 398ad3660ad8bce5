"""Which councils stopped placing with a provider: each council for its own placements, or
every council at once (an administrator acting for all). A home care agency keeps its
suspensions here."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.vacancies.domain.errors import Conflict, InvalidInput
from services.vacancies.domain.vocabulary import SuspensionReason


def checked_reason(reason: str) -> str:
    try:
        return SuspensionReason(reason).value
    except ValueError:
        raise InvalidInput("reason", f"{reason!r} is not a suspension reason") from None


@dataclass
class Suspensions:
    everyone: str | None = None  # the reason placements stopped for every council
    by_council: dict[str, str] = field(default_factory=dict)  # council -> reason

    def suspended_for(self, council_code: str | None) -> bool:
        """Whether no new placements of `council_code` are taken (None: of every council)."""
        return self.everyone is not None or (
            council_code is not None and council_code in self.by_council
        )

    def check_suspend(self, council_code: str | None) -> None:
        if council_code is None and self.everyone is not None:
            raise Conflict(f"placements are already suspended ({self.everyone})")
        if council_code is not None and council_code in self.by_council:
            held = self.by_council[council_code]
            raise Conflict(f"{council_code} has already suspended placements ({held})")

    def check_resume(self, council_code: str | None) -> None:
        if council_code is None and self.everyone is None:
            raise Conflict("placements are not suspended for every council")
        if council_code is not None and council_code not in self.by_council:
            raise Conflict(f"{council_code} has not suspended placements here")

    def suspend(self, council_code: str | None, reason: str) -> None:
        if council_code is None:
            self.everyone = reason
        else:
            self.by_council[council_code] = reason

    def resume(self, council_code: str | None) -> None:
        if council_code is None:
            self.everyone = None
        else:
            self.by_council.pop(council_code, None)

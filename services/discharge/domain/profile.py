"""Who and where an episode is counted, with its facts: what every return counts from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from events.contracts import discharge as d
from services.discharge.domain.timeline import Fact

# The LA of residence of an episode the hospital feed admitted from an address without its
# ONS code: the team completes it; until then the episode is in no LA's rows.
UNKNOWN_LA = d.UNKNOWN_LA
UNKNOWN_NAME = "unknown: to complete"
# codes of residence that are not councils (events/bounds: LaOfResidence)
PLACES = {
    "S92000003": "Resident in Scotland",
    "W92000004": "Resident in Wales",
    "X": "Resident outside GB",
}


@dataclass(frozen=True)
class Profile:
    """Who and where an episode is counted: from its admission."""

    episode_id: str
    provider_code: str
    provider_name: str
    la_code: str
    la_name: str
    care_type: str

    def counted_by(self, by: str) -> bool:
        """Whether the episode has a row to count in when grouped `by` la or provider."""
        return by != "la" or self.la_code != UNKNOWN_LA

    def group(self, by: str) -> tuple[str, str]:
        if by == "provider":
            return self.provider_code, self.provider_name
        return self.la_code, self.la_name


@dataclass(frozen=True)
class EpisodeFacts:
    profile: Profile
    facts: Sequence[Fact]

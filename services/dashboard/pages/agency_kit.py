"""What a home care agency's provider's pages share, beside the care home provider's script
kit (times in UK local time, how long ago, time left, status lines): the words for time
bands, services, offers' states and decline reasons, and each council's zones by name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from events.reference.icbs import names_by_kind
from events.reference.zones import zones
from services.broker.domain.package_words import AGENCY_DECLINE_WORDS

if TYPE_CHECKING:
    from services.runtime import Runtime

BANDS = {"morning": "Morning", "lunch": "Lunch", "tea": "Tea", "bed": "Bed"}
SERVICES = {"reablement": "Reablement", "long_term": "Long-term home care"}
OFFER_STATUS = {
    "sent": "Waiting for your answer",
    "escalated": "Overdue: escalated to the council",
    "accepted": "Accepted",
    "declined": "Declined",
}


def config(runtime: Runtime) -> dict[str, Any]:
    # the decline reasons' words begin in lower case (they follow "declined:" in reports)
    decline = {str(k): v[:1].upper() + v[1:] for k, v in AGENCY_DECLINE_WORDS.items()}
    return {
        "words": {
            "band": BANDS,
            "service": SERVICES,
            "offer": OFFER_STATUS,
            "agency_decline": decline,
        },
        # "council zone" -> the zone's name: zone codes repeat between councils
        "zones": {f"{z.council_code} {z.code}": z.name for z in zones().values()},
        "councils": names_by_kind()["council"],
        "fresh_hours": runtime.settings.vacancy_fresh_hours,
    }


AGENCY_JS = r"""
const Agency = (() => {
  // the day's order, not the config's (its keys may arrive sorted)
  const bands = ["morning", "lunch", "tea", "bed"];
  const zoneName = (council, zone) => Dash.config.zones[`${council} ${zone}`] || zone;
  const hours = (n) => Number(n || 0).toLocaleString("en-GB", { maximumFractionDigits: 2 });
  /* Hours by band in words: "Morning 10 h, Tea 4.5 h" (bands in the day's order). */
  const byBand = (h) =>
    bands.filter((b) => h && h[b])
      .map((b) => `${Kit.word("band", b)} ${hours(h[b])} h`).join(", ") || "none";
  return { bands, zoneName, hours, byBand };
})();
"""

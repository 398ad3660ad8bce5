"""What the home care pages share: time bands and zones in words (the zone's code on
hover), hours a week, the gap said in words (never colour alone), a week by its Monday and
the agencies' responsiveness table (the broker's and the provider's pages both show it)."""

# ruff: noqa: E501  (the JavaScript below is not Python)

from __future__ import annotations

HOMECARE_JS = r"""
const Homecare = (() => {
  const { el } = Dash;
  const BANDS = { morning: "Morning", lunch: "Lunch", tea: "Tea", bed: "Bed" };
  const DAY_ORDER = ["0 days", "1 day", "2 days", "3 days", "4 to 6 days", "7 to 13 days", "14 to 20 days", "21 days or more"];
  const number = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("en-GB", { maximumFractionDigits: 2 }));
  const hours = (key, label) => ({ key, label, num: true, show: (r) => number(r[key]) });
  const share = (s) => (s === null || s === undefined ? "—" : `${Math.round(s * 100)}%`);
  /* The gap in words: short of hours, hours to spare, or even. */
  function gap(g) {
    if (g < 0) return el("span", { class: "short" }, `short by ${number(-g)}`);
    if (g > 0) return el("span", { class: "spare" }, `${number(g)} to spare`);
    return "even";
  }
  /* A week by its Monday: "w/c Mon 1 Dec". */
  const week = (monday) => `w/c ${Words.day(monday)}`;
  const zoneColumn = { key: "zone", label: "Zone", value: (r) => r.zone_name || r.zone, show: (r) => Words.named(r.zone_name || r.zone, r.zone) };
  const bandColumn = { key: "band", label: "Time band", value: (r) => BANDS[r.band] || r.band, sort: (r) => Object.keys(BANDS).indexOf(r.band) };
  const reasons = (r) => Object.entries(r.declined_by_reason || {}).map(([why, n]) => `${why}: ${n}`).join("; ");
  function responsiveness(target, rows) {
    Dash.table(target, [
      { key: "name", label: "Agency", show: (r) => Words.named(r.name, r.agency_id) },
      { key: "offers", label: "Offers", num: true },
      { key: "answered", label: "Answered", num: true },
      { key: "median_hours_to_answer", label: "Median hours to answer", num: true, show: (r) => number(r.median_hours_to_answer) },
      { key: "accept_rate", label: "Accepted", num: true, show: (r) => (r.accept_rate === null ? "—" : `${r.accepted} (${share(r.accept_rate)})`) },
      { key: "declined_by_reason", label: "Declined, why", value: (r) => reasons(r) || "—" },
      { key: "escalated", label: "Not answered in time", num: true },
    ], rows, { filename: "home-care-agency-responsiveness", empty: "No packages offered to agencies yet." });
  }
  return { hours, gap, week, share, zoneColumn, bandColumn, responsiveness, dayOrder: (d) => DAY_ORDER.indexOf(d) };
})();
"""

# The gap's words carry the meaning; the colours only repeat them (contrast 4.5:1 or more).
CSS = """
.short { color: #b10e1e; font-weight: 600; }
.spare { color: #00703c; }
#board-chart { overflow: hidden; min-width: 0; }  /* plotly redraws to a narrower window later */
"""

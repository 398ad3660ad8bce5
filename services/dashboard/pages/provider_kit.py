"""What the care home provider's pages share: the words they show for the brokerage's codes
(bed types, needs, funding, decline reasons...), the councils' names, and a small script
kit: times in UK local time ("10:42 Tue 3 Dec"), how long ago, a deadline in words, and a
redraw that keeps what a person was typing or had focused while live updates arrive."""

# ruff: noqa: E501  (the JavaScript and CSS below are not Python)

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from events.reference.icbs import names_by_kind
from services.broker.domain.vocabulary import Assessor, Funding, ReferralDecline, Urgency

if TYPE_CHECKING:
    from services.runtime import Runtime

DECLINE_REASONS: dict[str, str] = {
    ReferralDecline.NO_SUITABLE_BED: "No suitable bed free",
    ReferralDecline.CANNOT_MEET_NEEDS: "Cannot meet the person's needs",
    ReferralDecline.FEE: "The fee offered does not cover the care",
    ReferralDecline.STAFFING: "Not enough staff to take the person safely",
    ReferralDecline.OUT_OF_AREA: "Outside the area the home serves",
    ReferralDecline.OTHER: "Another reason",
}
FUNDING: dict[str, str] = {
    Funding.COUNCIL: "Council funded",
    Funding.NHS_CHC: "NHS Continuing Healthcare",
    Funding.JOINT: "Jointly funded (council and NHS)",
    Funding.FUNDED_NURSING_CARE: "Funded nursing care",
    Funding.SELF_FUNDER: "Self-funder",
    Funding.THIRD_PARTY_TOP_UP: "Council funded with a third-party top-up",
}
URGENCY: dict[str, str] = {
    Urgency.ROUTINE: "Routine",
    Urgency.URGENT: "Urgent",
    Urgency.IMMEDIATE: "Immediate",
}
ASSESSORS: dict[str, str] = {
    Assessor.HOME: "The home's own assessor",
    Assessor.TRUSTED_ASSESSOR: "A trusted assessor",
}
REGISTRATIONS = {"nursing": "Nursing", "residential": "Residential"}
CARE_CATEGORIES = {
    "older_people": "Older people",
    "dementia": "Dementia",
    "learning_disability_autism": "Learning disability and autism",
    "mental_health": "Mental health",
    "physical_disability_sensory": "Physical disability and sensory impairment",
}
SPECIALISMS = {
    "bariatric": "Bariatric care",
    "dementia_nursing": "Dementia nursing",
    "complex_needs": "Complex needs",
}
REFERRAL_STATUS = {
    "sent": "Waiting for your answer",
    "escalated": "Overdue: escalated to the council",
    "accepted": "Accepted to assess",
    "declined": "Declined",
}
ASSESSMENT = {
    "booked": "Assessment booked",
    "met": "Assessed: the home can meet the person's needs",
    "not_met": "Assessed: the home cannot meet the person's needs",
}
SUSPENSION = {
    "cqc_inadequate": "rated Inadequate by the CQC",
    "escalating_concerns": "escalating concerns",
    "safeguarding": "a safeguarding enquiry",
    "other": "another reason",
}


def words() -> dict[str, Any]:
    return {
        "decline": {str(k): v for k, v in DECLINE_REASONS.items()},
        "funding": {str(k): v for k, v in FUNDING.items()},
        "urgency": {str(k): v for k, v in URGENCY.items()},
        "assessor": {str(k): v for k, v in ASSESSORS.items()},
        "registration": REGISTRATIONS,
        "category": CARE_CATEGORIES,
        "specialism": SPECIALISMS,
        "status": REFERRAL_STATUS,
        "assessment": ASSESSMENT,
        "suspension": SUSPENSION,
    }


def config(runtime: Runtime) -> dict[str, Any]:
    return {
        "words": words(),
        "councils": names_by_kind()["council"],
        "fresh_hours": runtime.settings.vacancy_fresh_hours,
    }


KIT_JS = r"""
"use strict";
const Kit = (() => {
  const cfg = Dash.config;
  const W = cfg.words;
  const word = (kind, code) => (code === null || code === undefined || code === "" ? "" : (W[kind] || {})[code] || String(code));
  const bedType = (t) => {
    const [r, c] = String(t).split(/-(.*)/s);
    return `${word("registration", r)} · ${word("category", c)}`;
  };
  // Read models keep UTC without an offset: read a bare date-time as UTC, not as local time.
  const instant = (v) => new Date(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(v) ? v + "Z" : v);
  const UK = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short",
    day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  function ukTime(v) {
    if (!v) return "";
    const d = instant(v);
    if (isNaN(d)) return String(v);
    const p = Object.fromEntries(UK.formatToParts(d).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ${p.weekday} ${p.day} ${p.month}`;
  }
  const DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" });
  const ukDay = (v) => (v ? DAY.format(new Date(`${String(v).slice(0, 10)}T00:00:00Z`)) : "");
  function span(ms) {
    const minutes = Math.max(0, Math.round(ms / 60000));
    if (minutes < 1) return "less than a minute";
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
    return `${Math.floor(hours / 24)} days${hours % 24 ? ` ${hours % 24} h` : ""}`;
  }
  const ago = (v) => (v ? `${span(Date.now() - instant(v))} ago` : "never");
  /* Time left to a deadline, in words: {text, overdue}. */
  function left(v) {
    const ms = instant(v) - Date.now();
    return ms >= 0 ? { text: `${span(ms)} left`, overdue: false } : { text: `Overdue by ${span(-ms)}`, overdue: true };
  }
  const council = (code) => (code ? cfg.councils[code] || code : "");
  /* Redraw `target` with `draw()`, keeping the element that had the focus (by id). */
  function redraw(target, draw) {
    const focused = document.activeElement && document.activeElement.id;
    const box = document.getElementById(target);
    box.replaceChildren(...[draw()].flat());
    const again = focused && document.getElementById(focused);
    if (again && again !== document.activeElement) again.focus();
  }
  /* A polite status line for the outcome of a person's action. */
  function say(id, text, bad = false) {
    const line = document.getElementById(id);
    if (!line) return;
    line.textContent = text;
    line.className = bad ? "said bad" : "said";
  }
  const failure = (err) => (err instanceof Dash.ApiError ? `Not saved (${err.status}): ${err.message}` : `Not saved: ${err}`);
  return { word, bedType, ukTime, ukDay, ago, left, span, council, redraw, say, failure, instant };
})();
"""

# The provider pages' own look: cards that stack at phone width (appended to the dashboard's
# style sheet, client.py).
CSS = """
.cards { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 360px), 1fr)); }
.card { background: #fff; border: 1px solid #b1b4b6; border-radius: 6px; padding: 10px 12px; min-width: 0; }
.card h2, .card h3 { font-size: 16px; margin: 0 0 4px; }
.card .sub { color: #505a5f; margin: 0 0 8px; }
.card fieldset { border: 1px solid #d9d9d9; border-radius: 4px; margin: 8px 0; padding: 6px 10px; min-width: 0; }
.card legend { font-weight: 600; padding: 0 4px; }
.beds { display: grid; gap: 6px 12px; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); }
.beds label { display: flex; flex-direction: column; font-size: 13px; }
.beds input { font: inherit; width: 6em; padding: 3px 4px; border: 2px solid #0b0c0c; border-radius: 3px; }
.beds input[aria-invalid="true"] { border-color: #d4351c; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-top: 8px; }
.actions label { display: flex; flex-direction: column; font-size: 13px; }
.actions select, .actions input { font: inherit; padding: 3px 4px; max-width: 100%; }
button.primary { background: #1d70b8; color: #fff; }
button.danger { border-color: #d4351c; color: #942514; }
button:disabled { opacity: 0.55; cursor: not-allowed; }
.said { margin: 6px 0 0; font-size: 13px; color: #0b0c0c; } .said.bad { color: #942514; font-weight: 600; }
.stale-note, .overdue { color: #942514; font-weight: 600; }
.fresh-note { color: #00703c; }
.clock { font-variant-numeric: tabular-nums; }
.tag { display: inline-block; border: 1px solid #505a5f; border-radius: 3px; padding: 0 5px; font-size: 12px; margin-left: 4px; }
"""

"""What the broker's pages say instead of codes: councils' and trusts' names (from the ICB
reference table), the brokerage vocabularies in words, and the script every broker page
shares (UK local times, names with their code on hover, a 422's messages by field)."""

# ruff: noqa: E501  (the JavaScript below is not Python)

from __future__ import annotations

from typing import Any

from events.platform.auth import Role
from events.reference.icbs import names_by_kind
from services.broker import access_rules as broker
from services.discharge import access_rules as discharge

STAGES = {
    "needs_details": "Needs to record",
    "seeking": "Looking for a home",
    "offer_pending": "Bed offered, home to hold it",
    "offered": "Bed held, person to choose",
    "accepted": "Offer accepted, admission to book",
    "admission_booked": "Admission booked",
    "interim": "In an interim home",
    "placed": "Placed",
    "cancelled": "Cancelled",
}
WORDS = {
    "registration": {"residential": "Residential", "nursing": "Nursing"},
    "care_category": {
        "older_people": "Older people",
        "dementia": "Dementia",
        "learning_disability_autism": "Learning disability or autism",
        "mental_health": "Mental health",
        "physical_disability_sensory": "Physical disability or sensory impairment",
    },
    "specialisms": {
        "bariatric": "Bariatric",
        "dementia_nursing": "Dementia nursing",
        "complex_needs": "Complex needs",
    },
    "funding": {
        "council": "Council funded",
        "nhs_chc": "NHS Continuing Healthcare",
        "joint": "Joint council and NHS",
        "fnc": "NHS-funded nursing care",
        "self_funder": "Self-funder",
        "third_party_top_up": "Council with a third-party top-up",
    },
    "urgency": {"routine": "Routine", "urgent": "Urgent", "immediate": "Immediate"},
    "location": {"hospital": "In hospital", "community": "In the community"},
    "referral_status": {
        "sent": "Waiting for an answer",
        "accepted": "Accepted to assess",
        "declined": "Declined",
        "escalated": "No answer by the deadline (escalated)",
    },
    "referral_decline": {
        "no_suitable_bed": "no suitable bed",
        "cannot_meet_needs": "cannot meet the needs",
        "fee": "the fee",
        "staffing": "staffing",
        "out_of_area": "out of area",
        "other": "another reason",
    },
    "assessment": {
        "booked": "Booked",
        "met": "Can meet the needs",
        "not_met": "Cannot meet the needs",
    },
    "assessor": {"home": "the home", "trusted_assessor": "a trusted assessor"},
    "offer_status": {
        "requested": "Waiting for the home to hold the bed",
        "confirmed": "Bed held: the person to choose",
        "failed": "The home could not hold a bed",
        "accepted": "Accepted by the person",
        "declined": "Declined by the person",
        "booked": "Admission booked",
        "admitted": "Admitted",
        "withdrawn": "Withdrawn",
    },
    "offer_decline": {
        "family_choice": "the person's or family's choice",
        "location": "the location",
        "fee_top_up": "the fee or top-up",
        "needs": "it does not meet the needs",
        "other": "another reason",
    },
    "cancel": {
        "died": "the person died",
        "went_home": "the person went home",
        "pathway_changed": "the ward now plans for the person to go home",
        "needs_changed": "the needs changed",
        "moved_away": "the person moved away",
        "admission_cancelled": "the hospital cancelled the admission (recorded in error)",
    },
    "reopen": {
        "death_cancelled": "the hospital cancelled the death it had recorded",
        "readmitted": "admitted again and ready for a care home again",
        "pathway_changed": "ready for a care home again after going home was planned",
    },
    "rating": {
        "outstanding": "Outstanding",
        "good": "Good",
        "requires_improvement": "Requires improvement",
        "inadequate": "Inadequate",
    },
}


def config(_: Any = None) -> dict[str, Any]:
    """What every broker page's script knows from the server: names, words, and which roles
    may open a request's or an episode's page (those its rule grants something)."""
    return {
        "names": names_by_kind(),
        "stages": STAGES,
        "words": WORDS,
        "request_roles": [r.value for r in Role if broker.REQUEST_READ.grant_for(r)],
        "episode_roles": [r.value for r in Role if discharge.EPISODE_READ.grant_for(r)],
    }


# The broker pages' styles (client.py appends them to the dashboard's style sheet).
CSS = """
.summary-line { margin: 0 0 6px; }
.field-error { margin: 4px 0; padding: 4px 8px; font-size: 13px; }
.form .fields { display: flex; flex-wrap: wrap; gap: 10px; }
.form label, .actions label { display: flex; flex-direction: column; align-items: flex-start; gap: 2px; font-size: 13px; color: #0b0c0c; margin: 4px 0; }
.form label.check { flex-direction: row; align-items: center; gap: 6px; }
.form input[type=checkbox], .form input[type=radio] { width: 24px; height: 24px; margin: 0; flex: none; }
.form label.wide input { width: 100%; max-width: 520px; }
.form input, .form select { font: inherit; padding: 4px; border: 1px solid #505a5f; border-radius: 3px; max-width: 100%; }
.form fieldset { border: 1px solid #ddd; border-radius: 4px; margin: 8px 0; padding: 6px 10px; min-width: 0; }
.form legend { font-weight: 600; }
.form button[type=submit] { margin-top: 6px; }
.checks { display: flex; flex-wrap: wrap; gap: 2px 16px; }
.actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 8px; }
.saved { color: #00703c; font-weight: 600; }
[aria-invalid="true"] { border: 2px solid #d4351c !important; }
ol.sentences { margin: 0; padding-left: 20px; } ol.sentences li { margin: 3px 0; }
ol.sentences time { font-variant-numeric: tabular-nums; font-weight: 600; }
ul.reasons { margin: 0; padding-left: 16px; font-size: 13px; }
#hold .held { background: #e8f1f8; border-left: 4px solid #1d70b8; padding: 6px 10px; }
@media (max-width: 600px) {
  .grid2 { grid-template-columns: 1fr; } .grid2 > * { min-width: 0; }
  .form select, .form input { max-width: 100%; }
  .filters select, .filters input { min-width: 0; }
}
"""

COMMON_JS = r"""
"use strict";
/* Shared by the broker's pages: words for codes, names for codes (the code on hover), times in
   UK local time whatever the browser's zone, and a 422's messages by the field they name. */
const Words = (() => {
  const { el } = Dash;
  const cfg = Dash.config;
  const word = (kind, code) => (code === null || code === undefined || code === "" ? "" : (cfg.words[kind] || {})[code] || String(code).replace(/_/g, " "));
  const stage = (code) => cfg.stages[code] || code;
  const council = (code) => cfg.names.council[code] || code;
  const trust = (code) => cfg.names.trust[code] || code;
  const named = (name, code) => el("span", { title: code }, name);
  const bedType = (t) => String(t || "").split("-").map((x, i) => word(i ? "care_category" : "registration", x)).join(", ");
  const needs = (r) => [word("registration", r.registration), word("care_category", r.care_category)].filter(Boolean).join(", ");
  const parts = (value, opts) => {
    const out = {};
    for (const p of new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", ...opts }).formatToParts(value)) out[p.type] = p.value;
    return out;
  };
  /* "10:42 Tue 3 Dec" (the year too when it is not this one), in UK local time. */
  function time(value) {
    if (!value) return "";
    const d = new Date(value);
    if (isNaN(d)) return String(value);
    const p = parts(d, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short", day: "numeric", month: "short", year: "numeric" });
    const year = p.year === parts(new Date(), { year: "numeric" }).year ? "" : ` ${p.year}`;
    return `${p.hour}:${p.minute} ${p.weekday} ${p.day} ${p.month}${year}`;
  }
  /* A calendar day ("2026-12-07") as "Mon 7 Dec". */
  function day(value) {
    if (!value) return "";
    const p = parts(new Date(`${value}T12:00:00Z`), { weekday: "short", day: "numeric", month: "short" });
    return `${p.weekday} ${p.day} ${p.month}`;
  }
  /* Today in UK local time, as an <input type=date> takes it. */
  function today(plusDays = 0) {
    const p = parts(new Date(Date.now() + plusDays * 864e5), { year: "numeric", month: "2-digit", day: "2-digit" });
    return `${p.year}-${p.month}-${p.day}`;
  }
  /* The API's reasons for a rank, with its bed-type codes said in words. */
  const reason = (text) => String(text).replace(/(\d+) ([a-z_]+-[a-z_]+) bed\(s\) free/, (m, n, t) => `${n} ${bedType(t).toLowerCase()} bed${n === "1" ? "" : "s"} free`)
    .replace(/confirmed 0 h ago/, "confirmed within the hour");
  const hoursAgo = (h) => (h === null || h === undefined ? "" : h < 1 ? "within the hour" : `${Math.round(h)} h ago`);
  const pounds = (n) => (n === null || n === undefined ? "" : `£${Number(n).toLocaleString("en-GB", { maximumFractionDigits: 2 })}`);
  const left = (until) => {
    const minutes = Math.round((new Date(until) - Date.now()) / 60000);
    if (minutes <= 0) return "expired";
    return minutes >= 120 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min left` : `${minutes} min left`;
  };

  /* The messages of a refused write, by the field they name (the last part of each `loc`);
     "" for a refusal that names no field. */
  function byField(err) {
    let detail;
    try {
      detail = JSON.parse(err.message);
    } catch (e) {
      return { "": err.status ? `${err.status}: ${err.message}` : String(err) };
    }
    const out = {};
    for (const d of Array.isArray(detail) ? detail : []) {
      const loc = (d.loc || []).filter((x) => typeof x === "string" && x !== "body");
      const name = loc.length ? loc[loc.length - 1] : "";
      out[name] = out[name] ? `${out[name]}; ${d.msg}` : d.msg;
    }
    return Object.keys(out).length ? out : { "": err.message };
  }

  /* Show a refused write in `form`: each message next to its field (linked to it with
     aria-describedby), the rest at the form's foot; clears earlier messages. */
  function refused(form, err) {
    form.querySelectorAll(".field-error").forEach((n) => n.remove());
    form.querySelectorAll("[aria-invalid]").forEach((n) => {
      n.removeAttribute("aria-invalid");
      n.setAttribute("aria-describedby", (n.getAttribute("aria-describedby") || "").replace(/\s*\S+-error\b/g, "").trim());
    });
    if (!err) return;
    for (const [name, msg] of Object.entries(byField(err))) {
      const field = name ? form.querySelector(`[name="${CSS.escape(name)}"]`) : null;
      const id = `${form.id}-${name || "form"}-error`;
      // a choice left unmade is refused with the codes it may take: say it in words
      const said = field && field.tagName === "SELECT" && !field.value ? "Choose one of the options." : msg;
      const note = el("p", { class: "field-error error", id, role: "alert" }, said);
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", `${field.getAttribute("aria-describedby") || ""} ${id}`.trim());
        const box = field.type === "checkbox" || field.type === "radio" ? field.closest("fieldset") : field.closest("label");
        (box || field.parentNode).append(note);
      } else {
        form.append(note);
      }
    }
  }

  return { word, bedType, reason, hoursAgo, stage, council, trust, named, needs, time, day, today, pounds, left, byField, refused };
})();
"""

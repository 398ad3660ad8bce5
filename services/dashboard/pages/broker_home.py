"""One care home as a broker sees it: whether it takes placements, its free beds now, how it
answers referrals, and its history in sentences (another council's bed holds shown without
saying whose)."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.broker_words import COMMON_JS

HTML = """{% extends "base.html" %}{% block content %}
<section id="home-facts" aria-label="The home"></section>
<div class="grid2">
  <section aria-labelledby="beds-title"><h2 id="beds-title">Free beds now</h2><div id="beds"></div></section>
  <section aria-labelledby="answers-title"><h2 id="answers-title">How it answers referrals</h2><div id="answers"></div></section>
</div>
<section aria-labelledby="history-title"><h2 id="history-title">History</h2><div id="history"></div></section>
{% endblock %}"""

JS = (
    COMMON_JS
    + r"""
(() => {
  const { el } = Dash;
  const $ = (id) => document.getElementById(id);
  const id = Dash.config.home_id;
  const who = Dash.claims() || {};
  const w = Words.word;
  const beds = (free) => Object.entries(free || {}).map(([t, n]) => `${Words.bedType(t)}: ${n}`).join("; ") || "none";
  const whose = (org) => (who.role === "broker" && org !== who.org ? "another council" : Words.council(org));

  function sentence(h) {
    const d = h.detail || {};
    switch (h.event) {
      case "Registered": return `The provider registered the home with ${d.registered_beds} beds`;
      case "DetailsChanged": return `The provider changed the home's ${Object.keys(d).filter((k) => d[k] !== null && k !== "home_id").join(", ").replace(/_/g, " ") || "details"}`;
      case "RatingChanged": return `CQC rated the home ${w("rating", d.rating)} (inspection of ${Words.day(d.rated_on)})`;
      case "PlacementsSuspended": return `New placements suspended: ${String(d.reason || "").replace(/_/g, " ")}${d.note ? ` (${d.note})` : ""}`;
      case "PlacementsResumed": return "New placements resumed";
      case "ClosureAnnounced": return `The provider announced the home closes on ${Words.day(d.closing_on)}`;
      case "VacanciesReported": return `The home reported its free beds: ${beds(d.free_beds)}`;
      case "BedReserved": return `A ${Words.bedType(d.bed_type).toLowerCase()} bed was held for ${whose(d.reserved_by)} until ${Words.time(d.expires_at)}`;
      case "ReservationReleased": return `A held bed was released${d.reason ? `: ${String(d.reason).replace(/_/g, " ")}` : ""}`;
      case "ReservationExpired": return "A bed hold expired";
      case "BedOccupied": return "A held bed was taken: the person moved in";
      case "ReservationRefused": return `A bed could not be held for ${whose(d.reserved_by)}: ${String(d.reason || "").replace(/_/g, " ")}`;
      default: return h.event.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    }
  }

  async function load() {
    let home, status, answers;
    try {
      [home, status, answers] = await Promise.all([
        Dash.api(`/vacancies/homes/${id}`), Dash.api(`/broker/homes/${id}`), Dash.api("/broker/responsiveness"),
      ]);
    } catch (err) {
      Dash.problem("home-facts", err);
      return;
    }
    document.querySelector("h1").textContent = home.name;
    document.title = `${home.name} · Carebridge`;
    const taking = status.taking_placements ? "Yes"
      : home.suspended ? `No: suspended (${String(home.suspension_reason || "").replace(/_/g, " ")})`
      : home.closing_on ? `No: closing on ${Words.day(home.closing_on)}` : "No";
    Dash.facts("home-facts", [
      ["Taking new placements", taking],
      ["Council", Words.named(Words.council(home.local_authority_code), home.local_authority_code)],
      ["Locality", `${home.locality}, ${home.postcode}`],
      ["CQC rating", home.rating ? `${w("rating", home.rating)} (${Words.day(home.rated_on)})` : "Not yet rated"],
      ["Registered beds", home.registered_beds],
      ["Registered for", home.registrations.map((r) => w("registration", r)).join(", ")],
      ["Care categories", home.care_categories.map((c) => w("care_category", c)).join(", ")],
      ["Specialisms", (home.specialisms || []).map((s) => w("specialisms", s)).join(", ") || "None"],
      ["Vacancies last confirmed", Words.time(home.last_reported_at) || "Never"],
    ]);
    const types = [...new Set([...Object.keys(home.free_beds || {}), ...Object.keys(home.available_beds || {})])].sort();
    Dash.table("beds", [
      { key: "bed_type", label: "Bed type", value: (r) => Words.bedType(r.bed_type) },
      { key: "free", label: "Free", cls: "num" },
      { key: "available", label: "Not held for anyone", cls: "num" },
    ], types.map((t) => ({ bed_type: t, free: (home.free_beds || {})[t] || 0, available: (home.available_beds || {})[t] || 0 })),
    { filename: `home-${id}-beds`, empty: "No free beds reported." });
    const mine = answers.filter((r) => r.home_id === id);
    Dash.table("answers", [
      { key: "referrals", label: "Referrals", cls: "num" },
      { key: "answered", label: "Answered", cls: "num" },
      { key: "median_hours_to_answer", label: "Median hours to answer", cls: "num" },
      { key: "acceptance_rate", label: "Accepted", cls: "num", show: (r) => (r.acceptance_rate === null ? "—" : `${Math.round(r.acceptance_rate * 100)}%`) },
      { key: "escalated", label: "Not answered in time", cls: "num" },
    ], mine, { filename: `home-${id}-responsiveness`, empty: "No referrals to this home yet." });
    const items = [...home.history].reverse().map((h) => {
      const at = h.occurred_at || h.recorded_at;
      return el("li", {}, el("time", { datetime: at }, Words.time(at)), " — ", sentence(h));
    });
    $("history").replaceChildren(el("ol", { class: "sentences", reversed: true }, items));
  }

  Dash.page(load);
})();
"""
)

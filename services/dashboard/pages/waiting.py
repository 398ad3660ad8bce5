"""The broker's waiting list and one placement request's full timeline (a care home
provider's referrals have their own page: provider_referrals.py)."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

LIST_HTML = """{% extends "base.html" %}{% block content %}
<section class="filters">
  <label>Stage <select id="f-stage"><option value="">All</option></select></label>
</section>
<section><h2>Waiting for a placement</h2><div id="waiting"></div></section>
{% endblock %}"""

LIST_JS = r"""
"use strict";
(() => {
  const { el, link, when } = Dash;
  const $ = (id) => document.getElementById(id);
  let rows = [];

  const WAITING = [
    { key: "request_id", label: "Request", show: (r) => link(`/dashboard/requests/${r.request_id}`, r.request_id.slice(0, 8)) },
    { key: "council_code", label: "Council" },
    { key: "episode_id", label: "Episode", show: (r) => (r.episode_id ? link(`/dashboard/episodes/${r.episode_id}`, r.episode_id.slice(0, 8)) : "") },
    { key: "stage", label: "Stage" },
    { key: "needs", label: "Needs" },
    { key: "specialisms", label: "Specialisms" },
    { key: "urgency", label: "Urgency" },
    { key: "where_now", label: "Where now" },
    { key: "days_waiting", label: "Days waiting", cls: "num" },
    { key: "waiting_for", label: "Waiting for" },
    { key: "last_change_at", label: "Last change", show: (r) => when(r.last_change_at) },
  ];
  const stageOf = (r) => r.stage;

  function render() {
    const select = $("f-stage");
    const keep = select.value;
    const stages = [...new Set(rows.map(stageOf))].sort();
    if (keep && !stages.includes(keep)) stages.push(keep);
    select.replaceChildren(select.options[0], ...stages.map((s) => el("option", { value: s }, s)));
    select.value = keep;
    const list = rows.filter((r) => !keep || stageOf(r) === keep);
    Dash.table("waiting", WAITING, list, { filename: "waiting-list", empty: "Nobody is waiting." });
  }

  async function load() {
    try {
      rows = await Dash.api("/broker/waiting-list");
    } catch (err) {
      Dash.problem("waiting", err);
      return;
    }
    render();
  }

  $("f-stage").addEventListener("change", render);
  Dash.page(load);
})();
"""

REQUEST_HTML = """{% extends "base.html" %}{% block content %}
<section id="request-facts"></section>
<div class="grid2">
  <section><h2>Referrals</h2><div id="referrals"></div></section>
  <section><h2>Offers</h2><div id="offers"></div></section>
</div>
<section id="timeline-chart"></section>
<section><h2>Timeline</h2><div id="timeline"></div></section>
{% endblock %}"""

REQUEST_JS = r"""
"use strict";
(() => {
  const { link, when } = Dash;
  const id = Dash.config.request_id;

  async function load() {
    let r;
    try {
      r = await Dash.api(`/broker/requests/${id}`);
    } catch (err) {
      Dash.problem("request-facts", err);
      return;
    }
    Dash.facts("request-facts", [
      ["Request", r.request_id], ["Stage", r.stage], ["Council", r.council_code],
      ["Episode", r.episode_id ? link(`/dashboard/episodes/${r.episode_id}`, r.episode_id) : "—"],
      ["Location", r.location], ["Registration", r.registration], ["Care category", r.care_category],
      ["Specialisms", r.specialisms], ["Preferred localities", r.preferred_localities],
      ["Funding", r.funding], ["Urgency", r.urgency], ["Version", r.version],
    ]);
    const referrals = Object.entries(r.referrals).map(([k, v]) => ({ referral_id: k, ...v }));
    Dash.table("referrals", [
      { key: "referral_id", label: "Referral" }, { key: "home_id", label: "Home" },
      { key: "status", label: "Status" }, { key: "sent_at", label: "Sent", show: (x) => when(x.sent_at) },
      { key: "answer_by", label: "Answer by", show: (x) => when(x.answer_by) },
      { key: "decline_reason", label: "Declined because" }, { key: "assessment", label: "Assessment" },
    ], referrals, { filename: `request-${id}-referrals` });
    const offers = Object.entries(r.offers).map(([k, v]) => ({ offer_id: k, ...v }));
    Dash.table("offers", [
      { key: "offer_id", label: "Offer" }, { key: "home_id", label: "Home" },
      { key: "bed_type", label: "Bed type" }, { key: "weekly_fee", label: "Weekly fee", cls: "num" },
      { key: "top_up", label: "Top-up", cls: "num" }, { key: "status", label: "Status" },
    ], offers, { filename: `request-${id}-offers` });
    Dash.timeline("timeline-chart", "timeline", r.history, `request-${id}-timeline`);
  }

  Dash.page(load);
})();
"""

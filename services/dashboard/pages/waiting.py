"""The broker's waiting list (a provider sees the referrals sent to its own homes instead)
and one placement request's full timeline."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

LIST_HTML = """{% extends "base.html" %}{% block content %}
<section class="filters">
  <label>Stage <select id="f-stage"><option value="">All</option></select></label>
  <span class="hint" id="scope"></span>
</section>
<section><h2 id="list-title">Waiting for a placement</h2><div id="waiting"></div></section>
{% endblock %}"""

LIST_JS = r"""
"use strict";
(() => {
  const { el, link, when } = Dash;
  const $ = (id) => document.getElementById(id);
  const provider = (Dash.claims() || {}).role === "provider";
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
  const REFERRALS = [
    { key: "home_name", label: "Home" },
    { key: "home_id", label: "Home id" },
    { key: "request_id", label: "Request" },
    { key: "referral_id", label: "Referral" },
    { key: "status", label: "Status" },
    { key: "registration", label: "Needs", show: (r) => [r.registration, r.care_category].filter(Boolean).join("-") },
    { key: "urgency", label: "Urgency" },
    { key: "assessment", label: "Assessment", show: (r) => [r.assessment, r.assessment_on].filter(Boolean).join(" ") },
    { key: "sent_at", label: "Sent", show: (r) => when(r.sent_at) },
    { key: "answer_by", label: "Answer by", show: (r) => when(r.answer_by) },
    { key: "answered_at", label: "Answered", show: (r) => when(r.answered_at) },
    { key: "decline_reason", label: "Declined because" },
    { key: "escalated", label: "Escalated" },
  ];
  const stageOf = (r) => (provider ? r.status : r.stage);

  function render() {
    const select = $("f-stage");
    const keep = select.value;
    const stages = [...new Set(rows.map(stageOf))].sort();
    if (keep && !stages.includes(keep)) stages.push(keep);
    select.replaceChildren(select.options[0], ...stages.map((s) => el("option", { value: s }, s)));
    select.value = keep;
    const list = rows.filter((r) => !keep || stageOf(r) === keep);
    Dash.table("waiting", provider ? REFERRALS : WAITING, list, {
      filename: provider ? "referrals" : "waiting-list",
      empty: provider ? "No referrals to your homes." : "Nobody is waiting.",
    });
  }

  async function load() {
    try {
      rows = await Dash.api(provider ? "/broker/referrals" : "/broker/waiting-list");
    } catch (err) {
      Dash.problem("waiting", err);
      return;
    }
    render();
  }

  if (provider) {
    $("list-title").textContent = "Referrals to your homes";
    $("scope").textContent = "As a care home provider you see only the referrals sent to your own homes.";
  }
  $("f-stage").addEventListener("change", render);
  Dash.page(load);
})();
"""

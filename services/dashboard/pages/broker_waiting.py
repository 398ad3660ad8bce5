"""The broker's waiting list: everyone the council is placing, with how long each has waited,
the stage in words and what the request waits for, each opening its request's workspace (a
discharge team sees its own patients on it, an analyst pseudonymised rows, without links)."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.broker_words import COMMON_JS

HTML = """{% extends "base.html" %}{% block content %}
<section class="filters" aria-label="Filters">
  <label for="f-stage">Stage <select id="f-stage"><option value="">All stages</option></select></label>
  <label for="f-urgency">Urgency <select id="f-urgency"><option value="">Any urgency</option></select></label>
  <p class="hint" id="scope"></p>
</section>
<section aria-labelledby="list-title">
  <h2 id="list-title">Waiting for a placement</h2>
  <p class="summary-line" id="summary" aria-live="polite"></p>
  <div id="waiting"></div>
</section>
{% endblock %}"""

JS = (
    COMMON_JS
    + r"""
(() => {
  const { el, link } = Dash;
  const $ = (id) => document.getElementById(id);
  const role = (Dash.claims() || {}).role;
  const opens = Dash.config.request_roles.includes(role);
  const episodes = Dash.config.episode_roles.includes(role);
  const STAGE_ORDER = Object.keys(Dash.config.stages);
  const URGENCY_ORDER = ["immediate", "urgent", "routine"];
  const age = (days) => (days === 0 ? "today" : days === 1 ? "1 day" : `${days} days`);
  let rows = [];

  const COLUMNS = [
    { key: "request_id", label: "Request", show: (r) => (opens
      ? el("a", { href: `/dashboard/requests/${r.request_id}`, "aria-label": `Open the request of the person ${r.where_now ? "at " + r.where_now : ""}, waiting ${age(r.days_waiting)}` }, "Open")
      : el("span", { title: r.request_id }, r.request_id.slice(0, 8))) },
    { key: "days_waiting", label: "Waiting", cls: "num", show: (r) => age(r.days_waiting) },
    { key: "stage", label: "Stage", value: (r) => Words.stage(r.stage), sort: (r) => STAGE_ORDER.indexOf(r.stage) },
    { key: "waiting_for", label: "Waiting for" },
    { key: "needs", label: "Needs", value: (r) => Words.needs(r) || "to be recorded" },
    { key: "specialisms", label: "Specialist needs", value: (r) => (r.specialisms || []).map((s) => Words.word("specialisms", s)).join(", ") },
    { key: "urgency", label: "Urgency", value: (r) => Words.word("urgency", r.urgency), sort: (r) => URGENCY_ORDER.indexOf(r.urgency) },
    { key: "where_now", label: "Where now", show: (r) => (episodes && r.episode_id ? link(`/dashboard/patients/${r.episode_id}`, r.where_now || "Hospital") : Words.word("location", r.where_now) || r.where_now) },
    { key: "council_code", label: "Council", value: (r) => Words.council(r.council_code), show: (r) => Words.named(Words.council(r.council_code), r.council_code) },
    { key: "last_change_at", label: "Last change", sort: (r) => r.last_change_at || "", show: (r) => Words.time(r.last_change_at) },
  ];

  /* The needs the row's `needs` column holds ("nursing-dementia") back into its parts. */
  const parsed = (r) => {
    const [registration, care_category] = String(r.needs || "").split("-");
    return { ...r, registration, care_category };
  };

  function options(select, values, words) {
    const keep = select.value;
    if (keep && !values.includes(keep)) values.push(keep);
    select.replaceChildren(select.options[0], ...values.map((v) => el("option", { value: v }, words(v))));
    select.value = keep;
    return keep;
  }

  function render() {
    const stage = options($("f-stage"), STAGE_ORDER.filter((s) => rows.some((r) => r.stage === s)), Words.stage);
    const urgency = options($("f-urgency"), URGENCY_ORDER.filter((u) => rows.some((r) => r.urgency === u)), (u) => Words.word("urgency", u));
    const list = rows.filter((r) => (!stage || r.stage === stage) && (!urgency || r.urgency === urgency));
    const longest = list.reduce((m, r) => Math.max(m, r.days_waiting), 0);
    $("summary").textContent = list.length
      ? `${list.length} ${list.length === 1 ? "person" : "people"} waiting, the longest for ${age(longest)}.`
      : "";
    Dash.table("waiting", COLUMNS, list, { filename: "waiting-list", empty: "Nobody is waiting." });
  }

  async function load() {
    try {
      rows = (await Dash.api("/broker/waiting-list")).map(parsed);
    } catch (err) {
      Dash.problem("waiting", err);
      return;
    }
    render();
  }

  const org = (Dash.claims() || {}).org;
  $("scope").textContent = role === "broker"
    ? `The people ${Words.council(org)} is placing. Open a request to record needs, refer, offer and book.`
    : role === "discharge" ? `Your trust's patients waiting for a care home placement.` : "";
  $("f-stage").addEventListener("change", render);
  $("f-urgency").addEventListener("change", render);
  Dash.page(load);
})();
"""
)

"""The market as a broker sees it: unmet demand (people waiting with no home that accepted
to assess them) by need and locality, and how quickly each home answers referrals."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.broker_words import COMMON_JS

HTML = """{% extends "base.html" %}{% block content %}
<section class="filters" aria-label="Filters">
  <label for="f-days">Waiting longer than (days, 0 to 365)
    <input id="f-days" name="after_days" aria-describedby="f-days-error" type="number" min="0" max="365" step="1" value="7"></label>
  <label for="f-council">Council <select id="f-council"><option value="">Every council</option></select></label>
  <p class="hint" id="f-days-error" role="alert"></p>
</section>
<section aria-labelledby="unmet-title">
  <h2 id="unmet-title">Unmet demand: people by need and preferred locality</h2>
  <p class="hint">Open requests older than the chosen number of days with no home that accepted to
    assess the person. A person with several preferred localities counts in each.</p>
  <div id="unmet-grid"></div>
  <h3>Each need and locality</h3>
  <div id="unmet"></div>
</section>
<section aria-labelledby="resp-title">
  <h2 id="resp-title">How quickly homes answer referrals</h2>
  <div id="responsiveness"></div>
</section>
{% endblock %}"""

JS = (
    COMMON_JS
    + r"""
(() => {
  const { el, link } = Dash;
  const $ = (id) => document.getElementById(id);
  const who = Dash.claims() || {};
  let unmet = [];
  let homes = [];
  let councilChosen = false;

  function councils() {
    const select = $("f-council");
    const codes = [...new Set(unmet.map((r) => r.council_code))].sort();
    if (!councilChosen && who.role === "broker") select.dataset.keep = who.org;
    const keep = select.dataset.keep ?? select.value;
    if (keep && !codes.includes(keep)) codes.push(keep);
    select.replaceChildren(select.options[0], ...codes.map((c) => el("option", { value: c, title: c }, Words.council(c))));
    select.value = keep;
    return keep;
  }

  function render() {
    const council = councils();
    const rows = unmet.filter((r) => !council || r.council_code === council);
    const localities = [...new Set(rows.map((r) => r.locality))].sort();
    const needs = [...new Set(rows.map((r) => r.needs))].sort();
    const grid = needs.map((n) => {
      const row = { need: Words.bedType(n) || "Needs not recorded yet" };
      for (const l of localities) row[l] = rows.filter((r) => r.needs === n && r.locality === l).reduce((s, r) => s + r.people, 0);
      return row;
    });
    Dash.table("unmet-grid", [{ key: "need", label: "Need" },
      ...localities.map((l) => ({ key: l, label: l === "(any)" ? "Any locality" : l, cls: "num", show: (r) => (r[l] ? String(r[l]) : "—") }))],
    grid, { filename: "unmet-demand-by-need-and-locality", empty: "No unmet demand." });
    Dash.table("unmet", [
      { key: "council_code", label: "Council", value: (r) => Words.council(r.council_code), show: (r) => Words.named(Words.council(r.council_code), r.council_code) },
      { key: "needs", label: "Need", value: (r) => Words.bedType(r.needs) || "Needs not recorded yet" },
      { key: "locality", label: "Preferred locality", value: (r) => (r.locality === "(any)" ? "Any" : r.locality) },
      { key: "people", label: "People", cls: "num" },
      { key: "longest_wait_days", label: "Longest wait (days)", cls: "num" },
    ], rows, { filename: "unmet-demand", empty: "No unmet demand." });
    Dash.table("responsiveness", [
      { key: "name", label: "Home", show: (r) => link(`/dashboard/care-homes/${r.home_id}`, r.name || "a home") },
      { key: "referrals", label: "Referrals", cls: "num" },
      { key: "answered", label: "Answered", cls: "num" },
      { key: "median_hours_to_answer", label: "Median hours to answer", cls: "num" },
      { key: "acceptance_rate", label: "Accepted", cls: "num", show: (r) => (r.acceptance_rate === null ? "—" : `${Math.round(r.acceptance_rate * 100)}%`) },
      { key: "escalated", label: "Not answered in time", cls: "num" },
    ], homes, { filename: "responsiveness", empty: "No referrals yet." });
  }

  async function load() {
    const days = $("f-days");
    try {
      [unmet, homes] = await Promise.all([
        Dash.api(`/broker/unmet-demand?${new URLSearchParams({ after_days: days.value || "0" })}`),
        Dash.api("/broker/responsiveness"),
      ]);
      days.removeAttribute("aria-invalid");
      $("f-days-error").textContent = "";
    } catch (err) {
      const msg = Words.byField(err);
      if (msg.after_days) {
        days.setAttribute("aria-invalid", "true");
        $("f-days-error").textContent = `Waiting longer than: ${msg.after_days}`;
        return;
      }
      Dash.problem("unmet", err);
      return;
    }
    render();
  }

  const reload = Dash.page(load);
  $("f-days").addEventListener("change", reload);
  $("f-council").addEventListener("change", () => {
    councilChosen = true;
    $("f-council").dataset.keep = $("f-council").value;
    render();
  });
})();
"""
)

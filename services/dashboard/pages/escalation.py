"""The escalation view: everyone delayed now, filtered the way the daily call asks, with what
changed since a chosen time (e.g. the last call)."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

from typing import Any

from services.dashboard.pages.words import REASONS

# the lengths of delay the call groups by (the national returns' own bands)
BUCKETS = (
    ("0-1 days", 0, 1),
    ("2-3 days", 2, 3),
    ("4-6 days", 4, 6),
    ("7-13 days", 7, 13),
    ("14-20 days", 14, 20),
    ("21+ days", 21, None),
)

HTML = """{% extends "base.html" %}{% block content %}
<section class="filters" id="filters">
  <label>Provider <select id="f-provider"><option value="">All</option></select></label>
  <label>Local authority <select id="f-la"><option value="">All</option></select></label>
  <label>Reason <select id="f-reason"><option value="">All</option></select></label>
  <label>Agency <select id="f-agency"><option value="">All</option></select></label>
  <label>Pathway <select id="f-pathway"><option value="">All</option></select></label>
  <label>Length of delay <select id="f-bucket"><option value="">All</option></select></label>
  <label>Changed since <input type="datetime-local" step="1" id="f-since"></label>
  <button type="button" id="mark-call" title="show only what changes from now on">Start of call: now</button>
  <button type="button" id="clear">Clear filters</button>
</section>
<section class="summary" id="summary"></section>
<section id="by-reason-chart"></section>
<section><h2>Delayed now</h2><div id="delays"></div></section>
{% endblock %}"""

JS = r"""
"use strict";
(() => {
  const { el, link, when, text } = Dash;
  const cfg = Dash.config;
  const $ = (id) => document.getElementById(id);
  const NONE = "(none)";
  const FILTERS = ["provider", "la", "reason", "agency", "pathway", "bucket"];
  const bucketOf = (days) => cfg.buckets.find(([, lo, hi]) => days >= lo && (hi === null || days <= hi))[0];
  const value = {
    provider: (r) => r.provider_code,
    la: (r) => r.la_code,
    reason: (r) => r.reason || NONE,
    agency: (r) => r.agency || NONE,
    pathway: (r) => r.pathway || NONE,
    bucket: (r) => bucketOf(r.days_delayed),
  };
  const label = {
    provider: (r) => `${r.provider_name} (${r.provider_code})`,
    la: (r) => `${r.la_name} (${r.la_code})`,
    reason: (r) => (r.reason ? cfg.reasons[r.reason] || r.reason : "No reason recorded"),
    agency: (r) => r.agency || "Not recorded",
    pathway: (r) => r.pathway || "Not recorded",
    bucket: (r) => bucketOf(r.days_delayed),
  };
  let rows = [];

  const params = new URLSearchParams(location.search);
  for (const f of [...FILTERS, "since"]) {
    if (params.has(f)) {
      const select = $("f-" + f);
      if (select.tagName === "SELECT") select.append(el("option", { value: params.get(f) }, params.get(f)));
      select.value = params.get(f);
    }
  }

  function options() {
    for (const f of FILTERS) {
      const select = $("f-" + f);
      const keep = select.value;
      const seen = new Map();
      for (const r of rows) seen.set(value[f](r), label[f](r));
      let pairs = [...seen.entries()];
      if (f === "bucket") pairs = cfg.buckets.map(([b]) => [b, b]);
      else pairs.sort((a, b) => a[1].localeCompare(b[1]));
      if (keep && !seen.has(keep) && f !== "bucket") pairs.push([keep, keep]);
      select.replaceChildren(select.options[0], ...pairs.map(([v, l]) => el("option", { value: v }, l)));
      select.value = keep;
    }
  }

  // "Start of call" keeps the exact moment; the field can only show it to the second, and a
  // change in that second just before the click is not a change since the call started.
  let marked = null;
  const since = () => {
    const v = $("f-since").value;
    if (!v) return null;
    return marked && marked.field === v ? marked.at : new Date(v);
  };
  const changed = (r) => since() !== null && new Date(r.last_change_at) >= since();

  function shown() {
    return rows.filter((r) => FILTERS.every((f) => !$("f-" + f).value || value[f](r) === $("f-" + f).value)
      && (since() === null || changed(r)));
  }

  function remember() {
    const q = new URLSearchParams();
    for (const f of [...FILTERS, "since"]) if ($("f-" + f).value) q.set(f, $("f-" + f).value);
    const s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }

  const COLUMNS = [
    { key: "episode_id", label: "Episode", show: (r) => link(`/dashboard/episodes/${r.episode_id}`, r.episode_id.slice(0, 8)) },
    { key: "provider_name", label: "Provider", value: (r) => `${r.provider_name} (${r.provider_code})` },
    { key: "ward", label: "Site / ward", value: (r) => [r.site, r.ward].filter(Boolean).join(" · ") },
    { key: "la_name", label: "Local authority" },
    { key: "pathway", label: "Pathway" },
    { key: "discharge_ready_date", label: "Ready since" },
    { key: "days_delayed", label: "Days", cls: "num" },
    { key: "reason", label: "Reason", show: (r) => el("span", { title: cfg.reasons[r.reason] || "" }, r.reason || "—") },
    { key: "agency", label: "Agency" },
    { key: "blockers", label: "Blockers", value: (r) => r.blockers.map((b) => b.code).join("; ") },
    { key: "outstanding_assessments", label: "Assessments due", value: (r) => r.outstanding_assessments.join("; ") },
    { key: "last_change_at", label: "Last change", show: (r) => when(r.last_change_at) },
  ];

  function render() {
    remember();
    const list = shown();
    const days = list.reduce((n, r) => n + r.days_delayed, 0);
    const summary = [["Delayed now", rows.length], ["Shown", list.length], ["Delayed days (shown)", days],
      ["21+ days (shown)", list.filter((r) => r.days_delayed >= 21).length]];
    if (since()) summary.push(["Changed since " + when(since()), rows.filter(changed).length]);
    $("summary").replaceChildren(...summary.map(([k, v]) => el("div", {}, el("strong", {}, text(v)), k)));
    const reasons = [...new Set(list.map(value.reason))].sort();
    const agencies = [...new Set(list.map(value.agency))].sort();
    Dash.chart("by-reason-chart", agencies.map((a) => ({
      type: "bar", name: a, x: reasons,
      y: reasons.map((code) => list.filter((r) => value.reason(r) === code && value.agency(r) === a).length),
    })), { barmode: "stack", title: { text: "Delayed now by reason and agency (shown)" },
      height: 260, showlegend: true, yaxis: { title: { text: "people" } } });
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    Dash.table("delays", COLUMNS, list, {
      filename: `delayed-now-${stamp}`, rowClass: (r) => (changed(r) ? "changed" : null),
      empty: rows.length ? "Nobody matches these filters." : "Nobody is delayed now.",
    });
  }

  async function load() {
    try {
      rows = await Dash.api("/discharge/live-delays");
    } catch (err) {
      Dash.problem("delays", err);
      return;
    }
    options();
    render();
  }

  for (const f of [...FILTERS, "since"]) $("f-" + f).addEventListener("change", render);
  $("mark-call").addEventListener("click", () => {
    const at = new Date();
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60000);
    marked = { at, field: local.toISOString().slice(0, 19) };
    $("f-since").value = marked.field;
    render();
  });
  $("clear").addEventListener("click", () => {
    for (const f of [...FILTERS, "since"]) $("f-" + f).value = "";
    render();
  });
  Dash.page(load);
})();
"""


def config(_: Any) -> dict[str, Any]:
    return {"reasons": REASONS, "buckets": BUCKETS}

"""The vacancy board (local authority x locality x bed type) and the homes with free beds now:
a map coloured by how fresh each report is, free beds by type, and the list."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.runtime import Runtime

SEARCH_HOURS = 24 * 30  # the homes list and map show reports up to 30 days old

HTML = """{% extends "base.html" %}{% block content %}
<section><h2>Vacancy board</h2>
  <p class="hint">Free beds count only in homes taking placements whose report is fresh
  (reported in the last {{ config.fresh_hours }} hours).</p>
  <div id="board"></div></section>
<div class="grid2">
  <section id="map"></section>
  <section id="beds-by-type"></section>
</div>
<section><h2>Homes with free beds</h2>
  <p class="hint">Reports up to {{ config.search_hours // 24 }} days old; older reports are stale.</p>
  <div id="homes"></div></section>
{% endblock %}"""

JS = r"""
"use strict";
(() => {
  const { when } = Dash;
  const cfg = Dash.config;
  const fresh = (h) => h.report_age_hours !== null && h.report_age_hours <= cfg.fresh_hours;
  const total = (h) => Object.values(h.free_beds).reduce((a, b) => a + b, 0);
  const beds = (h) => Object.entries(h.free_beds).map(([t, n]) => `${t}: ${n}`).join("; ");
  const PLACE = "carebridge.home.";

  async function place(homeId) {
    const known = localStorage.getItem(PLACE + homeId);
    if (known) return JSON.parse(known);
    const home = await Dash.api(`/vacancies/homes/${homeId}`);
    const where = [home.latitude, home.longitude];
    localStorage.setItem(PLACE + homeId, JSON.stringify(where));
    return where;
  }

  async function places(homes) {
    const out = new Map();
    for (let i = 0; i < homes.length; i += 8) {
      const chunk = homes.slice(i, i + 8);
      const found = await Promise.all(chunk.map((h) => place(h.home_id).catch(() => null)));
      chunk.forEach((h, j) => found[j] && out.set(h.home_id, found[j]));
    }
    return out;
  }

  async function drawMap(homes) {
    const at = await places(homes);
    const located = homes.filter((h) => at.has(h.home_id));
    const lat = located.map((h) => at.get(h.home_id)[0]);
    const middle = lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : 52;
    Dash.chart("map", [{
      type: "scatter", mode: "markers", x: located.map((h) => at.get(h.home_id)[1]), y: lat,
      text: located.map((h) => `${h.name} (${h.locality})<br>${beds(h).replace(/; /g, "<br>")}<br>reported ${when(h.last_reported_at)}`),
      hoverinfo: "text",
      marker: { size: located.map((h) => 8 + 4 * Math.sqrt(total(h))), color: located.map((h) => h.report_age_hours),
        cmin: 0, cmax: 2 * cfg.fresh_hours, line: { width: 1, color: "#333" },
        colorscale: [[0, "#1a9850"], [0.5, "#fee08b"], [1, "#d73027"]],
        colorbar: { title: { text: "report age (h)" } } },
    }], { title: { text: "Where the free beds are (size: beds)" }, height: 420,
      xaxis: { title: { text: "longitude" } },
      yaxis: { title: { text: "latitude" }, scaleanchor: "x", scaleratio: 1 / Math.cos(middle * Math.PI / 180) } });
  }

  function drawBeds(homes) {
    const types = [...new Set(homes.flatMap((h) => Object.keys(h.free_beds)))].sort();
    const sum = (list, t) => list.reduce((n, h) => n + (h.free_beds[t] || 0), 0);
    Dash.chart("beds-by-type", [
      { type: "bar", name: "fresh report", x: types, y: types.map((t) => sum(homes.filter(fresh), t)), marker: { color: "#1a9850" } },
      { type: "bar", name: "stale report", x: types, y: types.map((t) => sum(homes.filter((h) => !fresh(h)), t)), marker: { color: "#d73027" } },
    ], { barmode: "stack", title: { text: "Free beds by type and freshness" }, height: 420,
      yaxis: { title: { text: "free beds" } }, xaxis: { automargin: true } });
  }

  async function loadBoard() {
    try {
      const rows = await Dash.api("/vacancies/board");
      Dash.table("board", [
        { key: "la_name", label: "Local authority", value: (r) => `${r.la_name} (${r.la_code})` },
        { key: "locality", label: "Locality" }, { key: "bed_type", label: "Bed type" },
        { key: "homes", label: "Homes", cls: "num" },
        { key: "homes_taking_placements", label: "Taking placements", cls: "num" },
        { key: "free_beds", label: "Free beds (fresh)", cls: "num" },
        { key: "fresh_share", label: "Fresh reports", cls: "num", show: (r) => `${Math.round(100 * r.fresh_share)}%` },
      ], rows, { filename: "vacancy-board" });
    } catch (err) {
      Dash.problem("board", err);
    }
  }

  async function loadHomes() {
    let homes;
    try {
      homes = await Dash.api(`/vacancies/search?max_report_age_hours=${cfg.search_hours}`);
    } catch (err) {
      for (const target of ["homes", "map", "beds-by-type"]) Dash.problem(target, err);
      return;
    }
    Dash.table("homes", [
      { key: "name", label: "Home" }, { key: "provider_id", label: "Provider" },
      { key: "locality", label: "Locality" }, { key: "postcode", label: "Postcode" },
      { key: "rating", label: "CQC rating" }, { key: "free_beds", label: "Free beds", value: beds },
      { key: "total_free", label: "Total", cls: "num", value: total },
      { key: "last_reported_at", label: "Reported", show: (h) => when(h.last_reported_at) },
      { key: "report_age_hours", label: "Age (h)", cls: "num" },
      { key: "fresh", label: "Fresh", value: (h) => (fresh(h) ? "yes" : "stale") },
    ], homes, { filename: "homes-with-free-beds", rowClass: (h) => (fresh(h) ? null : "stale") });
    drawBeds(homes);
    await drawMap(homes);
  }

  Dash.page(() => Promise.all([loadBoard(), loadHomes()]), { minInterval: 3000 });
})();
"""


def config(runtime: Runtime) -> dict[str, Any]:
    return {"fresh_hours": runtime.settings.vacancy_fresh_hours, "search_hours": SEARCH_HOURS}

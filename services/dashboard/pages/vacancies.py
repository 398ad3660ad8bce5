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
  const beds = (h) => Object.entries(h.free_beds).map(([t, n]) => `${bedType(t)}: ${n}`).join("; ");
  /* "nursing-older_people" -> "Nursing, older people" */
  const bedType = (t) => t.split("-").map((w) => w.replace(/_/g, " ")).join(", ").replace(/^./, (c) => c.toUpperCase());
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

  /* Each locality's name where its homes are (the mean of their places): the map's place
     names, made from the data itself, so nothing is fetched from a tile server. */
  function placeNames(homes) {
    const by = new Map();
    for (const h of homes) by.set(h.locality, [...(by.get(h.locality) || []), h]);
    const names = [...by.entries()].map(([name, hs]) => ({ name, lat: mean(hs.map((h) => h.latitude)), lon: mean(hs.map((h) => h.longitude)) }));
    return { type: "scatter", mode: "text", x: names.map((n) => n.lon), y: names.map((n) => n.lat),
      text: names.map((n) => n.name), textposition: "top center", hoverinfo: "skip", showlegend: false,
      textfont: { size: 13, color: "#0b0c0c" } };
  }

  function drawMap(homes) {
    const lat = homes.map((h) => h.latitude);
    const middle = lat.length ? mean(lat) : 52;
    Dash.chart("map", [{
      type: "scatter", mode: "markers", name: "care homes", x: homes.map((h) => h.longitude), y: lat,
      text: homes.map((h) => `${h.name} (${h.locality}, ${h.la_name})<br>${beds(h).replace(/; /g, "<br>")}<br>reported ${when(h.last_reported_at)}`),
      hoverinfo: "text", showlegend: false,
      marker: { size: homes.map((h) => 8 + 4 * Math.sqrt(total(h))), color: homes.map((h) => h.report_age_hours),
        symbol: homes.map((h) => (fresh(h) ? "circle" : "x")),
        cmin: 0, cmax: 2 * cfg.fresh_hours, line: { width: 1, color: "#333" }, colorscale: "Viridis", reversescale: true,
        colorbar: { title: { text: "report age (h)" } } },
    }, placeNames(homes)], { title: { text: "Where the free beds are (size: beds; x: a stale report)" }, height: 460,
      xaxis: { title: { text: "longitude" } },
      yaxis: { title: { text: "latitude" }, scaleanchor: "x", scaleratio: 1 / Math.cos(middle * Math.PI / 180) } });
  }

  function drawBeds(homes) {
    const types = [...new Set(homes.flatMap((h) => Object.keys(h.free_beds)))].sort();
    const sum = (list, t) => list.reduce((n, h) => n + (h.free_beds[t] || 0), 0);
    Dash.chart("beds-by-type", [
      { type: "bar", name: "fresh report", x: types, y: types.map((t) => sum(homes.filter(fresh), t)), marker: { color: Dash.palette[0] } },
      { type: "bar", name: "stale report", x: types, y: types.map((t) => sum(homes.filter((h) => !fresh(h)), t)), marker: { color: Dash.palette[5], pattern: { shape: "/" } } },
    ], { barmode: "stack", title: { text: "Free beds by type and freshness" }, height: 420,
      yaxis: { title: { text: "free beds" } }, xaxis: { automargin: true } });
  }

  async function loadBoard() {
    try {
      const rows = await Dash.api("/vacancies/board");
      Dash.table("board", [
        { key: "la_name", label: "Local authority", show: (r) => Dash.el("span", { title: r.la_code }, r.la_name) },
        { key: "locality", label: "Locality" }, { key: "bed_type", label: "Bed type", show: (r) => Dash.el("span", { title: r.bed_type }, bedType(r.bed_type)) },
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
      { key: "name", label: "Home" }, { key: "la_name", label: "Council", show: (h) => Dash.el("span", { title: h.la_code }, h.la_name) },
      { key: "locality", label: "Locality" }, { key: "postcode", label: "Postcode" },
      { key: "rating", label: "CQC rating" }, { key: "free_beds", label: "Free beds", value: beds },
      { key: "total_free", label: "Total", cls: "num", value: total },
      { key: "last_reported_at", label: "Reported", show: (h) => when(h.last_reported_at) },
      { key: "report_age_hours", label: "Age (h)", cls: "num" },
      { key: "fresh", label: "Fresh", value: (h) => (fresh(h) ? "yes" : "stale") },
    ], homes, { filename: "homes-with-free-beds", rowClass: (h) => (fresh(h) ? null : "stale") });
    drawBeds(homes);
    drawMap(homes);
  }

  Dash.page(() => Promise.all([loadBoard(), loadHomes()]), { minInterval: 3000 });
})();
"""


def config(runtime: Runtime) -> dict[str, Any]:
    return {"fresh_hours": runtime.settings.vacancy_fresh_hours, "search_hours": SEARCH_HOURS}

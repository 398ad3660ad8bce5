"""The home care market as a council's commissioners ask about it (a broker: its own council;
an analyst: any council with home care zones): the capacity board by zone and time band,
unmet hours by zone and week, how agencies answer, packages sourced within 24 and 48 hours
of readiness, and the people waiting by days."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from typing import Any

from events.reference.zones import zones
from services.dashboard.pages import broker_words
from services.dashboard.pages.broker_words import COMMON_JS
from services.dashboard.pages.homecare_words import HOMECARE_JS


def config(runtime: Any = None) -> dict[str, Any]:
    """The broker pages' words, and the councils that have home care zones."""
    councils = sorted({z.council_code for z in zones().values()})
    return broker_words.config(runtime) | {"homecare_councils": councils}


HTML = """{% extends "base.html" %}{% block content %}
<section class="filters" aria-label="Council">
  <label for="f-council">Council <select id="f-council"></select></label>
</section>
<section aria-labelledby="board-title">
  <h2 id="board-title">Capacity board: hours a week by zone and time band</h2>
  <p class="hint">Offered: the hours agencies last reported free, less those held for packages
    (agencies the council suspended left out; "from old reports" counts hours in reports older
    than two days). Requested: the hours of requests not yet sourced. The gap is offered less
    requested.</p>
  <div id="board-chart"></div>
  <div id="board"></div>
</section>
<section aria-labelledby="unmet-title">
  <h2 id="unmet-title">Unmet hours by zone and week</h2>
  <p class="hint">Hours a week of care still to source, by the week the request was made.</p>
  <div id="unmet"></div>
</section>
<section aria-labelledby="resp-title">
  <h2 id="resp-title">How agencies answer the council's offers</h2>
  <div id="responsiveness"></div>
</section>
<section aria-labelledby="within-title">
  <h2 id="within-title">Packages sourced within 24 and 48 hours of readiness</h2>
  <p class="hint">Sourced: an agency holds the hours. A package counts once 48 hours have
    passed since the person was ready (a request for someone at home: since the request);
    one cancelled before any hours were held does not count.</p>
  <div id="within"></div>
</section>
<section aria-labelledby="waiting-title">
  <h2 id="waiting-title">People waiting for home care, by days</h2>
  <div id="waiting"></div>
</section>
{% endblock %}"""

JS = (
    COMMON_JS
    + HOMECARE_JS
    + r"""
(() => {
  const $ = (id) => document.getElementById(id);
  const who = Dash.claims() || {};
  const select = $("f-council");
  const councils = who.role === "broker" ? [who.org] : Dash.config.homecare_councils;
  select.replaceChildren(...councils.map((c) => Dash.el("option", { value: c, title: c }, Words.council(c))));
  const H = Homecare;

  /* Each zone's hours offered and requested, every band together (the table has each band). */
  function chart(board) {
    const zones = [...new Set(board.map((r) => r.zone_name || r.zone))];
    const sum = (zone, key) => board.filter((r) => (r.zone_name || r.zone) === zone).reduce((s, r) => s + r[key], 0);
    Dash.chart("board-chart", [
      { type: "bar", name: "offered", x: zones, y: zones.map((z) => sum(z, "offered")), marker: { color: Dash.palette[0] } },
      { type: "bar", name: "requested (not yet sourced)", x: zones, y: zones.map((z) => sum(z, "requested")),
        marker: { color: Dash.palette[5], pattern: { shape: "/" } } },
    ], { barmode: "group", title: { text: "Hours a week offered and requested, by zone" }, height: 360,
      yaxis: { title: { text: "hours a week" } }, xaxis: { automargin: true } });
  }

  function render(board, unmet, agencies, within, waiting) {
    chart(board);
    Dash.table("board", [
      H.zoneColumn, H.bandColumn,
      H.hours("offered", "Offered"), H.hours("requested", "Requested"),
      { key: "gap", label: "Gap", num: true, show: (r) => H.gap(r.gap) },
      H.hours("reported", "Reported free"), H.hours("held", "Held"),
      H.hours("stale", "From old reports"),
      { key: "agencies", label: "Agencies offering", num: true },
    ], board, { filename: "home-care-capacity-board", empty: "No zones or capacity for this council." });
    Dash.table("unmet", [
      { key: "week", label: "Week", value: (r) => r.week, show: (r) => H.week(r.week) },
      H.zoneColumn, { key: "requests", label: "Requests", num: true }, H.hours("hours", "Hours a week"),
    ], unmet, { filename: "home-care-unmet-hours", empty: "No hours waiting to be sourced." });
    H.responsiveness("responsiveness", agencies);
    Dash.table("within", [
      { key: "week", label: "Week of readiness", value: (r) => r.week, show: (r) => H.week(r.week) },
      { key: "packages", label: "Packages", num: true },
      { key: "within_24h", label: "Within 24 hours", num: true, show: (r) => `${r.within_24h} (${H.share(r.share_24h)})` },
      { key: "within_48h", label: "Within 48 hours", num: true, show: (r) => `${r.within_48h} (${H.share(r.share_48h)})` },
      { key: "not_sourced", label: "Not sourced yet", num: true },
    ], within, { filename: "home-care-sourced-within", empty: "No package ready more than 48 hours ago." });
    Dash.table("waiting", [
      { key: "days", label: "Days waiting", sort: (r) => H.dayOrder(r.days) },
      { key: "people", label: "People", num: true },
      { key: "in_hospital", label: "In hospital", num: true },
      { key: "at_home", label: "At home", num: true },
      H.hours("hours", "Hours a week needed"),
    ], waiting, { filename: "home-care-waiting-by-days" });
  }

  async function load() {
    const base = `/broker/homecare/councils/${encodeURIComponent(select.value)}`;
    try {
      const got = await Promise.all(["capacity", "unmet", "responsiveness", "sourced-within", "waiting"]
        .map((report) => Dash.api(`${base}/${report}`)));
      render(...got);
    } catch (err) {
      Dash.problem("board", err);
    }
  }

  const reload = Dash.page(load);
  select.addEventListener("change", reload);
})();
"""
)

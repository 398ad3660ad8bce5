"""A home care agency's provider's own agencies: each zone's last report of free hours (after
the hours held for packages) with its age and whether brokers' searches still count it, a
"Still correct" button that confirms every zone's figures now, and a form to report a zone's
free hours a week by time band, from which date, and whether double-handed calls can be
staffed. The form starts from the zone's last report, so a change is a small edit."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.agency_kit import AGENCY_JS
from services.dashboard.pages.agency_kit import config as config
from services.dashboard.pages.provider_kit import KIT_JS

HTML = """{% extends "base.html" %}{% block content %}
<section>
  <p class="hint">Brokers' searches count the free hours of a zone reported or confirmed in the
  last {{ config.fresh_hours | int }} hours. Confirm them with "Still correct" when nothing
  changed, or report a zone's free hours again.</p>
</section>
<div id="agencies" class="cards"></div>
{% endblock %}"""

JS = (
    KIT_JS
    + AGENCY_JS
    + r"""
(() => {
  const { el } = Dash;
  let agencies = [];
  const said = new Map();  // agency id -> {text, bad}: the outcome of the person's last action
  const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());

  async function act(agency, path, body, what) {
    try {
      await Dash.api(`/vacancies/agencies/${agency.agency_id}/${path}`, { method: "POST", body });
      said.set(agency.agency_id, { text: `${what} at ${Kit.ukTime(new Date().toISOString())}.`, bad: false });
    } catch (err) {
      said.set(agency.agency_id, { text: Kit.failure(err), bad: true });
    }
    await load();
  }

  function zoneRow(agency, c) {
    const held = Object.values(c.held_hours).reduce((a, b) => a + b, 0);
    return el("li", { id: `zone-${agency.agency_id}-${c.zone}` },
      el("strong", {}, Agency.zoneName(agency.council_code, c.zone)), ": ",
      `free ${Agency.byBand(c.free_hours)} a week from ${Kit.ukDay(c.available_from)}`,
      held ? `; ${Agency.hours(held)} h held for packages (${Agency.byBand(c.held_hours)})` : "",
      c.double_handed ? "; double-handed calls staffed" : "; no double-handed calls",
      el("br"), `Reported ${Kit.ukTime(c.reported_at)} (${Kit.ago(c.reported_at)}). `,
      el("span", { class: c.fresh ? "fresh-note" : "stale-note" },
        c.fresh ? "Up to date." : `Out of date: brokers' searches no longer count these hours.`));
  }

  /* The form to report one zone: it starts from that zone's last report, if any. */
  function form(agency) {
    const id = agency.agency_id;
    const last = (zone) => agency.capacity.find((c) => c.zone === zone);
    const zone = el("select", { id: `zone-${id}`, onchange: () => fill(zone.value) },
      agency.zones.map((z) => el("option", { value: z }, Agency.zoneName(agency.council_code, z))));
    const inputs = Object.fromEntries(Agency.bands.map((b) => [b, el("input", { id: `hours-${id}-${b}`,
      type: "number", inputmode: "decimal", min: 0, max: 2000, step: 0.5, required: true })]));
    const from = el("input", { id: `from-${id}`, type: "date", required: true });
    const double = el("select", { id: `double-${id}` }, el("option", { value: "no" }, "No"), el("option", { value: "yes" }, "Yes"));
    function fill(z) {
      const c = last(z);
      for (const b of Agency.bands) inputs[b].value = c ? c.hours[b] || 0 : 0;
      from.value = c && c.available_from > today() ? c.available_from : today();
      double.value = c && c.double_handed ? "yes" : "no";
    }
    fill(agency.zones[0]);
    const submit = (e) => {
      e.preventDefault();
      const hours = {};
      for (const b of Agency.bands) {
        const n = Number(inputs[b].value);
        if (inputs[b].value.trim() === "" || !(n >= 0 && n <= 2000)) {
          said.set(id, { text: `${Kit.word("band", b)}: give the hours a week from 0 to 2000.`, bad: true });
          Kit.say(`said-${id}`, said.get(id).text, true);
          inputs[b].focus();
          return;
        }
        hours[b] = n;  // every band, 0 too: the report replaces the last one whole
      }
      act(agency, "capacity", { zone: zone.value, hours, available_from: from.value, double_handed: double.value === "yes" },
        `Free hours in ${Agency.zoneName(agency.council_code, zone.value)} reported`);
    };
    return el("form", { "aria-label": `Report free hours for ${agency.name}`, novalidate: true, onsubmit: submit },
      el("fieldset", {}, el("legend", {}, "Report free hours for a zone"),
        el("div", { class: "actions" }, el("label", { for: `zone-${id}` }, "Zone", zone)),
        el("fieldset", {}, el("legend", {}, "Hours a week you can start, by time band"),
          el("div", { class: "beds" }, Agency.bands.map((b) => el("label", { for: `hours-${id}-${b}` }, Kit.word("band", b), inputs[b])))),
        el("div", { class: "actions" },
          el("label", { for: `from-${id}` }, "From", from),
          el("label", { for: `double-${id}` }, "Double-handed calls", double),
          el("button", { type: "submit", id: `report-${id}` }, "Report free hours"))));
  }

  function card(agency) {
    const id = agency.agency_id;
    const notes = [];
    if (agency.suspended) notes.push("Packages suspended for every council.");
    for (const c of Object.keys(agency.suspended_by_councils)) notes.push(`Packages suspended by ${Kit.council(c)}.`);
    const last = said.get(id) || { text: "", bad: false };
    return el("article", { class: "card", id: `agency-${id}`, "aria-labelledby": `name-${id}` },
      el("h2", { id: `name-${id}` }, agency.name),
      el("p", { class: "sub" }, `${Kit.council(agency.council_code)} · ${agency.services.map((s) => Kit.word("service", s)).join(" and ")}`),
      notes.length ? el("p", { class: "stale-note" }, notes.join(" ")) : null,
      agency.capacity.length ? el("ul", { class: "zones" }, agency.capacity.map((c) => zoneRow(agency, c)))
        : el("p", { class: "stale-note" }, "Never reported: brokers' searches do not count any hours here yet."),
      el("div", { class: "actions" }, el("button", { type: "button", class: "primary", id: `confirm-${id}`,
        disabled: !agency.capacity.length, onclick: () => act(agency, "confirm", undefined, "Every zone's figures confirmed as still correct") },
      "Still correct")),
      form(agency),
      el("p", { id: `said-${id}`, class: last.bad ? "said bad" : "said", role: "status", "aria-live": "polite" }, last.text));
  }

  let shown = "";
  async function load() {
    let found;
    try {
      found = await Dash.api("/vacancies/own-agencies");
    } catch (err) {
      Dash.problem("agencies", err);
      shown = "";
      return;
    }
    // redraw only when the figures changed, so a live update never clears what is typed
    const now = JSON.stringify([found.map(({ version, capacity }) => [version, capacity.map((c) => c.reported_at)]), [...said]]);
    if (now === shown) return;
    shown = now;
    agencies = found;
    Kit.redraw("agencies", () => (agencies.length ? agencies.map(card)
      : el("p", { class: "empty" }, "No home care agencies are registered for your organisation.")));
  }

  Dash.page(load);
})();
"""
)

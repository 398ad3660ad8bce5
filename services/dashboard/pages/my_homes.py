"""A care home provider's own homes: each with its registration, its free beds per bed type
(registration x care category) as last reported, the beds held for offers, and when the
figures were last reported or confirmed. "Still correct" reports the same figures again (a
report of unchanged figures is the vacancies service's confirmation: its time is what a
broker's search reads as freshness); the free beds of each bed type can be corrected in
place, each between 0 and the home's registered beds."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.provider_kit import KIT_JS
from services.dashboard.pages.provider_kit import config as config

HTML = """{% extends "base.html" %}{% block content %}
<section>
  <p class="hint" id="homes-hint">Brokers' searches count the free beds of a home whose figures
  were reported or confirmed in the last {{ config.fresh_hours | int }} hours. Confirm them
  with "Still correct" when nothing changed, or correct them and save.</p>
</section>
<div id="homes" class="cards"></div>
{% endblock %}"""

JS = (
    KIT_JS
    + r"""
(() => {
  const { el } = Dash;
  const fresh = Dash.config.fresh_hours;
  let homes = [];
  const edits = new Map();  // home id -> {bed type: value typed}, until saved or undone
  const busy = new Set();  // homes with a report on its way
  const said = new Map();  // home id -> {text, bad}: the outcome of the person's last action

  const total = (beds) => Object.values(beds).reduce((a, b) => a + b, 0);
  const key = (home, type) => `beds-${home.home_id}-${type}`;
  const typed = (home) => edits.get(home.home_id) || {};

  /* The figures the form would report now, and what is wrong with them (in words). */
  function figures(home) {
    const out = {};
    const problems = [];
    for (const [type, free] of Object.entries(home.free_beds)) {
      const raw = typed(home)[type];
      const text = raw === undefined ? String(free) : raw;
      const n = Number(text);
      if (text.trim() === "" || !Number.isInteger(n) || n < 0 || n > home.registered_beds) {
        problems.push(`${Kit.bedType(type)}: give a whole number from 0 to ${home.registered_beds}`);
      } else {
        out[type] = n;
      }
    }
    if (!problems.length && total(out) > home.registered_beds) {
      problems.push(`${total(out)} free beds is more than the ${home.registered_beds} registered`);
    }
    return { beds: out, problems };
  }

  async function report(home, beds, what) {
    busy.add(home.home_id);
    draw();
    try {
      await Dash.api(`/vacancies/homes/${home.home_id}/vacancies`, { method: "POST", body: { free_beds: beds } });
      edits.delete(home.home_id);
      home.free_beds = { ...home.free_beds, ...beds };  // as saved, until the reload shows it
      said.set(home.home_id, { text: `${what} at ${Kit.ukTime(new Date().toISOString())}.`, bad: false });
    } catch (err) {
      said.set(home.home_id, { text: Kit.failure(err), bad: true });
    }
    busy.delete(home.home_id);
    draw();
    refresh();
  }

  function bedInput(home, type, free) {
    const id = key(home, type);
    const raw = typed(home)[type];
    const held = home.held_beds[type] || 0;
    const [registration, category] = type.split(/-(.*)/s);
    const input = el("input", { id, type: "number", inputmode: "numeric", min: 0, max: home.registered_beds,
      step: 1, required: true, value: raw === undefined ? free : raw, "aria-describedby": `note-${id}`,
      oninput: (e) => {
        edits.set(home.home_id, { ...typed(home), [type]: e.target.value });
        said.delete(home.home_id);
        update(home);
      } });
    return el("label", { for: id }, `${Kit.word("category", category)} (${Kit.word("registration", registration).toLowerCase()})`, input,
      el("span", { id: `note-${id}`, class: "hint" }, bedNote(home, type, free, held)));
  }

  function bedNote(home, type, free, held) {
    const raw = typed(home)[type];
    const changed = raw !== undefined && String(raw) !== String(free);
    return [held ? `${held} held for an offer` : "", changed ? `was ${free}` : ""].filter(Boolean).join("; ");
  }

  /* After a keystroke: the card's totals, problems and buttons follow, the inputs stay. */
  function update(home) {
    const { beds, problems } = figures(home);
    const dirty = Object.keys(typed(home)).length > 0;
    const working = busy.has(home.home_id);
    const id = home.home_id;
    for (const [type, free] of Object.entries(home.free_beds)) {
      const wrong = problems.some((p) => p.startsWith(`${Kit.bedType(type)}:`));
      document.getElementById(key(home, type)).setAttribute("aria-invalid", String(wrong));
      document.getElementById(`note-${key(home, type)}`).textContent = bedNote(home, type, free, home.held_beds[type] || 0);
    }
    const held = total(home.held_beds);
    document.getElementById(`total-${id}`).textContent = `${total(beds)} free of ${home.registered_beds} registered beds`
      + (held ? `; ${held} of the free ${held === 1 ? "is" : "are"} held for an offer.` : ".");
    const last = said.get(id) || { text: "", bad: false };
    if (problems.length) Kit.say(`said-${id}`, problems.join(". ") + ".", true);
    else Kit.say(`said-${id}`, last.text, last.bad);
    const confirm = document.getElementById(`confirm-${id}`);
    confirm.disabled = working || dirty || !home.last_reported_at;
    confirm.title = dirty ? "Save or undo your changes first" : "";
    // a home never reported may save its figures as they stand (all 0 is a report too)
    const unsaved = dirty || !home.last_reported_at;
    document.getElementById(`save-${id}`).disabled = working || !unsaved || problems.length > 0;
    document.getElementById(`undo-${id}`).hidden = !dirty;
  }

  /* When the figures were last reported, how long ago, and whether searches still count them. */
  function reportLine(home) {
    if (!home.last_reported_at) {
      return [el("span", { class: "stale-note" }, "Never reported: brokers' searches do not count any bed here yet.")];
    }
    const stale = (Date.now() - Kit.instant(home.last_reported_at)) / 3.6e6 > fresh;
    return [`Last reported or confirmed ${Kit.ukTime(home.last_reported_at)} (${Kit.ago(home.last_reported_at)}). `,
      el("span", { class: stale ? "stale-note" : "fresh-note" },
        stale ? `Out of date: older than ${fresh} hours, so brokers' searches no longer count these beds.` : "Up to date.")];
  }

  function card(home) {
    const id = home.home_id;
    const byRegistration = home.registrations.map((registration) => el("fieldset", {},
      el("legend", {}, `${Kit.word("registration", registration)} beds free`),
      el("div", { class: "beds" }, Object.entries(home.free_beds)
        .filter(([type]) => type.startsWith(`${registration}-`))
        .map(([type, free]) => bedInput(home, type, free)))));
    const notes = [];
    if (home.suspended) notes.push(`Placements suspended (${Kit.word("suspension", home.suspension_reason)}).`);
    if (home.closing_on) notes.push(`Closing on ${Kit.ukDay(home.closing_on)}.`);
    const form = el("form", { "aria-label": `Free beds at ${home.name}`, novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const now = figures(home);
        if (!now.problems.length) report(home, now.beds, "Free beds saved");
      } },
    byRegistration,
    el("p", { id: `total-${id}` }),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "primary", id: `confirm-${id}`,
        onclick: () => report(home, home.free_beds, "Confirmed as still correct") }, "Still correct"),
      el("button", { type: "submit", id: `save-${id}` }, "Save free beds"),
      el("button", { type: "button", id: `undo-${id}`, onclick: () => {
        edits.delete(id);
        said.delete(id);
        draw();
      } }, "Undo changes")),
    el("p", { id: `said-${id}`, class: "said", role: "status", "aria-live": "polite" }));
    return el("article", { class: "card", id: `home-${id}`, "aria-labelledby": `name-${id}` },
      el("h2", { id: `name-${id}` }, home.name),
      el("p", { class: "sub" }, `${home.locality}, ${home.postcode} · `,
        el("abbr", { title: home.la_code }, home.la_name), home.rating ? ` · CQC: ${home.rating.replace(/_/g, " ")}` : ""),
      el("p", {}, `Registered for ${home.registered_beds} beds: ${home.registrations.map((r) => Kit.word("registration", r)).join(" and ")} care of `,
        `${home.care_categories.map((c) => Kit.word("category", c).toLowerCase()).join(", ")}`,
        home.specialisms.length ? `; specialisms: ${home.specialisms.map((x) => Kit.word("specialism", x).toLowerCase()).join(", ")}.` : "."),
      notes.length ? el("p", { class: "stale-note" }, notes.join(" ")) : null,
      el("p", { id: `report-${id}` }, reportLine(home)),
      form);
  }

  function draw() {
    Kit.redraw("homes", () => (homes.length ? homes.map(card)
      : el("p", { class: "empty" }, "No care homes are registered for your organisation.")));
    homes.forEach(update);
  }

  let shown = "";
  async function load() {
    let found;
    try {
      found = await Dash.api("/vacancies/homes");
    } catch (err) {
      Dash.problem("homes", err);
      shown = "";
      return;
    }
    // Redraw only when the homes changed (not on every other home's news): typing stays put.
    const now = JSON.stringify(found.map(({ report_age_hours: _, ...home }) => home));
    if (now === shown) return;
    shown = now;
    homes = found;
    // an edit of a bed type the home no longer offers is dropped
    for (const home of homes) {
      const mine = edits.get(home.home_id);
      if (mine) for (const type of Object.keys(mine)) if (!(type in home.free_beds)) delete mine[type];
    }
    draw();
  }

  const refresh = Dash.page(load);
  // "how long ago" moves on between updates (the inputs are left as they are)
  setInterval(() => homes.forEach((h) => document.getElementById(`report-${h.home_id}`).replaceChildren(...reportLine(h))), 60000);
})();
"""
)

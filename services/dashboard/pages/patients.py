"""The discharge team's worklist: the trust's patients in hospital (ready or not), by ward or
pathway, with days since ready, the reason in words, open blockers and assessments due; a
search by hospital reference; each patient opens on their own page to act on."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.workspace import WORK_JS

HTML = """{% extends "base.html" %}{% block content %}
<section class="search" id="search" aria-label="Find patients">
  <label for="q">Hospital reference<input id="q" type="search" autocomplete="off" spellcheck="false" maxlength="64" aria-describedby="q-hint"></label>
  <label for="f-status">Who<select id="f-status">
    <option value="in_hospital">In hospital</option><option value="ready">Ready to go (delayed)</option>
    <option value="not_ready">Not ready yet</option><option value="left">Left in the last 14 days</option></select></label>
  <label for="f-ward">Ward<select id="f-ward"><option value="">All wards</option></select></label>
  <label for="f-pathway">Pathway<select id="f-pathway"><option value="">All pathways</option></select></label>
  <label for="f-group">Group by<select id="f-group"><option value="ward">Ward</option><option value="pathway">Pathway</option><option value="">No grouping</option></select></label>
  <p id="q-hint" class="hint">Type part of a reference (e.g. V1234): the list narrows as you type.</p>
</section>
<section class="summary" id="summary" aria-live="polite"></section>
<div id="summary-note"></div>
<section><h2>Patients</h2><div id="patients"></div></section>
{% endblock %}"""

JS = (
    WORK_JS
    + r"""
(() => {
  const { el, link } = Dash;
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let sort = { key: params.get("sort") || "days_since_ready", dir: params.get("dir") || "desc" };
  for (const [id, key] of [["q", "q"], ["f-status", "status"], ["f-ward", "ward"], ["f-pathway", "pathway"], ["f-group", "group"]]) {
    if (!params.has(key)) continue;
    const box = $(id);
    if (box.tagName === "SELECT" && ![...box.options].some((o) => o.value === params.get(key))) box.append(el("option", { value: params.get(key) }, params.get(key)));
    box.value = params.get(key);
  }
  let rows = [];

  // admitted by the trust's EPR (the HL7 v2 feed or a FHIR Encounter), not typed in
  const FEEDS = { hl7: "HL7 v2 ADT messages", fhir: "FHIR Encounters" };
  const fromFeed = (source) => (FEEDS[source] ? [" ", el("span", { class: "badge from-feed", title: `Admitted from the trust's ${FEEDS[source]}` }, "from the EPR feed")] : "");
  const blockers = (r) => r.blockers.map((b) => el("span", { class: "badge", title: `${b.code}${b.owner_org ? " · " + Work.name(b.owner_org) : ""}` },
    Work.reasonWords(b.code, b.vocabulary)));
  const COLUMNS = [
    { key: "reference", label: "Reference", show: (r) => [link(`/dashboard/patients/${r.episode_id}`, r.reference || r.episode_id.slice(0, 8)), ...fromFeed(r.source)] },
    { key: "ward", label: "Ward", value: (r) => r.ward || "" },
    { key: "pathway", label: "Pathway", value: (r) => r.pathway || "", show: (r) => Work.pathway(r.pathway) },
    { key: "status", label: "Status", value: (r) => r.status, show: (r) => r.status === "ready" ? "Ready to go" : r.status === "left" ? `Left (${Work.words(r.ended_kind)}) ${Work.uk(r.ended_at)}` : "Not ready yet" },
    { key: "discharge_ready_date", label: "Ready since", show: (r) => Work.ukDay(r.discharge_ready_date) },
    { key: "days_since_ready", label: "Days since ready", num: true, show: (r) => Work.stay(r.days_since_ready) },
    { key: "reason", label: "Reason now", show: (r) => (r.reason ? Work.reason(r.reason, r.vocabulary) : "—") },
    { key: "blockers", label: "Open blockers", value: (r) => r.blockers.map((b) => b.code).join("; "), show: blockers },
    { key: "outstanding_assessments", label: "Assessments due", value: (r) => r.outstanding_assessments.map(Work.words).join("; ") },
    { key: "la_name", label: "Council", value: (r) => Work.name(r.la_code, r.la_name), show: (r) => Work.org(r.la_code, r.la_name) },
    { key: "admitted_at", label: "Admitted", show: (r) => Work.uk(r.admitted_at) },
  ];

  function remember() {
    const q = new URLSearchParams();
    for (const [id, key] of [["q", "q"], ["f-status", "status"], ["f-ward", "ward"], ["f-pathway", "pathway"], ["f-group", "group"]]) {
      const v = $(id).value.trim();
      if (v && !(key === "status" && v === "in_hospital") && !(key === "group" && v === "ward")) q.set(key, v);
    }
    if (sort.key !== "days_since_ready" || sort.dir !== "desc") {  // the usual order needs no saying
      q.set("sort", sort.key);
      q.set("dir", sort.dir);
    }
    const s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }

  function options(id, values, all) {
    const box = $(id);
    const keep = box.value;
    const known = [...new Set(values)].sort((a, b) => Work.compare(a, b));
    if (keep && !known.includes(keep)) known.push(keep);
    box.replaceChildren(el("option", { value: "" }, all), ...known.map((v) => el("option", { value: v }, id === "f-pathway" ? Work.pathway(v) : v)));
    box.value = keep;
  }

  function render() {
    remember();
    const ward = $("f-ward").value;
    const pathway = $("f-pathway").value;
    const shown = rows.filter((r) => (!ward || r.ward === ward) && (!pathway || r.pathway === pathway));
    const ready = shown.filter((r) => r.status === "ready");
    $("summary").replaceChildren(...[
      ["Shown", shown.length], ["Ready to go", ready.length],
      ["Ready 7+ days", ready.filter((r) => r.days_since_ready >= 7).length],
      ["Ready 21+ days", ready.filter((r) => r.days_since_ready >= 21).length],
    ].map(([k, v]) => el("div", {}, el("strong", {}, String(v)), k)));
    const by = $("f-group").value;
    Work.table("patients", COLUMNS, shown, {
      sort, filename: "my-patients",
      onSort: (next) => { sort = next; render(); },
      group: by ? (r) => (by === "ward" ? [r.ward, r.ward || "No ward"] : [r.pathway || "", Work.pathway(r.pathway)]) : null,
      totals: (g) => {
        const waiting = g.filter((r) => r.status === "ready");
        return `${g.length} ${g.length === 1 ? "patient" : "patients"}, ${waiting.length} ready, ${waiting.reduce((n, r) => n + (r.days_since_ready || 0), 0)} days since ready in all`;
      },
      rowClass: (r) => (r.status === "ready" ? Work.stayClass(r.days_since_ready) : null),
      empty: $("q").value ? `No patient's reference contains “${$("q").value.trim()}” here.` : "Nobody to show.",
    });
  }

  async function load() {
    const q = new URLSearchParams({ status: $("f-status").value });
    const wanted = $("q").value.trim();
    if (wanted) q.set("reference", wanted);
    try {
      rows = await Dash.api("/discharge/episodes?" + q.toString());
    } catch (err) {
      Dash.problem("patients", err);
      return;
    }
    if (rows.length >= 2000) Work.say("summary-note", "Only the first 2,000 patients are listed: type part of a reference to find one.", true);
    else $("summary-note").replaceChildren();
    options("f-ward", rows.map((r) => r.ward).filter(Boolean), "All wards");
    options("f-pathway", rows.map((r) => r.pathway).filter(Boolean), "All pathways");
    render();
  }

  const refresh = Dash.page(load);
  let typing = null;
  $("q").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(refresh, 250); });
  $("f-status").addEventListener("change", refresh);
  for (const id of ["f-ward", "f-pathway", "f-group"]) $(id).addEventListener("change", render);
})();
"""
)

"""The patient page's script (patient.py): reads the episode, fills the forms' choices, sends
each form through `Dash.api` (the session's CSRF token) with a command id that makes a resend
safe, and tells the story in sentences."""

# ruff: noqa: E501  (the JavaScript below is not Python)

from __future__ import annotations

JS = r"""
(() => {
  const { el } = Dash;
  const $ = (id) => document.getElementById(id);
  const cfg = Dash.config;
  const id = cfg.episode_id;
  let episode = null;
  const commandIds = {};
  const random = () => [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const commandId = (key) => (commandIds[key] = commandIds[key] || `page:${key}:${random()}`);

  /* The business time a date and a time input mean: UK wall-clock, sent without an offset
     (the API reads such a time as UK local time). */
  const at = (dateId, timeId) => `${$(dateId).value}T${$(timeId).value}`;
  function resetTimes() {
    const now = Work.ukNow();
    for (const [d, t] of [["ready-date", "ready-time"], ["end-date", "end-time"]]) {
      $(d).value = now.date;
      $(d).max = now.date;
      $(t).value = now.time;
    }
  }

  /* One write; a resend after a lost answer carries the same command id, so it records
     nothing twice. */
  async function send(key, path, body, done, button = $(key).querySelector("button[type=submit]")) {
    button.disabled = true;
    try {
      await Dash.api(`/discharge/episodes/${id}/${path}`, { method: "POST", body: { ...body, command_id: commandId(key) } });
      delete commandIds[key];
      Work.say("outcome", done);
      await load();
    } catch (err) {
      Work.say("outcome", `Not recorded: ${Work.problemText(err)}`, true);
    } finally {
      button.disabled = false;
    }
  }

  function reasons() {
    const select = $("blocker-reason");
    const words = cfg.vocabularies.dtoc;
    select.replaceChildren(...Object.keys(words).map((code) => el("option", { value: code }, words[code])));
    select.addEventListener("change", agencies);
    agencies();
    $("assessment-kind").replaceChildren(...cfg.assessment_kinds.map((k) => el("option", { value: k }, Work.words(k))));
  }
  /* Only the agencies the national table allows for the reason. */
  function agencies() {
    const allowed = cfg.agencies[$("blocker-reason").value] || [];
    const select = $("blocker-agency");
    const keep = select.value;
    select.replaceChildren(...allowed.map((a) => el("option", { value: a }, a)));
    if (allowed.includes(keep)) select.value = keep;
  }
  function owners(e) {
    const select = $("blocker-owner");
    const keep = select.value;
    const choices = [[e.provider_code, Work.name(e.provider_code, e.provider_name)], [e.la_code, Work.name(e.la_code, e.la_name)]];
    select.replaceChildren(...choices.map(([code, label]) => el("option", { value: code }, `${label} (${code})`)));
    if (keep) select.value = keep;
  }
  function assessmentChoices(e) {
    const select = $("assessment-which");
    const keep = select.value;
    const known = Object.entries(e.assessments);
    select.replaceChildren(el("option", { value: "" }, "A new assessment"),
      ...known.map(([aid, a]) => el("option", { value: aid }, `${Work.words(a.kind)} (${a.completed_at ? "completed" : a.started_at ? "started" : "requested"})`)));
    if (known.some(([aid]) => aid === keep)) select.value = keep;
    $("assessment-kind").disabled = !!select.value;
    if (select.value) $("assessment-kind").value = e.assessments[select.value].kind;
  }

  /* The start of the final ready period by when things happened: the DRD's moment. */
  function readySince(e) {
    if (e.ended) return null;
    let since = null;
    const story = [...e.history].sort((a, b) => Work.compare(a.occurred_at, b.occurred_at));
    for (const h of story) {
      if (h.event === "BecameReady" && since === null) since = h.occurred_at;
      if (h.event === "ReadinessWithdrawn") since = null;
    }
    return since;
  }
  const days = (at) => {
    const n = Math.floor((Date.parse(Work.ukNow().date) - Date.parse(new Date(at).toLocaleDateString("en-CA", { timeZone: "Europe/London" }))) / 864e5);
    return n === 1 ? "1 day" : `${n} days`;
  };

  function facts(e) {
    Dash.facts("facts", [
      ["Reference", e.reference], ["NHS number", e.nhs_number || "—"],
      ["Recorded from", { hl7: "The EPR feed (HL7 v2 ADT messages)", fhir: "The EPR feed (FHIR Encounters)" }[e.source] || "Typed in (the dashboard, the API or a tracker import)"],
      ["Trust", Work.org(e.provider_code, e.provider_name)],
      ["Site and ward", [e.site, e.ward].filter(Boolean).join(", ") || "—"],
      ["Care", e.care_type === "acute" ? "Acute" : "Non-acute"],
      ["Council of residence", Work.org(e.la_code, e.la_name)],
      ["Admitted", Work.uk(e.admitted_at)], ["Pathway", Work.pathway(e.pathway)],
      ["Ready since", readySince(e) ? `${Work.uk(readySince(e))} (${days(readySince(e))})` : "Not ready"],
      ["Stay", e.ended ? `${Work.words(e.ended.kind)} ${Work.uk(e.ended.at)}` : "In hospital"],
    ]);
  }

  function blockers(e) {
    const list = Object.entries(e.blockers).map(([bid, b]) => ({ blocker_id: bid, ...b }));
    const close = (b) => (b.closed_at || e.ended ? Work.uk(b.closed_at) || "—" : el("button", { type: "button", class: "close-blocker",
      "aria-label": `Close the blocker ${Work.reasonWords(b.code, b.vocabulary)}`,
      onclick: (ev) => send(`close-${b.blocker_id}`, `blockers/${encodeURIComponent(b.blocker_id)}/close`, {}, "Blocker closed.", ev.currentTarget) }, "Close"));
    Work.table("blockers", [
      { key: "code", label: "Reason", value: (b) => Work.reasonWords(b.code, b.vocabulary), show: (b) => Work.reason(b.code, b.vocabulary) },
      { key: "agency", label: "Agency" },
      { key: "owner_org", label: "Who must act", value: (b) => [Work.name(b.owner_org), b.owner_team].filter(Boolean).join(" · "),
        show: (b) => el("span", {}, Work.org(b.owner_org), b.owner_team ? ` · ${b.owner_team}` : "") },
      { key: "opened_at", label: "Opened", show: (b) => Work.uk(b.opened_at) },
      { key: "closed_at", label: "Closed", show: close },
    ], list.filter((b) => !b.closed_at).concat(list.filter((b) => b.closed_at)), {
      sort: blockerSort, onSort: (s) => { blockerSort = s; blockers(episode); },
      filename: `patient-${e.reference}-blockers`, empty: "No blockers recorded.",
    });
  }
  let blockerSort = {};

  function assessments(e) {
    const list = Object.entries(e.assessments).map(([aid, a]) => ({ assessment_id: aid, ...a }));
    Work.table("assessments", [
      { key: "kind", label: "Assessment", value: (a) => Work.words(a.kind) },
      { key: "requested_at", label: "Requested", show: (a) => Work.uk(a.requested_at) },
      { key: "started_at", label: "Started", show: (a) => Work.uk(a.started_at) },
      { key: "completed_at", label: "Completed", show: (a) => Work.uk(a.completed_at) },
      { key: "outcome", label: "Outcome" },
    ], list, { filename: `patient-${e.reference}-assessments`, empty: "No assessments recorded." });
  }

  function sentence(h, e) {
    const d = h.detail || {};
    const reason = (x) => `${Work.reasonWords(x.code, x.vocabulary)}${x.agency ? ` (${x.agency})` : ""}${x.owner_org ? `, for ${Work.name(x.owner_org)}${x.owner_team ? " · " + x.owner_team : ""} to act` : ""}`;
    switch (h.event) {
      case "Admitted": return `Admitted to ${Work.name(d.provider_code, d.provider_name)}${d.ward ? ", " + d.ward : ""}`;
      case "BecameReady": return `Marked ready for discharge${d.pathway ? " on " + Work.pathway(d.pathway) : ""}`;
      case "ReadinessWithdrawn": return `No longer ready (meets the criteria to reside again)${d.note ? ": " + d.note : ""}`;
      case "DelayReasonSet": return `Reason of record set: ${reason(d)}`;
      case "BlockerOpened": return `Blocker opened: ${reason(d)}`;
      case "BlockerClosed": {
        const b = e.blockers[d.blocker_id];
        return `Blocker closed${b ? ": " + Work.reasonWords(b.code, b.vocabulary) : ""}`;
      }
      case "AssessmentProgressed": return `${Work.words(d.kind)} assessment ${d.stage}${d.outcome ? ": " + d.outcome : ""}`;
      case "Ended": return `${Work.words(d.kind)}${d.destination ? " to " + d.destination : ""}`;
      case "DetailsUpdated": return d.la_code ? `Council of residence: ${Work.name(d.la_code, d.la_name)}` : "Details corrected";
      case "PatientMerged": return `The EPR merged the patient's record into ${e.merged_into ? "hospital number " + e.merged_into : "another"}`;
      default: return Work.words(h.event);
    }
  }
  function story(e) {
    const items = [...e.history].sort((a, b) => Work.compare(a.occurred_at || a.recorded_at, b.occurred_at || b.recorded_at));
    $("story").replaceChildren(...items.map((h) => {
      const late = h.occurred_at && new Date(h.recorded_at) - new Date(h.occurred_at) > 3600e3;
      return el("li", {}, el("span", { class: "when" }, Work.uk(h.occurred_at || h.recorded_at)), " — ", sentence(h, e),
        late ? el("span", { class: "late" }, ` (recorded ${Work.uk(h.recorded_at)})`) : null);
    }));
  }

  async function load() {
    try {
      episode = await Dash.api(`/discharge/episodes/${id}`);
    } catch (err) {
      Dash.problem("facts", err);
      return;
    }
    document.title = `${episode.reference} · Carebridge`;
    facts(episode);
    Residence.fill(episode);
    owners(episode);
    assessmentChoices(episode);
    blockers(episode);
    assessments(episode);
    story(episode);
    for (const form of document.querySelectorAll(".actions form")) {
      for (const field of form.elements) field.disabled = !!episode.ended;
    }
    if (episode.pathway) $("ready-pathway").value = episode.pathway;
    $("not-ready-form").hidden = !readySince(episode);
  }

  $("ready-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = { pathway: $("ready-pathway").value, occurred_at: at("ready-date", "ready-time") };
    if ($("ready-setting").value) body.setting = $("ready-setting").value;
    send("ready-form", "ready", body, `Marked ready on ${Work.pathway(body.pathway)}.`);
  });
  $("not-ready-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = $("not-ready-note").value.trim() ? { note: $("not-ready-note").value.trim() } : {};
    send("not-ready-form", "not-ready", body, "Recorded: no longer ready.");
  });
  $("blocker-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = { code: $("blocker-reason").value, agency: $("blocker-agency").value,
      owner_org: $("blocker-owner").value, owner_team: $("blocker-team").value };
    const path = $("blocker-record").checked ? "reason" : "blockers";
    send("blocker-form", path, body, `Blocker opened: ${Work.reasonWords(body.code)}.`);
  });
  $("assessment-which").addEventListener("change", () => assessmentChoices(episode));
  $("assessment-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const kind = $("assessment-kind").value;
    const existing = $("assessment-which").value;
    const count = Object.values(episode.assessments).filter((a) => a.kind === kind).length;
    const body = { assessment_id: existing || `${kind}-${count + 1}`, kind, stage: $("assessment-stage").value };
    if ($("assessment-outcome").value.trim()) body.outcome = $("assessment-outcome").value.trim();
    send("assessment-form", "assessments", body, `${Work.words(kind)} assessment ${body.stage}.`);
  });
  $("end-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const kind = $("end-kind").value;
    const body = { kind, destination: kind === "died" ? "" : $("end-destination").value, occurred_at: at("end-date", "end-time") };
    send("end-form", "end", body, `${Work.words(kind)}.`);
  });

  Residence.bind(send);
  resetTimes();
  reasons();
  Dash.page(load);
})();
"""

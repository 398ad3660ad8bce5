"""A care home provider's referrals: each person referred to one of its homes with their
assessed needs, the time left to answer, Accept / Decline with a coded reason, the home's
assessment (booked, then its outcome), every referral as a table, and the provider's
responsiveness as the councils see it (GET /broker/responsiveness, its own homes' rows).

The needs are shown from whichever of these fields the referral rows carry (GET
/broker/referrals): `registration`, `care_category` (or `needs`), `specialisms`, `urgency`,
`funding`, a start date (`start_date`, `needed_from` or `needed_by`), `council_code`,
`location` or `where_now`; a row with none of them says the needs are not given."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.provider_kit import KIT_JS
from services.dashboard.pages.provider_kit import config as config

HTML = """{% extends "base.html" %}{% block content %}
<p id="referrals-said" class="said" role="status" aria-live="polite"></p>
<section aria-labelledby="to-answer-title"><h2 id="to-answer-title">Waiting for your answer</h2>
  <p class="hint">The most urgent first. A referral not answered in time is escalated to the council.</p>
  <div id="to-answer" class="cards"></div></section>
<section aria-labelledby="to-assess-title"><h2 id="to-assess-title">Accepted: your assessment</h2>
  <div id="to-assess" class="cards"></div></section>
<section aria-labelledby="all-title"><h2 id="all-title">Every referral to your homes</h2>
  <div id="referrals"></div></section>
<section aria-labelledby="resp-title"><h2 id="resp-title">Your responsiveness as the councils see it</h2>
  <div id="resp-summary" class="summary"></div>
  <div id="responsiveness"></div></section>
{% endblock %}"""

JS = (
    KIT_JS
    + r"""
(() => {
  const { el } = Dash;
  const START = ["start_date", "needed_from", "needed_by"];
  let rows = [];
  const choice = new Map();  // referral -> what the person chose or typed, kept across redraws
  const said = new Map();  // referral -> {text, bad}: the outcome of the person's last action
  const keyOf = (r) => `${r.request_id}-${r.referral_id}`;
  const url = (r) => `/broker/requests/${r.request_id}/referrals/${encodeURIComponent(r.referral_id)}`;
  const chosen = (r) => choice.get(keyOf(r)) || {};
  const choose = (r, field, value) => choice.set(keyOf(r), { ...chosen(r), [field]: value });
  const homeName = (r) => el("abbr", { title: `home ${r.home_id}` }, r.home_name || r.name || "a home");

  /* The person's assessed needs, from whichever fields the row carries. */
  function needs(r) {
    const out = [];
    if (r.registration || r.care_category) {
      out.push(["Needs", r.care_category ? Kit.bedType(`${r.registration}-${r.care_category}`) : Kit.word("registration", r.registration)]);
    } else if (r.needs) {
      out.push(["Needs", String(r.needs).includes("-") ? Kit.bedType(r.needs) : Kit.word("registration", r.needs)]);
    }
    if (Array.isArray(r.specialisms)) out.push(["Specialisms", r.specialisms.length ? r.specialisms.map((x) => Kit.word("specialism", x)).join(", ") : "None"]);
    if (r.urgency) out.push(["Urgency", Kit.word("urgency", r.urgency)]);
    if (r.funding) out.push(["Funding", Kit.word("funding", r.funding)]);
    const start = START.find((k) => r[k]);
    if (start) out.push([start === "needed_by" ? "Needed by" : "Start", Kit.ukDay(r[start])]);
    if (r.council_code) out.push(["Council", el("abbr", { title: r.council_code }, Kit.council(r.council_code))]);
    if (r.where_now || r.location) out.push(["Where now", r.where_now || r.location]);
    return out;
  }

  function facts(pairs) {
    return el("dl", { class: "facts" }, pairs.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }

  function clock(r) {
    const t = Kit.left(r.answer_by);
    return el("span", { class: `clock${t.overdue ? " overdue" : ""}`, "data-by": r.answer_by },
      t.overdue ? `⚠ ${t.text}` : t.text);
  }

  async function act(r, path, body, done) {
    const k = keyOf(r);
    try {
      await Dash.api(`${url(r)}/${path}`, { method: "POST", body });
      said.set(k, { text: done[0].toUpperCase() + done.slice(1), bad: false });
      Kit.say("referrals-said", `${r.home_name}: ${done}`);
      choice.delete(k);
    } catch (err) {
      said.set(k, { text: Kit.failure(err), bad: true });
    }
    draw();
    refresh();
  }

  function status(r) {
    const last = said.get(keyOf(r));
    return el("p", { id: `said-${keyOf(r)}`, class: last && last.bad ? "said bad" : "said", role: "status", "aria-live": "polite" }, last ? last.text : "");
  }

  function answerCard(r) {
    const k = keyOf(r);
    const person = needs(r);
    const reason = el("select", { id: `reason-${k}`, onchange: (e) => choose(r, "reason", e.target.value) },
      el("option", { value: "" }, "Choose a reason"),
      Object.entries(Dash.config.words.decline).map(([code, text]) => el("option", { value: code }, text)));
    reason.value = chosen(r).reason || "";
    const decline = () => {
      if (!reason.value) {
        said.set(k, { text: "Choose a reason to decline.", bad: true });
        draw();
        document.getElementById(`reason-${k}`).focus();
        return;
      }
      act(r, "answer", { accept: false, reason: reason.value }, `declined (${Kit.word("decline", reason.value)}).`);
    };
    return el("article", { class: "card", id: `referral-${k}`, "aria-labelledby": `title-${k}` },
      el("h3", { id: `title-${k}` }, "Referral to ", homeName(r), r.status === "escalated" ? el("span", { class: "tag" }, "escalated") : null),
      person.length ? facts(person) : el("p", { class: "empty" }, "The person's assessed needs are not given with this referral."),
      facts([["Sent", Kit.ukTime(r.sent_at)], ["Answer by", [Kit.ukTime(r.answer_by), " — ", clock(r)]]]),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "primary", id: `accept-${k}`, onclick: () => act(r, "answer", { accept: true }, "accepted to assess.") }, "Accept to assess"),
        el("label", { for: `reason-${k}` }, "Reason to decline", reason),
        el("button", { type: "button", class: "danger", id: `decline-${k}`, onclick: decline }, "Decline")),
      status(r));
  }

  function assessCard(r) {
    const k = keyOf(r);
    const today = new Date().toISOString().slice(0, 10);
    const day = el("input", { id: `on-${k}`, type: "date", min: today, required: true,
      value: chosen(r).on || r.assessment_on || "", oninput: (e) => choose(r, "on", e.target.value) });
    const by = el("select", { id: `by-${k}`, onchange: (e) => choose(r, "assessor", e.target.value) },
      Object.entries(Dash.config.words.assessor).map(([code, text]) => el("option", { value: code }, text)));
    by.value = chosen(r).assessor || r.assessor || "home";
    const book = () => {
      if (!day.value) {
        said.set(k, { text: "Choose the day of the assessment.", bad: true });
        draw();
        return;
      }
      act(r, "assessment", { on: day.value, assessor: by.value }, `assessment booked for ${Kit.ukDay(day.value)}.`);
    };
    const booked = r.assessment === "booked"
      ? `Booked for ${Kit.ukDay(r.assessment_on)} (${Kit.word("assessor", r.assessor).toLowerCase()}).`
      : "Not booked yet.";
    return el("article", { class: "card", id: `referral-${k}`, "aria-labelledby": `title-${k}` },
      el("h3", { id: `title-${k}` }, "Assessment for ", homeName(r)),
      facts([...needs(r), ["Accepted", Kit.ukTime(r.answered_at)], ["Assessment", booked]]),
      el("div", { class: "actions" },
        el("label", { for: `on-${k}` }, "Assessment day", day),
        el("label", { for: `by-${k}` }, "Assessed by", by),
        el("button", { type: "button", id: `book-${k}`, onclick: book }, r.assessment === "booked" ? "Change booking" : "Book assessment")),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "primary", id: `met-${k}`, onclick: () => act(r, "assessment/outcome", { can_meet_needs: true }, "assessed: the home can meet the person's needs.") }, "Can meet needs"),
        el("button", { type: "button", class: "danger", id: `not-met-${k}`, onclick: () => act(r, "assessment/outcome", { can_meet_needs: false }, "assessed: the home cannot meet the person's needs.") }, "Cannot meet needs")),
      status(r));
  }

  const COLUMNS = [
    { key: "home_name", label: "Home", show: homeName },
    { key: "needs", label: "Needs", value: (r) => needs(r).filter(([k]) => k === "Needs").map(([, v]) => v).join("") },
    { key: "status", label: "Status", value: (r) => Kit.word("status", r.status) },
    { key: "sent_at", label: "Sent", value: (r) => Kit.ukTime(r.sent_at) },
    { key: "answer_by", label: "Answer by", value: (r) => Kit.ukTime(r.answer_by) },
    { key: "answered_at", label: "Answered", value: (r) => Kit.ukTime(r.answered_at) },
    { key: "decline_reason", label: "Declined because", value: (r) => Kit.word("decline", r.decline_reason) },
    { key: "escalated", label: "Escalated", value: (r) => (r.escalated ? "Yes: not answered in time" : "No") },
    { key: "assessment", label: "Assessment", value: (r) => Kit.word("assessment", r.assessment) },
  ];

  function draw() {
    const waiting = rows.filter((r) => r.status === "sent" || r.status === "escalated")
      .sort((a, b) => Kit.instant(a.answer_by) - Kit.instant(b.answer_by));
    const assessing = rows.filter((r) => r.status === "accepted" && !["met", "not_met"].includes(r.assessment));
    Kit.redraw("to-answer", () => (waiting.length ? waiting.map(answerCard) : el("p", { class: "empty" }, "No referral is waiting for your answer.")));
    Kit.redraw("to-assess", () => (assessing.length ? assessing.map(assessCard) : el("p", { class: "empty" }, "No accepted referral is waiting for your assessment.")));
    Dash.table("referrals", COLUMNS, rows, { filename: "referrals-to-my-homes", empty: "No referrals to your homes." });
  }

  /* The provider's own figures, from its referrals: time to answer, accepted, escalated. */
  function summary() {
    const answered = rows.filter((r) => r.answered_at);
    const hours = answered.map((r) => (Kit.instant(r.answered_at) - Kit.instant(r.sent_at)) / 3.6e6).sort((a, b) => a - b);
    const median = hours.length ? (hours[(hours.length - 1) >> 1] + hours[hours.length >> 1]) / 2 : null;
    const accepted = rows.filter((r) => r.status === "accepted").length;
    // escalated, answered after the deadline, or past it with no answer yet
    const late = rows.filter((r) => r.escalated || Kit.instant(r.answered_at || new Date().toISOString()) > Kit.instant(r.answer_by)).length;
    const figure = (label, value) => el("div", {}, el("strong", {}, value), label);
    document.getElementById("resp-summary").replaceChildren(
      figure("referrals received", String(rows.length)),
      figure("answered", String(answered.length)),
      figure("median time to answer", median === null ? "—" : Kit.span(median * 3.6e6)),
      figure("accepted of those answered", answered.length ? `${Math.round((100 * accepted) / answered.length)}%` : "—"),
      figure("answered late or still overdue", String(late)));
  }

  async function responsiveness() {
    try {
      const homes = await Dash.api("/broker/responsiveness");
      Dash.table("responsiveness", [
        { key: "name", label: "Home", show: homeName },
        { key: "referrals", label: "Referrals", cls: "num" },
        { key: "answered", label: "Answered", cls: "num" },
        { key: "median_hours_to_answer", label: "Median hours to answer", cls: "num" },
        { key: "acceptance_rate", label: "Accepted", cls: "num", value: (h) => (h.acceptance_rate === null ? "" : `${Math.round(100 * h.acceptance_rate)}%`) },
        { key: "declined_by_reason", label: "Declines by reason", value: (h) => Object.entries(h.declined_by_reason || {}).map(([c, n]) => `${Kit.word("decline", c)}: ${n}`).join("; ") },
        { key: "escalated", label: "Escalated to the council (no answer in time)", cls: "num" },
      ], homes, { filename: "my-responsiveness", empty: "No referral has been sent to your homes yet." });
    } catch (err) {
      Dash.problem("responsiveness", err);
    }
  }

  let shown = "";
  async function load() {
    let found;
    try {
      found = await Dash.api("/broker/referrals");
    } catch (err) {
      Dash.problem("to-answer", err);
      shown = "";
      return;
    }
    const now = JSON.stringify(found);
    if (now === shown) return;  // nothing of this provider's changed: leave the forms alone
    shown = now;
    rows = found;
    draw();
    summary();
    await responsiveness();
  }

  const refresh = Dash.page(load);
  setInterval(() => {
    for (const c of document.querySelectorAll(".clock[data-by]")) {
      const t = Kit.left(c.dataset.by);
      c.textContent = t.overdue ? `⚠ ${t.text}` : t.text;
      c.classList.toggle("overdue", t.overdue);
    }
  }, 30000);
})();
"""
)

"""The packages of home care offered to a provider's agencies: each with the care the person
needs in words (calls a day and their time bands, minutes a call, one carer or two,
reablement or long-term, from when, in which zone), the hours a week it asks for, its
deadline in UK time with the time left, and Accept / Decline with a reason. An accepted
offer asks the vacancies service to hold the agency's hours at once; the answered offers
stay listed below with their outcome."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.agency_kit import AGENCY_JS
from services.dashboard.pages.agency_kit import config as config
from services.dashboard.pages.provider_kit import KIT_JS

HTML = """{% extends "base.html" %}{% block content %}
<section aria-labelledby="open-title"><h2 id="open-title">Waiting for your answer</h2>
  <p class="hint">The nearest deadline first. An offer not answered by its deadline is
  escalated to the council, which may offer the package to other agencies.</p>
  <div id="open-offers" class="cards"></div></section>
<section aria-labelledby="all-title"><h2 id="all-title">Every package offered to your agencies</h2>
  <div id="offers"></div></section>
{% endblock %}"""

JS = (
    KIT_JS
    + AGENCY_JS
    + r"""
(() => {
  const { el } = Dash;
  let rows = [];
  const reasons = new Map();  // offer -> the reason chosen, kept across live updates
  const said = new Map();  // offer -> {text, bad}: the outcome of the person's last action
  const key = (r) => `${r.request_id}-${r.offer_id}`.replace(/[^A-Za-z0-9-]/g, "-");
  const open = (r) => r.status === "sent" || r.status === "escalated";

  /* The care in words: "3 calls a day (Morning, Lunch, Bed), 30 minutes each, two carers". */
  function care(r) {
    const calls = r.calls_a_day
      ? `${r.calls_a_day} call${r.calls_a_day === 1 ? "" : "s"} a day (${r.call_bands.map((b) => Kit.word("band", b)).join(", ")}), ${r.minutes_a_call} minutes each`
      : "Calls not given";
    return `${calls}, ${r.double_handed ? "two carers at every call (double-handed)" : "one carer"}`;
  }

  async function answer(r, body, what) {
    const k = key(r);
    document.querySelectorAll(`#offer-${k} button`).forEach((b) => { b.disabled = true; });
    try {
      await Dash.api(`/broker/packages/${r.request_id}/offers/${encodeURIComponent(r.offer_id)}/answer`, { method: "POST", body });
      said.set("page", { text: `${r.agency_name}: package in ${Agency.zoneName(r.council_code, r.zone)} ${what}`, bad: false });
    } catch (err) {
      said.set("page", { text: Kit.failure(err), bad: true });
    }
    reasons.delete(k);
    shown = "";
    await load();
  }

  const facts = (pairs) => el("dl", { class: "facts" }, pairs.map(([label, value]) => [el("dt", {}, label), el("dd", {}, value)]));

  function card(r) {
    const k = key(r);
    const due = Kit.left(r.answer_by);
    const reason = el("select", { id: `reason-${k}`, onchange: (e) => reasons.set(k, e.target.value) },
      el("option", { value: "" }, "Choose a reason"),
      Object.entries(Dash.config.words.agency_decline).map(([code, text]) => el("option", { value: code }, text)));
    reason.value = reasons.get(k) || "";
    const decline = () => {
      if (!reason.value) {
        Kit.say(`said-${k}`, "Choose a reason to decline.", true);
        reason.focus();
        return;
      }
      answer(r, { accept: false, reason: reason.value }, `declined (${Kit.word("agency_decline", reason.value).toLowerCase()}).`);
    };
    return el("article", { class: "card", id: `offer-${k}`, "aria-labelledby": `title-${k}` },
      el("h3", { id: `title-${k}` }, `${Kit.word("service", r.service)} in ${Agency.zoneName(r.council_code, r.zone)}`),
      el("p", { class: "sub" }, `For ${r.agency_name} · ${Kit.council(r.council_code)}`),
      facts([
        ["Care needed", care(r)],
        ["Hours a week", `${Agency.hours(r.total_hours)}: ${Agency.byBand(r.hours)}`],
        ["Starts", Kit.ukDay(r.start_on)],
        ["Answer by", el("span", {}, `${Kit.ukTime(r.answer_by)} (`, el("span", { class: due.overdue ? "overdue" : "" }, due.text), ")")],
        ["Status", Kit.word("offer", r.status)],
      ]),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "primary", id: `accept-${k}`, onclick: () => answer(r, { accept: true }, "accepted: its hours are being held.") }, "Accept"),
        el("label", { for: `reason-${k}` }, "Reason to decline", reason),
        el("button", { type: "button", class: "danger", id: `decline-${k}`, onclick: decline }, "Decline")),
      el("p", { id: `said-${k}`, class: "said", role: "status", "aria-live": "polite" }));
  }

  const columns = [
    { key: "sent_at", label: "Offered", value: (r) => Kit.ukTime(r.sent_at), sort: (r) => r.sent_at },
    { key: "agency_name", label: "Agency" },
    { key: "zone", label: "Zone", value: (r) => Agency.zoneName(r.council_code, r.zone) },
    { key: "service", label: "Care", value: (r) => `${Kit.word("service", r.service)}: ${care(r)}` },
    { key: "total_hours", label: "Hours a week", num: true },
    { key: "status", label: "Answer", value: (r) => Kit.word("offer", r.status)
      + (r.decline_reason ? ` (${Kit.word("agency_decline", r.decline_reason).toLowerCase()})` : "")
      + (r.answered_at ? ` at ${Kit.ukTime(r.answered_at)}` : "") },
  ];

  let shown = "";
  async function load() {
    try {
      rows = await Dash.api("/broker/package-offers");
    } catch (err) {
      Dash.problem("open-offers", err);
      return;
    }
    const now = JSON.stringify(rows);
    if (now === shown) return;  // a live update that changed nothing leaves a chosen reason be
    shown = now;
    const waiting = rows.filter(open).sort((a, b) => Kit.instant(a.answer_by) - Kit.instant(b.answer_by));
    const last = said.get("page");
    Kit.redraw("open-offers", () => [
      el("p", { id: "offers-said", class: last && last.bad ? "said bad" : "said", role: "status", "aria-live": "polite" }, last ? last.text : ""),
      ...(waiting.length ? waiting.map(card) : [el("p", { class: "empty" }, "No package is waiting for your answer.")]),
    ]);  // one flat list: the kit's redraw flattens a single level
    Dash.table("offers", columns, rows, { filename: "package-offers", empty: "No package has been offered to your agencies yet." });
  }

  Dash.page(load);
})();
"""
)

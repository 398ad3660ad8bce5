"""What the request workspace shows (its script's reading half): the request, its matches,
referrals, offers with the bed hold, and the timeline, redrawn whenever the data changes
without touching what the broker is typing."""

# ruff: noqa: E501  (the JavaScript below is not Python)

from __future__ import annotations

VIEW_JS = r"""
const Req = (() => {
  const { el, link } = Dash;
  const $ = (id) => document.getElementById(id);
  const id = Dash.config.request_id;
  const names = new Map();  // home id -> name
  const chosen = new Set();  // homes ticked to refer to (kept across redraws)
  const state = { request: null, matches: [], local: [], hold: null, near: null };
  const drawn = { chosen: "", matches: "" };  // what the live redraws last drew
  const LIVE = ["requested", "confirmed", "accepted", "booked"];
  const homeName = (hid) => names.get(String(hid)) || "a home";
  const homeLink = (hid) => link(`/dashboard/care-homes/${hid}`, homeName(hid));
  const referrals = (r) => Object.entries(r.referrals).map(([k, v]) => ({ referral_id: k, ...v }));
  const offers = (r) => Object.entries(r.offers).map(([k, v]) => ({ offer_id: k, ...v }));
  const liveOffer = (r) => offers(r).find((o) => LIVE.includes(o.status)) || null;
  const closed = (r) => ["placed", "cancelled"].includes(r.stage);

  async function learnNames(ids) {
    for (const hid of new Set(ids.map(String))) {
      if (names.has(hid)) continue;
      try {
        names.set(hid, (await Dash.api(`/broker/homes/${hid}`)).name);
      } catch (err) {
        /* a home the broker's index does not know (yet): it stays "a home" */
      }
    }
  }

  async function holdOf(offer) {
    if (!offer || offer.status === "requested") return null;
    try {
      const home = await Dash.api(`/vacancies/homes/${offer.home_id}`);
      return home.reservations.find((h) => h.reservation_id === offer.offer_id) || null;
    } catch (err) {
      return null;
    }
  }

  function notFound(err) {
    $("workspace").hidden = true;
    const box = $("not-found");
    box.hidden = false;
    box.replaceChildren(el("section", { class: "panel" },
      el("p", { class: "error", role: "alert" }, "Not found: there is no such placement request for your council."),
      el("p", {}, link("/dashboard/waiting-list", "Back to the waiting list"))));
    document.title = "Not found · Carebridge";
    document.querySelector("h1").textContent = "Placement request not found";
  }

  async function load() {
    let r;
    try {
      r = await Dash.api(`/broker/requests/${id}`);
    } catch (err) {
      if (err.status === 404) notFound(err);
      else Dash.problem("request-facts", err);
      return;
    }
    state.request = r;
    state.matches = [];
    if (r.care_category && !closed(r)) {
      const near = state.near ? "?" + new URLSearchParams(state.near) : "";
      try {
        state.matches = await Dash.api(`/broker/requests/${id}/matches${near}`);
      } catch (err) {
        Dash.problem("matches", err);
      }
    }
    try {
      state.local = await Dash.api(`/vacancies/search?${new URLSearchParams({ la_code: r.council_code })}`);
    } catch (err) {
      state.local = [];
    }
    for (const h of [...state.matches, ...state.local]) names.set(String(h.home_id), h.name);
    await learnNames([...referrals(r), ...offers(r)].map((x) => x.home_id).concat(r.preferred_home_ids));
    state.hold = await holdOf(liveOffer(r));
    render();
  }

  function nextStep(r) {
    const rs = referrals(r);
    const offer = liveOffer(r);
    const met = rs.find((x) => x.status === "accepted" && x.assessment === "met");
    const accepted = rs.find((x) => x.status === "accepted" && !x.assessment);
    const waiting = rs.filter((x) => x.status === "sent").length;
    switch (r.stage) {
      case "needs_details": return "Next: record the person's assessed needs.";
      case "offer_pending": return `Next: ${homeName(offer.home_id)} is asked to hold the bed; this page updates when it does.`;
      case "offered": return "Next: record the person's choice of the bed offered.";
      case "accepted": return "Next: book the admission, or record it if the person has moved in.";
      case "admission_booked": return "Next: record the admission when the person moves in.";
      case "placed": return `Placed at ${homeName((offers(r).find((o) => o.status === "admitted" && !o.interim) || {}).home_id)}.`;
      case "cancelled": return "This request is closed.";
      default: break;
    }
    const now = r.stage === "interim" ? "In an interim home. " : "";
    if (met) return `${now}Next: offer a bed at ${homeName(met.home_id)}.`;
    if (accepted) return `${now}Next: book ${homeName(accepted.home_id)}'s assessment, or record its outcome.`;
    if (waiting) return `${now}Waiting for ${waiting} home${waiting === 1 ? "" : "s"} to answer; answers appear here as they arrive.`;
    return `${now}Next: choose homes from the matches and refer the person to them.`;
  }

  function facts(r) {
    const w = Words.word;
    Dash.facts("request-facts", [
      ["Stage", Words.stage(r.stage)],
      ["Council", Words.named(Words.council(r.council_code), r.council_code)],
      ["Where", w("location", r.location)],
      ["Opened from", r.episode_id ? "A hospital discharge" : "The community"],
      ["Needs", Words.needs(r) || "Not recorded yet"],
      ["Specialist needs", (r.specialisms || []).map((s) => w("specialisms", s)).join(", ") || "None"],
      ["Funding", w("funding", r.funding) || "Not recorded yet"],
      ["Urgency", w("urgency", r.urgency)],
      ["Preferred localities", (r.preferred_localities || []).join(", ") || "None"],
      ["The person's chosen homes", (r.preferred_home_ids || []).map(homeName).join(", ") || "None"],
    ]);
    $("next-step").textContent = nextStep(r);
  }

  function needsForm(r) {
    const form = $("needs-form");
    const homes = new Map(state.local.map((h) => [String(h.home_id), h.name]));
    for (const hid of r.preferred_home_ids || []) homes.set(String(hid), homeName(hid));
    const ticked = new Set(form.dataset.dirty
      ? [...form.querySelectorAll("[name=preferred_home_ids]:checked")].map((c) => c.value)
      : (r.preferred_home_ids || []).map(String));
    // redrawn only when the homes change: a live update never takes the focus from a box
    const listed = JSON.stringify([...homes, ...ticked]);
    if (listed !== drawn.chosen) $("chosen-list").replaceChildren(...[...homes].sort((a, b) => a[1].localeCompare(b[1])).map(([hid, name]) =>
      el("label", { class: "check" }, el("input", { type: "checkbox", name: "preferred_home_ids", value: hid, checked: ticked.has(hid) }), ` ${name}`)));
    drawn.chosen = listed;
    $("localities").replaceChildren(...[...new Set(state.local.map((h) => h.locality))].sort().map((l) => el("option", { value: l })));
    if (form.dataset.dirty) return;  // never overwrite what the broker is typing
    for (const name of ["registration", "care_category", "funding", "urgency"]) form.elements[name].value = r[name] || "";
    form.querySelectorAll("[name=specialisms]").forEach((c) => { c.checked = (r.specialisms || []).includes(c.value); });
    form.elements.preferred_localities.value = (r.preferred_localities || []).join(", ");
  }

  function matches(r) {
    const open = new Set(referrals(r).filter((x) => ["sent", "escalated", "accepted"].includes(x.status)).map((x) => String(x.home_id)));
    const rows = state.matches.map((m, i) => ({ ...m, rank: i + 1, referred: open.has(String(m.home_id)) }));
    for (const hid of [...chosen]) if (!rows.some((m) => m.home_id === hid && !m.referred)) chosen.delete(hid);
    const shown = JSON.stringify([r.care_category, rows]);
    if (shown === drawn.matches) return;  // as drawn: keep the focus and the order chosen
    drawn.matches = shown;
    Dash.table("matches", [
      { key: "refer", label: "Refer", value: (m) => (m.referred ? "referred" : ""), show: (m) => (m.referred ? "Referred"
        : el("input", { type: "checkbox", name: "home_ids", value: m.home_id, "aria-label": `Refer to ${m.name}`, checked: chosen.has(m.home_id),
          onchange: (e) => (e.target.checked ? chosen.add(m.home_id) : chosen.delete(m.home_id)) })) },
      { key: "rank", label: "Rank", cls: "num" },
      { key: "name", label: "Home", show: (m) => homeLink(m.home_id) },
      { key: "locality", label: "Locality" },
      { key: "available", label: "Free beds", cls: "num" },
      { key: "distance_km", label: "Distance", cls: "num", show: (m) => (m.distance_km === null ? "—" : `${m.distance_km.toFixed(1)} km`) },
      { key: "report_age_hours", label: "Vacancies confirmed", cls: "num", show: (m) => Words.hoursAgo(m.report_age_hours) },
      { key: "rating", label: "CQC rating", value: (m) => Words.word("rating", m.rating) || "Not yet rated" },
      { key: "reasons", label: "Why it ranks here", value: (m) => m.reasons.map(Words.reason).join("; "), show: (m) => el("ul", { class: "reasons" }, m.reasons.map((x) => el("li", {}, Words.reason(x)))) },
    ], rows, { filename: `request-${id}-matches`, empty: r.care_category ? "No home in the area has a fresh, suitable free bed now." : "Record the needs to see the homes that could take the person." });
  }

  function referralTable(r) {
    const w = Words.word;
    Dash.table("referrals", [
      { key: "home_id", label: "Home", value: (x) => homeName(x.home_id), show: (x) => homeLink(x.home_id) },
      { key: "status", label: "Answer", value: (x) => w("referral_status", x.status) + (x.decline_reason ? `: ${w("referral_decline", x.decline_reason)}` : "") },
      { key: "sent_at", label: "Sent", show: (x) => Words.time(x.sent_at) },
      { key: "answer_by", label: "Answer by", show: (x) => Words.time(x.answer_by) },
      { key: "answered_at", label: "Answered", show: (x) => Words.time(x.answered_at) },
      { key: "assessment", label: "Assessment", value: (x) => (x.assessment ? w("assessment", x.assessment) + (x.assessment === "booked" && x.assessment_on ? ` for ${Words.day(x.assessment_on)}` : "") : "") },
    ], referrals(r), { filename: `request-${id}-referrals`, empty: "No referrals yet." });
  }

  /* A form acting on one home: its choice of homes, hidden when there is none. */
  function choices(formId, homes) {
    const form = $(formId);
    const select = form.elements.home_id;
    const keep = select.value;
    select.replaceChildren(...homes.map((hid) => el("option", { value: hid }, homeName(hid))));
    if (homes.map(String).includes(keep)) select.value = keep;
    form.hidden = !homes.length;
  }

  function offerTable(r) {
    const w = Words.word;
    Dash.table("offers", [
      { key: "home_id", label: "Home", value: (o) => homeName(o.home_id), show: (o) => homeLink(o.home_id) },
      { key: "status", label: "Status", value: (o) => w("offer_status", o.status) + (o.interim ? " (interim)" : "") },
      { key: "weekly_fee", label: "Weekly fee", cls: "num", show: (o) => Words.pounds(o.weekly_fee) },
      { key: "top_up", label: "Top-up", cls: "num", show: (o) => Words.pounds(o.top_up) },
      { key: "booked_on", label: "Moving in on", show: (o) => Words.day(o.booked_on) },
    ], offers(r), { filename: `request-${id}-offers`, empty: "No bed offered yet." });
    const offer = liveOffer(r);
    const h = state.hold;
    let text = "";
    if (offer && offer.status === "requested") text = `Asked ${homeName(offer.home_id)} to hold a bed: waiting for the home to confirm.`;
    else if (offer && h && h.status === "held") text = `Bed held at ${homeName(offer.home_id)} until ${Words.time(h.expires_at)} (${Words.left(h.expires_at)}).`;
    else if (offer) text = `Bed held at ${homeName(offer.home_id)}.`;
    $("hold").replaceChildren(...(text ? [el("p", { class: "held" }, text)] : []));
    $("choice-form").hidden = !(offer && offer.status === "confirmed");
    $("booking-form").hidden = !(offer && offer.status === "accepted");
    $("admit-form").hidden = !(offer && ["accepted", "booked"].includes(offer.status));
  }

  function render() {
    const r = state.request;
    document.querySelector("h1").textContent = `Placement request: ${Words.needs(r) || "needs to record"}`;
    facts(r);
    needsForm(r);
    matches(r);
    referralTable(r);
    const accepted = referrals(r).filter((x) => x.status === "accepted");
    choices("book-form", accepted.filter((x) => x.assessment !== "met").map((x) => x.home_id));
    choices("outcome-form", accepted.map((x) => x.home_id));
    const placedAt = new Set(offers(r).filter((o) => o.status === "admitted").map((o) => String(o.home_id)));
    const offerable = accepted.filter((x) => x.assessment === "met" && !placedAt.has(String(x.home_id)));
    choices("offer-form", liveOffer(r) ? [] : offerable.map((x) => x.home_id));
    offerTable(r);
    Sentences.render("timeline", r.history, Words.council(r.council_code), homeName);
    // a closed request is a record: its forms go
    const shut = closed(r);
    for (const s of ["needs-section", "close-section"]) $(s).hidden = shut;
    document.querySelectorAll(".actions").forEach((a) => { a.hidden = shut; });
    $("matches-section").hidden = shut || !r.care_category;
  }

  return { id, state, chosen, names, homeName, liveOffer, load, reload: () => {} };
})();
"""

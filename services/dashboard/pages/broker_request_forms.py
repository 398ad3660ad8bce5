"""What the request workspace does (its script's writing half): each form sends one command
of the broker API through `Dash.api` (with the session's CSRF token); a refusal shows each
message next to the field it names, a success says so and the page redraws."""

# ruff: noqa: E501  (the JavaScript below is not Python)

from __future__ import annotations

FORMS_JS = r"""
(() => {
  const $ = (id) => document.getElementById(id);
  const path = (p) => `/broker/requests/${Req.id}${p}`;
  const ticked = (form, name) => [...form.querySelectorAll(`[name="${name}"]:checked`)].map((c) => c.value);
  const number = (input) => (input.value === "" ? null : Number(input.value));

  /* Send one command; say what happened next to the form. */
  async function send(form, where, body, done, method = "POST") {
    Words.refused(form, null);
    const said = form.querySelector(".saved");
    if (said) said.textContent = "";
    const buttons = [...form.querySelectorAll("button")];
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const answer = await Dash.api(where, { method, body });
      if (said) said.textContent = done;
      // an action done is done: its form starts afresh (what describes the person stays)
      if (!["needs-form", "refer-form"].includes(form.id)) {
        form.reset();
        defaults();
      }
      Req.reload();
      return answer;
    } catch (err) {
      Words.refused(form, err);
      return null;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  const on = (id, handler) => $(id).addEventListener("submit", (event) => {
    event.preventDefault();
    handler(event.target, event.submitter);
  });

  const needs = $("needs-form");
  for (const kind of ["input", "change"]) needs.addEventListener(kind, () => { needs.dataset.dirty = "1"; });
  on("needs-form", async (form) => {
    const f = form.elements;
    const body = {
      registration: f.registration.value, care_category: f.care_category.value,
      funding: f.funding.value, urgency: f.urgency.value,
      specialisms: ticked(form, "specialisms"),
      preferred_localities: f.preferred_localities.value.split(",").map((s) => s.trim()).filter(Boolean),
      preferred_home_ids: ticked(form, "preferred_home_ids"),
    };
    if (await send(form, path("/details"), body, "Needs saved.")) delete form.dataset.dirty;
  });

  on("near-form", async (form) => {
    const lat = form.elements.latitude.value, lon = form.elements.longitude.value;
    const near = lat === "" && lon === "" ? null : { latitude: lat, longitude: lon };
    Words.refused(form, null);
    try {
      if (near) await Dash.api(path(`/matches?${new URLSearchParams(near)}`));
      Req.state.near = near;
      Req.reload();
    } catch (err) {
      Words.refused(form, err);
    }
  });

  on("refer-form", async (form) => {
    const homes = [...Req.chosen];
    const body = { home_ids: homes, answer_within_hours: number(form.elements.answer_within_hours) };
    const done = `Referred to ${homes.length} home${homes.length === 1 ? "" : "s"}.`;
    if (await send(form, path("/referrals"), body, done)) Req.chosen.clear();
  });

  on("book-form", (form) => {
    const f = form.elements;
    send(form, path("/assessment"), { home_id: f.home_id.value, on: f.on.value || null, assessor: f.assessor.value }, "Assessment booked.");
  });

  on("outcome-form", (form) => {
    const picked = ticked(form, "can_meet_needs")[0];
    const body = { home_id: form.elements.home_id.value };
    if (picked !== undefined) body.can_meet_needs = picked === "true";
    send(form, path("/assessment/outcome"), body, "Outcome recorded.");
  });

  on("offer-form", (form) => {
    const f = form.elements;
    const body = { home_id: f.home_id.value, weekly_fee: number(f.weekly_fee), top_up: number(f.top_up) ?? 0 };
    send(form, path("/offers"), body, "Offer sent: the home is asked to hold the bed.");
  });

  on("choice-form", (form, button) => {
    const offer = Req.liveOffer(Req.state.request);
    if (!offer) return;
    const where = path(`/offers/${offer.offer_id}/${button && button.value === "decline" ? "decline" : "accept"}`);
    const decline = button && button.value === "decline";
    send(form, where, decline ? { reason: form.elements.reason.value } : {}, decline ? "Declined: the bed is released." : "Accepted.");
  });

  on("booking-form", (form) => {
    const offer = Req.liveOffer(Req.state.request);
    if (offer) send(form, path(`/offers/${offer.offer_id}/admission`), { on: form.elements.on.value || null }, "Admission booked.");
  });

  on("admit-form", (form) => {
    const offer = Req.liveOffer(Req.state.request);
    if (offer) send(form, path(`/offers/${offer.offer_id}/admitted`), { interim: form.elements.interim.checked }, "Admission recorded.");
  });

  on("cancel-form", (form) => {
    send(form, path("/cancel"), { reason: form.elements.reason.value }, "Request closed.");
  });

  function defaults() {
    for (const id of ["booking-form", "book-form"]) $(id).elements.on.min = Words.today();
    $("booking-form").elements.on.value = Words.today();
  }
  defaults();
  Req.reload = Dash.page(Req.load);
})();
"""

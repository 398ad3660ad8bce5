"""A placement request's history as sentences, in UK local time, with names for the council
and the homes ("10:42 Tue 3 Dec — Broker (Sefton) referred to Oak House")."""

# ruff: noqa: E501  (the JavaScript below is not Python)

from __future__ import annotations

TIMELINE_JS = r"""
/* The request's events as sentences: who did what, with names. `home(id)` names a home. */
const Sentences = (() => {
  const { el } = Dash;
  const w = Words.word;

  function sentence(h, council, home) {
    const d = h.detail || {};
    const broker = `Broker (${council})`;
    const at = d.home_id ? home(d.home_id) : "";
    switch (h.event) {
      case "PlacementRequested":
        return d.episode_id
          ? `The hospital made the person ready for a care home: request opened for ${council}${d.status === "needs_details" ? ", needs to record" : ""}`
          : `${broker} opened the request`;
      case "PlacementDetailsCompleted":
        return `${broker} recorded the needs: ${[w("registration", d.registration), w("care_category", d.care_category)].join(", ")}`
          + `${(d.specialisms || []).length ? "; " + d.specialisms.map((s) => w("specialisms", s)).join(", ") : ""}`
          + `; ${w("funding", d.funding)}; ${w("urgency", d.urgency).toLowerCase()}`;
      case "ReferralSent":
        return `${broker} referred to ${at} (answer by ${Words.time(d.answer_by)})`;
      case "ReferralAccepted":
        return `${at} accepted the referral and will assess the person`;
      case "ReferralDeclined":
        return `${at} declined the referral: ${w("referral_decline", d.reason)}`;
      case "ReferralEscalated":
        return `${at} had not answered by the deadline: escalated`;
      case "AssessmentBooked":
        return `${broker} booked ${at}'s assessment by ${w("assessor", d.assessor)} for ${Words.day(d.on)}`;
      case "AssessmentCompleted":
        return `${at} assessed the person: ${d.can_meet_needs ? "can meet the needs" : "cannot meet the needs"}`;
      case "BedReservationRequested":
        return `${broker} offered a bed at ${at} and asked the home to hold it for ${d.hold_hours} hours`;
      case "OfferConfirmed":
        return `${at} is holding the bed (${Words.pounds(d.weekly_fee)} a week${d.top_up ? `, top-up ${Words.pounds(d.top_up)}` : ""}): the person to choose`;
      case "OfferFailed":
        return `${at} could not hold a bed (${String(d.reason || "").replace(/_/g, " ")}): the offer fell through`;
      case "OfferAccepted":
        return `The person accepted the bed at ${at}`;
      case "OfferDeclined":
        return `The person declined the bed at ${at}: ${w("offer_decline", d.reason)}`;
      case "AdmissionBooked":
        return `${broker} booked the admission to ${at} for ${Words.day(d.on)}`;
      case "PlacementAdmitted":
        return d.interim
          ? `The person moved into ${d.home_name || at} for now (interim), waiting to move to the home of their choice`
          : `The person moved into ${d.home_name || at}: placed`;
      case "PlacementCancelled":
        return `${broker} closed the request: ${w("cancel", d.reason)}`;
      case "PlacementReopened":
        return `The request is open again: ${w("reopen", d.reason)} (${Words.stage(d.stage).toLowerCase()})`;
      default:
        return h.event.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    }
  }

  /* Newest first, as a list of time and sentence. */
  function render(target, history, council, home) {
    const items = [...history].reverse().map((h) => {
      const at = h.occurred_at || h.recorded_at;
      return el("li", {}, el("time", { datetime: at }, Words.time(at)), " — ", sentence(h, council, home));
    });
    document.getElementById(target).replaceChildren(
      items.length ? el("ol", { class: "sentences", reversed: true }, items) : el("p", { class: "empty" }, "Nothing yet."));
  }

  return { sentence, render };
})();
"""

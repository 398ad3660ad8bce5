"""One patient as the discharge team works on them: where they are, what blocks them, and the
forms of the job (mark ready with the discharge ready date and pathway, open or close a
blocker with its owner and reason, record an assessment's progress, end the episode), then
the story so far in sentences."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from typing import Any

from services.dashboard.pages import patient_residence, workspace
from services.dashboard.pages.patient_js import JS as PATIENT_JS
from services.discharge.domain.vocabulary import DTOC_REASONS, AssessmentKind

HTML = (
    """{% extends "base.html" %}{% block content %}
<p><a href="/dashboard/patients">← My patients</a></p>
<section id="facts" aria-label="The patient"></section>
<div id="outcome" aria-live="polite"></div>
"""
    + patient_residence.HTML
    + """
<section><h2>Blockers</h2><div id="blockers"></div></section>
<section aria-labelledby="actions-title"><h2 id="actions-title">Record</h2>
<div class="actions">
  <form id="ready-form">
    <h3>Mark ready for discharge</h3>
    <label for="ready-date">Discharge ready date<input id="ready-date" type="date" required></label>
    <label for="ready-time">Time (UK)<input id="ready-time" type="time" required></label>
    <label for="ready-pathway">Pathway<select id="ready-pathway" required>
      <option value="P0">P0 home, no new support</option><option value="P1">P1 home with support</option>
      <option value="P2">P2 short-term bed</option><option value="P3">P3 care home</option>
      <option value="P3b">P3b back to own care home</option></select></label>
    <label for="ready-setting">Where the pathway leads<select id="ready-setting">
      <option value="">Not said</option><option value="home">Home</option><option value="care_home">Care home</option>
      <option value="community_hospital">Community hospital</option><option value="hospice">Hospice</option></select></label>
    <button type="submit">Mark ready</button>
  </form>
  <form id="not-ready-form">
    <h3>No longer ready</h3>
    <p class="hint">The patient meets the criteria to reside again: the delay stops, and a later readiness starts a new discharge ready date.</p>
    <label for="not-ready-note">What changed<input id="not-ready-note" maxlength="2000"></label>
    <button type="submit">Not ready any more</button>
  </form>
  <form id="blocker-form">
    <h3>Open a blocker</h3>
    <label for="blocker-reason">Reason<select id="blocker-reason" required></select></label>
    <label for="blocker-agency">Agency responsible<select id="blocker-agency" required></select></label>
    <label for="blocker-owner">Organisation that must act<select id="blocker-owner" required></select></label>
    <label for="blocker-team">Team<select id="blocker-team">
      <option value="">Not said</option><option>Ward team</option><option>Discharge hub</option>
      <option>Social work team</option><option>Brokerage</option><option>Continuing healthcare team</option>
      <option>Therapy</option><option>Community health services</option><option>Housing</option>
      <option>Patient and family</option></select></label>
    <label class="check" for="blocker-record"><span><input id="blocker-record" type="checkbox"> Make it the reason of record (closes the other reasons)</span></label>
    <button type="submit">Open blocker</button>
  </form>
  <form id="assessment-form">
    <h3>Record an assessment</h3>
    <label for="assessment-which">Assessment<select id="assessment-which"></select></label>
    <label for="assessment-kind">Kind<select id="assessment-kind" required></select></label>
    <label for="assessment-stage">Stage<select id="assessment-stage" required>
      <option value="requested">Requested</option><option value="started">Started</option>
      <option value="completed">Completed</option></select></label>
    <label for="assessment-outcome">Outcome (when completed)<input id="assessment-outcome" maxlength="200"></label>
    <button type="submit">Record assessment</button>
  </form>
  <form id="end-form">
    <h3>End the stay</h3>
    <label for="end-kind">How<select id="end-kind" required>
      <option value="discharged">Discharged</option><option value="transferred">Transferred</option>
      <option value="died">Died</option></select></label>
    <label for="end-destination">Destination<select id="end-destination">
      <option>Home</option><option>Home with care package</option><option>Care home</option>
      <option>Nursing home</option><option>Community hospital</option><option>Hospice</option>
      <option>Other hospital</option><option>Other</option></select></label>
    <label for="end-date">Date<input id="end-date" type="date" required></label>
    <label for="end-time">Time (UK)<input id="end-time" type="time" required></label>
    <button type="submit">End the stay</button>
  </form>
</div>
</section>
<section><h2>Assessments</h2><div id="assessments"></div></section>
<section><h2>What happened</h2><ol id="story" class="changes"></ol></section>
{% endblock %}"""
)

JS = workspace.WORK_JS + patient_residence.JS + PATIENT_JS


def config(runtime: Any) -> dict[str, Any]:
    return {
        **workspace.config(runtime),
        "agencies": {r.code: sorted(a.value for a in r.agencies) for r in DTOC_REASONS},
        "assessment_kinds": [k.value for k in AssessmentKind],
        "councils": patient_residence.councils(),
    }

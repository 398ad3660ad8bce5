"""One placement request as the broker's workspace: the needs form, the ranked matches to
refer to several homes at once, the referrals with the homes' answers as they arrive, the
assessment, the offer with its bed hold, the person's choice, the admission, and the
timeline in sentences. Its script: broker_request_view.py (what it shows) and
broker_request_forms.py (what it does)."""

# ruff: noqa: E501  (the HTML and CSS below are not Python)

from __future__ import annotations

from services.dashboard.pages.broker_request_forms import FORMS_JS
from services.dashboard.pages.broker_request_view import VIEW_JS
from services.dashboard.pages.broker_timeline import TIMELINE_JS
from services.dashboard.pages.broker_words import COMMON_JS

_OPTIONS = {
    "registration": [("residential", "Residential"), ("nursing", "Nursing")],
    "care_category": [
        ("older_people", "Older people"),
        ("dementia", "Dementia"),
        ("learning_disability_autism", "Learning disability or autism"),
        ("mental_health", "Mental health"),
        ("physical_disability_sensory", "Physical disability or sensory impairment"),
    ],
    "funding": [
        ("council", "Council funded"),
        ("nhs_chc", "NHS Continuing Healthcare"),
        ("joint", "Joint council and NHS"),
        ("fnc", "NHS-funded nursing care"),
        ("self_funder", "Self-funder"),
        ("third_party_top_up", "Council with a third-party top-up"),
    ],
}


def _select(name: str, label: str) -> str:
    options = "".join(f'<option value="{v}">{w}</option>' for v, w in _OPTIONS[name])
    return (
        f'<label>{label} <select name="{name}" required>'
        f'<option value="">Choose…</option>{options}</select></label>'
    )


HTML = (
    """{% extends "base.html" %}{% block content %}
<div id="not-found" hidden></div>
<div id="workspace">
<section id="request-facts" aria-label="The request"></section>
<p id="next-step" class="notice" role="status"></p>

<section id="needs-section" aria-labelledby="needs-title">
  <h2 id="needs-title">Assessed needs</h2>
  <form id="needs-form" class="form" novalidate>
    <div class="fields">"""
    + _select("registration", "Registration")
    + _select("care_category", "Care category")
    + _select("funding", "Funding")
    + """<label>Urgency <select name="urgency"><option value="routine">Routine</option>
      <option value="urgent">Urgent</option><option value="immediate">Immediate</option></select></label>
    </div>
    <fieldset><legend>Specialist needs</legend>
      <label class="check"><input type="checkbox" name="specialisms" value="bariatric"> Bariatric</label>
      <label class="check"><input type="checkbox" name="specialisms" value="dementia_nursing"> Dementia nursing</label>
      <label class="check"><input type="checkbox" name="specialisms" value="complex_needs"> Complex needs</label>
    </fieldset>
    <label class="wide">Preferred localities
      <input name="preferred_localities" list="localities" autocomplete="off" aria-describedby="localities-hint">
      <datalist id="localities"></datalist></label>
    <p class="hint" id="localities-hint">Separate them with commas: up to 20, each up to 200 characters.</p>
    <fieldset id="chosen-homes"><legend>The person's own choice of homes (up to 30)</legend>
      <div id="chosen-list" class="checks"><p class="hint">Homes in the council's area with a free bed appear here.</p></div>
    </fieldset>
    <button type="submit">Save the needs</button> <span class="saved" role="status"></span>
  </form>
</section>

<section id="matches-section" aria-labelledby="matches-title">
  <h2 id="matches-title">Homes that could take the person</h2>
  <p class="hint">Best first: the person's own choice of home, then their preferred localities, then
    the nearest, then the freshest vacancy report, then the better CQC rating. Fees are agreed with the
    home when a bed is offered: homes do not publish them.</p>
  <form id="near-form" class="filters" novalidate>
    <label>Measure distance from latitude <input name="latitude" type="number" step="any" min="49" max="61" inputmode="decimal"></label>
    <label>and longitude <input name="longitude" type="number" step="any" min="-8.7" max="1.8" inputmode="decimal"></label>
    <button type="submit">Measure distance</button>
  </form>
  <form id="refer-form" class="form" novalidate>
    <fieldset><legend>Choose the homes to refer to</legend><div id="matches"></div></fieldset>
    <label>Homes answer within (hours, 1 to 336)
      <input name="answer_within_hours" type="number" min="1" max="336" step="1" value="24"></label>
    <button type="submit">Refer to the chosen homes</button> <span class="saved" role="status"></span>
  </form>
</section>

<section aria-labelledby="referrals-title">
  <h2 id="referrals-title">Referrals and the homes' answers</h2>
  <div id="referrals"></div>
  <div class="actions">
    <form id="book-form" class="form" novalidate><fieldset><legend>Book a home's assessment</legend>
      <label>Home <select name="home_id"></select></label>
      <label>On <input type="date" name="on"></label>
      <label>By <select name="assessor"><option value="home">The home</option>
        <option value="trusted_assessor">A trusted assessor</option></select></label>
      <button type="submit">Book the assessment</button> <span class="saved" role="status"></span></fieldset></form>
    <form id="outcome-form" class="form" novalidate><fieldset><legend>Record the assessment's outcome</legend>
      <label>Home <select name="home_id"></select></label>
      <label class="check"><input type="radio" name="can_meet_needs" value="true"> The home can meet the needs</label>
      <label class="check"><input type="radio" name="can_meet_needs" value="false"> The home cannot meet the needs</label>
      <button type="submit">Record the outcome</button> <span class="saved" role="status"></span></fieldset></form>
    <form id="offer-form" class="form" novalidate><fieldset><legend>Offer a bed</legend>
      <label>Home <select name="home_id"></select></label>
      <label>Weekly fee (£, up to 20,000) <input type="number" name="weekly_fee" min="0.01" max="20000" step="0.01" inputmode="decimal"></label>
      <label>Third-party top-up (£ a week) <input type="number" name="top_up" min="0" max="20000" step="0.01" value="0" inputmode="decimal"></label>
      <button type="submit">Offer a bed</button> <span class="saved" role="status"></span></fieldset></form>
  </div>
</section>

<section aria-labelledby="offers-title">
  <h2 id="offers-title">The offer, the person's choice and the admission</h2>
  <div id="hold" role="status"></div>
  <div id="offers"></div>
  <div class="actions">
    <form id="choice-form" class="form" novalidate hidden><fieldset><legend>The person's choice</legend>
      <button type="submit" name="choice" value="accept">The person accepts</button>
      <label>Or, declining because <select name="reason">
        <option value="family_choice">The person's or family's choice</option><option value="location">The location</option>
        <option value="fee_top_up">The fee or top-up</option><option value="needs">It does not meet the needs</option>
        <option value="other">Another reason</option></select></label>
      <button type="submit" name="choice" value="decline">The person declines</button> <span class="saved" role="status"></span></fieldset></form>
    <form id="booking-form" class="form" novalidate hidden><fieldset><legend>Book the admission</legend>
      <label>Moving in on <input type="date" name="on"></label>
      <button type="submit">Book the admission</button> <span class="saved" role="status"></span></fieldset></form>
    <form id="admit-form" class="form" novalidate hidden><fieldset><legend>The person moved in</legend>
      <label class="check"><input type="checkbox" name="interim"> An interim placement: the person will move to the home of their choice later</label>
      <button type="submit">Record the admission</button> <span class="saved" role="status"></span></fieldset></form>
  </div>
</section>

<section aria-labelledby="timeline-title">
  <h2 id="timeline-title">Timeline</h2>
  <div id="timeline"></div>
</section>

<section id="close-section" aria-labelledby="close-title">
  <h2 id="close-title">Close the request</h2>
  <form id="cancel-form" class="form" novalidate>
    <label>No placement is needed because <select name="reason">
      <option value="">Choose…</option><option value="went_home">The person went home</option>
      <option value="needs_changed">The needs changed</option><option value="moved_away">The person moved away</option>
      <option value="died">The person died</option></select></label>
    <button type="submit">Close the request</button> <span class="saved" role="status"></span>
  </form>
</section>
</div>
{% endblock %}"""
)

JS = COMMON_JS + TIMELINE_JS + VIEW_JS + FORMS_JS

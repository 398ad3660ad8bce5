"""The escalation view: everyone delayed now in the caller's area, filtered the way the daily
call asks (several values per filter, kept in the address so a view can be shared), sorted on
any column, grouped by trust, council, reason (DTOC or NCTR) or responsible organisation with totals, long
stays marked, and what changed since a chosen time (e.g. the start of the last call) by when
it happened."""

# ruff: noqa: E501  (the HTML below is not Python)

from __future__ import annotations

from typing import Any

from services.dashboard.pages import workspace
from services.dashboard.pages.escalation_js import JS as ESCALATION_JS

# the lengths of delay the call groups by (the national returns' own bands)
BUCKETS = (
    ("0-1 days", 0, 1),
    ("2-3 days", 2, 3),
    ("4-6 days", 4, 6),
    ("7-13 days", 7, 13),
    ("14-20 days", 14, 20),
    ("21+ days", 21, None),
)

FILTERS = (
    ("trust", "Trust"),
    ("council", "Council"),
    ("reason", "Reason"),
    ("nctr", "NCTR reason"),
    ("agency", "Agency"),
    ("owner", "Responsible organisation"),
    ("pathway", "Pathway"),
    ("length", "Length of delay"),
)

HTML = (
    """{% extends "base.html" %}{% block content %}
<section class="filters" id="filters" aria-label="Filters">
"""
    + "\n".join(
        f"""  <details id="f-{key}" class="multi"><summary>{label}: <span class="picked">all</span></summary>
    <fieldset><legend>{label}</legend><div class="choices"></div></fieldset></details>"""
        for key, label in FILTERS
    )
    + """
  <label for="f-group">Group by<select id="f-group"><option value="">No grouping</option>
    <option value="trust">Trust</option><option value="council">Council</option>
    <option value="reason">Reason</option><option value="nctr">NCTR reason</option><option value="owner">Responsible organisation</option></select></label>
  <label for="f-since">What changed since (UK time)<input type="datetime-local" step="1" id="f-since"></label>
  <button type="button" id="mark-call" title="what changes from now on">Start of call: now</button>
  <label for="f-changed" class="inline"><span><input type="checkbox" id="f-changed"> Only patients changed since then</span></label>
  <button type="button" id="clear">Clear filters</button>
</section>
<section class="summary" id="summary" aria-live="polite"></section>
<section id="changes-section" hidden aria-labelledby="changes-title">
  <h2 id="changes-title">What changed</h2>
  <div id="changes-summary" class="summary"></div>
  <ul id="changes" class="changes"></ul>
</section>
<section id="by-reason-chart"></section>
<section><h2>Delayed now</h2><div id="delays"></div></section>
{% endblock %}"""
)

JS = workspace.WORK_JS + ESCALATION_JS


def config(runtime: Any) -> dict[str, Any]:
    return {
        **workspace.config(runtime),
        "buckets": BUCKETS,
        "filters": [key for key, _ in FILTERS],
    }

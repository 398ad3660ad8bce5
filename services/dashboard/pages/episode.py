"""One hospital episode's full timeline: where the person is, what blocks them, every event."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

from typing import Any

from services.dashboard.pages.words import REASONS

HTML = """{% extends "base.html" %}{% block content %}
<section id="episode-facts"></section>
<div class="grid2">
  <section><h2>Blockers</h2><div id="blockers"></div></section>
  <section><h2>Assessments</h2><div id="assessments"></div></section>
</div>
<section id="timeline-chart"></section>
<section><h2>Timeline</h2><div id="timeline"></div></section>
{% endblock %}"""

JS = r"""
"use strict";
(() => {
  const { when } = Dash;
  const id = Dash.config.episode_id;
  const reasons = Dash.config.reasons;

  async function load() {
    let e;
    try {
      e = await Dash.api(`/discharge/episodes/${id}`);
    } catch (err) {
      Dash.problem("episode-facts", err);
      return;
    }
    Dash.facts("episode-facts", [
      ["Episode", e.episode_id], ["Reference", e.reference], ["NHS number", e.nhs_number || "—"],
      ["Provider", `${e.provider_name} (${e.provider_code})`],
      ["Site / ward", [e.site, e.ward].filter(Boolean).join(" · ")],
      ["Care type", e.care_type], ["Local authority", `${e.la_name} (${e.la_code})`],
      ["Admitted", when(e.admitted_at)], ["Pathway", e.pathway || "—"],
      ["Ended", e.ended ? `${e.ended.kind} ${when(e.ended.at)}` : "in hospital"], ["Version", e.version],
    ]);
    const blockers = Object.entries(e.blockers).map(([k, v]) => ({ blocker_id: k, ...v }));
    Dash.table("blockers", [
      { key: "blocker_id", label: "Blocker" }, { key: "vocabulary", label: "Vocabulary" },
      { key: "code", label: "Reason", show: (b) => (b.vocabulary === "dtoc" && reasons[b.code]) || b.code },
      { key: "agency", label: "Agency" }, { key: "owner_org", label: "Owner" },
      { key: "owner_team", label: "Team" }, { key: "opened_at", label: "Opened", show: (b) => when(b.opened_at) },
      { key: "closed_at", label: "Closed", show: (b) => when(b.closed_at) },
    ], blockers, { filename: `episode-${id}-blockers`, empty: "No blockers." });
    const assessments = Object.entries(e.assessments).map(([k, v]) => ({ assessment_id: k, ...v }));
    Dash.table("assessments", [
      { key: "assessment_id", label: "Assessment" }, { key: "kind", label: "Kind" },
      { key: "requested_at", label: "Requested", show: (a) => when(a.requested_at) },
      { key: "started_at", label: "Started", show: (a) => when(a.started_at) },
      { key: "completed_at", label: "Completed", show: (a) => when(a.completed_at) },
      { key: "outcome", label: "Outcome" },
    ], assessments, { filename: `episode-${id}-assessments`, empty: "No assessments." });
    Dash.timeline("timeline-chart", "timeline", e.history, `episode-${id}-timeline`);
  }

  Dash.page(load);
})();
"""


def config(_: Any) -> dict[str, Any]:
    return {"reasons": REASONS}

"""A home care provider's own agencies as the councils see them answer: offers, time to
answer, accept rate and the reasons for declining, every council's offers together."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.broker_words import COMMON_JS
from services.dashboard.pages.homecare_words import HOMECARE_JS

HTML = """{% extends "base.html" %}{% block content %}
<section aria-labelledby="resp-title">
  <h2 id="resp-title">How your agencies answer the packages offered to them</h2>
  <p class="hint">As the councils see it: the median time from an offer to your answer, the
    share of answers that accepted, why you declined, and the offers not answered by their
    deadline.</p>
  <div id="responsiveness"></div>
</section>
{% endblock %}"""

JS = (
    COMMON_JS
    + HOMECARE_JS
    + r"""
(() => {
  async function load() {
    try {
      Homecare.responsiveness("responsiveness", await Dash.api("/broker/homecare/my-agencies/responsiveness"));
    } catch (err) {
      Dash.problem("responsiveness", err);
    }
  }
  Dash.page(load);
})();
"""
)

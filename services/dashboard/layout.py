"""The page frame every dashboard page shares, rendered with Jinja2. The templates live in
Python strings so that a plain `pip install .` ships them."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment, select_autoescape

NAV = (
    ("/", "Escalation"),
    ("/dashboard/waiting-list", "Waiting list"),
    ("/dashboard/vacancies", "Vacancies"),
    ("/dashboard/returns", "Returns"),
)

BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · Carebridge</title>
<link rel="stylesheet" href="/dashboard/static/dashboard.css">
<script type="application/json" id="dash-config">{{ config | tojson }}</script>
</head>
<body data-page="{{ page }}">
<header>
  <a class="brand" href="/">Carebridge</a>
  <nav>{% for href, label in nav %}
    <a href="{{ href }}"{% if href == here %} aria-current="page"{% endif %}>{{ label }}</a>
  {%- endfor %}</nav>
  <span id="who"></span>
  <label title="refresh when the data changes"><input type="checkbox" id="live-toggle" checked>
    auto-refresh</label>
  <span id="live" class="live off">○ connecting</span>
  <span id="updated"></span>
</header>
<main>
<h1>{{ title }}</h1>
<div id="login" class="panel" hidden>
  <p id="login-message"></p>
  <form id="login-form"><input id="login-token" placeholder="bearer token" autocomplete="off">
    <button type="submit">Use token</button></form>
</div>
{% block content %}{% endblock %}
</main>
{% if charts %}<script src="/dashboard/static/plotly.min.js"></script>{% endif %}
<script src="/dashboard/static/dashboard.js"></script>
<script src="/dashboard/static/{{ page }}.js"></script>
</body>
</html>
"""


def environment(pages: dict[str, str]) -> Environment:
    """Jinja2 with the frame as `base.html` and each page's body under its own name."""
    return Environment(
        loader=DictLoader({"base.html": BASE, **pages}),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def render(env: Environment, page: str, title: str, here: str, **config: Any) -> str:
    charts = page != "waiting-list"
    return env.get_template(f"{page}.html").render(
        page=page, title=title, here=here, nav=NAV, config=config, charts=charts
    )

"""The page frame every dashboard page shares, rendered with Jinja2. The templates live in
Python strings so that a plain `pip install .` ships them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import DictLoader, Environment, select_autoescape

from events.platform.auth import Principal
from events.reference.icbs import names_by_kind

if TYPE_CHECKING:
    from services.dashboard.pages import Page

BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{{ title }} · Carebridge</title>
<link rel="stylesheet" href="{{ asset('dashboard.css') }}">
<script type="application/json" id="dash-config">{{ config | tojson }}</script>
</head>
<body data-page="{{ page }}">
<a class="skip" href="#main">Skip to the page</a>
<header>
  <a class="brand" href="{{ home }}">Carebridge</a>
  <nav>{% for href, label in nav %}
    <a href="{{ href }}"{% if href == here %} aria-current="page"{% endif %}>{{ label }}</a>
  {%- endfor %}</nav>
  <span id="who">{% if who %}{{ who.role }} · {% if who.org_name -%}
    <abbr title="{{ who.org }}">{{ who.org_name }}</abbr>
    {%- else %}{{ who.org }}{% endif %}{% endif %}</span>
  <form method="post" action="/logout" class="signout">
    <input type="hidden" name="csrf" value="{{ csrf }}"><button type="submit">Sign out</button>
  </form>
  <label title="refresh when the data changes"><input type="checkbox" id="live-toggle" checked>
    auto-refresh</label>
  <span id="live" class="live off">○ connecting</span>
  <span id="updated"></span>
</header>
<main id="main">
<h1>{{ title }}</h1>
<div id="login" class="panel" hidden>
  <p id="login-message"></p>
  <p><a id="login-link" href="/login">Sign in again</a></p>
</div>
{% block content %}{% endblock %}
</main>
{% if charts %}<script src="{{ asset('plotly.min.js') }}"></script>{% endif %}
<script src="{{ asset('dashboard.js') }}"></script>
{% if script %}<script src="{{ asset(page ~ '.js') }}"></script>{% endif %}
</body>
</html>
"""

# The sign-in page: a form only (no live stream, no data); its script only moves a token
# given after `#` (a link the demo prints: never sent to the server, so never logged) into the
# form and sends it.
LOGIN = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Sign in · Carebridge</title>
<link rel="stylesheet" href="{{ asset('dashboard.css') }}">
</head>
<body data-page="login">
<header><a class="brand" href="/">Carebridge</a></header>
<main>
<h1>Sign in</h1>
<section class="panel sign-in">
  {% if message %}<p id="login-message" class="error" role="alert">{{ message }}</p>{% endif %}
  {% if notice %}<p id="login-notice" class="notice" role="status">{{ notice }}</p>{% endif %}
  <form method="post" action="/login" id="login-form">
    <input type="hidden" name="next" value="{{ next }}">
    <label for="token">Your Carebridge token</label>
    <input id="token" name="token" type="password" required autocomplete="off"
      spellcheck="false" autocapitalize="off"
      aria-describedby="token-hint{% if message %} login-message{% endif %}"
      {%- if message %} aria-invalid="true"{% endif %}>
    <p id="token-hint" class="hint">Paste the token you were given (an administrator issues one
      with <code>carebridge token --role broker --org E08000014</code>). This browser keeps it in
      a cookie that only Carebridge receives, until it expires or you sign out.</p>
    <button type="submit">Sign in</button>
  </form>
</section>
</main>
<script src="{{ asset('login.js') }}"></script>
</body>
</html>
"""


# What a person sees who opened (e.g. from a bookmark) a page their role does not open.
REFUSED = """{% extends "base.html" %}{% block content %}
<section class="panel" id="refused">
  <p>This page is not part of the work of a {{ who.role }} signed in for {{ who.org }}.</p>
  {% if nav %}<p>Your pages:</p>
  <ul>{% for href, label in nav %}<li><a href="{{ href }}">{{ label }}</a></li>{% endfor %}</ul>
  {% endif %}
</section>
{% endblock %}"""


def environment(pages: dict[str, str]) -> Environment:
    """Jinja2 with the frame as `base.html` and each page's body under its own name."""
    return Environment(
        loader=DictLoader(
            {"base.html": BASE, "login.html": LOGIN, "refused.html": REFUSED, **pages}
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def render(
    env: Environment,
    page: Page | None,
    nav: list[tuple[str, str]],
    home: str,
    who: Principal,
    csrf: str,
    **config: Any,
) -> str:
    """A page for a signed-in person (None: the page telling them this one is not part of
    their role's work): `who` (role, org, sub) and the session's CSRF token are in the frame
    and in the page's config for its script; the navigation holds the pages their role opens."""
    person = {"role": who.role.value, "org": who.organisation, "sub": who.subject}
    named = {c: n for kind in names_by_kind().values() for c, n in kind.items()}
    org_name = named.get(who.organisation.strip().upper(), "")
    template = f"{page.name}.html" if page else "refused.html"
    return env.get_template(template).render(
        page=page.name if page else "refused",
        title=page.title if page else "Not part of your work",
        here=page.path if page else "",
        nav=nav,
        home=home,
        who={**person, "org_name": org_name},
        csrf=csrf,
        config={**config, "who": person, "csrf": csrf},
        charts=page is not None and page.charts,
        script=page is not None,
    )


def render_login(env: Environment, next_path: str, message: str = "", notice: str = "") -> str:
    return env.get_template("login.html").render(next=next_path, message=message, notice=notice)

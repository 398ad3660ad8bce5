"""The patient page's council of residence (patient.py): a stay the EPR feed admitted without
one says so and asks the team to choose it; any stay's council can be corrected, after the
discharge too, since the returns count the stay in its council's rows. Sent through the
page's `send` (Dash.api, with the session's CSRF token and a command id)."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from events.reference.icbs import names_by_kind
from services.discharge.domain.profile import PLACES

HTML = """<section aria-labelledby="residence-title">
<h2 id="residence-title">Council of residence</h2>
<p id="residence-unknown" class="notice" hidden>Not known: the EPR feed did not say which council the patient lives in. Until it is chosen the patient counts in no council's figures, and no council's broker sees them.</p>
<form id="residence-form" class="form">
  <label for="residence-council">Council<select id="residence-council" required></select></label>
  <button type="submit">Save the council</button>
</form>
</section>"""

JS = r"""
const Residence = (() => {
  const { el } = Dash;
  const $ = (id) => document.getElementById(id);

  /* The councils by name, then the places that are not councils; "Choose" while unknown. */
  function fill(e) {
    const select = $("residence-council");
    const unknown = e.la_code === "UNKNOWN";
    const options = Dash.config.councils.map(([code, name]) => el("option", { value: code }, `${name} (${code})`));
    if (unknown) options.unshift(el("option", { value: "" }, "Choose the council…"));
    if (document.activeElement !== select) {
      select.replaceChildren(...options);
      select.value = unknown ? "" : e.la_code;
    }
    $("residence-unknown").hidden = !unknown;
    select.setAttribute("aria-invalid", unknown ? "true" : "false");
  }

  function bind(send) {
    $("residence-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const select = $("residence-council");
      const name = select.selectedOptions[0] ? select.selectedOptions[0].textContent : select.value;
      send("residence-form", "residence", { la_code: select.value }, `Council of residence: ${name}.`);
    });
  }

  return { fill, bind };
})();
"""


def councils() -> list[tuple[str, str]]:
    """(code, name) of every council, by name, then Scotland, Wales and outside GB."""
    known = sorted(names_by_kind()["council"].items(), key=lambda item: item[1])
    return known + list(PLACES.items())
